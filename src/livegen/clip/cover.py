"""Pick and write a cover image per clip: the sharpest frame, preferring a visible face.

Sharpness is the variance of the Laplacian (motion blur and focus hunting lower it);
a frame with a detected face gets a bonus, because a face sells a short video.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from typing import TYPE_CHECKING

from livegen.clip.reframe import ReframePlan, Samples, detect_faces, even
from livegen.media.ffmpeg import ffmpeg_exe

if TYPE_CHECKING:
    import numpy as np

CANDIDATES = 6


def frame_score(frame: np.ndarray, faces: int) -> float:
    import cv2

    sharp = float(cv2.Laplacian(frame, cv2.CV_64F).var())
    return sharp * (1.6 if faces else 1.0)


def grab_grey(src: str, t: float, src_w: int, src_h: int, width: int = 320) -> np.ndarray | None:
    import numpy as np

    w = even(min(width, src_w or width))
    h = even(w * src_h / src_w) if src_w else even(w * 9 / 16)
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-ss",
            f"{t:.3f}",
            "-i",
            src,
            "-frames:v",
            "1",
            "-an",
            "-vf",
            f"scale={w}:{h},format=gray",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "pipe:1",
        ],
        capture_output=True,
    )
    if proc.returncode != 0 or len(proc.stdout) < w * h:
        return None
    return np.frombuffer(proc.stdout[: w * h], dtype=np.uint8).reshape(h, w)


def best_time(
    src: str, start: float, duration: float, src_w: int, src_h: int, samples: Samples | None = None
) -> float:
    """Seconds from the clip start of the best cover frame, among a few candidates."""
    # Skip the first and last 10 %: openings and endings are often mid-gesture.
    lo, hi = duration * 0.1, duration * 0.9
    times = [lo + (hi - lo) * i / max(1, CANDIDATES - 1) for i in range(CANDIDATES)]
    scored: list[tuple[float, float]] = []
    for t in times:
        if samples is not None and len(samples.frames):
            i = min(range(len(samples.times)), key=lambda k: abs(samples.times[k] - t))
            frame = samples.frames[i]
            t = samples.times[i]
            faces = len(samples.faces[i]) if samples.faces is not None else len(detect_faces(frame))
        else:
            grabbed = grab_grey(src, start + t, src_w, src_h)
            if grabbed is None:
                continue
            frame, faces = grabbed, len(detect_faces(grabbed))
        scored.append((frame_score(frame, faces), t))
    if not scored:
        return min(duration / 2, 1.0)
    return max(scored)[1]


def cover_args(src: str, start: float, t: float, plan: ReframePlan, out: str) -> list[str]:
    """ffmpeg arguments writing one JPEG of the reframed picture at clip time `t`."""
    still = replace(plan, keyframes=[(0.0, plan.x_at(t))] if plan.keyframes else [])
    return [
        "-ss",
        f"{start + t:.3f}",
        "-i",
        src,
        "-frames:v",
        "1",
        "-an",
        "-filter_complex",
        f"[0:v]{still.filter()}[v]",
        "-map",
        "[v]",
        "-q:v",
        "3",
        "-f",
        "image2",
        "-c:v",
        "mjpeg",
        out,
    ]
