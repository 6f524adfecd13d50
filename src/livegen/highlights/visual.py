"""Visual activity around candidate windows: motion, scene cuts, a face close to camera.

Decoding every frame of a 1080p stream runs at about 8× real time on two cores, so the
picture is only looked at inside the candidate windows the cheap signals picked, and
there only at the keyframes: each keyframe and the frame half a second after it
(`livegen.media.bursts`) give the motion, the face and, keyframe to keyframe, the cuts,
for a quarter or less of a full decode. A span with no keyframe inside falls back to
ffmpeg sampling it at 2 fps (`-ss` before `-i`, loop filter and non-reference frames
skipped, 320-pixel-wide frames through a pipe).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from livegen.errors import DependencyError, Interrupted, MediaError
from livegen.highlights.grid import HOP, clip01, hop_of, n_hops, smooth
from livegen.media.ffmpeg import ffmpeg_exe, tail
from livegen.media.scenes import SceneCuts

if TYPE_CHECKING:
    import numpy as np

SAMPLE_FPS = 2.0
WIDTH = 320
FACE_EVERY = 2  # run the face detector on every 2nd sampled frame
MOTION_FULL = 12.0  # mean absolute grey-level difference that counts as full motion
FACE_FULL = 0.08  # a face covering 8 % of the frame counts as "close to camera"


@dataclass
class VisualSignals:
    """Per-hop arrays; NaN where the picture was not sampled."""

    motion: np.ndarray
    scene_cuts: np.ndarray
    faces: np.ndarray
    sampled_seconds: float = 0.0
    found_cuts: SceneCuts = field(default_factory=SceneCuts)  # where each cut lies


@dataclass(frozen=True)
class Part:
    """One input file placed on the joined stream timeline."""

    path: str
    offset: float
    duration: float
    width: int
    height: int
    has_video: bool


def frame_size(width: int, height: int, target: int = WIDTH) -> tuple[int, int]:
    w = target if width >= target else max(2, width - width % 2)
    h = max(2, round(w * height / max(1, width) / 2) * 2)
    return w, h


def sample_frames(
    path: str | os.PathLike[str],
    start: float,
    duration: float,
    size: tuple[int, int],
    fps: float = SAMPLE_FPS,
    *,
    fast: bool = True,
) -> Iterator[tuple[float, Any]]:
    """Yield (time within file, BGR frame) pairs for one span, decoded by ffmpeg."""
    import numpy as np

    w, h = size
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error"]
    if fast:
        cmd += ["-skip_loop_filter:v", "all", "-skip_frame:v", "noref"]
    if start > 0:
        cmd += ["-ss", f"{start:.3f}"]
    cmd += [
        "-i",
        str(path),
        "-t",
        f"{duration:.3f}",
        "-an",
        "-sn",
        "-dn",
        "-vf",
        f"fps={fps},scale={w}:{h}:flags=fast_bilinear",
        "-pix_fmt",
        "bgr24",
        "-f",
        "rawvideo",
        "-",
    ]
    from livegen import signals

    proc = signals.popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    size_b = w * h * 3
    i = 0
    try:
        while True:
            buf = proc.stdout.read(size_b)
            if len(buf) < size_b:
                break
            yield start + i / fps, np.frombuffer(buf, dtype=np.uint8).reshape(h, w, 3)
            i += 1
        err = proc.stderr.read().decode("utf-8", "replace")
        if proc.wait() != 0:
            raise MediaError(f"{path}: video decode failed: {tail(err, 2)}")
    except KeyboardInterrupt:
        raise Interrupted("interrupted") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        signals.untrack(proc)


def _face_cascade() -> Any:
    import cv2

    data = getattr(cv2, "data", None)
    folder = getattr(data, "haarcascades", None)
    if not folder or not hasattr(cv2, "CascadeClassifier"):
        raise DependencyError(
            "this OpenCV build ships no Haar cascades",
            hint="pip install 'opencv-python-headless>=4.9,<5'",
        )
    cascade = cv2.CascadeClassifier(os.path.join(folder, "haarcascade_frontalface_default.xml"))
    if cascade.empty():
        raise DependencyError(
            "OpenCV's frontal-face Haar cascade could not be loaded",
            hint="pip install 'opencv-python-headless>=4.9,<5'",
        )
    return cascade


def merge_spans(spans: list[tuple[float, float]], gap: float = 2.0) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _split_by_part(a: float, b: float, parts: list[Part]) -> Iterator[tuple[Part, float, float]]:
    for p in parts:
        lo, hi = max(a, p.offset), min(b, p.offset + p.duration)
        if hi > lo and p.has_video:
            yield p, lo - p.offset, hi - lo


HOLD_MAX = 10.0  # seconds a keyframe pair's values stand for, at most


class _Sampler:
    """Per-span state shared by both sampling routes: detectors and the output arrays."""

    def __init__(self, n: int, motion: Any, cuts: Any, faces: Any, cascade: Any) -> None:
        self.n, self.motion, self.cuts, self.faces, self.cascade = n, motion, cuts, faces, cascade
        self.found = SceneCuts()

    def face_value(self, gray: Any) -> float:
        rects = self.cascade.detectMultiScale(
            gray, scaleFactor=1.15, minNeighbors=5, minSize=(20, 20)
        )
        area = max((int(r[2]) * int(r[3]) for r in rects), default=0)
        return min(1.0, area / (gray.shape[0] * gray.shape[1]) / FACE_FULL)


def _keyframe_span(
    part: Part,
    local: float,
    length: float,
    size: tuple[int, int],
    st: _Sampler,
    every: float = 0.0,
) -> bool:
    """Fill the arrays for one span from keyframe pairs; False when it holds no keyframe.

    With `every` (a coarse look, see `visual_signals`) only a pair every that many
    seconds is decoded: each stands for the seconds up to the next, cuts are judged only
    within a pair (two keyframes that far apart differ whether or not the shot changed)
    and the span is not recorded as seen for the clip stage."""
    import cv2
    from scenedetect.common import FrameTimecode
    from scenedetect.detectors import ContentDetector

    from livegen.media.bursts import keyframe_pairs

    detector = ContentDetector(threshold=27.0, min_scene_len=1)
    pairs = list(keyframe_pairs(part.path, local, length, size, every=every))
    if not pairs:
        return False
    hold = max(HOLD_MAX, 1.5 * every)
    coarse = every > 0
    if not coarse:
        # Encoders place a keyframe at a cut, so a span's cuts are the ones its keyframe
        # pairs show: none lies between its start and the first keyframe, none after the
        # last. The whole span is seen, as the first pair's signals stand for its start.
        st.found.add_span(part.offset + local, part.offset + local + length)
    k = 0
    seen: float | None = None  # stream time of the last frame looked at
    for i, pair in enumerate(pairs):
        t = part.offset + pair.time
        nxt = part.offset + (pairs[i + 1].time if i + 1 < len(pairs) else local + length)
        h0, h1 = hop_of(t), min(st.n, hop_of(min(nxt, t + hold) - 1e-6) + 1)
        if i == 0:
            h0 = min(h0, hop_of(part.offset + local))
        if h0 >= st.n:
            break
        span = slice(h0, max(h0 + 1, h1))
        head = cv2.cvtColor(pair.head, cv2.COLOR_BGR2GRAY)
        if coarse:  # a fresh detector per pair: heads far apart are not compared
            detector = ContentDetector(threshold=27.0, min_scene_len=1)
            k = 0
        cut = bool(detector.process_frame(FrameTimecode(k, fps=SAMPLE_FPS), pair.head)) and k > 0
        if cut and seen is not None:
            st.found.add_cut(seen, t)
        seen = t
        k += 1
        if pair.tail is not None:
            tail = cv2.cvtColor(pair.tail, cv2.COLOR_BGR2GRAY)
            diff = float(cv2.absdiff(head, tail).mean()) * (1 / SAMPLE_FPS) / max(pair.gap, 0.1)
            st.motion[span] = min(1.0, diff / MOTION_FULL)
            if detector.process_frame(FrameTimecode(k, fps=SAMPLE_FPS), pair.tail):
                cut = True
                if not coarse:
                    st.found.add_cut(t, t + pair.gap)
            seen = t + pair.gap
            k += 1
        st.cuts[span] = 0.0
        if cut:
            st.cuts[h0] = 1.0
        st.faces[span] = st.face_value(head)
    return True


def visual_signals(
    parts: list[Part],
    spans: list[tuple[float, float]],
    duration: float,
    on_progress: Callable[[float], None] | None = None,
    fps: float = SAMPLE_FPS,
    fast: bool = True,
    keyframes: bool = True,
    every: float = 0.0,
) -> VisualSignals:
    """Sample the picture inside `spans` (stream seconds) only.

    `keyframes` samples pairs at each keyframe (the default); otherwise, or where a span
    holds no keyframe, frames at `fps` (`fast` skips the loop filter and non-reference
    frames, as analysis never needs them). `every` > 0 is a coarse look: one keyframe
    pair per that many seconds (see `_keyframe_span`).
    """
    try:
        import cv2
        import numpy as np
        from scenedetect.common import FrameTimecode
        from scenedetect.detectors import ContentDetector
    except ImportError as exc:
        raise DependencyError(
            f"visual signals need {exc.name}", hint="pip install 'livegen[media]'"
        ) from None
    n = n_hops(duration)
    motion = np.full(n, np.nan)
    cuts = np.full(n, np.nan)
    faces = np.full(n, np.nan)
    cascade = _face_cascade()
    sampled = 0.0
    st = _Sampler(n, motion, cuts, faces, cascade)
    for a, b in merge_spans(spans):
        for part, local, length in _split_by_part(a, b, parts):
            size = frame_size(part.width, part.height)
            if keyframes and _keyframe_span(part, local, length, size, st, every):
                sampled += length
                if on_progress:
                    on_progress(sampled)
                continue
            detector = ContentDetector(threshold=27.0, min_scene_len=2)
            prev = None
            prev_t = 0.0
            face_val = 0.0
            st.found.add_span(part.offset + local, part.offset + local + length)
            for k, (t, frame) in enumerate(
                sample_frames(part.path, local, length, size, fps, fast=fast)
            ):
                h = hop_of(part.offset + t)
                if h >= n:
                    break
                gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
                diff = 0.0 if prev is None else float(cv2.absdiff(gray, prev).mean())
                prev = gray
                found = detector.process_frame(FrameTimecode(k, fps=fps), frame)
                if found and k:
                    st.found.add_cut(part.offset + prev_t, part.offset + t)
                prev_t = t
                if k % FACE_EVERY == 0:
                    rects = cascade.detectMultiScale(
                        gray, scaleFactor=1.15, minNeighbors=5, minSize=(20, 20)
                    )
                    area = max((int(r[2]) * int(r[3]) for r in rects), default=0)
                    face_val = min(1.0, area / (gray.shape[0] * gray.shape[1]) / FACE_FULL)
                span = slice(h, min(n, h + max(1, round(1 / fps / HOP))))
                motion[span] = min(1.0, diff / MOTION_FULL) if k else np.nan
                cuts[span] = 1.0 if (found and k) else 0.0
                faces[span] = face_val
            sampled += length
            if on_progress:
                on_progress(sampled)
    # The first frame of each span has no predecessor: borrow its neighbour's motion.
    nan_in_sampled = np.isnan(motion) & ~np.isnan(faces)
    idx = np.where(nan_in_sampled)[0]
    for i in idx:
        if i + 1 < n and not np.isnan(motion[i + 1]):
            motion[i] = motion[i + 1]
    motion = np.where(np.isnan(motion), motion, clip01(np.nan_to_num(motion)))
    # One cut per 10 s around a moment → 0.5; two or more → 1.
    density = smooth(np.nan_to_num(cuts), 10.0) * (10.0 / HOP) / 2.0
    cuts = np.where(np.isnan(cuts), cuts, clip01(density))
    return VisualSignals(motion, cuts, faces, sampled, st.found)
