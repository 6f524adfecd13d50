"""Stream decoded audio as 16 kHz mono float32 chunks, so long recordings never sit in memory.

Several files are treated as fragments of one stream, decoded one after another.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from livegen.errors import Interrupted, MediaError
from livegen.media.ffmpeg import ffmpeg_exe, tail

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000


def pcm_chunks(
    path: str | os.PathLike[str],
    *,
    sample_rate: int = SAMPLE_RATE,
    chunk_seconds: float = 30.0,
    start: float | None = None,
    duration: float | None = None,
) -> Iterator[np.ndarray]:
    """Yield float32 mono arrays of `chunk_seconds` (the last one shorter).

    Inside `livegen.media.pcm_store.shared_decode()` a file already decoded whole is read
    from that decode instead of by a new ffmpeg process."""
    import numpy as np

    from livegen.media.pcm_store import active_store

    want = int(chunk_seconds * sample_rate) * 2

    def decode() -> Iterator[bytes]:
        return _ffmpeg_pcm(
            path, sample_rate=sample_rate, chunk_bytes=want, start=start, duration=duration
        )

    store = active_store()
    source = (
        decode()
        if store is None
        else store.chunks(
            path, decode, sample_rate=sample_rate, chunk_bytes=want, start=start, duration=duration
        )
    )
    for buf in source:
        yield np.frombuffer(buf, dtype="<i2").astype(np.float32) / 32768.0


def _ffmpeg_pcm(
    path: str | os.PathLike[str],
    *,
    sample_rate: int,
    chunk_bytes: int,
    start: float | None,
    duration: float | None,
) -> Iterator[bytes]:
    """ffmpeg's s16le mono output for the span, in buffers of `chunk_bytes` (even)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error"]
    if start:
        cmd += ["-ss", f"{start:.3f}"]
    cmd += ["-i", str(path)]
    if duration is not None:
        cmd += ["-t", f"{duration:.3f}"]
    cmd += ["-vn", "-sn", "-dn", "-ac", "1", "-ar", str(sample_rate), "-f", "s16le", "-"]
    from livegen import signals

    proc = signals.popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        while True:
            buf = proc.stdout.read(chunk_bytes)
            if not buf:
                break
            if len(buf) % 2:
                buf = buf[:-1]
            yield buf
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        if code != 0:
            raise MediaError(f"{path}: audio decode failed: {tail(err, 2)}")
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        raise Interrupted("interrupted") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        signals.untrack(proc)


def pcm_chunks_joined(
    paths: Sequence[str | os.PathLike[str]], chunk_seconds: float = 30.0
) -> Iterator[np.ndarray]:
    """Fragments of one stream, in order, as one continuous chunk stream."""
    for p in paths:
        yield from pcm_chunks(p, chunk_seconds=chunk_seconds)


def read_pcm(
    path: str | os.PathLike[str], start: float | None = None, duration: float | None = None
) -> np.ndarray:
    """A short span decoded whole (for clip-sized work and tests)."""
    import numpy as np

    parts = list(pcm_chunks(path, start=start, duration=duration))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
