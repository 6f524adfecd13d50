"""Turn a landscape recording into a vertical frame that follows the host.

Frames are sampled at a low rate and size through an ffmpeg pipe (decoding is the cost,
not detection), the host is found with OpenCV's Haar frontal-face cascade or, failing
that, as the largest moving region, and the crop centre path is smoothed: a dead zone
ignores small moves, a zero-phase exponential filter removes jitter, and scene cuts
restart the path so the crop jumps with the cut instead of gliding across it. The path
becomes one piecewise-linear `crop` expression over `t`, so the render stays a single
ffmpeg pass.
"""

from __future__ import annotations

import itertools
import subprocess
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livegen.errors import MediaError
from livegen.media.ffmpeg import ffmpeg_exe, tail

if TYPE_CHECKING:
    import numpy as np

    from livegen.media.scenes import SceneCuts

SAMPLE_FPS = 4.0
SAMPLE_WIDTH = 320
CUT_THRESHOLD = 0.45  # Bhattacharyya distance between grey histograms
DEAD_ZONE = 0.1  # fraction of the crop width the subject may drift before the crop moves
SMOOTH = 0.35  # exponential smoothing factor per sample (both directions)


def even(v: float) -> int:
    return max(2, round(v / 2.0) * 2)


@dataclass
class Samples:
    times: list[float]  # seconds from the clip start
    frames: np.ndarray  # (n, h, w) uint8 grey
    scale: float  # source pixels per sample pixel
    faces: list[list[tuple[int, int, int, int]]] | None = None  # per frame, when detected


# Analysis frames need no deblocking and no non-reference frames: skipping both decodes
# a 1080p H.264 range about 40 % cheaper, and 4 samples a second never need every frame.
FAST_DECODE = ["-skip_loop_filter:v", "all", "-skip_frame:v", "noref"]


def sample_frames(
    src: str,
    start: float,
    duration: float,
    src_w: int,
    src_h: int,
    *,
    fps: float = SAMPLE_FPS,
    width: int = SAMPLE_WIDTH,
    detect: bool = False,
) -> Samples:
    """Grey frames at `fps` over the range, `width` pixels wide, decoded by ffmpeg once.

    With `detect`, faces are found while ffmpeg decodes the next frames (the detector runs
    in a thread beside the decoder process), on every `DETECT_EVERY`-th frame first; the
    frames between two such anchors are looked at only when the anchors disagree (see
    `_SparseFaces`), so a steady host costs a quarter of the detections.
    """
    import numpy as np

    w = min(width, src_w) if src_w else width
    w -= w % 2
    h = even(w * src_h / src_w) if src_w else even(w * 9 / 16)
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        *FAST_DECODE,
        "-ss",
        f"{start:.3f}",
        "-i",
        src,
        "-t",
        f"{duration:.3f}",
        "-an",
        "-sn",
        "-vf",
        f"fps={fps},scale={w}:{h}:flags=area,format=gray",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "gray",
        "pipe:1",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    frames: list[np.ndarray] = []
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="livegen-faces") if detect else None
    sparse = _SparseFaces(pool, w) if pool is not None else None
    try:
        while True:
            buf = proc.stdout.read(w * h)
            if len(buf) < w * h:
                break
            frame = np.frombuffer(buf, dtype=np.uint8).reshape(h, w)
            frames.append(frame)
            if sparse is not None:
                sparse.add(frame)
        err = proc.stderr.read().decode(errors="replace")
        if proc.wait() != 0:
            raise MediaError(f"{src}: cannot sample frames for reframing ({tail(err)})")
        faces = sparse.result() if sparse is not None else None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    stack = np.stack(frames) if frames else np.zeros((0, h, w), dtype=np.uint8)
    return Samples([i / fps for i in range(len(frames))], stack, src_w / w if src_w else 1.0, faces)


DETECT_EVERY = 4  # samples between face-detection anchors (1 s at 4 samples a second)
STEADY_MOVE = 0.02  # of the frame width: the largest face moved at most this between anchors
STEADY_SIZE = 0.2  # and its width changed by at most this share


Box = tuple[int, int, int, int]


