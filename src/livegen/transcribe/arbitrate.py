"""Settle an unsure language vote by decoding: which language makes the audio read well?

Whisper's language identification is near chance on speech it cannot understand. On a
robotic espeak-ng Mandarin stream over crowd noise it says `en` 0.75, and the English
decode then reads pinyin back (`Gan 1, D2, Y2, Di1, R2`): the decoder heard Mandarin
syllables it could not spell in English. A stated language (spec, config, chat) settles
that; without one, this module does:

1. the probe: a short stretch (the most speech-like window of the vote, at most
   `PROBE_SECONDS`) decoded in the vote's winner, without hotwords or prompt;
2. the candidates: the vote's top languages (up to `MAX_CANDIDATES`, each scoring at
   least `MIN_CANDIDATE_SCORE`), plus `zh` when the probe's text looks Chinese (Han
   characters) or like pinyin, and any language a rival's decode reads as;
3. each candidate decodes the same probe, and scores
   `avg_logprob + FIT_WEIGHT × script fit + TEXT_WEIGHT × share of the other candidates'
   decodes that read as this language − REPEAT_PENALTY if the text compresses like a
   repetition loop`. The script fit is the share of the decode's letters in the
   candidate's script (and its letters against its digits: a "Chinese" decode of only
   tone digits fits badly); a Latin decode that is pinyin fits English badly but *reads
   as* Mandarin. A decode held to one language that still spells the audio as another
   is evidence against the constraint, where a decode in a language's own script is
   merely what the constraint makes it write; so the "reads as" share counts only the
   other languages' decodes, and weighs more than a whole point of script fit plus a
   log-probability gap: on unclear speech the log-probability is dominated by easy
   tokens (digits, punctuation) every language decodes alike (measured on the robotic
   stream: Thai −0.46 on a decode of mostly digits and a few Thai letters, Mandarin
   −0.77, while the English and Latin decodes both read pinyin back).

The best score wins; the caller says on stderr what was decided and why. `--lang` never
reaches this module.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from livegen.schemas.transcript import Segment

PROBE_SECONDS = 20.0
MAX_CANDIDATES = 3
MIN_CANDIDATE_SCORE = 0.05
FIT_WEIGHT = 0.5
TEXT_WEIGHT = 2.0
REPEAT_PENALTY = 0.5
REPEAT_RATIO = 2.4  # Whisper's own compression-ratio threshold
NO_TEXT_LOGPROB = -2.0  # a candidate whose decode says nothing

# Scripts by the Unicode name prefix of their letters; languages not listed write Latin.
SCRIPTS: dict[str, tuple[str, ...]] = {
    "zh": ("CJK",),
    "yue": ("CJK",),
    "ja": ("HIRAGANA", "KATAKANA", "CJK"),
    "ko": ("HANGUL",),
    "th": ("THAI",),
    "el": ("GREEK",),
    "he": ("HEBREW",),
    "yi": ("HEBREW",),
    "hi": ("DEVANAGARI",),
    "mr": ("DEVANAGARI",),
    "ne": ("DEVANAGARI",),
    "ar": ("ARABIC",),
    "fa": ("ARABIC",),
    "ur": ("ARABIC",),
    "ps": ("ARABIC",),
    "ru": ("CYRILLIC",),
    "uk": ("CYRILLIC",),
    "bg": ("CYRILLIC",),
    "sr": ("CYRILLIC",),
    "mk": ("CYRILLIC",),
    "be": ("CYRILLIC",),
    "kk": ("CYRILLIC",),
    "bn": ("BENGALI",),
    "ta": ("TAMIL",),
    "te": ("TELUGU",),
    "ka": ("GEORGIAN",),
    "hy": ("ARMENIAN",),
    "km": ("KHMER",),
    "lo": ("LAO",),
    "my": ("MYANMAR",),
    "si": ("SINHALA",),
    "am": ("ETHIOPIC",),
    "gu": ("GUJARATI",),
    "pa": ("GURMUKHI",),
    "kn": ("KANNADA",),
    "ml": ("MALAYALAM",),
    "bo": ("TIBETAN",),
}

_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|"
    r"ia|ie|iu|in|ua|uo|ui|un|ue|ve|a|o|e|i|u|v|ü|üe)"
)
_SYLLABLE = re.compile(rf"^{_INITIAL}{_FINAL}[1-5]?$")
_TONED = re.compile(r"^[a-zü]{1,6}[1-5]$")  # a letter run with a tone number: `d2`, `gan1`
_TOKEN = re.compile(r"[a-zA-Zü]+[0-9]?")


def pinyin_share(text: str) -> tuple[float, float]:
    """(share of Latin tokens with a tone number, share that are pinyin syllables)."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if not tokens:
        return 0.0, 0.0
    toned = sum(1 for t in tokens if _TONED.match(t))
    valid = sum(1 for t in tokens if _SYLLABLE.match(t))
    return toned / len(tokens), valid / len(tokens)


