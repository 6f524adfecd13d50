"""The one caption core: words → cues → lines, for SRT/VTT sidecars and burned-in captions.

One cue model (`Cue` of lines of timed `CueWord`s), one builder with a width setting (in
CJK cells: a CJK character is 1 cell, a Latin one 12/28), one CJK detector (`livegen.text`)
and one time formatter. The rules an editor expects:

- lines break on word edges only. Whisper's Chinese "words" are often single characters, so
  Chinese is re-cut into words with `jieba` first (timings follow the characters);
- a cue ends at a sentence end, a pause or `max_seconds`; a long sentence is split where the
  two sides balance best, preferring a clause mark;
- two-line cues are balanced; 避头尾: no line starts with closing punctuation (，。！？、…）」)
  nor ends with opening punctuation (（「《), because punctuation travels with its word;
- no orphan: a cue or a line of one or two CJK characters, or a single short Latin word
  (`也`, `inches.`), is merged with its neighbour instead;
- Chinese lines drop a trailing comma or full stop, by subtitle convention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from livegen.schemas.transcript import Segment, Transcript, Word
from livegen.segmenter import jieba
from livegen.text import cjk_count, is_cjk_char, looks_cjk
from livegen.timefmt import subtitle_stamp as stamp  # the name subtitles re-exports

LATIN_CELL = 12.0 / 28.0  # one Latin character takes this share of a CJK cell
SENTENCE_END = frozenset("。！？!?…")
CLAUSE_END = frozenset("，,、；;：:")
NO_LINE_START = frozenset("，。！？、；：）」』》〉】’”…,.!?;:)]%")  # 避头
NO_LINE_END = frozenset("（「『《〈【‘“([")  # 避尾
LINE_END_TRIM = "，,、；;：:。."  # dropped at the end of a Chinese line
PAUSE = 0.8  # seconds of silence that end a cue
MERGE_GAP = 2.0  # an orphan is merged with a neighbour at most this far away


def is_wide(ch: str) -> bool:
    return is_cjk_char(ch) or unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(text: str) -> float:
    """Width in CJK cells."""
    return sum(1.0 if is_wide(c) else LATIN_CELL for c in text)


@dataclass
class CueWord:
    text: str  # as shown
    start: float  # seconds on the output timeline
    end: float
    space_before: bool = False
    sentence_start: bool = False  # first word of a transcript segment


@dataclass
class Cue:
    start: float
    end: float
    lines: list[list[CueWord]] = field(default_factory=list)

    def line_texts(self) -> list[str]:
        return [join_words(line) for line in self.lines]

    @property
    def text(self) -> str:
        return "\n".join(self.line_texts())

    @property
    def words(self) -> list[CueWord]:
        return [w for line in self.lines for w in line]


def join_words(words: Sequence[CueWord]) -> str:
    out = ""
    for i, w in enumerate(words):
        out += (" " if i and w.space_before else "") + w.text
    return out


def _is_orphan(words: Sequence[CueWord]) -> bool:
    """One or two CJK characters, or one short Latin word, standing alone."""
    text = join_words(words)
    cjk = cjk_count(text)
    if cjk:
        return cjk <= 2 and not re.search(r"[A-Za-z0-9]{3,}", text)
    letters = re.findall(r"[A-Za-z0-9']+", text)
    return len(letters) <= 1


def _needs_space(prev: str, cur: str) -> bool:
    if not prev or not cur:
        return False
    if is_wide(prev[-1]) or is_wide(cur[0]):
        return False
    return not unicodedata.category(cur[0]).startswith("P")


# --- words ------------------------------------------------------------------------------


def chinese_words(text: str) -> list[str]:
    """jieba's words of `text`, punctuation attached to the word before it (so no line can
    start with it) and opening brackets to the word after it."""
    tokens = [t for t in jieba().cut(text, HMM=True) if t]
    out: list[str] = []
    pending_open = ""
    for t in tokens:
        if all(c in NO_LINE_END for c in t):
            pending_open += t
            continue
        if out and (all(c in NO_LINE_START or c.isspace() for c in t)):
            out[-1] += t.strip() or t
            continue
        out.append(pending_open + t)
        pending_open = ""
    if pending_open:
        out.append(pending_open) if not out else out.__setitem__(-1, out[-1] + pending_open)
    return out


def _timed_chars(words: Sequence[Word]) -> list[tuple[str, float, float]]:
    chars: list[tuple[str, float, float]] = []
    for w in words:
        text = w.word.strip()
        if not text:
            continue
        step = (w.end - w.start) / len(text)
        for i, ch in enumerate(text):
            chars.append((ch, w.start + i * step, w.start + (i + 1) * step))
    return chars


def _segment_words(seg: Segment) -> list[Word]:
    if seg.words:
        return list(seg.words)
    text = seg.text.strip()
    tokens = re.findall(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+", text)
    if not tokens:
        return []
    step = (seg.end - seg.start) / len(tokens)
    return [
        Word(start=seg.start + i * step, end=seg.start + (i + 1) * step, word=t)
        for i, t in enumerate(tokens)
    ]


def _resegment(words: Sequence[Word]) -> list[tuple[str, float, float]]:
    """Whisper's words of one segment as display words: Chinese re-cut by jieba."""
    joined = "".join(w.word for w in words)
    if not looks_cjk(joined):
        return [(w.word.strip(), w.start, w.end) for w in words if w.word.strip()]
    chars = _timed_chars(words)
    text = "".join(c for c, _, _ in chars)
    out: list[tuple[str, float, float]] = []
    at = 0
    for token in chinese_words(text):
        n = len(token)
        piece = chars[at : at + n]
        at += n
        if piece:
            out.append((token.strip(), piece[0][1], piece[-1][2]))
    return [o for o in out if o[0]]


