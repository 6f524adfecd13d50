"""A small content-keyed cache so no stage redoes work it already did on the same input.

Media files are keyed by a sampled content hash (size plus 64 KiB blocks spread over the
file): it changes whenever the recording changes, costs milliseconds on a 10 GB file,
and does not depend on the file's name or location.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from livegen.artifacts import atomic_output
from livegen.errors import LivegenError

CACHE_VERSION = "1"
_BLOCK = 64 * 1024
_SAMPLES = 32


# Sampled hashes by file identity: `livegen run` asks for a recording's in every stage.
_SAMPLED: dict[tuple[str, int, int, int], str] = {}


def file_hash(path: str | os.PathLike[str]) -> str:
    """Sampled content hash of a (possibly huge) file; whole-file hash below 4 MiB.

    A sampled (large) file is hashed once per process while its size, modification time
    and inode hold, as `livegen.media.probe.probe` keeps its answer."""
    p = Path(path)
    st = p.stat()
    size = st.st_size
    if size <= _BLOCK * _SAMPLES * 2:
        return _hash(p, size)
    identity = (str(p.resolve()), size, st.st_mtime_ns, st.st_ino)
    known = _SAMPLED.get(identity)
    if known is None:
        known = _SAMPLED[identity] = _hash(p, size)
        if len(_SAMPLED) > 256:
            _SAMPLED.clear()
    return known


def _hash(p: Path, size: int) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(str(size).encode())
    with p.open("rb") as f:
        if size <= _BLOCK * _SAMPLES * 2:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        else:
            step = (size - _BLOCK) // (_SAMPLES - 1)
            for i in range(_SAMPLES):
                f.seek(i * step)
                h.update(f.read(_BLOCK))
    return h.hexdigest()


def key_of(*parts: Any) -> str:
    """Stable key from JSON-able parts (options dicts, hashes, versions)."""
    blob = json.dumps([CACHE_VERSION, *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(blob.encode(), digest_size=16).hexdigest()


class Cache:
    """Files under `<root>/<namespace>/<key>.<ext>`, written atomically."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled

    def path(self, namespace: str, key: str, ext: str = "json") -> Path:
        return self.root / namespace / f"{key}.{ext}"

    def get_text(self, namespace: str, key: str, ext: str = "json") -> str | None:
        if not self.enabled:
            return None
        p = self.path(namespace, key, ext)
        try:
            return p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put_text(self, namespace: str, key: str, text: str, ext: str = "json") -> None:
        if not self.enabled:
            return
        p = self.path(namespace, key, ext)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            with atomic_output(p, force=True) as tmp:
                tmp.write_text(text, encoding="utf-8")
        except (OSError, LivegenError):
            pass  # a cache that cannot be written (full disk included) only costs time
