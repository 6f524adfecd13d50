"""Which language a recording is in, decided by the whole recording, not its first words.

Locking the language of the first window with speech fails on live streams: the first
speech may be a jingle, crowd noise or a robotic voice-over, and one wrong guess (Thai at
p 0.48 on a noisy Mandarin stream) turns the whole transcript into garbage. Instead:

1. one cheap pass over the audio (16 kHz mono via ffmpeg, RMS per 0.5 s) finds where the
   speech-like energy is;
2. the timeline is cut into `count` equal spans and, in each, the 30-s window with the most
   active frames is taken, so the sample is spread over the whole stream;
3. the engine's language identification (Whisper's, on the VAD-kept speech of the window)
   gives each window a probability per language;
4. the windows vote: each language scores its probability summed over windows, weighted by
   how much of the window is speech, and divided by the total weight.

A vote is weak when the winner scores below `WEAK_SCORE` or leads by a narrow margin, and
no majority of windows gives it `SURE_PROBABILITY` (one noisy window does not make it weak). A
prior language (the spec's, `transcribe.language`, or the script of a Chinese chat log) wins
a weak vote, and any vote it is competitive in (`PRIOR_SHARE` of the winner's score): a
user-stated language is better evidence than an unsure detector, and on speech Whisper cannot
understand (robotic TTS, heavy noise) language identification is near chance, so a
confident-looking 0.75 for the wrong language is common. Only a strong vote overrules the
prior. A weak vote without a prior is reported so the CLI can name `--lang`. When a second
language wins several windows outright, the stream is mixed, and the caller decodes with
per-segment detection instead of forcing one language onto the minority's speech.

A bilingual host alternates languages sentence by sentence, and then every 30-s window
holds both: Whisper's identification of such a window gives a blend (zh 0.51, en 0.48)
that says more about which sentences happened to fall into it than about the stream, and
the most speech-like window of a span (what step 2 picks) favours the language spoken in
longer runs. Measured on the benchmark stream (seven Mandarin sentences and two English
passages in turn, 63 % of the speech Mandarin), the window vote came out zh 0.60 over 10
minutes, zh 0.54 over 30 and en 0.55 over 2 hours: weak every time, and the probe decode
that then settles a weak vote picked whichever language its 20 s held. So when the window
vote is weak, not mixed, and two languages hold nearly all of it (`PAIR_SHARE`), the
sentences decide (`bilingual_vote`): up to `MAX_SENTENCES` speech stretches (each at
least `SENTENCE_SECONDS`, taken evenly in timeline order) of windows at fixed places (one in
each equal span, at a place spread by the golden ratio: where they fall does not depend on
what is said there, nor on the phase of a recurring pattern) are identified one by one.
Each scores its probabilities weighted by its seconds; when two
languages each speak at least `BILINGUAL_SHARE` of the sure seconds (sentences
identified at `SENTENCE_SURE` or better), the stream is bilingual and the language with
the larger weighted score is decoded. Within `TIE_MARGIN` of each other it is a tie: the
prior decides it, else the vote stays weak and the probe decodes settle it as before. A
bilingual vote's probability is the chosen language's confidence on its own sentences, not
its share of the stream: a share of 0.6 is the stream's mix, not an unsure detector, and
reading it as one made the highlights stage treat a well-decoded transcript as weak.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from livegen.media.audio import SAMPLE_RATE, pcm_chunks, read_pcm
from livegen.schemas.transcript import MediaPart

if TYPE_CHECKING:
    import numpy as np

FRAME_SECONDS = 0.5
WINDOW_SECONDS = 30.0
DEFAULT_COUNT = 8
# Winner's weighted probability below this: weak. Real speech scores 0.93-1.00 (measured on
# the Mandarin and English test speech); robotic espeak-ng Mandarin over crowd noise and
# music scored "en" 0.75 over 8 windows, with zh under 0.01.
WEAK_SCORE = 0.8
WEAK_MARGIN = 0.15  # or ahead of the runner-up by less than this
SURE_PROBABILITY = 0.9  # ... unless most windows give the winner at least this
PRIOR_SHARE = 0.5  # the prior wins when it scores at least this share of the winner
MIXED_WINDOWS = 2  # a second language winning this many windows outright ...
MIXED_PROBABILITY = 0.7  # ... each with at least this probability: a mixed stream
MIXED_SHARE = 0.2  # ... and at least this share of the windows
# A weak, unmixed window vote whose top two languages hold this much together (the second
# at least `PAIR_SECOND`) may be a bilingual stream: its sentences are identified one by one.
PAIR_SHARE = 0.85
PAIR_SECOND = 0.15
SENTENCE_SECONDS = 2.0  # shorter speech stretches are identified poorly (1.8 s: en 0.60-0.70)
MAX_SENTENCES = 24  # one encoder pass each
SENTENCE_SURE = 0.7  # a sentence identified at least this surely speaks that language
BILINGUAL_SHARE = 0.2  # each of two languages speaking this share of the sure seconds
TIE_MARGIN = 0.1  # weighted scores closer than this: a tie (the prior, else the probe)

Detector = Callable[["np.ndarray"], dict[str, float]]
T = TypeVar("T")


@dataclass(frozen=True)
class SampleWindow:
    part: int
    start: float  # seconds into the part's file
    offset: float  # seconds on the joined timeline
    duration: float
    activity: float  # share of active (speech-like) frames, 0..1


@dataclass
class LanguageVote:
    language: str
    score: float  # the winner's weighted probability, 0..1
    scores: dict[str, float] = field(default_factory=dict)
    windows: int = 0
    weak: bool = False
    mixed: tuple[str, ...] = ()  # other languages that clearly won windows of their own
    from_prior: bool = False  # the prior decided a vote it did not win outright
    # The most speech-like sampled window (path, start in the file, seconds): where a weak
    # vote is settled by decoding (`livegen.transcribe.arbitrate`).
    probe: tuple[str, float, float] | None = None
    # A bilingual stream (`bilingual_vote`): the other language(s) spoken sentence by
    # sentence, how many sentences were identified, and per language the mean
    # probability of the sentences identified in it (its confidence on its own speech).
    bilingual: tuple[str, ...] = ()
    sentences: int = 0
    confidence: dict[str, float] = field(default_factory=dict)

    def probability_of(self, language: str) -> float:
        """How surely `language` was identified: on a bilingual stream its confidence on
        its own sentences, else its weighted share of the vote."""
        if language in self.confidence:
            return self.confidence[language]
        return self.scores.get(language, 0.0)

    def runner_up(self) -> tuple[str, float] | None:
        rest = [(k, v) for k, v in self.scores.items() if k != self.language]
        return max(rest, key=lambda kv: kv[1]) if rest else None

    def describe(self) -> str:
        top = sorted(self.scores.items(), key=lambda kv: -kv[1])[:3]
        shown = ", ".join(f"{k} {v:.2f}" for k, v in top)
        if self.sentences:
            return f"{shown} over {self.sentences} sentence(s) of {self.windows} window(s)"
        return f"{shown} over {self.windows} window(s)"


def frame_activity(parts: Sequence[MediaPart]) -> list[np.ndarray]:
    """Per part, a boolean per 0.5-s frame: louder than the part's own noise floor.

    The threshold adapts to the recording (a quantile-based floor, not a fixed level), so a
    quiet phone recording and a loud room both find their speech.
    """
    import numpy as np

    out: list[np.ndarray] = []
    frame = int(FRAME_SECONDS * SAMPLE_RATE)
    for part in parts:
        levels: list[np.ndarray] = []
        carry = np.zeros(0, dtype=np.float32)
        for chunk in pcm_chunks(part.path, chunk_seconds=30.0):
            audio = np.concatenate([carry, chunk]) if len(carry) else chunk
            n = len(audio) // frame
            if n:
                block = audio[: n * frame].reshape(n, frame)
                levels.append(np.sqrt((block**2).mean(axis=1) + 1e-12))
            carry = audio[n * frame :]
        rms = np.concatenate(levels) if levels else np.zeros(0)
        if len(rms) == 0:
            out.append(np.zeros(0, dtype=bool))
            continue
        db = 20 * np.log10(rms + 1e-9)
        floor = float(np.quantile(db, 0.1))
        peak = float(np.quantile(db, 0.95))
        threshold = floor + max(6.0, 0.35 * (peak - floor))
        out.append((db > threshold) & (db > -55))
    return out


def choose_windows(
    parts: Sequence[MediaPart],
    activity: Sequence[np.ndarray],
    count: int = DEFAULT_COUNT,
    window_seconds: float = WINDOW_SECONDS,
) -> list[SampleWindow]:
    """Up to `count` windows spread over the timeline, each the most active of its span."""
    import numpy as np

    total = sum(p.duration for p in parts)
    if total <= 0:
        return []
    per = int(window_seconds / FRAME_SECONDS)
    spans = max(1, min(count, int(total // window_seconds) or 1))
    edges = [total * i / spans for i in range(spans + 1)]
    chosen: list[SampleWindow] = []
    for lo, hi in itertools.pairwise(edges):
        best: SampleWindow | None = None
        for index, (part, act) in enumerate(zip(parts, activity, strict=True)):
            a, b = max(lo, part.offset), min(hi, part.offset + part.duration)
            if b - a <= 0 or len(act) == 0:
                continue
            first = int((a - part.offset) / FRAME_SECONDS)
            last = max(first + 1, min(len(act), int(np.ceil((b - part.offset) / FRAME_SECONDS))))
            # A window starts inside the span and may run past its end (not past the file).
            csum = np.concatenate([[0], np.cumsum(act)])
            starts = np.arange(first, min(last, len(act)))
            if len(starts) == 0:
                continue
            ends = np.minimum(starts + per, len(act))
            counts = csum[ends] - csum[starts]
            k = int(np.argmax(counts))
            s = int(starts[k]) - first
            width = max(1, per)
            share = float(counts[k]) / width
            start = (first + s) * FRAME_SECONDS
            win = SampleWindow(
                part=index,
                start=start,
                offset=part.offset + start,
                duration=min(window_seconds, part.duration - start),
                activity=share,
            )
            if best is None or win.activity > best.activity:
                best = win
        if best is not None and best.activity > 0:
            chosen.append(best)
    return chosen


def vote(
    results: Sequence[tuple[float, dict[str, float]]], prior: str | None = None
) -> LanguageVote | None:
    """Combine (weight, {language: probability}) per window into one decision."""
    weights = sum(w for w, probs in results if probs)
    if weights <= 0:
        return None
    scores: dict[str, float] = {}
    wins: dict[str, int] = {}
    sure: dict[str, int] = {}
    for w, probs in results:
        if not probs:
            continue
        for lang, p in probs.items():
            scores[lang] = scores.get(lang, 0.0) + w * p / weights
        top, p_top = max(probs.items(), key=lambda kv: kv[1])
        if p_top >= MIXED_PROBABILITY:
            wins[top] = wins.get(top, 0) + 1
        if p_top >= SURE_PROBABILITY:
            sure[top] = sure.get(top, 0) + 1
    winner = max(scores, key=lambda k: scores[k])
    counted = sum(1 for _, probs in results if probs)
    from_prior = False
    others = sorted((s for k, s in scores.items() if k != winner), reverse=True)
    margin = scores[winner] - (others[0] if others else 0.0)
    weak = (scores[winner] < WEAK_SCORE or margin < WEAK_MARGIN) and sure.get(
        winner, 0
    ) * 2 <= counted
    winner, weak, from_prior = _with_prior(winner, weak, prior, scores)
    mixed = tuple(
        k
        for k, n in sorted(wins.items(), key=lambda kv: -kv[1])
        if k != winner and n >= MIXED_WINDOWS and n >= MIXED_SHARE * counted
    )
    scores = _rounded(scores)
    return LanguageVote(
        language=winner,
        score=round(scores.get(winner, 0.0), 4),
        scores=scores,
        windows=counted,
        weak=weak,
        mixed=mixed,
        from_prior=from_prior,
    )


def _with_prior(
    winner: str, weak: bool, prior: str | None, scores: dict[str, float]
) -> tuple[str, bool, bool]:
    """(winner, weak, from_prior) once the user's stated language is heard: it wins a weak
    vote, or one where it holds `PRIOR_SHARE` of the winner's score, and once it is the
    winner the vote is not weak (the user's language, not contradicted by a strong vote)."""
    from_prior = False
    if (
        prior
        and prior != winner
        and (weak or scores.get(prior, 0.0) >= PRIOR_SHARE * scores[winner])
    ):
        winner, from_prior = prior, True
    if prior == winner:
        weak = False
    return winner, weak, from_prior


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    """Scores as recorded: highest first, to 4 places, traces under 0.005 left out."""
    return {k: round(v, 4) for k, v in sorted(scores.items(), key=lambda kv: -kv[1]) if v >= 0.005}


def split_between_two(decided: LanguageVote) -> bool:
    """A weak, unmixed vote that two languages share: maybe a bilingual stream."""
    top = sorted(decided.scores.values(), reverse=True)[:2]
    return (
        decided.weak
        and not decided.mixed
        and len(top) == 2
        and top[1] >= PAIR_SECOND
        and top[0] + top[1] >= PAIR_SHARE
    )


def bilingual_vote(
    sentences: Sequence[tuple[float, dict[str, float]]],
    prior: str | None = None,
    windows: int = 0,
) -> LanguageVote | None:
    """(seconds, {language: probability}) per sentence → a bilingual vote, or None when
    the sentences do not show two languages each speaking a real share."""
    counted = [(sec, probs) for sec, probs in sentences if probs and sec > 0]
    total = sum(sec for sec, _ in counted)
    if total <= 0:
        return None
    scores: dict[str, float] = {}
    spoken: dict[str, float] = {}
    sure: dict[str, float] = {}
    for sec, probs in counted:
        for lang, p in probs.items():
            scores[lang] = scores.get(lang, 0.0) + sec * p / total
        top, p_top = max(probs.items(), key=lambda kv: kv[1])
        if p_top >= SENTENCE_SURE:
            spoken[top] = spoken.get(top, 0.0) + sec
            sure[top] = sure.get(top, 0.0) + sec * p_top
    said = sum(spoken.values())
    langs = [
        k
        for k, v in sorted(spoken.items(), key=lambda kv: (-kv[1], kv[0]))
        if v >= BILINGUAL_SHARE * said
    ]
    if len(langs) < 2:
        return None
    # Highest weighted score first; equal scores by name, so the order never depends on
    # which sentence came first.
    ranked = sorted(langs, key=lambda k: (-scores.get(k, 0.0), k))
    winner = ranked[0]
    weak = scores[winner] - scores.get(ranked[1], 0.0) < TIE_MARGIN
    # A stated language the sentences do not show speaking a real share cannot win.
    winner, weak, from_prior = _with_prior(winner, weak, prior if prior in langs else None, scores)
    return LanguageVote(
        language=winner,
        score=round(scores.get(winner, 0.0), 4),
        scores=_rounded(scores),
        windows=windows,
        weak=weak,
        from_prior=from_prior,
        bilingual=tuple(k for k in langs if k != winner),
        sentences=len(counted),
        confidence={k: round(sure[k] / spoken[k], 4) for k in langs},
    )


GOLDEN = 0.6180339887498949  # spreads the sentence windows' places within their spans


def even_windows(
    parts: Sequence[MediaPart],
    count: int = DEFAULT_COUNT,
    window_seconds: float = WINDOW_SECONDS,
) -> list[SampleWindow]:
    """One window in each of `count` equal spans of the timeline, wherever the speech is.

    Unlike `choose_windows` (the most speech-like window of each span, which on a
    bilingual stream is where the language spoken in longer runs is), where they fall does
    not depend on what is said there. Not at the same place in every span either: a stream
    with a recurring pattern (a host's routine, the benchmark's looped clips) would then be
    sampled at the same phase of it every time. The k-th window sits at the fractional part
    of k × the golden ratio of its span, which spreads the places over the span evenly.
    """
    total = sum(p.duration for p in parts)
    spans = max(1, min(count, int(total // window_seconds) or 1))
    width = total / spans
    out: list[SampleWindow] = []
    for k in range(spans):
        at = width * k + ((k + 1) * GOLDEN % 1.0) * max(0.0, width - window_seconds)
        index = next((i for i, p in enumerate(parts) if at < p.offset + p.duration), len(parts) - 1)
        part = parts[index]
        start = max(0.0, min(at - part.offset, part.duration - window_seconds))
        out.append(
            SampleWindow(
                part=index,
                start=start,
                offset=part.offset + start,
                duration=min(window_seconds, part.duration - start),
                activity=0.0,
            )
        )
    return out


def sample_sentences(audios: Sequence[np.ndarray], limit: int = MAX_SENTENCES) -> list[np.ndarray]:
    """Up to `limit` speech stretches of at least `SENTENCE_SECONDS` from the windows'
    audio, taken evenly over all of them in timeline order (not the longest: a language
    spoken in longer runs must not get more of the sample than its share)."""
    from livegen.transcribe.vad import speech_spans

    found: list[np.ndarray] = []
    for audio in audios:
        for a, b in speech_spans(audio):
            if b - a >= SENTENCE_SECONDS:
                found.append(audio[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)])
    return spread(found, limit)


def spread(items: Sequence[T], limit: int) -> list[T]:
    """At most `limit` of `items`, evenly spaced over the whole sequence."""
    if len(items) <= limit:
        return list(items)
    step = len(items) / limit
    return [items[int(k * step)] for k in range(limit)]


def detect_stream_language(
    parts: Sequence[MediaPart],
    detector: Detector,
    *,
    prior: str | None = None,
    count: int = DEFAULT_COUNT,
) -> LanguageVote | None:
    """The vote over up to `count` windows of the stream (None when nothing sounds like
    speech, and then the caller falls back to the decoder's own detection)."""
    activity = frame_activity(parts)
    windows = choose_windows(parts, activity, count=count)
    results: list[tuple[float, dict[str, float]]] = []
    best: SampleWindow | None = None
    for win in windows:
        audio = read_pcm(parts[win.part].path, start=win.start, duration=win.duration)
        if len(audio) < int(0.5 * SAMPLE_RATE):
            continue
        probs = detector(audio)
        results.append((max(win.activity, 0.05), probs))
        if probs and (best is None or win.activity > best.activity):
            best = win
    decided = vote(results, prior=prior)
    if decided is not None and split_between_two(decided):
        heard = [
            read_pcm(parts[w.part].path, start=w.start, duration=w.duration)
            for w in even_windows(parts, count=count)
        ]
        sentences = [(len(a) / SAMPLE_RATE, detector(a)) for a in sample_sentences(heard)]
        bilingual = bilingual_vote(sentences, prior=prior, windows=decided.windows)
        if bilingual is not None:
            decided = bilingual
    if decided is not None and best is not None:
        decided.probe = (parts[best.part].path, best.start, best.duration)
    return decided