def words_between(
    source: Transcript | Sequence[Segment],
    start: float | None = None,
    end: float | None = None,
    offset: float = 0.0,
) -> list[CueWord]:
    """The display words whose middle lies in [start, end], timed `t - start + offset`
    (clamped to the range)."""
    segments = source.segments if isinstance(source, Transcript) else source
    lo = 0.0 if start is None else start
    hi = float("inf") if end is None else end
    out: list[CueWord] = []
    prev = ""
    for seg in segments:
        if seg.end < lo or seg.start > hi:
            continue
        first = True
        for text, ws, we in _resegment(_segment_words(seg)):
            mid = (ws + we) / 2
            if mid < lo or mid > hi:
                continue
            s = max(ws, lo) - lo + offset
            e = min(we, hi) - lo + offset
            out.append(
                CueWord(
                    text,
                    round(s, 3),
                    round(max(e, s), 3),
                    space_before=_needs_space(prev, text),
                    sentence_start=first,
                )
            )
            first = False
            prev = text
    return out


def _split_wide(words: list[CueWord], width: float) -> list[CueWord]:
    """A single word wider than a line (a long Latin token, a phrase jieba kept whole) is
    cut into line-sized pieces, its time shared by length."""
    out: list[CueWord] = []
    for w in words:
        if text_width(w.text) <= width:
            out.append(w)
            continue
        pieces, cur = [], ""
        for ch in w.text:
            if cur and text_width(cur + ch) > width:
                pieces.append(cur)
                cur = ""
            cur += ch
        pieces.append(cur)
        step = (w.end - w.start) / len(pieces)
        for i, p in enumerate(pieces):
            out.append(
                CueWord(
                    p,
                    w.start + i * step,
                    w.start + (i + 1) * step,
                    space_before=w.space_before if i == 0 else False,
                    sentence_start=w.sentence_start and i == 0,
                )
            )
    return out


# --- cues -------------------------------------------------------------------------------


def _ends_sentence(w: CueWord) -> bool:
    return (bool(w.text) and w.text[-1] in SENTENCE_END) or w.text.endswith(".")


def _phrases(words: Sequence[CueWord], pause: float) -> list[list[CueWord]]:
    """Runs of words between hard breaks: sentence ends, segment starts and pauses."""
    runs: list[list[CueWord]] = []
    cur: list[CueWord] = []
    for w in words:
        if cur and (
            w.start - cur[-1].end > pause
            or _ends_sentence(cur[-1])
            or (w.sentence_start and w.start - cur[-1].end > 0.3)
        ):
            runs.append(cur)
            cur = []
        cur.append(w)
    if cur:
        runs.append(cur)
    return runs


def _split_score(words: Sequence[CueWord], k: int) -> float:
    a, b = join_words(words[:k]), join_words(words[k:])
    score = abs(text_width(a) - text_width(b))
    last = words[k - 1].text[-1:]
    if last in CLAUSE_END or last in SENTENCE_END:
        score -= 4.0
    gap = words[k].start - words[k - 1].end
    score -= min(gap, 1.0) * 4.0
    if _is_orphan(words[:k]) or _is_orphan(words[k:]):
        score += 100.0
    return score


def _fit(words: list[CueWord], capacity: float, max_seconds: float) -> list[list[CueWord]]:
    """Split a run into cue-sized pieces at the best-balanced word edges."""
    width = text_width(join_words(words))
    if len(words) < 2 or (width <= capacity and words[-1].end - words[0].start <= max_seconds):
        return [words]
    k = min(range(1, len(words)), key=lambda i: _split_score(words, i))
    return _fit(words[:k], capacity, max_seconds) + _fit(words[k:], capacity, max_seconds)


def _merge_orphans(cues: list[list[CueWord]], capacity: float) -> list[list[CueWord]]:
    """Merge every orphan cue into the nearer neighbour (within `MERGE_GAP`)."""
    changed = True
    while changed:
        changed = False
        for i, c in enumerate(cues):
            if not _is_orphan(c) or len(cues) < 2:
                continue
            before = c[0].start - cues[i - 1][-1].end if i > 0 else float("inf")
            after = cues[i + 1][0].start - c[-1].end if i + 1 < len(cues) else float("inf")
            # A sentence end belongs with what came before it; a sentence start with after.
            if _ends_sentence(c[-1]) and before <= MERGE_GAP:
                after = float("inf")
            elif c[0].sentence_start and after <= MERGE_GAP:
                before = float("inf")
            if min(before, after) > MERGE_GAP:
                continue
            if before <= after:
                cues[i - 1] = cues[i - 1] + c
            else:
                cues[i + 1] = c + cues[i + 1]
            del cues[i]
            changed = True
            break
    return cues