def _steady(a: list[Box], b: list[Box], width: int) -> bool:
    """Two anchors agree: same number of faces, and the largest barely moved or grew."""
    if len(a) != len(b):
        return False
    if not a:
        return True
    (ax, ay, aw, ah), (bx, by, bw, bh) = (max(f, key=lambda r: r[2] * r[3]) for f in (a, b))
    moved = max(abs((ax + aw / 2) - (bx + bw / 2)), abs((ay + ah / 2) - (by + bh / 2)))
    return moved <= STEADY_MOVE * width and abs(aw - bw) <= STEADY_SIZE * max(aw, bw)


def _between(a: list[Box], b: list[Box], share: float) -> list[Box]:
    """Faces at `share` of the way from anchor `a` to the steady anchor `b`: the largest
    face interpolated, the others as at the nearer anchor."""
    if not a:
        return []
    near = list(a if share < 0.5 else b)
    la = max(a, key=lambda r: r[2] * r[3])
    lb = max(b, key=lambda r: r[2] * r[3])
    x, y, w, h = (round(p + (q - p) * share) for p, q in zip(la, lb, strict=True))
    big = max(range(len(near)), key=lambda k: near[k][2] * near[k][3])
    near[big] = (x, y, w, h)
    return near


class _SparseFaces:
    """Face detection on anchors every `DETECT_EVERY` frames, filled in between.

    Between two anchors that agree (`_steady`) and with no picture change that could be a
    cut, the faces are interpolated; otherwise every frame between them is detected.
    Detection is the costly part of tracking (about as much CPU as the 1080p decode), and
    a host who stays put for a second is the common case.
    """

    def __init__(self, pool: ThreadPoolExecutor, width: int) -> None:
        self.pool, self.width = pool, width
        self.frames: list[np.ndarray] = []
        self.found: dict[int, Future[list[Box]]] = {}

    def add(self, frame: np.ndarray) -> None:
        i = len(self.frames)
        self.frames.append(frame)
        if i % DETECT_EVERY == 0:
            self.found[i] = self.pool.submit(detect_faces, frame)

    def result(self) -> list[list[Box]]:
        n = len(self.frames)
        if n and (n - 1) not in self.found:
            self.found[n - 1] = self.pool.submit(detect_faces, self.frames[n - 1])
        anchors = sorted(self.found)
        dist = _distances(self.frames) if n else []
        faces: dict[int, list[Box]] = {}
        for a, b in itertools.pairwise(anchors):
            fa, fb = self.found[a].result(), self.found[b].result()
            if _steady(fa, fb, self.width) and max(dist[a + 1 : b + 1]) <= CUT_THRESHOLD:
                for k in range(a + 1, b):
                    faces[k] = _between(fa, fb, (k - a) / (b - a))
            else:
                for k in range(a + 1, b):
                    self.found[k] = self.pool.submit(detect_faces, self.frames[k])
        return [faces[k] if k in faces else self.found[k].result() for k in range(n)]


_LOCAL = threading.local()


_CASCADE_FILE = "haarcascade_frontalface_default.xml"
_IMPORT_LOCK = threading.Lock()


def _cascade_path() -> str:
    """Where the wheel keeps the frontal-face cascade.

    Found from the installed package's folder, not only from `cv2.data`: cv2 bootstraps by
    re-importing itself, and a thread that imports it while another thread is still doing
    so can see the module before its `data` attribute exists.
    """
    import importlib.util
    from pathlib import Path

    import cv2

    data = getattr(cv2, "data", None)
    folder = getattr(data, "haarcascades", "") or ""
    if folder and Path(folder, _CASCADE_FILE).is_file():
        return str(Path(folder, _CASCADE_FILE))
    spec = importlib.util.find_spec("cv2")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location, "data", _CASCADE_FILE)
        if candidate.is_file():
            return str(candidate)
    return ""


def face_cascade():  # type: ignore[no-untyped-def]
    """OpenCV 4.x ships the Haar cascades inside the wheel (5.0 dropped them).

    One classifier per thread: clips are analysed in parallel and a CascadeClassifier is
    not safe to share between concurrent detectMultiScale calls.
    """
    cascade = getattr(_LOCAL, "cascade", None)
    if cascade is None:
        from livegen.errors import DependencyError

        with _IMPORT_LOCK:  # one thread at a time through cv2's own import
            import cv2

            path = _cascade_path()
            cascade = cv2.CascadeClassifier(path) if path else None
        if cascade is None or cascade.empty():
            raise DependencyError(
                "OpenCV's Haar face cascade is missing",
                hint="pip install 'opencv-python-headless>=4.9,<5'",
            )
        _LOCAL.cascade = cascade
    return cascade


