"""FAQ answers still waiting for the host are never spoken, on any path.

`livegen chat --to-faq` writes entries whose answer is a placeholder (`（待主播补充）`,
"(to be answered by the host)") for the host to fill. Until they are filled, the offline
composer skips them, the prompts sent to a model leave them out, and a model's line that
still carries one is dropped: a host must never read "to be answered" on camera.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from livegen.schemas.spec import FAQ, ProductSpec

# A whole answer that is only a placeholder.
PLACEHOLDER = re.compile(
    r"^[（(]?\s*(待.{0,6}补充|TBD|TODO|to be (added|confirmed|answered"
    r"( by the host)?))\s*[）)]?$",
    re.IGNORECASE,
)
# A placeholder anywhere inside a line (a model may copy one into its words).
_INSIDE = re.compile(
    r"[（(]\s*待.{0,6}补充\s*[）)]|待主播补充|\bto be (?:added|confirmed|answered) by the host\b"
    r"|[（(]\s*(?:TBD|TODO)\s*[）)]",
    re.IGNORECASE,
)


def is_placeholder(answer: str) -> bool:
    """An answer that is empty or only a placeholder for the host to fill."""
    text = answer.strip()
    return not text or bool(PLACEHOLDER.match(text)) or "待主播补充" in text


def has_placeholder(line: str) -> bool:
    """A line that carries a placeholder somewhere in it."""
    return bool(_INSIDE.search(line))


def speakable(spec: ProductSpec) -> tuple[list[FAQ], list[FAQ]]:
    """The spec's FAQ entries split into (answered, still a placeholder)."""
    kept: list[FAQ] = []
    skipped: list[FAQ] = []
    for entry in spec.faq:
        (skipped if is_placeholder(entry.answer) else kept).append(entry)
    return kept, skipped
