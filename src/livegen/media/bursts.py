"""Frame pairs at each keyframe of a range: the picture's activity for a fraction of a decode.

Decoding every frame of a 1080p stream is what makes visual analysis slow. A keyframe is
decodable on its own and the frames right after it depend only on it, so feeding the
decoder a keyframe and the packets of the next `burst` seconds, then skipping the rest of
the group of pictures, yields one frame pair per keyframe (the keyframe and the frame
`burst` later) while decoding only `burst / GOP` of the frames: a quarter with the usual
2-s keyframe interval of streaming encoders, a tenth or less with longer ones. Encoders
also place keyframes at scene cuts, so a cut starts a new pair.

PyAV (a dependency of faster-whisper) demuxes and decodes in-process; frames come out
scaled to the analysis size, never at full size in Python.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from livegen.errors import DependencyError, MediaError

if TYPE_CHECKING:
    import numpy as np

BURST = 0.5  # seconds decoded after each keyframe: the second frame of the pair


@dataclass
class Pair:
    """The keyframe at `time` (seconds in the file) and the frame `gap` seconds later."""

    time: float
    head: np.ndarray  # BGR, analysis size
    tail: np.ndarray | None  # None when the next keyframe or the range end came first
    gap: float


def keyframe_pairs(
    path: str | os.PathLike[str],
    start: float,
    duration: float,
    size: tuple[int, int],
    burst: float = BURST,
    every: float = 0.0,
) -> Iterator[Pair]:
    """One `Pair` per keyframe in [start, start + duration); with `every`, keyframes
    closer than that many seconds after the last one decoded are not decoded at all (a
    coarse look at a long range)."""
    try:
        import av
    except ImportError:
        raise DependencyError(
            "keyframe sampling needs PyAV", hint="pip install 'livegen[media]'"
        ) from None
    w, h = size
    end = start + duration
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError(f"{path}: cannot open the video ({exc})") from None
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if stream.time_base is None:
            raise MediaError(f"{path}: the video stream has no time base")
        tb = float(stream.time_base)
        if start > 0:
            container.seek(int(start / tb), stream=stream, backward=True, any_frame=False)
        head: tuple[float, np.ndarray] | None = None
        tail: tuple[float, av.VideoFrame] | None = None
        key_time: float | None = None
        due = start  # the next keyframe to decode is the first at or after this
        skipping = False
        done = False
        for packet in container.demux(stream):
            if packet.size:
                t = packet.pts * tb if packet.pts is not None else None
                if packet.is_keyframe and every > 0 and t is not None and t < due:
                    key_time, skipping = t, True  # a coarse look skips this group whole
                    continue
                if packet.is_keyframe:
                    key_time, skipping = t, False
                    if t is not None:
                        due = t + every
                        if t >= end:
                            done = True
                elif skipping or key_time is None or (t is not None and t > key_time + burst):
                    # The rest of this group of pictures is not decoded. Decoding stops at
                    # the first packet past the burst (decode order), so every frame that
                    # is decoded has its references.
                    skipping = True
                    continue
            for frame in packet.decode():
                ft = frame.time
                if ft is None or ft < start - 1e-3 or ft >= end + burst:
                    continue
                if frame.key_frame or head is None:
                    if head is not None:
                        yield _pair(head, tail, w, h)
                        head = None
                    if ft >= end:
                        done = True
                        break
                    head = (ft, frame.to_ndarray(width=w, height=h, format="bgr24"))
                    tail = None
                elif ft <= head[0] + burst + 1e-3 and (tail is None or ft > tail[0]):
                    tail = (ft, frame)
            if done:
                break
        if head is not None:
            yield _pair(head, tail, w, h)
    except av.error.FFmpegError as exc:
        raise MediaError(f"{path}: video decode failed ({exc})") from None
    finally:
        container.close()


def _pair(
    head: tuple[float, np.ndarray], tail: tuple[float, object] | None, w: int, h: int
) -> Pair:
    if tail is None:
        return Pair(head[0], head[1], None, 0.0)
    frame = tail[1].to_ndarray(width=w, height=h, format="bgr24")  # type: ignore[attr-defined]
    return Pair(head[0], head[1], frame, tail[0] - head[0])
