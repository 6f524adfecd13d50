"""Seeded phrase picking from the phrase banks in `templates/phrases/<lang>.yaml`."""

from __future__ import annotations

import copy
import hashlib
import random
from collections.abc import Mapping
from typing import Any

from livegen.errors import InputError
from livegen.templating import Templates


class PhraseBank:
    """One language's phrases for one platform and style, picked with a seeded RNG.

    The same seed always yields the same picks. Each slot deals its variants like a
    shuffled deck: none is used again until all have been, so a re-pitch twenty minutes
    later is worded afresh rather than word for word.
    """

    def __init__(
        self, templates: Templates, language: str, platform: str, style: str, seed: int | str
    ) -> None:
        self.templates = templates
        self.name = f"phrases/{language}.yaml"
        self.data = templates.data(self.name)
        self.platform_data: Mapping[str, Any] = (self.data.get("platforms") or {}).get(
            platform, {}
        ) or {}
        self.style = style
        self.rng = random.Random(f"livegen:{seed}")
        self._decks: dict[str, list[int]] = {}
        self.prefer: str = ""  # an audience: its own half of each slot's variants comes first

    def snapshot(self) -> tuple[Any, dict[str, list[int]]]:
        return self.rng.getstate(), copy.deepcopy(self._decks)

    def restore(self, state: tuple[Any, dict[str, list[int]]]) -> None:
        self.rng.setstate(state[0])
        self._decks = copy.deepcopy(state[1])

    def raw(self, key: str, default: Any = None) -> Any:
        """A plain value (word lists, separators) with platform overrides applied."""
        if key in self.platform_data:
            return self.platform_data[key]
        return self.data.get(key, default)

    def variants(self, slot: str) -> list[str]:
        value = self.raw(slot)
        if value is None:
            raise InputError(
                f"{self.name}: no phrases for slot '{slot}'",
                hint="add the slot to your phrase bank or remove the override",
            )
        if isinstance(value, Mapping):
            value = value.get(self.style, value.get("any", []))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{self.name}: slot '{slot}' must be a list of strings")
        return value

    def deal(self, slot: str) -> list[int]:
        """Variant indices in the order they should be tried: the rest of the deck first."""
        options = self.variants(slot)
        deck = self._decks.get(slot)
        if not deck or any(i >= len(options) for i in deck):
            deck = list(range(len(options)))
            self.rng.shuffle(deck)
            self._decks[slot] = deck
        rest = [i for i in range(len(options)) if i not in deck]
        self.rng.shuffle(rest)
        order = deck + rest
        if self.prefer and len(options) > 2:
            # Two audiences of one product start from different halves of the bank, so
            # their scripts are worded apart and not only addressed apart.
            def mine(i: int) -> bool:
                digest = hashlib.sha1(f"{self.prefer}|{slot}|{i}".encode()).digest()
                return digest[0] % 2 == 0

            own = [i for i in order if mine(i)]
            # A slot rich enough is kept to the audience's own half.
            order = (
                own
                if len(options) >= 6 and len(own) >= 3
                else own + [i for i in order if not mine(i)]
            )
        return order

    def use(self, slot: str, index: int) -> None:
        deck = self._decks.get(slot)
        if deck and index in deck:
            deck.remove(index)

    def pick(self, slot: str) -> str | None:
        options = self.variants(slot)
        if not options:
            return None
        index = self.deal(slot)[0]
        self.use(slot, index)
        return options[index]

    def render(self, text: str, context: Mapping[str, Any], slot: str) -> str:
        return self.templates.render_string(text, context, origin=f"{self.name}: {slot}").strip()

    def say(self, slot: str, context: Mapping[str, Any]) -> str:
        text = self.pick(slot)
        return "" if text is None else self.render(text, context, slot)
