"""One caption core: jieba word edges, balanced lines, 避头尾, no orphan cue or line."""

from __future__ import annotations

from livegen.captions import (
    NO_LINE_START,
    CueWord,
    build_cues,
    chinese_words,
    text_width,
    transcript_cues,
    words_between,
)
from livegen.schemas.transcript import Segment, Transcript, Word


def _chars(text: str, start: float, step: float = 0.22) -> list[Word]:
    """Whisper-style Chinese words: one character each."""
    return [
        Word(start=start + i * step, end=start + (i + 1) * step, word=ch)
        for i, ch in enumerate(text)
    ]


def _transcript(*segments: tuple[str, float]) -> Transcript:
    segs = []
    for i, (text, start) in enumerate(segments):
        words = _chars(text, start)
        segs.append(Segment(id=i, start=words[0].start, end=words[-1].end, text=text, words=words))
    return Transcript(media=[], duration=100.0, language="zh", engine="x", model="x", segments=segs)


def _inside_word_share(cues) -> float:
    """Share of line and cue boundaries that fall inside a jieba word of the whole text."""
    lines = [line for c in cues for line in c.line_texts()]
    text = "".join(lines)
    edges, at = set(), 0
    for w in chinese_words(text):
        at += len(w)
        edges.add(at)
    cuts, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        cuts.append(at)
    return sum(1 for c in cuts if c not in edges) / max(len(cuts), 1)


def test_chinese_breaks_on_jieba_words_not_inside_them() -> None:
    t = _transcript(
        ("欢迎大家来体验达摩院推出的语音识别模型", 1.0), ("甚至出现交易几乎停滞的情况", 10.0)
    )
    cues = transcript_cues(t, width=12)
    texts = [line for c in cues for line in c.line_texts()]
    assert "".join(texts[:2]) == "欢迎大家来体验达摩院推出的语音识别模型"
    assert all(not line.startswith("音") and not line.endswith("语") for line in texts)
    assert _inside_word_share(cues) <= 0.05


def test_no_orphan_cue_of_one_or_two_characters() -> None:
    # "也" belongs to the next sentence but was decoded on its own just before it.
    t = _transcript(
        ("而对楼市成交抑制作用最大的限购", 45.6), ("也", 60.5), ("成为地方政府的眼中钉", 61.0)
    )
    cues = transcript_cues(t)
    assert all(sum(1 for ch in c.text if "\u4e00" <= ch <= "\u9fff") > 2 for c in cues)
    assert any(c.text.startswith("也成为") for c in cues)


def test_no_orphan_line_and_lines_are_balanced() -> None:
    t = _transcript(("甚至出现交易几乎停滞的情况的", 1.0))
    [cue] = transcript_cues(t, width=8)
    a, b = cue.line_texts()
    assert len(a) > 2 and len(b) > 2
    assert abs(text_width(a) - text_width(b)) <= 4


def test_punctuation_never_starts_a_line() -> None:
    t = _transcript(("家人们看一下，这个价格只有今天晚上有，点击下方小黄车就可以下单。", 1.0))
    for c in transcript_cues(t, width=10):
        for line in c.line_texts():
            assert line[:1] not in NO_LINE_START


def test_english_breaks_on_word_edges_without_a_one_word_cue() -> None:
    words = ["The", "screen", "is", "six", "point", "one", "inches."]
    cw = [CueWord(w, i * 0.4, i * 0.4 + 0.35, space_before=i > 0) for i, w in enumerate(words)]
    cw[-1] = CueWord("inches.", 3.0, 3.3, space_before=True)
    cues = build_cues(cw, width=8)  # a narrow line: about 18 Latin characters
    assert all(len(c.text.split()) >= 2 for c in cues)
    assert " ".join(c.text.replace("\n", " ") for c in cues) == " ".join(words)


def test_clip_range_is_retimed_from_zero() -> None:
    t = _transcript(("欢迎大家来体验", 10.0), ("语音识别模型", 20.0))
    ws = words_between(t, 19.0, 30.0)
    assert ws and ws[0].start >= 0.9 and ws[0].text == "语音"
