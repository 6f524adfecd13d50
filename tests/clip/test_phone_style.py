"""The default burned caption style is big and bold enough for a phone, and configurable."""

from __future__ import annotations

from livegen.clip.ass import Layout, build_ass
from livegen.clip.captions import CueWord, build_cues, parse_style
from livegen.platforms import get_platform


def _caption_fields(style_text: str | None) -> list[str]:
    layout = Layout(1080, 1920, get_platform("douyin").safe)
    ass = build_ass(
        cues=build_cues([CueWord("保温杯", 0.2, 0.8)]),
        layout=layout,
        style=parse_style(style_text),
        font_family="Noto Sans CJK SC",
        title="",
        label="",
        duration=5.0,
    )
    return next(line for line in ass.splitlines() if line.startswith("Style: Caption")).split(",")


def test_default_captions_are_large_bold_and_outlined() -> None:
    f = _caption_fields(None)
    assert int(f[2]) >= 72  # font size on a 1080-wide frame
    assert f[7] == "-1"  # bold
    assert float(f[16]) >= 7.0  # outline thickness in pixels


def test_style_stays_configurable() -> None:
    f = _caption_fields("regular,size=48")
    assert f[2] == "48" and f[7] == "0"