def detect_faces(frame: np.ndarray) -> list[tuple[int, int, int, int]]:
    faces = face_cascade().detectMultiScale(
        frame, scaleFactor=1.1, minNeighbors=5, minSize=(max(16, frame.shape[0] // 12),) * 2
    )
    return [tuple(int(v) for v in f) for f in faces]  # type: ignore[misc]


def motion_centre(prev: np.ndarray, cur: np.ndarray) -> float | None:
    """x of the largest moving region between two frames, or None when nothing moves."""
    import cv2
    import numpy as np

    diff = cv2.absdiff(prev, cur)
    _, mask = cv2.threshold(diff, 25, 255, cv2.THRESH_BINARY)
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8), iterations=2)  # OpenCV's default kernel
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    big = max(contours, key=cv2.contourArea)
    if cv2.contourArea(big) < cur.size * 0.002:
        return None
    x, _, w, _ = cv2.boundingRect(big)
    return x + w / 2


def _distances(frames: Iterable[np.ndarray]) -> list[float]:
    """Per frame, the grey histogram distance to the previous one (0 for the first)."""
    import cv2

    out: list[float] = []
    prev_hist = None
    for f in frames:
        hist = cv2.calcHist([f], [0], None, [32], [0, 256])
        cv2.normalize(hist, hist)
        out.append(
            0.0
            if prev_hist is None
            else float(cv2.compareHist(prev_hist, hist, cv2.HISTCMP_BHATTACHARYYA))
        )
        prev_hist = hist
    return out


def scene_cuts(frames: np.ndarray, threshold: float = CUT_THRESHOLD) -> list[int]:
    """Indices of frames that start a new shot (grey histogram distance to the previous)."""
    return [i for i, d in enumerate(_distances(frames)) if i and d > threshold]


COVER_SLACK = 0.3  # a clip's padding (0.25 s) past the span the highlights stage saw


def shared_cuts(samples: Samples, scenes: SceneCuts) -> list[int]:
    """Cut indices from cuts found elsewhere (clip-local seconds), deciding only where
    `scenes` did not look.

    Each known cut is placed at the sample inside its bracket where the picture changes
    most (the bracket can be a keyframe interval long); samples outside every span seen
    are judged by `scene_cuts` as without shared cuts.
    """
    times, n = samples.times, len(samples.times)
    if n < 2:
        return []
    dist = _distances(samples.frames)
    step = times[1] - times[0]
    cuts: set[int] = set()
    for after, at in scenes.cuts:
        # sample i shows the change if (times[i-1], times[i]] meets (after, at]
        inside = [i for i in range(1, n) if times[i] > after and times[i - 1] < at + step]
        if inside:
            cuts.add(max(inside, key=lambda i: dist[i]))
    unseen = [
        i for i in range(1, n) if not scenes.covered(times[i - 1], times[i], slack=COVER_SLACK)
    ]
    if unseen:
        for lo, hi in _runs(unseen):
            cuts.update(lo - 1 + c for c in scene_cuts(samples.frames[lo - 1 : hi + 1]) if c)
    return sorted(cuts)


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices as (first, last)."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


@dataclass
class Track:
    targets: list[float | None]  # subject centre x in source pixels, per sample
    faces: list[int]  # how many faces per sample
    cuts: list[int]
    source: str  # "face", "motion" or "none": what the path mostly followed


FACE_SHARE = 0.2  # a shot where faces are found this often follows faces only


