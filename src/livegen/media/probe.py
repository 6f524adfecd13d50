"""Probe media files with ffmpeg itself (the bundled static ffmpeg ships no ffprobe).

Parses `ffmpeg -i FILE` stream lines; enough for duration, sizes, rates and which
streams exist.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from livegen.errors import InputError, MediaError
from livegen.media.ffmpeg import ffmpeg_exe, tail


@dataclass(frozen=True)
class MediaInfo:
    path: str
    duration: float
    has_video: bool
    has_audio: bool
    width: int = 0
    height: int = 0
    fps: float = 0.0
    video_codec: str = ""
    audio_codec: str = ""
    sample_rate: int = 0
    channels: int = 0
    rotation: int = 0


_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?) (?:fps|tbr)")
_AUDIO = re.compile(r"Stream #\S+.*?: Audio: (\w+).*?, (\d+) Hz, ([^,]+)")
_ROTATE = re.compile(r"(?:rotate\s*:\s*|rotation of )(-?\d+(?:\.\d+)?)")


_PROBED: dict[tuple[str, int, int, int], MediaInfo] = {}


def require_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The recordings as strings, each checked to be a file: the cheap check every
    command makes before options and side inputs (a probe costs an ffmpeg run)."""
    media: list[str] = []
    for m in paths:
        p = Path(m)
        if not p.is_file():
            raise InputError(
                f"{m}: no such file" if not p.exists() else f"{m}: is not a media file"
            )
        media.append(str(m))
    return media


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Describe a media file; raises InputError for missing or unreadable input.

    A file is probed once per process: `livegen run` asks in every stage, and the answer
    is kept while the file's size, modification time and inode are unchanged.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a media file")
    st = p.stat()
    if st.st_size == 0:
        raise InputError(f"{p}: file is empty")
    from livegen.artifacts import note_inputs

    note_inputs(p)  # no output may be written over a recording
    key = (str(p), st.st_size, st.st_mtime_ns, st.st_ino)
    known = _PROBED.get(key)
    if known is not None:
        return known
    info = _probe(p)
    if len(_PROBED) > 256:
        _PROBED.clear()
    _PROBED[key] = info
    return info


def _probe(p: Path) -> MediaInfo:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(p)],
        capture_output=True,
        text=True,
        errors="replace",
    )
    err = proc.stderr
    if (
        "Invalid data found" in err
        or "could not find codec parameters" in err.lower()
        or ("Duration" not in err and "Stream #" not in err)
    ):
        raise InputError(f"{p}: not a readable media file ({tail(err, 1)})")
    m = _DURATION.search(err)
    duration = 0.0
    if m:
        h, mi, s = m.groups()
        duration = int(h) * 3600 + int(mi) * 60 + float(s)
    v = _VIDEO.search(err)
    a = _AUDIO.search(err)
    width = height = 0
    fps = 0.0
    vcodec = acodec = ""
    rate = channels = 0
    if v:
        vcodec, width, height = v.group(1), int(v.group(2)), int(v.group(3))
        line = err[v.start() : err.find("\n", v.start())]
        f = _FPS.search(line)
        fps = float(f.group(1)) if f else 0.0
    if a:
        acodec, rate = a.group(1), int(a.group(2))
        layout = a.group(3).strip()
        channels = {"mono": 1, "stereo": 2}.get(layout, 0)
        if channels == 0:
            digits = re.match(r"(\d+)", layout)
            channels = int(digits.group(1)) if digits else 2
    r = _ROTATE.search(err)
    rotation = int(float(r.group(1))) % 360 if r else 0
    if rotation in (90, 270):
        width, height = height, width
    if not v and not a:
        raise InputError(f"{p}: no audio or video stream found")
    return MediaInfo(
        str(p),
        duration,
        bool(v),
        bool(a),
        width,
        height,
        fps,
        vcodec,
        acodec,
        rate,
        channels,
        rotation,
    )


def require_audio(info: MediaInfo) -> None:
    if not info.has_audio:
        raise InputError(f"{info.path}: has no audio stream to transcribe")


def check_decodable(path: str | os.PathLike[str], seconds: float = 1.0) -> None:
    """Decode a second of audio to catch truncated/corrupt files early."""
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-t",
            str(seconds),
            "-i",
            str(path),
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        errors="replace",
    )
    if proc.returncode != 0:
        raise MediaError(f"{path}: cannot be decoded ({tail(proc.stderr, 1)})")
