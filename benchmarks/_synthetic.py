"""Generated 1080p recordings for the benchmarks (never committed).

One lavfi `testsrc2` picture, optionally with a face-like box (two eyes and a mouth, which
OpenCV's frontal-face cascade finds) moving along an `x(t)` expression, and optionally a
lavfi soundtrack, encoded with libx264; long streams are copies of a short unit joined by
stream copy, so generating them costs one unit's encode.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

FACE = (
    "color=c=0xF0D0B0:s=300x380:r=30:d={d},"
    "drawbox=x=60:y=110:w=45:h=45:color=black:t=fill,"
    "drawbox=x=195:y=110:w=45:h=45:color=black:t=fill,"
    "drawbox=x=90:y=260:w=120:h=24:color=0x802020:t=fill"
)


def ffmpeg() -> str:
    from livegen.media.ffmpeg import ffmpeg_exe

    return ffmpeg_exe()


def picture_1080p(
    out: Path,
    seconds: float,
    *,
    face_x: str | None = None,
    audio: Sequence[str] = (),
    audio_bitrate: str | None = None,
    preset: str = "ultrafast",
    crf: int = 32,
    gop: int | None = 60,
) -> Path:
    """Encode `seconds` of 1920x1080 at 30 fps into `out`.

    `face_x`: the face box's x position as an ffmpeg expression of `t` (y is 300), or no
    face; `audio`: lavfi sources (without `:d=`), mixed when there are several.
    """
    d = f"{seconds:g}"
    cmd = [ffmpeg(), "-hide_banner", "-v", "error", "-y"]
    cmd += ["-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={d}"]
    if face_x is not None:
        cmd += ["-f", "lavfi", "-i", FACE.format(d=d)]
    first_audio = 2 if face_x is not None else 1
    for src in audio:
        cmd += ["-f", "lavfi", "-i", f"{src}:d={d}"]
    graph: list[str] = []
    video = "0:v"
    if face_x is not None:
        graph.append(f"[0:v][1:v]overlay=x='{face_x}':y=300:eval=frame[v]")
        video = "[v]"
    sound = ""
    if len(audio) > 1:
        ins = "".join(f"[{first_audio + k}:a]" for k in range(len(audio)))
        graph.append(f"{ins}amix=inputs={len(audio)}[a]")
        sound = "[a]"
    elif audio:
        sound = f"{first_audio}:a"
    if graph:
        cmd += ["-filter_complex", ";".join(graph)]
    cmd += ["-map", video]
    if sound:
        cmd += ["-map", sound]
    cmd += ["-c:v", "libx264", "-preset", preset, "-crf", str(crf)]
    if gop:
        cmd += ["-g", str(gop)]
    if audio:
        cmd += ["-c:a", "aac"]
        if audio_bitrate:
            cmd += ["-b:a", audio_bitrate]
        cmd += ["-shortest"]
    subprocess.run([*cmd, str(out)], check=True)
    return out


def join_copies(
    unit: Path,
    times: int,
    out: Path,
    *,
    audio: Path | None = None,
    audio_bitrate: str = "64k",
    seconds: float | None = None,
) -> Path:
    """`unit` played `times` times in a row, joined by stream copy (no re-encode).

    With `audio`, the joined picture goes under that soundtrack instead of the unit's own
    sound: the picture is still copied, only the soundtrack is encoded (AAC, 44.1 kHz).
    `seconds` cuts the result there.
    """
    listing = out.with_suffix(".txt")
    listing.write_text(f"file '{unit.resolve()}'\n" * times)
    cmd = [ffmpeg(), "-hide_banner", "-v", "error", "-y"]
    cmd += ["-f", "concat", "-safe", "0", "-i", str(listing)]
    if audio is None:
        cmd += ["-c", "copy"]
    else:
        cmd += ["-i", str(audio), "-map", "0:v", "-map", "1:a", "-c:v", "copy"]
        cmd += ["-c:a", "aac", "-b:a", audio_bitrate, "-ar", "44100"]
    if seconds is not None:
        cmd += ["-t", f"{seconds:g}"]
    subprocess.run([*cmd, str(out)], check=True)
    listing.unlink(missing_ok=True)
    return out
