"""Generated recordings, artifacts and frame grabs for the clip tests (ffmpeg lavfi only)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from tests.support.media import ffmpeg, overlay_args

from livegen.media.ffmpeg import ffmpeg_exe

# A skin-coloured block with two eyes and a mouth moves left to right at 100 px/s; the
# Haar frontal-face cascade finds it, frame differencing would too.
FACE = (
    "color=c=0xF0D0B0:s=200x260:r=30:d={d},"
    "drawbox=x=40:y=80:w=30:h=30:color=black:t=fill,"
    "drawbox=x=130:y=80:w=30:h=30:color=black:t=fill,"
    "drawbox=x=60:y=180:w=80:h=16:color=0x802020:t=fill"
)


def make_recording(path: Path, *, seconds: float = 10.0, size: str = "1280x720") -> Path:
    ffmpeg(
        *overlay_args(
            f"color=c=0x304050:s={size}:r=30:d={seconds}",
            FACE.format(d=seconds),
            ["-f", "lavfi", "-i", f"sine=f=440:d={seconds}:sample_rate=48000"],
            "[0:v][1:v]overlay=x='80+t*100':y=220:eval=frame[v]",
            path,
            gop=30,
        )
    )
    return path


# (word, start, end) on the recording's timeline; sentences end at 。！？
WORDS = [
    ("大家好", 0.5, 1.2),
    ("欢迎", 1.2, 1.6),
    ("来到", 1.6, 1.9),
    ("直播间。", 1.9, 2.6),
    ("今天", 3.0, 3.4),
    ("给大家", 3.4, 3.9),
    ("推荐", 3.9, 4.3),
    ("这款", 4.3, 4.6),
    ("保温杯。", 4.6, 5.3),
    ("保温杯", 5.8, 6.4),
    ("真的", 6.4, 6.7),
    ("非常", 6.7, 7.0),
    ("好用！", 7.0, 7.6),
]
SENTENCES = [(0, 4), (4, 9), (9, 13)]


def transcript_data(
    words=WORDS, sentences=SENTENCES, language: str = "zh", duration: float = 10.0
) -> dict:
    segs = []
    for i, (a, b) in enumerate(sentences):
        ws = words[a:b]
        joiner = "" if language == "zh" else " "
        segs.append(
            {
                "id": i,
                "start": ws[0][1],
                "end": ws[-1][2],
                "text": joiner.join(w[0] for w in ws),
                "words": [{"start": s, "end": e, "word": w} for w, s, e in ws],
            }
        )
    return {
        "schema_version": "1",
        "media": [{"path": "rec.mp4", "offset": 0, "duration": duration}],
        "duration": duration,
        "language": language,
        "engine": "test",
        "model": "none",
        "segments": segs,
    }


def highlights_data(items: list[tuple[float, float, str]]) -> dict:
    return {
        "schema_version": "1",
        "media": ["rec.mp4"],
        "duration": 10.0,
        "highlights": [
            {
                "start": s,
                "end": e,
                "score": 1.0 - i * 0.1,
                "category": "selling_point",
                "title": t,
                "product": "保温杯",
            }
            for i, (s, e, t) in enumerate(items)
        ],
    }


def grab_frame(path: Path, t: float) -> Any:
    """One decoded RGB frame as a numpy array (h, w, 3)."""
    import numpy as np

    from livegen.media.probe import probe

    info = probe(path)
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-ss",
            f"{t:.3f}",
            "-i",
            str(path),
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "pipe:1",
        ],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(proc.stdout, dtype=np.uint8).reshape(info.height, info.width, 3)
