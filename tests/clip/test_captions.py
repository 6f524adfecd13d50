"""Captions: short lines for vertical video, re-timed to the clip, SRT and ASS output."""

from __future__ import annotations

import re

import pytest
from clipmedia import transcript_data

from livegen.clip.ass import Layout, build_ass, wrap_title
from livegen.clip.captions import (
    CueWord,
    build_cues,
    clip_words,
    parse_style,
    text_width,
)
from livegen.errors import UsageError
from livegen.platforms import get_platform
from livegen.schemas.transcript import Transcript
from livegen.subtitles import to_srt

LATIN = [
    "Hello",
    "everyone,",
    "welcome",
    "back",
    "to",
    "the",
    "stream.",
    "Today",
    "I",
    "have",
    "an",
    "incredibly",
    "practical",
    "insulated",
    "bottle",
    "that",
    "keeps",
    "drinks",
    "cold",
    "for",
    "twenty",
    "four",
    "hours.",
]


def latin_words() -> list[CueWord]:
    out, t = [], 0.0
    for i, w in enumerate(LATIN):
        out.append(CueWord(w, t, t + 0.3, space_before=i > 0))
        t += 0.32
    return out


def test_latin_lines_stay_short_and_never_split_a_word() -> None:
    cues = build_cues(latin_words())
    shown = " ".join(" ".join(c.line_texts()) for c in cues).split()
    assert shown == LATIN  # every word intact, in order, none lost
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        for line in cue.line_texts():
            assert len(line) <= 28, line


def test_cjk_lines_hold_at_most_twelve_characters() -> None:
    text = "今天给大家推荐这款保温杯，真的非常好用，保温二十四小时，颜值也很高，赶紧下单吧"
    words = [CueWord(ch, i * 0.2, i * 0.2 + 0.2) for i, ch in enumerate(text)]
    cues = build_cues(words)
    lines = [line for c in cues for line in c.line_texts()]
    assert "".join(lines).replace("，", "") == text.replace("，", "")
    assert not any(line.endswith("，") for line in lines)  # Chinese lines drop it
    for cue in cues:
        assert len(cue.lines) <= 2
        assert all(text_width(line) <= 12 for line in cue.line_texts())


def test_lines_break_after_punctuation_when_possible() -> None:
    text = "保温杯真的好用，颜值也很高"
    words = [CueWord(ch, i * 0.1, i * 0.1 + 0.1) for i, ch in enumerate(text)]
    cue = build_cues(words)[0]
    assert cue.line_texts() == ["保温杯真的好用", "颜值也很高"]


def test_captions_are_retimed_to_the_clip_start() -> None:
    tr = Transcript.model_validate(transcript_data())
    words = clip_words(tr, 2.75, 7.85)
    assert words[0].text == "今天"
    assert words[0].start == pytest.approx(0.25)
    srt = to_srt(build_cues(words, clip_duration=5.1))
    first = re.search(r"(\d\d:\d\d:\d\d,\d\d\d) --> ", srt)
    assert first and first.group(1) == "00:00:00,250"
    assert "直播间" not in srt  # spoken before the clip


def test_segments_without_word_times_still_give_captions() -> None:
    data = transcript_data()
    for seg in data["segments"]:
        seg["words"] = []
    tr = Transcript.model_validate(data)
    words = clip_words(tr, 2.9, 5.4)
    assert "".join(w.text for w in words) == "今天给大家推荐这款保温杯。"


def test_a_long_pause_starts_a_new_cue() -> None:
    words = [CueWord("今天", 0.0, 0.3), CueWord("上新", 0.3, 0.6), CueWord("保温杯", 2.0, 2.6)]
    cues = build_cues(words)
    assert [c.text for c in cues] == ["今天上新", "保温杯"]


@pytest.mark.parametrize(
    ("text", "look", "karaoke", "size", "pos"),
    [
        ("box", "box", False, None, "bottom"),
        ("outline,karaoke,size=64,pos=top", "outline", True, 64, "top"),
        ("box, pos=middle", "box", False, None, "middle"),
    ],
)
def test_subtitle_style_parses(
    text: str, look: str, karaoke: bool, size: int | None, pos: str
) -> None:
    s = parse_style(text)
    assert (s.look, s.karaoke, s.size, s.pos) == (look, karaoke, size, pos)


@pytest.mark.parametrize("text", ["glow", "size=huge", "pos=left", "shadow=2", "color=red"])
def test_bad_subtitle_styles_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--subtitle-style"):
        parse_style(text)


def test_ass_is_sized_to_the_output_and_kept_inside_the_safe_area() -> None:
    p = get_platform("douyin")
    layout = Layout(1080, 1920, p.safe)
    cues = build_cues([CueWord("保温杯", 0.2, 0.8)])
    ass = build_ass(
        cues=cues,
        layout=layout,
        style=parse_style("box,karaoke"),
        font_family="Noto Sans CJK TC",
        title="好物推荐",
        label="AI生成",
        duration=10.0,
    )
    assert "PlayResX: 1080" in ass and "PlayResY: 1920" in ass
    caption = next(line for line in ass.splitlines() if line.startswith("Style: Caption"))
    fields = caption.split(",")
    assert fields[1] == "Noto Sans CJK TC"
    assert fields[15] == "3"  # opaque box
    assert int(fields[21]) >= p.safe.bottom * 1920  # MarginV clears the platform's buttons
    assert int(fields[20]) >= p.safe.right * 1080
    assert re.search(r"Dialogue: 0,0:00:00\.20,[^,]+,Caption,.*\{\\k\d+\}保温杯", ass)
    assert "Dialogue: 1,0:00:00.00,0:00:03.00,Title" in ass
    assert "AI生成" in ass


def test_braces_in_spoken_text_do_not_become_ass_tags() -> None:
    layout = Layout(360, 640, get_platform("douyin").safe)
    ass = build_ass(
        cues=build_cues([CueWord("{\\b1}hi", 0, 1)]),
        layout=layout,
        style=parse_style(None),
        font_family="X",
        duration=2,
    )
    assert "\\{" in ass and "\\b1" not in ass


def test_a_long_title_wraps_to_two_lines_with_an_ellipsis() -> None:
    lines = wrap_title("这是一个非常非常长的标题需要换行而且还会被截断才能放得下吧", 8)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
