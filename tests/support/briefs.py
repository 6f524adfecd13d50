"""How the brief-import tests decide that a wanted item survived: its normalised text (case,
width, Traditional, punctuation and spacing folded away) is inside one imported entry."""

from __future__ import annotations

import re

from livegen.text import match_key


def norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", match_key(str(text)))


def kept(wanted: str, found: list[str]) -> bool:
    return any(norm(wanted) in norm(f) for f in found)
