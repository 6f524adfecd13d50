"""Write the ASS subtitle file that libass burns into a clip: captions, title card, label.

PlayRes equals the output size, so every size and margin here is in output pixels.
Captions sit inside the platform's safe area (away from the like/comment/cart buttons).
"""

from __future__ import annotations

from dataclasses import dataclass

from livegen.clip.captions import Cue, SubtitleStyle, join_words, text_width
from livegen.platforms import SafeArea
from livegen.timefmt import ass_stamp as ass_time  # the name this module exports


def ass_colour(rrggbb: str, alpha: int = 0) -> str:
    r, g, b = rrggbb[0:2], rrggbb[2:4], rrggbb[4:6]
    return f"&H{alpha:02X}{b}{g}{r}".upper()


def escape_text(text: str) -> str:
    """Braces open override blocks and a backslash starts a tag: keep them literal."""
    return text.replace("\\", "＼").replace("{", "\\{").replace("}", "\\}").replace("\n", " ")


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    safe: SafeArea

    @property
    def margin_l(self) -> int:
        return round(self.safe.left * self.width + 0.03 * self.width)

    @property
    def margin_r(self) -> int:
        return round(self.safe.right * self.width + 0.03 * self.width)

    @property
    def safe_width(self) -> float:
        return self.width - self.margin_l - self.margin_r

    @property
    def margin_top(self) -> int:
        return round(self.safe.top * self.height + 0.02 * self.height)

    @property
    def margin_bottom(self) -> int:
        return round(self.safe.bottom * self.height + 0.02 * self.height)


def _style_line(
    name: str,
    font: str,
    size: int,
    primary: str,
    secondary: str,
    outline: str,
    back: str,
    border_style: int,
    outline_w: float,
    shadow: float,
    align: int,
    ml: int,
    mr: int,
    mv: int,
    bold: bool = False,
) -> str:
    return (
        f"Style: {name},{font},{size},{primary},{secondary},{outline},{back},"
        f"{-1 if bold else 0},0,0,0,100,100,0,0,{border_style},{outline_w:.1f},{shadow:.1f},"
        f"{align},{ml},{mr},{mv},1"
    )


def wrap_title(title: str, limit: float, max_lines: int = 2) -> list[str]:
    """Break a title into at most two lines of `limit` cells, at spaces or between CJK
    characters; an overlong title ends with an ellipsis."""
    words = title.split()
    tokens: list[str] = []
    for w in words:
        tokens.extend(list(w) if any(text_width(c) == 1.0 for c in w) else [w])
        tokens.append(" ")
    lines, cur = [], ""
    for tok in tokens:
        cand = cur + tok
        if text_width(cand.strip()) > limit and cur.strip():
            lines.append(cur.strip())
            cur = tok.lstrip()
        else:
            cur = cand
    if cur.strip():
        lines.append(cur.strip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, len(lines[-1]) - 1)] + "…"
    return lines


def build_ass(
    *,
    cues: list[Cue],
    layout: Layout,
    style: SubtitleStyle,
    font_family: str,
    title: str = "",
    title_seconds: float = 3.0,
    label: str = "",
    duration: float,
) -> str:
    w, h = layout.width, layout.height
    size = style.font_size(w, h)
    title_size = round(size * 1.2)
    label_size = max(12, round(size * 0.45))
    white = ass_colour(style.color)
    highlight = ass_colour(style.highlight)
    black = ass_colour("000000")
    shade = ass_colour("000000", 0x60)
    align, mv = {
        "bottom": (2, layout.margin_bottom),
        "middle": (5, 0),
        "top": (8, layout.margin_top + round(title_size * 3.2) if title else layout.margin_top),
    }[style.pos]
    primary, secondary = (highlight, white) if style.karaoke else (white, white)
    # Phone-readable by default: bold strokes and a thick black outline with a soft shadow
    # (the shipped CJK face has one weight; libass emboldens it).
    if style.look == "box":
        cap = _style_line(
            "Caption",
            font_family,
            size,
            primary,
            secondary,
            shade,
            shade,
            3,
            size * 0.18,
            0,
            align,
            layout.margin_l,
            layout.margin_r,
            mv,
            bold=style.bold,
        )
    else:
        cap = _style_line(
            "Caption",
            font_family,
            size,
            primary,
            secondary,
            black,
            shade,
            1,
            max(2.0, size * 0.11),
            max(1.0, size * 0.04),
            align,
            layout.margin_l,
            layout.margin_r,
            mv,
            bold=style.bold,
        )
    styles = [
        cap,
        _style_line(
            "Title",
            font_family,
            title_size,
            black,
            black,
            ass_colour("FFD400"),
            shade,
            3,
            title_size * 0.22,
            0,
            8,
            layout.margin_l,
            layout.margin_r,
            layout.margin_top + round(0.04 * h),
            bold=True,
        ),
        _style_line(
            "Label",
            font_family,
            label_size,
            white,
            white,
            black,
            shade,
            1,
            max(1.0, label_size * 0.08),
            0,
            7,
            layout.margin_l,
            layout.margin_r,
            layout.margin_top,
        ),
    ]
    events: list[str] = []
    if title:
        limit = max(4.0, layout.safe_width * 0.9 / title_size)
        text = "\\N".join(escape_text(t) for t in wrap_title(title, limit))
        # Short clips show the title for a shorter share so it does not cover the whole clip.
        end = min(title_seconds, max(1.5, duration * 0.4), duration)
        events.append(
            f"Dialogue: 1,{ass_time(0)},{ass_time(end)},Title,,0,0,0,,{{\\fad(150,250)}}{text}"
        )
    if label:
        events.append(
            f"Dialogue: 2,{ass_time(0)},{ass_time(duration)},Label,,0,0,0,,{escape_text(label)}"
        )
    for cue in cues:
        if style.karaoke:
            text = _karaoke_text(cue)
        else:
            text = "\\N".join(escape_text(t) for t in cue.line_texts())
        events.append(
            f"Dialogue: 0,{ass_time(cue.start)},{ass_time(cue.end)},Caption,,0,0,0,,{text}"
        )
    return "\n".join(
        [
            "[Script Info]",
            "; written by livegen",
            "ScriptType: v4.00+",
            f"PlayResX: {w}",
            f"PlayResY: {h}",
            "WrapStyle: 0",
            "ScaledBorderAndShadow: yes",
            "YCbCr Matrix: TV.709",
            "",
            "[V4+ Styles]",
            "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
            "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
            "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
            *styles,
            "",
            "[Events]",
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
            *events,
            "",
        ]
    )


def _karaoke_text(cue: Cue) -> str:
    """Each word switches to the highlight colour when it is spoken (`\\k` in centiseconds)."""
    parts: list[str] = []
    t = cue.start
    for li, line in enumerate(cue.lines):
        if li:
            parts.append("\\N")
        for wi, word in enumerate(line):
            lead = round((word.start - t) * 100)
            if lead > 0:
                parts.append(f"{{\\k{lead}}}")
            dur = max(1, round((word.end - max(word.start, t)) * 100))
            sep = " " if wi and word.space_before else ""
            parts.append(f"{{\\k{dur}}}{sep}{escape_text(word.text)}")
            t = max(word.end, t)
    return "".join(parts)


__all__ = ["Layout", "ass_time", "build_ass", "join_words", "wrap_title"]