def track_subject(samples: Samples, scenes: SceneCuts | None = None) -> Track:
    """Where the subject is in each sample: the largest face, else the largest motion.

    In a shot where the face detector finds the host in at least `FACE_SHARE` of the
    samples, the misses are held at the last face rather than filled with motion: the
    moving thing in a frame without a detected face is more often a product, a hand or a
    screen behind the host than the host, and chasing it pans the crop for nothing (a
    panning crop also costs the encoder more than a still one).

    `scenes` are cuts already found on this range (clip-local seconds): they are used
    instead of deciding the cuts again (see `shared_cuts`).
    """
    frames = samples.frames
    targets: list[float | None] = []
    kinds: list[str | None] = []
    faces_n: list[int] = []
    cuts = scene_cuts(frames) if scenes is None else shared_cuts(samples, scenes)
    for i, f in enumerate(frames):
        faces = samples.faces[i] if samples.faces is not None else detect_faces(f)
        faces_n.append(len(faces))
        if faces:
            x, _, w, _h = max(faces, key=lambda r: r[2] * r[3])
            targets.append((x + w / 2) * samples.scale)
            kinds.append("face")
            continue
        centre = motion_centre(frames[i - 1], f) if i > 0 and i not in cuts else None
        targets.append(None if centre is None else centre * samples.scale)
        kinds.append(None if centre is None else "motion")
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(frames)), len(frames)]
    for a, b in itertools.pairwise(bounds):
        if kinds[a:b].count("face") >= max(2, FACE_SHARE * (b - a)):
            for k in range(a, b):
                if kinds[k] == "motion":
                    targets[k], kinds[k] = None, None
    face_hits, motion_hits = kinds.count("face"), kinds.count("motion")
    source = (
        "face" if face_hits >= motion_hits and face_hits else "motion" if motion_hits else "none"
    )
    return Track(targets, faces_n, cuts, source)


