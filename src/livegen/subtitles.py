"""SRT, VTT and TXT sidecars of a transcript or a range of it.

The cue model, the line breaking and the time format are the one caption core in
`livegen.captions` (also behind burned-in clip captions); this module keeps the sidecar
entry point: `build_cues(t, start=, end=, offset=0)` for a whole recording or a clip's
sub-range re-timed to the clip. Chinese lines hold 16 characters, others 42.
"""

from __future__ import annotations

from collections.abc import Sequence

from livegen.captions import (
    LATIN_CELL,
    Cue,
    CueWord,
    stamp,
    to_srt,
    to_txt,
    to_vtt,
    words_between,
)
from livegen.captions import (
    build_cues as _build,
)
from livegen.schemas.transcript import Segment, Transcript, Word
from livegen.text import CJK_LANGUAGES, is_cjk_char, looks_cjk

CJK_LANGS = CJK_LANGUAGES
DEFAULT_MAX_CHARS = {True: 16, False: 42}

__all__ = [
    "CJK_LANGS",
    "Cue",
    "CueWord",
    "build_cues",
    "is_cjk_char",
    "looks_cjk",
    "stamp",
    "to_srt",
    "to_txt",
    "to_vtt",
]


def build_cues(
    source: Transcript | Sequence[Segment] | Sequence[Word],
    start: float | None = None,
    end: float | None = None,
    offset: float = 0.0,
    lang: str | None = None,
    max_chars: int | None = None,
    max_lines: int = 2,
    min_duration: float = 0.8,
    max_duration: float = 6.0,
    pause: float = 0.8,
) -> list[Cue]:
    """Cues for the words between `start` and `end`, timed `t - start + offset`.

    A word belongs to the range when its middle lies inside it; its times are clamped to
    the range, so a clip's cues start at or after 0.
    """
    if isinstance(source, Transcript):
        segments: Sequence[Segment] = source.segments
        lang = lang or source.language
    elif source and isinstance(source[0], Word):
        words = [w for w in source if isinstance(w, Word)]
        segments = [
            Segment(
                id=0,
                start=words[0].start,
                end=words[-1].end,
                text="".join(w.word for w in words),
                words=words,
            )
        ]
    else:
        segments = source  # type: ignore[assignment]
    picked = words_between(segments, start, end, offset)
    if not picked:
        return []
    cjk = lang in CJK_LANGS if lang else looks_cjk("".join(w.text for w in picked))
    chars = max_chars or DEFAULT_MAX_CHARS[cjk]
    width = float(chars) if cjk else chars * LATIN_CELL
    return _build(
        picked,
        width=width,
        max_lines=max_lines,
        max_seconds=max_duration,
        pause=pause,
        min_duration=min_duration,
    )