def _lines(words: list[CueWord], width: float, max_lines: int) -> list[list[CueWord]]:
    """Balanced lines at word edges; no orphan line where another break exists."""
    if max_lines < 2 or len(words) < 2 or text_width(join_words(words)) <= width:
        return [words]
    best_k, best = 1, float("inf")
    for k in range(1, len(words)):
        a, b = join_words(words[:k]), join_words(words[k:])
        over = max(0.0, text_width(a) - width) + max(0.0, text_width(b) - width)
        score = over * 100 + abs(text_width(a) - text_width(b))
        if words[k - 1].text[-1:] in CLAUSE_END:
            score -= 4.0
        if _is_orphan(words[:k]) or _is_orphan(words[k:]):
            score += 50.0
        if score < best:
            best_k, best = k, score
    rest = words[best_k:]
    tail = _lines(rest, width, max_lines - 1) if max_lines > 2 else [rest]
    return [words[:best_k], *tail]


def _trim_line_end(line: list[CueWord]) -> list[CueWord]:
    if not line or not looks_cjk(join_words(line)):
        return line
    last = line[-1]
    trimmed = last.text.rstrip(LINE_END_TRIM)
    if trimmed == last.text:
        return line
    if not trimmed:
        return line[:-1] or line
    return [
        *line[:-1],
        CueWord(trimmed, last.start, last.end, last.space_before, last.sentence_start),
    ]


def build_cues(
    words: Sequence[CueWord],
    *,
    width: float = 16.0,
    max_lines: int = 2,
    max_seconds: float = 6.0,
    pause: float = PAUSE,
    min_duration: float = 0.8,
    clip_duration: float | None = None,
) -> list[Cue]:
    """Cues of at most `max_lines` lines of at most `width` cells (see module doc)."""
    words = _split_wide([w for w in words if w.text], width)
    if not words:
        return []
    capacity = width * max_lines
    groups: list[list[CueWord]] = []
    for run in _phrases(words, pause):
        groups += _fit(run, capacity, max_seconds)
    groups = _merge_orphans(groups, capacity)
    cues = []
    for g in groups:
        lines = [_trim_line_end(line) for line in _lines(g, width, max_lines)]
        lines = [line for line in lines if join_words(line).strip()]
        if lines:
            cues.append(Cue(g[0].start, g[-1].end, lines))
    return _fix_timing(cues, min_duration, clip_duration)


def _fix_timing(cues: list[Cue], min_duration: float, clip_duration: float | None) -> list[Cue]:
    """Short cues stay up long enough to read, never over the next one or past the clip."""
    for k, cue in enumerate(cues):
        nxt = cues[k + 1].start if k + 1 < len(cues) else None
        if nxt is not None and 0 <= nxt - cue.end < 0.4:
            cue.end = nxt
        cue.end = max(cue.end, cue.start + min_duration)
        if nxt is not None:
            cue.end = max(min(cue.end, nxt), cue.start)
        if clip_duration is not None:
            cue.end = min(cue.end, clip_duration)
        cue.start, cue.end = round(cue.start, 3), round(cue.end, 3)
    return [c for c in cues if c.end > c.start]


def default_width(cjk: bool) -> float:
    """Sidecar line width: 16 CJK characters, or 42 Latin characters."""
    return 16.0 if cjk else 42 * LATIN_CELL


def transcript_cues(
    source: Transcript | Sequence[Segment],
    start: float | None = None,
    end: float | None = None,
    offset: float = 0.0,
    width: float | None = None,
    **kw: float,
) -> list[Cue]:
    """Cues for a transcript or a range of it (a clip's sidecar)."""
    words = words_between(source, start, end, offset)
    if width is None:
        width = default_width(looks_cjk("".join(w.text for w in words)))
    return build_cues(words, width=width, **kw)  # type: ignore[arg-type]


# --- writers ----------------------------------------------------------------------------


def to_srt(cues: Iterable[Cue]) -> str:
    blocks = [
        f"{i}\n{stamp(c.start, ',')} --> {stamp(c.end, ',')}\n{c.text}\n"
        for i, c in enumerate(cues, 1)
    ]
    return "\n".join(blocks)


def to_vtt(cues: Iterable[Cue]) -> str:
    blocks = [f"{stamp(c.start, '.')} --> {stamp(c.end, '.')}\n{c.text}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def to_txt(transcript: Transcript) -> str:
    """Plain text, one segment per line, for reading and searching."""
    lines = [s.text.strip() for s in transcript.segments if s.text.strip()]
    return "\n".join(lines) + ("\n" if lines else "")