def smooth_path(
    targets: list[float | None],
    cuts: list[int],
    *,
    default: float,
    dead_zone: float,
    alpha: float = SMOOTH,
) -> list[float]:
    """Fill gaps, ignore moves inside the dead zone, then smooth forwards and backwards.

    Each shot (between cuts) is smoothed on its own so a cut is a clean jump.
    """
    n = len(targets)
    if n == 0:
        return []
    bounds = [0, *sorted(c for c in cuts if 0 < c < n), n]
    out: list[float] = []
    for a, b in itertools.pairwise(bounds):
        seg = targets[a:b]
        known = [v for v in seg if v is not None]
        first = known[0] if known else default
        filled: list[float] = []
        last = first
        for v in seg:
            last = v if v is not None else last
            filled.append(last)
        # dead zone: move only by how far the subject left the zone around the crop centre
        held: list[float] = []
        c = filled[0]
        for v in filled:
            if v - c > dead_zone:
                c = v - dead_zone
            elif c - v > dead_zone:
                c = v + dead_zone
            held.append(c)
        fwd: list[float] = []
        acc = held[0]
        for v in held:
            acc = acc + alpha * (v - acc)
            fwd.append(acc)
        back: list[float] = [0.0] * len(fwd)
        acc = fwd[-1]
        for k in range(len(fwd) - 1, -1, -1):
            acc = acc + alpha * (fwd[k] - acc)
            back[k] = acc
        out.extend(back)
    return out


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Drop keyframes that a straight line between their neighbours already explains
    (Ramer-Douglas-Peucker), so the crop expression stays short."""
    if len(points) < 3:
        return points
    (t0, x0), (t1, x1) = points[0], points[-1]
    worst, idx = 0.0, 0
    for i in range(1, len(points) - 1):
        t, x = points[i]
        line = x0 + (x1 - x0) * (t - t0) / (t1 - t0) if t1 > t0 else x0
        d = abs(x - line)
        if d > worst:
            worst, idx = d, i
    if worst <= tolerance:
        return [points[0], points[-1]]
    left = simplify(points[: idx + 1], tolerance)
    return left[:-1] + simplify(points[idx:], tolerance)


@dataclass
class ReframePlan:
    """How the source frame becomes the output frame."""

    mode: str  # face | center | blur | fit (same aspect)
    src_w: int
    src_h: int
    out_w: int
    out_h: int
    crop_w: int = 0
    crop_h: int = 0
    y: int = 0
    keyframes: list[tuple[float, float]] = field(default_factory=list)  # (t, crop x)
    followed: str = ""  # face | motion | none
    seen: SceneCuts | None = None  # face mode: the cuts it used, in seconds from the start

    def x_at(self, t: float) -> float:
        ks = self.keyframes
        if not ks:
            return (self.src_w - self.crop_w) / 2
        if t <= ks[0][0]:
            return ks[0][1]
        for (t0, x0), (t1, x1) in itertools.pairwise(ks):
            if t <= t1:
                return x0 + (x1 - x0) * (t - t0) / (t1 - t0) if t1 > t0 else x1
        return ks[-1][1]

    def x_expr(self) -> str:
        """Piecewise-linear x(t) as a flat sum of clipped ramps (no nesting depth limit)."""
        ks = self.keyframes
        if not ks:
            return str((self.src_w - self.crop_w) // 2)
        terms = [f"{ks[0][1]:.1f}"]
        for (t0, x0), (t1, x1) in itertools.pairwise(ks):
            dx = x1 - x0
            if abs(dx) < 0.5:
                continue
            span = max(t1 - t0, 1e-3)
            terms.append(f"{dx:+.1f}*clip((t-{t0:.3f})/{span:.3f},0,1)")
        return "".join(terms)

    def filter(self) -> str:
        """The video filter chain from the decoded source to the output size."""
        ow, oh = self.out_w, self.out_h
        if self.mode == "blur":
            bw, bh = even(ow / 4), even(oh / 4)
            return (
                f"split=2[rf_bg][rf_fg];"
                f"[rf_bg]scale={bw}:{bh}:force_original_aspect_ratio=increase,"
                f"crop={bw}:{bh},boxblur=10:2,scale={ow}:{oh},eq=brightness=-0.08[rf_b];"
                f"[rf_fg]scale={ow}:{oh}:force_original_aspect_ratio=decrease[rf_f];"
                f"[rf_b][rf_f]overlay=(W-w)/2:(H-h)/2,setsar=1"
            )
        if self.mode == "fit":
            return f"scale={ow}:{oh},setsar=1"
        x = self.x_expr() if self.mode == "face" else str((self.src_w - self.crop_w) // 2)
        return (
            f"crop={self.crop_w}:{self.crop_h}:x='{x}':y={self.y},"
            f"scale={ow}:{oh}:flags=bicubic,setsar=1"
        )


def crop_size(src_w: int, src_h: int, out_w: int, out_h: int) -> tuple[int, int]:
    target = out_w / out_h
    if src_w / src_h > target:
        return min(src_w, even(src_h * target)), src_h
    return src_w, min(src_h, even(src_w / target))


def plan_reframe(
    mode: str,
    *,
    src: str,
    start: float,
    duration: float,
    src_w: int,
    src_h: int,
    out_w: int,
    out_h: int,
    samples: Samples | None = None,
    scenes: SceneCuts | None = None,
) -> tuple[ReframePlan, Samples | None]:
    """Decide the crop; `face` samples and tracks the clip (returns the samples for reuse).

    `scenes`: scene cuts already found on the range, in seconds from `start`."""
    cw, ch = crop_size(src_w, src_h, out_w, out_h)
    same_aspect = abs(src_w / src_h - out_w / out_h) < 0.01
    if same_aspect:
        return ReframePlan("fit", src_w, src_h, out_w, out_h, src_w, src_h), samples
    if mode == "blur":
        return ReframePlan("blur", src_w, src_h, out_w, out_h, cw, ch), samples
    y = (src_h - ch) // 2
    if mode == "center" or cw >= src_w:
        return ReframePlan("center", src_w, src_h, out_w, out_h, cw, ch, y), samples
    if samples is None:
        samples = sample_frames(src, start, duration, src_w, src_h, detect=True)
    track = track_subject(samples, scenes)
    max_x = src_w - cw
    centres = smooth_path(track.targets, track.cuts, default=src_w / 2, dead_zone=DEAD_ZONE * cw)
    points = [
        (t, min(max(c - cw / 2, 0.0), float(max_x)))
        for t, c in zip(samples.times, centres, strict=False)
    ]
    # A cut is a jump: hold the old x until just before the cut's sample.
    keyed: list[tuple[float, float]] = []
    cutset = set(track.cuts)
    for i, (t, x) in enumerate(points):
        if i in cutset and keyed:
            keyed.append((max(t - 0.04, keyed[-1][0] + 0.001), keyed[-1][1]))
        keyed.append((t, x))
    keyframes = simplify(keyed, tolerance=max(2.0, src_w * 0.004))
    if len(keyframes) > 240:  # keep the filter string reasonable on very long clips
        step = len(keyframes) / 240
        keyframes = [keyframes[int(i * step)] for i in range(240)] + [keyframes[-1]]
    from livegen.media.scenes import SceneCuts

    times = samples.times
    seen = SceneCuts(
        [(times[0], times[-1])] if len(times) > 1 else [],
        [(times[c - 1], times[c]) for c in track.cuts if 0 < c < len(times)],
    )
    plan = ReframePlan(
        "face",
        src_w,
        src_h,
        out_w,
        out_h,
        cw,
        ch,
        y,
        keyframes=[(round(t, 3), round(x, 1)) for t, x in keyframes],
        followed=track.source,
        seen=seen,
    )
    return plan, samples
