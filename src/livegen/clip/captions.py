"""Captions for vertical video: short lines, at most two, re-timed to the clip.

Phones show captions large and narrow, so a cue holds at most two short lines (about 12
CJK characters or 28 Latin characters each, scaled with the font size). The cue model and
the line breaking are the one caption core, `livegen.captions` (jieba word edges, balanced
lines, 避头尾, no orphans); this module adds the clip-sized defaults and the styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livegen.captions import Cue, CueWord, join_words, text_width, words_between
from livegen.captions import build_cues as _build
from livegen.captions import is_wide as is_cjk
from livegen.errors import UsageError
from livegen.schemas.transcript import Transcript

__all__ = [
    "Cue",
    "CueWord",
    "SubtitleStyle",
    "build_cues",
    "clip_words",
    "is_cjk",
    "join_words",
    "parse_style",
    "text_width",
]

CJK_LINE = 12.0  # CJK characters per line at the default size
MAX_CUE_SECONDS = 3.5
PAUSE_SPLIT = 0.6


def clip_words(transcript: Transcript, start: float, end: float) -> list[CueWord]:
    """The words spoken inside [start, end], timed from the clip's start."""
    return words_between(transcript, start, end)


def build_cues(
    words: list[CueWord],
    *,
    line_limit: float = CJK_LINE,
    max_lines: int = 2,
    max_seconds: float = MAX_CUE_SECONDS,
    clip_duration: float | None = None,
) -> list[Cue]:
    """Group words into cues of at most `max_lines` lines of at most `line_limit` cells."""
    return _build(
        words,
        width=line_limit,
        max_lines=max_lines,
        max_seconds=max_seconds,
        pause=PAUSE_SPLIT,
        min_duration=0.6,
        clip_duration=clip_duration,
    )


# --- styles -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SubtitleStyle:
    look: str = "outline"  # outline | box
    karaoke: bool = False  # word-by-word highlight
    size: int | None = None  # font size in output pixels; default scales with the width
    pos: str = "bottom"  # bottom | middle | top
    color: str = "FFFFFF"  # text colour RRGGBB
    highlight: str = "FFD400"  # karaoke colour for words already spoken
    bold: bool = True  # heavier strokes; `regular` turns it off

    def font_size(self, width: int, height: int) -> int:
        """Default: 7 % of the frame width (76 px on 1080×1920), the size the top short-video
        apps burn their captions at, readable at arm's length on a phone."""
        if self.size:
            return self.size
        return max(16, round(min(width, height * 0.75) * 0.07))

    def line_limit(self, width: int, height: int, safe_width: float) -> float:
        """CJK cells per line: 12 at the default size, fewer for a bigger font, and never
        wider than the safe area."""
        default = SubtitleStyle().font_size(width, height)
        size = self.font_size(width, height)
        return max(4.0, min(CJK_LINE * default / size, safe_width * 0.92 / size))


_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def parse_style(text: str | None) -> SubtitleStyle:
    """`outline`, `box`, `karaoke`, `bold`/`regular`, plus `size=64`, `pos=bottom|middle|top`,
    `color=FFFFFF`, `highlight=FFD400`, comma separated: `box,karaoke,size=64,pos=bottom`."""
    if not text:
        return SubtitleStyle()
    look, karaoke = "outline", False
    kw: dict[str, object] = {}
    for raw in text.split(","):
        item = raw.strip().lower()
        if not item:
            continue
        if item in ("outline", "box"):
            look = item
        elif item in ("bold", "regular"):
            kw["bold"] = item == "bold"
        elif item == "karaoke":
            karaoke = True
        elif "=" in item:
            key, value = (p.strip() for p in item.split("=", 1))
            if key == "size":
                if not value.isdigit() or not 8 <= int(value) <= 400:
                    raise UsageError(f"--subtitle-style: size must be 8..400 pixels, got {value!r}")
                kw["size"] = int(value)
            elif key == "pos":
                if value not in ("bottom", "middle", "top"):
                    raise UsageError(
                        f"--subtitle-style: pos must be bottom, middle or top, got {value!r}"
                    )
                kw["pos"] = value
            elif key in ("color", "highlight"):
                m = _HEX.match(value)
                if not m:
                    raise UsageError(
                        f"--subtitle-style: {key} must be a RRGGBB colour, got {value!r}"
                    )
                kw[key] = m.group(1).upper()
            else:
                raise UsageError(
                    f"--subtitle-style: unknown key {key!r} (known: size, pos, color, highlight)"
                )
        else:
            raise UsageError(
                f"--subtitle-style: unknown style {item!r} "
                "(known: outline, box, karaoke, bold, regular, size=, pos=, "
                "color=, highlight=)"
            )
    return SubtitleStyle(look=look, karaoke=karaoke, **kw)  # type: ignore[arg-type]
