"""Cue building and the SRT/VTT/TXT writers."""

from __future__ import annotations

import re

from livegen.schemas.transcript import MediaPart, Segment, Transcript, Word
from livegen.subtitles import build_cues, to_srt, to_txt, to_vtt


def _zh_transcript() -> Transcript:
    # A live-commerce sentence split into Whisper-like word tokens, 0.25 s apart.
    tokens = [
        "家人们",
        "今天",
        "给",
        "大家",
        "带来",
        "一款",
        "超级",
        "好用",
        "的",
        "保湿",
        "面霜",
        "，",
        "原价",
        "一百",
        "九十九",
        "，",
        "今天",
        "直播间",
        "只要",
        "九十九",
        "元",
        "！",
    ]
    words, t = [], 0.0
    for tok in tokens:
        words.append(Word(start=t, end=t + 0.25 * len(tok) / 2 + 0.05, word=tok))
        t += 0.25 * len(tok) / 2 + 0.05
    seg = Segment(id=0, start=0.0, end=t, text="".join(tokens), words=words)
    return Transcript(
        media=[MediaPart(path="a.mp4", offset=0, duration=60)],
        duration=60,
        language="zh",
        engine="faster-whisper",
        model="base",
        segments=[seg],
    )


def _en_words(text: str, start: float = 0.0, step: float = 0.3) -> list[Word]:
    return [
        Word(start=start + i * step, end=start + i * step + 0.25, word=" " + w)
        for i, w in enumerate(text.split())
    ]


def test_chinese_lines_stay_short_and_break_between_words() -> None:
    t = _zh_transcript()
    cues = build_cues(t)
    tokens = [w.word for w in t.segments[0].words]
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        for line in cue.line_texts():
            assert len(line) <= 16
            assert not line.endswith(("，", "。"))
    # Every line is a concatenation of whole tokens (no token cut in two).
    joined = [line for c in cues for line in c.line_texts()]
    pos = 0
    flat = "".join(tokens)
    for line in joined:
        idx = flat.index(line, pos)
        boundaries = {sum(len(x) for x in tokens[:k]) for k in range(len(tokens) + 1)}
        assert idx in boundaries and idx + len(line) in boundaries
        pos = idx + len(line)


def test_chinese_breaks_at_punctuation_when_a_cue_is_full() -> None:
    cues = build_cues(_zh_transcript())
    assert cues[0].line_texts()[-1].endswith("面霜")
    assert any(c.line_texts()[-1].endswith("九十九元！") for c in cues)


def test_english_lines_fit_42_characters_at_word_boundaries() -> None:
    text = (
        "so today I am going to show you the best moisturiser we have ever sold in this "
        "shop and it is only nine dollars for the next ten minutes"
    )
    words = _en_words(text)
    seg = Segment(id=0, start=0, end=words[-1].end, text=text, words=words)
    cues = build_cues([seg], lang="en")
    assert " ".join(line for c in cues for line in c.line_texts()) == text
    for c in cues:
        assert len(c.lines) <= 2 and all(len(x) <= 42 for x in c.line_texts())
        assert c.end - c.start <= 6.0 + 1e-6


def test_a_sub_range_is_retimed_to_the_clip() -> None:
    words = _en_words("one two three four five six seven eight", start=100.0, step=1.0)
    cues = build_cues(words, start=102.0, end=105.5, offset=0.5, lang="en")
    assert cues[0].line_texts()[0].startswith("three")
    assert cues[0].start == 0.5
    assert "seven" not in " ".join(line for c in cues for line in c.line_texts())
    assert all(c.start >= 0.5 and c.end <= 4.0 + 1e-6 for c in cues)


def test_a_pause_starts_a_new_cue_and_short_cues_get_reading_time() -> None:
    words = [Word(start=0.0, end=0.2, word=" Hi"), Word(start=3.0, end=3.3, word=" there")]
    cues = build_cues(words, lang="en")
    assert [c.text for c in cues] == ["Hi", "there"]
    assert cues[0].end == 0.8  # min duration, still before the next cue


def test_srt_and_vtt_have_standard_timestamps() -> None:
    cues = build_cues(_en_words("hello world", start=3661.5), lang="en")
    srt, vtt = to_srt(cues), to_vtt(cues)
    assert srt.startswith("1\n01:01:01,500 --> ")
    assert vtt.startswith("WEBVTT\n\n01:01:01.500 --> ")
    assert re.search(r"\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\nhello world\n", srt)


def test_txt_has_one_segment_per_line() -> None:
    t = _zh_transcript()
    assert to_txt(t) == t.segments[0].text + "\n"


def test_segments_without_word_times_are_cut_proportionally() -> None:
    text = "今天直播间所有面霜一律买一送一，库存只有两百件，先到先得"
    seg = Segment(id=0, start=10.0, end=14.0, text=text)
    cues = build_cues([seg], lang="zh", max_chars=10)
    assert all(len(line) <= 10 for c in cues for line in c.line_texts())
    assert cues[0].start == 10.0 and cues[-1].end == 14.0
    joined = "".join(line for c in cues for line in c.line_texts())
    assert joined.replace("，", "") == text.replace("，", "")
