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
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

VERSION = "1"


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
