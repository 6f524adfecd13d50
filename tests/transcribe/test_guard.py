"""The repetition-loop guard: post-filter and decoder settings on noise."""

from __future__ import annotations

from pathlib import Path

import pytest
from transcribe_helpers import ffmpeg

from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.guard import drop_prompt_echoes, filter_repetitions, longest_run
from livegen.transcribe.options import TranscribeOptions


def _seg(i: int, text: str, words: list[Word] | None = None) -> Segment:
    return Segment(id=i, start=float(i), end=float(i) + 0.9, text=text, words=words or [])


def test_a_segment_looping_on_one_phrase_is_collapsed_to_one_occurrence() -> None:
    looped = "好的我们来看一下" + "谢谢大家" * 12
    kept, changed = filter_repetitions([_seg(0, looped)])
    assert changed == 1
    assert kept[0].text == "好的我们来看一下谢谢大家"


def test_collapsing_keeps_the_words_of_the_first_occurrence_and_retimes_the_end() -> None:
    words = [
        Word(start=i * 0.3, end=i * 0.3 + 0.25, word=w)
        for i, w in enumerate(
            [
                "Thank",
                " you.",
                " Thank",
                " you.",
                " Thank",
                " you.",
                " Thank",
                " you.",
                " Thank",
                " you.",
            ]
        )
    ]
    seg = Segment(id=0, start=0.0, end=3.0, text="".join(w.word for w in words), words=words)
    kept, _ = filter_repetitions([seg])
    assert [w.word for w in kept[0].words] == ["Thank", " you."]
    assert kept[0].end == pytest.approx(0.55)


def test_a_run_of_identical_segments_keeps_only_the_first() -> None:
    segs = [_seg(0, "今天给大家带来一款面霜")]
    segs += [_seg(i, "字幕由社区提供") for i in range(1, 8)]
    segs += [_seg(8, "价格是九十九元")]
    kept, changed = filter_repetitions(segs)
    assert [s.text for s in kept] == ["今天给大家带来一款面霜", "字幕由社区提供", "价格是九十九元"]
    assert changed == 6


def test_ordinary_speech_and_short_repeats_pass_untouched() -> None:
    segs = [
        _seg(0, "买买买"),
        _seg(1, "好的好的"),
        _seg(2, "好的好的"),
        _seg(3, "And so my fellow Americans, ask not what your country can do for you."),
    ]
    kept, changed = filter_repetitions(segs)
    assert changed == 0
    assert [s.text for s in kept] == [s.text for s in segs]
    assert longest_run("今天给大家带来一款面霜", 4) is None


def test_the_decoder_guard_settings_are_on_by_default() -> None:
    o = TranscribeOptions()
    assert o.vad and not o.condition_on_previous_text
    assert o.compression_ratio_threshold == 2.4 and o.log_prob_threshold == -1.0
    assert o.decode_time_factor > 0 and o.max_repeats >= 3


@pytest.mark.slow
def test_a_noise_only_recording_yields_no_hallucinated_text(config, tmp_path: Path) -> None:
    from livegen.transcribe.api import transcribe_cached

    noise = tmp_path / "noise.wav"
    ffmpeg(
        "-f", "lavfi", "-i", "anoisesrc=d=20:c=pink:a=0.3:r=16000:seed=7", "-ac", "1", str(noise)
    )
    t = transcribe_cached([noise], TranscribeOptions(language="zh"), config)
    assert t.text.strip() == ""


@pytest.mark.slow
def test_faster_whisper_stops_a_window_at_its_deadline(config) -> None:
    import itertools

    from transcribe_helpers import SPEECH

    from livegen.media.audio import read_pcm
    from livegen.transcribe.deadline import DecodeDeadline
    from livegen.transcribe.engines import create_engine

    engine = create_engine(TranscribeOptions(language="en"), config)
    audio = read_pcm(SPEECH / "librispeech-1995-1837-0001.wav")
    result = engine.transcribe_window(
        audio, language="en", deadline=DecodeDeadline(0.0, clock=itertools.count().__next__)
    )
    assert result.stopped_early
    assert len(result.segments) == 1


def test_a_segment_that_only_reads_back_the_hotwords_is_dropped() -> None:
    segs = [
        _seg(0, "也成为地方政府的眼中钉"),
        _seg(1, "雨润 雪域 玻尿酸 直播间"),
        _seg(2, "这款玻尿酸面霜在直播间只要九十九"),
    ]
    kept, dropped = drop_prompt_echoes(segs, ["水润面霜", "雪域", "玻尿酸", "直播间"])
    assert dropped == 1
    assert [s.id for s in kept] == [0, 2]


def test_hotwords_are_given_to_whisper_as_a_list_not_a_sentence() -> None:
    assert TranscribeOptions(hotwords=("水润面霜", "雪域")).hotword_text() == "水润面霜，雪域"
    assert TranscribeOptions(hotwords=("Glow", "Lab")).hotword_text() == "Glow, Lab"


def test_a_sentence_read_again_in_half_a_second_is_dropped_a_real_repeat_kept() -> None:
    from livegen.schemas.transcript import Segment
    from livegen.transcribe.guard import drop_squeezed_repeats

    text = "欢迎大家来体验达摩院推出的语音识别模型。"
    first = Segment(id=0, start=0.56, end=5.04, text=text)
    squeezed = Segment(id=1, start=5.04, end=5.52, text=text)
    kept, n = drop_squeezed_repeats([first, squeezed])
    assert n == 1 and kept == [first]
    again = Segment(id=1, start=6.0, end=10.5, text=text)  # the host says it twice
    assert drop_squeezed_repeats([first, again]) == ([first, again], 0)
