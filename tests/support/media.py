"""Small recordings made with the bundled ffmpeg from lavfi sources, for any test folder.

One runner and one encode preset, so each folder's generated media is made and encoded the
same way and an ffmpeg failure reads the same everywhere. `benchmarks/batch.py` makes its
recordings with `speech_recording` too, so the benchmark measures the kind of file the batch
tests pin (benchmarks may read tests' helpers; tests never import from benchmarks/).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


def ffmpeg(*args: str) -> None:
    """Run the bundled ffmpeg quietly, overwriting its output; a failure fails the test, with
    ffmpeg's message in the captured output."""
    from livegen.media.ffmpeg import ffmpeg_exe

    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=True
    )


def h264(gop: int) -> list[str]:
    """Output options for a small H.264 picture: fast to encode, a keyframe every `gop`
    frames (the samplers and cutters seek to keyframes), 4:2:0 so any player opens it."""
    return ["-c:v", "libx264", "-preset", "ultrafast", "-g", str(gop), "-pix_fmt", "yuv420p"]


def overlay_args(
    background: str,
    overlay: str,
    sound: Sequence[str],
    graph: str,
    out: Path,
    *,
    gop: int,
    audio_bitrate: str | None = None,
) -> list[str]:
    """ffmpeg arguments (for `ffmpeg` here or livegen's `run_ffmpeg`) of a recording whose
    picture is two lavfi sources that `graph` combines into `[v]` (`[0:v]` the `background`,
    `[1:v]` the `overlay`) and whose sound is input 2 (`sound`: its input options, a lavfi
    source or a file), encoded with `h264(gop)` and AAC, as long as its shortest input."""
    args = ["-f", "lavfi", "-i", background, "-f", "lavfi", "-i", overlay, *sound]
    args += ["-filter_complex", graph, "-map", "[v]", "-map", "2:a", *h264(gop), "-c:a", "aac"]
    if audio_bitrate:
        args += ["-b:a", audio_bitrate]
    return [*args, "-shortest", str(out)]


def pattern_video(
    path: Path,
    seconds: float = 3.0,
    *,
    size: str = "320x240",
    tone: int = 440,
    audio: bool = True,
    channels: int = 1,
) -> Path:
    """A moving test pattern at 25 fps with a steady tone: enough for ffmpeg to cut and encode,
    and the tone tells the audio of one file from another's."""
    args = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}"]
    if audio:
        layout = "mono" if channels == 1 else "stereo"
        args += [
            "-f",
            "lavfi",
            "-i",
            f"sine=f={tone}:d={seconds}:sample_rate=16000,aformat=channel_layouts={layout}",
        ]
    args += h264(25)
    if audio:
        args += ["-c:a", "aac", "-ac", str(channels)]
    ffmpeg(*args, "-shortest", str(path))
    return path


def speech_recording(
    path: Path,
    speech: Sequence[Path],
    seconds: float,
    *,
    picture: str = "testsrc=size=320x180:rate=10",
    loop: bool = False,
    preset: str = "ultrafast",
    crf: int = 40,
    audio_bitrate: str = "24k",
) -> Path:
    """A test picture (the lavfi source `picture`) over real speech: the `speech` clips played
    in order, looped when `loop`, the whole cut at `seconds`. Real speech is what the
    transcriber needs to find words; the defaults make a tiny file that is quick to encode."""
    chain = "".join(f"[{i + 1}:a]" for i in range(len(speech)))
    chain += f"concat=n={len(speech)}:v=0:a=1"
    if loop:
        chain += ",aloop=loop=-1:size=2000000000"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        picture,
        *(arg for clip in speech for arg in ("-i", str(clip))),
        "-filter_complex",
        f"{chain}[a]",
        "-map",
        "0:v",
        "-map",
        "[a]",
        "-t",
        str(seconds),
        "-c:v",
        "libx264",
        "-preset",
        preset,
        "-crf",
        str(crf),
        "-c:a",
        "aac",
        "-b:a",
        audio_bitrate,
        str(path),
    )
    return path
