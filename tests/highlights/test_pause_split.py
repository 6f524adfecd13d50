"""Highlight windows never straddle a long silence; their edges stay on speech."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path

import numpy as np

from livegen.highlights.pauses import SPLIT_PAUSE, cut_at_pauses, long_pauses
from livegen.highlights.windows import segment_windows
from livegen.schemas.transcript import MediaPart, Segment, Transcript, Word

SPEECH = Path(__file__).resolve().parents[1] / "fixtures" / "speech"
CLIPS = [
    "BAC009S0764W0121.wav",
    "BAC009S0764W0122.wav",
    "BAC009S0724W0121.wav",
    "BAC009S0002W0122.wav",
    "BAC009S0002W0123.wav",
]  # 12.9 s, the pause, 8.0 s
PAUSE = 10.0


def _seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def _seg(start: float, end: float, text: str) -> Segment:
    step = (end - start) / len(text)
    words = [
        Word(start=round(start + k * step, 3), end=round(start + (k + 1) * step, 3), word=ch)
        for k, ch in enumerate(text)
    ]
    return Segment(id=0, start=start, end=end, text=text, words=words)


def test_a_quiet_stretch_without_words_is_a_long_pause() -> None:
    level = np.full(60, -20.0)  # 30 s of speech-level audio ...
    level[20:34] = -62.0  # ... with 7 s of quiet at 10-17 s
    level[40:44] = -62.0  # and 2 s at 20-22 s: an ordinary pause
    segs = [_seg(1.0, 9.5, "欢迎来到直播间"), _seg(17.2, 29.0, "今天给大家带来")]
    assert long_pauses(level, segs) == [(10.0, 17.0)]
    # A word said quietly is speech, not a pause.
    quiet_word = [*segs, _seg(12.0, 13.0, "嗯")]
    assert all(b - a < 7.0 for a, b in long_pauses(level, quiet_word))


def test_windows_are_trimmed_at_a_pause_edge_and_dropped_across_one() -> None:
    segs = [
        _seg(0.5, 6.0, "一二三四"),
        _seg(6.2, 11.5, "五六七八"),
        _seg(20.0, 26.0, "九十十一"),
        _seg(26.3, 33.0, "十二十三"),
    ]
    pauses = [(12.0, 19.5)]
    wins = segment_windows(segs, 5.0, 40.0)
    assert any(a < 12.0 and b > 19.5 for a, b in zip(wins.start, wins.end, strict=True))
    cut = cut_at_pauses(wins, segs, pauses, 5.0)
    assert len(cut)
    for a, b in zip(cut.start, cut.end, strict=True):
        assert not (a < 12.0 and b > 19.5)
        assert a in {s.start for s in segs} and b in {s.end for s in segs}
    # A grid-style window starting inside the pause starts on the speech after it.
    from livegen.highlights.windows import Windows

    grid = Windows(np.array([2]), np.array([3]), np.array([14.0]), np.array([33.0]))
    trimmed = cut_at_pauses(grid, segs, pauses, 5.0)
    assert trimmed.start.tolist() == [20.0] and trimmed.end.tolist() == [33.0]


def test_no_highlight_of_a_stream_with_a_long_pause_spans_it(tmp_path: Path) -> None:
    from livegen.highlights.api import Options, find_highlights
    from livegen.media.ffmpeg import ffmpeg_exe

    refs = json.loads((SPEECH / "references.json").read_text("utf-8"))
    inputs: list[str] = []
    segs: list[Segment] = []
    t = 0.0
    for k, name in enumerate(CLIPS):
        inputs += ["-i", str(SPEECH / name)]
        d = _seconds(SPEECH / name)
        segs.append(_seg(round(t + 0.1, 3), round(t + d - 0.1, 3), refs[name][:12]))
        t += d
        if k == 2:  # the long pause: faint room noise
            inputs += [
                "-f",
                "lavfi",
                "-t",
                str(PAUSE),
                "-i",
                "anoisesrc=c=pink:a=0.002:r=16000:seed=11",
            ]
            pause = (t, t + PAUSE)
            t += PAUSE
    n = inputs.count("-i")
    labels = "".join(f"[{i}:a]" for i in range(n))
    wav = tmp_path / "pause.wav"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            *inputs,
            "-filter_complex",
            f"{labels}concat=n={n}:v=0:a=1",
            "-ar",
            "16000",
            "-ac",
            "1",
            str(wav),
        ],
        check=True,
    )
    duration = _seconds(wav)
    transcript = Transcript(
        media=[MediaPart(path=str(wav), offset=0.0, duration=duration)],
        duration=duration,
        language="zh",
        engine="x",
        model="x",
        segments=[s.model_copy(update={"id": i}) for i, s in enumerate(segs)],
    )
    assert PAUSE >= SPLIT_PAUSE
    # The chat bursts over the short speech after the pause (too short for a window on
    # its own), which pulls windows across the pause up the ranking.
    from livegen.chatlog import ChatMessage

    chat = [ChatMessage(pause[1] + 0.25 * k, f"u{k}", "哈哈哈 666 已拍") for k in range(28)]
    result = find_highlights(
        [wav],
        transcript,
        chat=chat,
        options=Options(top=3, min_seconds=10.0, max_seconds=30.0, visual=False, lint=False),
    ).result
    assert result.highlights
    for h in result.highlights:
        assert not (h.start < pause[0] + 0.5 and h.end > pause[1] - 0.5), (h.start, h.end)
        assert h.start in {s.start for s in segs} and h.end in {s.end for s in segs}
