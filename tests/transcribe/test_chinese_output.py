"""Mandarin comes out in Simplified by default, words aligned, and the raw output scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from transcribe_helpers import REFERENCES, SPEECH, ZH_CLIPS, cer_raw, join_clips

from livegen.errors import UsageError
from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.api import transcribe
from livegen.transcribe.chinese import convert_segments, prompt_for, traditional_only
from livegen.transcribe.options import TranscribeOptions


def _segment(words: list[str]) -> Segment:
    ws = [Word(start=i * 0.3, end=i * 0.3 + 0.25, word=w) for i, w in enumerate(words)]
    return Segment(id=0, start=0.0, end=ws[-1].end, text="".join(words), words=ws)


def test_traditional_words_become_simplified_with_their_timings() -> None:
    seg = _segment(["歡迎", "大家", "來", "體驗", "語音", "識別"])
    [out] = convert_segments([seg], "zh", "simplified")
    assert out.text == "欢迎大家来体验语音识别"
    assert [w.word for w in out.words] == ["欢迎", "大家", "来", "体验", "语音", "识别"]
    assert [(w.start, w.end) for w in out.words] == [(w.start, w.end) for w in seg.words]
    assert traditional_only(out.text) == []


def test_keep_and_traditional_settings_are_honoured() -> None:
    seg = _segment(["欢迎", "体验"])
    assert convert_segments([seg], "zh", "keep")[0].text == "欢迎体验"
    assert convert_segments([seg], "zh", "traditional")[0].text == "歡迎體驗"


def test_english_segments_are_left_alone_and_chinese_minority_is_converted() -> None:
    en = Segment(id=0, start=0, end=1, text="Welcome back")
    zh = _segment(["這款", "面霜"])
    out = convert_segments([en, zh], "en", "simplified")
    assert out[0] is en
    assert out[1].text == "这款面霜"


def test_unknown_script_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        TranscribeOptions(chinese="pinyin")


def test_the_script_prompt_is_only_for_chinese() -> None:
    assert prompt_for("zh", "simplified") is not None
    assert traditional_only(prompt_for("zh", "simplified") or "") == []
    assert prompt_for("en", "simplified") is None
    assert prompt_for("zh", "keep") is None


@pytest.mark.slow
def test_real_mandarin_without_lang_is_simplified_and_accurate(config, tmp_path: Path) -> None:
    wav = join_clips([SPEECH / n for n in ZH_CLIPS], tmp_path / "zh.wav")
    t = transcribe([wav], TranscribeOptions(), config)
    assert t.language == "zh"
    words = "".join(w.word for s in t.segments for w in s.words)
    assert traditional_only(t.text) == [] and traditional_only(words) == []
    reference = "".join(REFERENCES[n] for n in ZH_CLIPS)
    # Without the Simplified prompt the raw CER is 0.26. With it: 0.14 where CTranslate2 runs
    # its int8 GEMM on Intel MKL (Intel CPUs), 0.18 on its other backend (AMD CPUs, where it
    # leaves MKL off; forcing MKL there is 5-10x slower and no more accurate).
    assert cer_raw(reference, t.text) <= 0.20, t.text


def test_ascii_punctuation_inside_chinese_becomes_full_width_words_aligned() -> None:
    seg = _segment(["1", ",", "2線", ",", "城市", "ok", "?"])
    [out] = convert_segments([seg], "zh", "simplified")
    assert out.text == "1,2线，城市ok?"
    assert [w.word for w in out.words] == ["1", ",", "2线", "，", "城市", "ok", "?"]
