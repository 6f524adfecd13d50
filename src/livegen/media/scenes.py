"""Scene cuts found once on a stream, for every stage that needs them.

The highlights stage looks at the picture of the shortlisted windows (keyframe pairs, or
2-fps frames where a span has no keyframe) and decides there where the shots change; the
clip stage's face reframing restarts its crop path at each cut. In `livegen run` the
clip ranges are (nearly) the highlight windows, so the reframe takes the cuts from here
instead of deciding them again, and only decides them itself where the highlights stage
did not look.

A cut is known to lie in a bracket `(after, at]`: after the last frame seen of the old
shot and at or before the first frame seen of the new one. With keyframe pairs and an
encoder that places keyframes at cuts the bracket is tight at its end; with a fixed
keyframe interval it can be a GOP long, and the reframe places the cut inside it at the
sample where the picture changes most.

Between commands (`livegen highlights`, then `livegen clip` on the same recording) the
cuts are kept in the cache, keyed by the recording's content: inside `shared_scenes()`
the highlights stage adds what it found and the clip stage reads them, adds the cuts it
had to decide itself, and the scope saves the union for the next command.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from livegen.cache import Cache

VERSION = "1"
NAMESPACE = "scenes"  # the cache folder


@dataclass
class SceneCuts:
    """Cuts on the stream timeline (seconds), and the spans where the picture was seen."""

    spans: list[tuple[float, float]] = field(default_factory=list)
    cuts: list[tuple[float, float]] = field(default_factory=list)  # (after, at] brackets

    def add_span(self, start: float, end: float) -> None:
        if end > start:
            self.spans.append((start, end))

    def add_cut(self, after: float, at: float) -> None:
        self.cuts.append((min(after, at), at))

    def covered(self, start: float, end: float, slack: float = 0.0) -> bool:
        """True if [start, end] lies inside one span widened by `slack` on each side."""
        return any(a - slack <= start and end <= b + slack for a, b in self.spans)

    def merged(self, other: SceneCuts) -> SceneCuts:
        """Both sets of spans and cuts, each cut once."""
        spans = _union(self.spans + other.spans)
        cuts = sorted(set(self.cuts) | set(other.cuts))
        return SceneCuts(spans, cuts)

    def shifted(self, by: float, start: float, end: float) -> SceneCuts:
        """The part overlapping [start, end] (stream seconds), moved by `by` seconds."""
        spans = [
            (max(a, start) + by, min(b, end) + by) for a, b in self.spans if b > start and a < end
        ]
        cuts = [(a + by, b + by) for a, b in self.cuts if b > start and a < end]
        return SceneCuts(spans, cuts)

    def to_json(self, key: str) -> str:
        return (
            json.dumps(
                {
                    "schema_version": VERSION,
                    "key": key,
                    "spans": [[round(a, 3), round(b, 3)] for a, b in self.spans],
                    "cuts": [[round(a, 3), round(b, 3)] for a, b in self.cuts],
                },
                indent=1,
            )
            + "\n"
        )

    @staticmethod
    def from_json(text: str, key: str) -> SceneCuts | None:
        """The cuts saved for `key`, or None when the file is another run's or unreadable."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if (
            not isinstance(data, dict)
            or data.get("schema_version") != VERSION
            or data.get("key") != key
        ):
            return None
        try:
            spans = [(float(a), float(b)) for a, b in data.get("spans", [])]
            cuts = [(float(a), float(b)) for a, b in data.get("cuts", [])]
        except (TypeError, ValueError):
            return None
        return SceneCuts(spans, cuts)


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class SceneStore:
    """The scene cuts known for one stream (its files' content hashes, in order), read
    from and saved to the cache; safe to add to from the clip render threads."""

    def __init__(self, cache: Cache, key: str) -> None:
        self.cache, self.key = cache, key
        text = cache.get_text(NAMESPACE, key)
        self.cuts = (SceneCuts.from_json(text, key) if text else None) or SceneCuts()
        self._lock = threading.Lock()
        self._changed = False

    def known(self) -> SceneCuts | None:
        """What is known so far, or None when nothing was ever seen."""
        with self._lock:
            return (
                SceneCuts(list(self.cuts.spans), list(self.cuts.cuts)) if self.cuts.spans else None
            )

    def add(self, found: SceneCuts) -> None:
        if not found.spans:
            return
        with self._lock:
            self.cuts = self.cuts.merged(found)
            self._changed = True

    def save(self) -> None:
        with self._lock:
            if self._changed:
                self.cache.put_text(NAMESPACE, self.key, self.cuts.to_json(self.key))
                self._changed = False


_ACTIVE: ContextVar[SceneStore | None] = ContextVar("livegen_scene_store", default=None)


def stream_key(hashes: Sequence[str]) -> str:
    """The cache key of a stream's scene cuts: the content hashes of its files, in order."""
    from livegen.cache import key_of

    return key_of(NAMESPACE, VERSION, list(hashes))


def active_scenes() -> SceneStore | None:
    return _ACTIVE.get()


@contextmanager
def shared_scenes(cache: Cache, media: Sequence[str]) -> Iterator[SceneStore]:
    """Within this block the stages of one command share the stream's scene cuts, and
    those found are saved to the cache when it ends (see the module)."""
    from livegen.cache import file_hash

    store = SceneStore(cache, stream_key([file_hash(m) for m in media]))
    token = _ACTIVE.set(store)
    try:
        yield store
    finally:
        _ACTIVE.reset(token)
        store.save()
