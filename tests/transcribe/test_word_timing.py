"""No word starts inside a pause and no word lasts longer than it could be spoken."""

from __future__ import annotations

from pathlib import Path

import pytest
from transcribe_helpers import SPEECH, ffmpeg

from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.timing import MAX_WORD, repair_timing, word_cap

PAUSE = 8.0
FIRST, SECOND = "BAC009S0764W0121.wav", "BAC009S0002W0123.wav"  # 4.20 s, then 3.87 s


def pause_recording(out: Path, pause: float = PAUSE) -> Path:
    """Real Mandarin speech, an 8-s pause (low room noise), then real speech again."""
    ffmpeg(
        "-i",
        str(SPEECH / FIRST),
        "-f",
        "lavfi",
        "-t",
        str(pause),
        "-i",
        "anoisesrc=c=pink:a=0.002:r=16000:seed=11",
        "-i",
        str(SPEECH / SECOND),
        "-filter_complex",
        "[0:a][1:a][2:a]concat=n=3:v=0:a=1",
        "-ar",
        "16000",
        "-ac",
        "1",
        str(out),
    )
    return out


def _seg(words: list[tuple[float, float, str]]) -> Segment:
    ws = [Word(start=s, end=e, word=t) for s, e, t in words]
    return Segment(
        id=0, start=ws[0].start, end=ws[-1].end, text="".join(t for *_, t in words), words=ws
    )


def test_first_word_after_a_pause_moves_to_the_speech_onset() -> None:
    speech = [(45.5, 51.6), (60.8, 64.3)]  # the VAD span before runs into 也's stamp
    seg = _seg([(50.97, 51.85, "也"), (61.2, 61.5, "成为"), (61.5, 62.0, "地方")])
    [out] = repair_timing([seg], speech)
    assert 60.8 - 1e-6 <= out.words[0].start < out.words[0].end <= out.words[1].start
    assert out.start >= 60.8 - 1e-6
    lone = _seg([(52.5, 53.0, "也"), (61.2, 61.5, "成为")])  # in the pause itself
    assert repair_timing([lone], speech)[0].words[0].start >= 60.8 - 1e-6


def test_last_word_of_a_sentence_is_pulled_back_out_of_the_pause() -> None:
    speech = [(1.0, 4.2), (12.0, 15.0)]
    seg = _seg([(3.0, 3.4, "的"), (4.3, 9.0, "情况")])
    [out] = repair_timing([seg], speech)
    assert out.words[1].end <= 4.2 + 0.15 + 1e-6 and out.words[1].start >= 3.4


def test_implausibly_long_words_are_capped() -> None:
    assert word_cap("也") < word_cap("眼中钉") <= MAX_WORD
    seg = _seg([(1.0, 1.2, "好"), (1.2, 6.0, "的"), (6.0, 6.3, "家人们")])
    [out] = repair_timing([seg], [(0.8, 7.0)])
    assert all(w.end - w.start <= MAX_WORD for w in out.words)
    assert out.words[1].end == pytest.approx(6.0)  # glued to the next word: end kept


def _pause_transcript(config, tmp_path: Path):
    from livegen.transcribe.api import transcribe_cached
    from livegen.transcribe.options import TranscribeOptions

    wav = pause_recording(tmp_path / "pause.wav")
    return transcribe_cached([wav], TranscribeOptions(), config)


@pytest.mark.slow
def test_real_speech_with_an_eight_second_pause(config, tmp_path: Path) -> None:
    t = _pause_transcript(config, tmp_path)
    lo, hi = 4.20 + 0.25, 4.20 + PAUSE - 0.25  # the pause, a little inside its edges
    words = [w for s in t.segments for w in s.words]
    assert len(words) >= 8, t.text
    assert not [w for w in words if lo < w.start < hi], t.segments
    assert max(w.end - w.start for w in words) <= MAX_WORD
    assert any(w.start >= 4.20 + PAUSE - 0.3 for w in words)  # the second sentence is there


@pytest.mark.slow
def test_the_srt_of_a_clip_from_the_pause_recording_has_no_orphans_or_split_words(
    config, tmp_path: Path
) -> None:
    from livegen.captions import chinese_words
    from livegen.clip.captions import build_cues, clip_words
    from livegen.subtitles import to_srt

    t = _pause_transcript(config, tmp_path)
    cues = build_cues(clip_words(t, 0.5, t.duration))
    assert cues and to_srt(cues).startswith("1\n")
    for c in cues:
        assert sum(1 for ch in c.text if "\u4e00" <= ch <= "\u9fff") > 2, c.text
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
    inside = sum(1 for c in cuts if c not in edges)
    assert inside <= 0.05 * max(len(cuts), 1), (lines, inside)
