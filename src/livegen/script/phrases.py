"""Seeded phrase picking from the phrase banks in `templates/phrases/<lang>.yaml`."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from livegen.errors import InputError
from livegen.templating import Templates


class PhraseBank:
    """One language's phrases for one platform and style, picked with a seeded RNG.

    The same seed always yields the same picks; a variant used last time for a slot is
    avoided when another exists, so a re-pitch twenty minutes later does not repeat
    itself word for word.
    """

    def __init__(self, templates: Templates, language: str, platform: str, style: str,
                 seed: int) -> None:
        self.templates = templates
        self.name = f"phrases/{language}.yaml"
        self.data = templates.data(self.name)
        self.platform_data: Mapping[str, Any] = (self.data.get("platforms") or {}).get(
            platform, {}) or {}
        self.style = style
        self.rng = random.Random(f"livegen:{seed}")
        self._last: dict[str, int] = {}

    def raw(self, key: str, default: Any = None) -> Any:
        """A plain value (word lists, separators) with platform overrides applied."""
        if key in self.platform_data:
            return self.platform_data[key]
        return self.data.get(key, default)

    def variants(self, slot: str) -> list[str]:
        value = self.raw(slot)
        if value is None:
            raise InputError(f"{self.name}: no phrases for slot '{slot}'",
                             hint="add the slot to your phrase bank or remove the override")
        if isinstance(value, Mapping):
            value = value.get(self.style, value.get("any", []))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{self.name}: slot '{slot}' must be a list of strings")
        return value

    def pick(self, slot: str) -> str | None:
        options = self.variants(slot)
        if not options:
            return None
        indices = list(range(len(options)))
        last = self._last.get(slot)
        if last is not None and len(indices) > 1:
            indices.remove(last)
        choice = self.rng.choice(indices)
        self._last[slot] = choice
        return options[choice]

    def render(self, text: str, context: Mapping[str, Any], slot: str) -> str:
        return self.templates.render_string(text, context, origin=f"{self.name}: {slot}").strip()

    def say(self, slot: str, context: Mapping[str, Any]) -> str:
        text = self.pick(slot)
        return "" if text is None else self.render(text, context, slot)
