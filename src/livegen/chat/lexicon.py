"""The word lists and topic examples `livegen chat` reads from the shipped data files.

They live in `templates/chat/` as YAML so that a new topic, complaint word or spam
pattern is a data change, not a code change.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from livegen.chat.text import TermMatcher
from livegen.errors import InputError
from livegen.resources import data_path
from livegen.text import match_key


@dataclass(frozen=True)
class Topic:
    key: str
    label: dict[str, str]
    examples: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.key


@dataclass(frozen=True)
class Topics:
    topics: tuple[Topic, ...]
    min_similarity: float


@dataclass(frozen=True)
class Lexicon:
    intent: TermMatcher
    negative: dict[str, TermMatcher]  # category -> its terms (both languages)
    contact: dict[str, re.Pattern[str]]
    spam_phrases: TermMatcher
    flood_repeats: int
    asked_alone: frozenset[str] = frozenset()  # attributes a bare mention asks for


def read_chat_data(path: Path, shape: str = "a mapping") -> dict[str, Any]:
    """One chat data file as a mapping; `shape` names what the file should hold when not."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read chat data file ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected {shape}")
    return data


def _both(entry: Any) -> tuple[str, ...]:
    """Terms of both languages from a {zh: [...], en: [...]} entry (or a plain list)."""
    if isinstance(entry, dict):
        return tuple(str(t) for lang in ("zh", "en") for t in entry.get(lang) or [])
    return tuple(str(t) for t in entry or [])


@functools.cache
def load_topics(path: str | None = None) -> Topics:
    p = Path(path) if path else data_path("chat", "topics.yaml")
    data = read_chat_data(p)
    topics = []
    for key, body in (data.get("topics") or {}).items():
        body = body or {}
        label = {str(k): str(v) for k, v in (body.get("label") or {}).items()}
        topics.append(Topic(str(key), label, _both(body.get("examples"))))
    if not topics:
        raise InputError(f"{p}: no topics defined")
    return Topics(tuple(topics), float(data.get("min_similarity", 0.25)))


@functools.cache
def load_lexicon(path: str | None = None) -> Lexicon:
    p = Path(path) if path else data_path("chat", "lexicon.yaml")
    data = read_chat_data(p)
    spam = data.get("spam") or {}
    contact = {}
    for name, pattern in (spam.get("contact") or {}).items():
        try:
            contact[str(name)] = re.compile(str(pattern))
        except re.error as exc:
            raise InputError(f"{p}: spam.contact.{name}: bad regular expression ({exc})") from None
    return Lexicon(
        intent=TermMatcher(_both(data.get("intent"))),
        negative={str(k): TermMatcher(_both(v)) for k, v in (data.get("negative") or {}).items()},
        contact=contact,
        spam_phrases=TermMatcher(_both(spam.get("phrases"))),
        flood_repeats=int(spam.get("flood_repeats", 4)),
        asked_alone=frozenset(match_key(t) for t in _both(data.get("asked_alone")) if t.strip()),
    )
