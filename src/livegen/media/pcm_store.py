"""One decode of a recording's soundtrack for every stage of a run that reads it.

Transcription reads a file's 16 kHz mono PCM twice (the language vote's activity pass,
then the windows) and the highlights stage once more; on a 2-hour stream each of those is
a full AAC decode of a multi-gigabyte file. Inside `shared_decode()` the first whole-file
read streams ffmpeg's output to its reader and, on the way, to a raw PCM file in a
temporary folder; every later read of that file (whole, or a span) reads the raw file
instead of starting ffmpeg again. Memory stays flat: chunks pass through, the raw file
(115 MB per hour) lives on disk and is removed when the scope ends.

The scope is entered by whoever runs several stages in one process (`livegen run`);
single commands never enter it and decode as before. Before the last stage that reads
audio the caller seals the store (`PcmStore.seal`): that stage still reads what earlier
stages decoded, but a file nobody decoded yet (a transcript reused from the run folder or
the cache) is streamed from ffmpeg without a copy no one would read again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from livegen.cache import key_of

BYTES_PER_SAMPLE = 2  # s16le

_ACTIVE: ContextVar[PcmStore | None] = ContextVar("livegen_pcm_store", default=None)


class PcmStore:
    """Finished raw decodes by file identity (path, size, modification time, inode)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._writing: set[Path] = set()
        self.sealed = False

    def seal(self) -> None:
        """No reader after the next one: finished decodes are still read, no new copy is
        written (on a 2-hour stream that is 230 MB written for nothing)."""
        self.sealed = True

    def _raw(self, path: str | os.PathLike[str], sample_rate: int) -> Path:
        st = os.stat(path)
        name = key_of(
            "pcm", str(Path(path).resolve()), st.st_size, st.st_mtime_ns, st.st_ino, sample_rate
        )
        return self.folder / f"{name}.s16le"

    def chunks(
        self,
        path: str | os.PathLike[str],
        decode: Callable[[], Iterator[bytes]],
        *,
        sample_rate: int,
        chunk_bytes: int,
        start: float | None,
        duration: float | None,
    ) -> Iterator[bytes]:
        """Raw s16le buffers of `chunk_bytes` for the span; `decode` is ffmpeg's own
        stream of the same span, used (and kept) when no finished decode exists."""
        try:
            raw = self._raw(path, sample_rate)
        except OSError:  # not there (any more): ffmpeg says what is wrong
            yield from decode()
            return
        if raw.is_file():
            yield from _read_span(raw, sample_rate, chunk_bytes, start, duration)
            return
        if start or duration is not None or raw in self._writing or self.sealed:
            # A span before the whole file was read, or a last reader: ffmpeg's own.
            yield from decode()
            return
        yield from self._tee(raw, decode())

    def _tee(self, raw: Path, source: Iterator[bytes]) -> Iterator[bytes]:
        part = raw.with_suffix(".part")
        self._writing.add(raw)
        complete = False
        try:
            with open(part, "wb") as out:
                for buf in source:
                    out.write(buf)
                    yield buf
            complete = True  # the reader saw the end of the stream, so the file is whole
        finally:
            self._writing.discard(raw)
            if complete:
                os.replace(part, raw)
            else:
                part.unlink(missing_ok=True)  # a reader that stopped early: not reusable


def _read_span(
    raw: Path, sample_rate: int, chunk_bytes: int, start: float | None, duration: float | None
) -> Iterator[bytes]:
    first = round((start or 0.0) * sample_rate) * BYTES_PER_SAMPLE
    left = None if duration is None else round(duration * sample_rate) * BYTES_PER_SAMPLE
    with open(raw, "rb") as f:
        f.seek(first)
        while left is None or left > 0:
            buf = f.read(chunk_bytes if left is None else min(chunk_bytes, left))
            if not buf:
                break
            if left is not None:
                left -= len(buf)
            yield buf


def active_store() -> PcmStore | None:
    return _ACTIVE.get()


@contextmanager
def shared_decode(folder: str | os.PathLike[str] | None = None) -> Iterator[PcmStore]:
    """Within this block each file's PCM is decoded by ffmpeg at most once (see module)."""
    outer = _ACTIVE.get()
    if outer is not None:  # already shared by an enclosing run
        yield outer
        return
    tmp = Path(tempfile.mkdtemp(prefix="livegen-pcm-", dir=folder))
    store = PcmStore(tmp)
    token = _ACTIVE.set(store)
    try:
        yield store
    finally:
        _ACTIVE.reset(token)
        shutil.rmtree(tmp, ignore_errors=True)