def looks_pinyin(text: str) -> bool:
    """Romanised Mandarin: many tone-numbered syllables, or nearly all pinyin syllables
    over a stretch long enough that English's short words (`a`, `he`, `man`) can't do it."""
    tokens = _TOKEN.findall(text)
    toned, valid = pinyin_share(text)
    return len(tokens) >= 4 and (toned >= 0.3 or (valid >= 0.8 and len(tokens) >= 8))


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def reads_as(text: str) -> str | None:
    """The language the text itself shows, where its script names one: Han → zh (kana →
    ja, hangul → ko), pinyin → zh, other scripts by `SCRIPTS`; None for plain Latin
    text or too little of it."""
    letters = _letters(text)
    if len(letters) < 3:
        return None
    if looks_pinyin(text):
        return "zh"
    counts: dict[str, int] = {}
    for ch in letters:
        s = _script_of(ch)
        counts[s] = counts.get(s, 0) + 1
    top, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 0.5 * len(letters) or top == "LATIN":
        return None
    if top in ("HIRAGANA", "KATAKANA"):
        return "ja"
    if top == "CJK":
        kana = counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)
        return "ja" if kana >= 0.1 * len(letters) else "zh"
    for lang, scripts in SCRIPTS.items():
        if top == scripts[0]:
            return lang
    return None


def script_fit(language: str, text: str) -> float:
    """0..1: how well the decode's text fits the language it was decoded in."""
    letters = _letters(text)
    digits = sum(1 for ch in text if ch.isdigit())
    if not letters:
        return 0.0
    scripts = SCRIPTS.get(language, ("LATIN",))
    share = sum(1 for ch in letters if _script_of(ch) in scripts) / len(letters)
    if language not in ("zh", "yue") and scripts == ("LATIN",):
        # Romanised Mandarin is not this language's text; tone-numbered syllables fit it
        # less the more of them there are (none left at 30 %).
        toned, _ = pinyin_share(text)
        share = 0.0 if looks_pinyin(text) else share * max(0.0, 1.0 - toned / 0.3)
    return share * len(letters) / (len(letters) + digits)


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / max(1, len(zlib.compress(data))) if data else 0.0


@dataclass
class Trial:
    language: str
    text: str
    avg_logprob: float
    fit: float
    ratio: float
    reads: float = 0.0  # share of the other decodes whose text reads as this language
    score: float = 0.0


@dataclass
class Decision:
    language: str
    trials: list[Trial] = field(default_factory=list)
    changed: bool = False  # differs from the vote's winner

    def why(self) -> str:
        parts = [
            f"{t.language} {t.score:+.2f} (log-prob {t.avg_logprob:.2f}, "
            f"script fit {t.fit:.2f}, reads as it {t.reads:.0%})"
            for t in self.trials
        ]
        return "; ".join(parts)


def candidates(scores: dict[str, float], winner: str, probe_text: str) -> list[str]:
    """The vote's winner, its strongest rivals, and zh when the probe reads Chinese."""
    ranked = [
        k
        for k, v in sorted(scores.items(), key=lambda kv: -kv[1])
        if v >= MIN_CANDIDATE_SCORE and k != winner
    ]
    out = [winner, *ranked][:MAX_CANDIDATES]
    shown = reads_as(probe_text)
    if shown and shown not in out:
        out.append(shown)
    return out


def _mean_logprob(segments: Sequence[Segment]) -> float:
    weighted = [
        (max(s.end - s.start, 0.1), s.avg_logprob)
        for s in segments
        if s.avg_logprob is not None and s.text.strip()
    ]
    if not weighted:
        return NO_TEXT_LOGPROB if not any(s.text.strip() for s in segments) else -1.0
    total = sum(w for w, _ in weighted)
    return sum(w * float(lp) for w, lp in weighted) / total


Decode = Callable[[str], list[Segment]]


def arbitrate(
    winner: str, scores: dict[str, float], decode: Decode, first: list[Segment] | None = None
) -> Decision:
    """Decode the probe in each candidate language (`decode(lang)`) and pick the best.

    `first` is the probe already decoded in `winner`, when the caller has it.
    """
    done: dict[str, list[Segment]] = {winner: first if first is not None else decode(winner)}
    probe_text = " ".join(s.text for s in done[winner])
    for lang in candidates(scores, winner, probe_text):
        if lang not in done:
            done[lang] = decode(lang)
    # A rival's decode may read as a language no one tried (Latin decoding pinyin): try it.
    for segs in list(done.values()):
        shown = reads_as(" ".join(s.text for s in segs))
        if shown and shown not in done:
            done[shown] = decode(shown)
    trials: list[Trial] = []
    for lang, segs in done.items():
        text = " ".join(s.text.strip() for s in segs if s.text.strip())
        trials.append(
            Trial(lang, text, _mean_logprob(segs), script_fit(lang, text), compression_ratio(text))
        )
    read_as = {t.language: reads_as(t.text) for t in trials}
    others = max(1, len(trials) - 1)
    for t in trials:
        t.reads = (
            sum(1 for lang, s in read_as.items() if lang != t.language and s == t.language) / others
        )
        t.score = (
            t.avg_logprob
            + FIT_WEIGHT * t.fit
            + TEXT_WEIGHT * t.reads
            - (REPEAT_PENALTY if t.ratio > REPEAT_RATIO else 0.0)
        )
    trials.sort(key=lambda t: -t.score)
    best = trials[0].language
    return Decision(best, trials, changed=best != winner)
