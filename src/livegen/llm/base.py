"""The protocol every chat backend implements, and the message type it takes.

Stages render their prompts with Jinja2 templates and hand the messages to a backend;
they never talk to an HTTP client directly. Backends are looked up by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Message:
    role: Literal["system", "user", "assistant"]
    content: str


class ChatBackend(Protocol):
    """A chat model that answers with JSON matching a pydantic model."""

    name: str
    model: str | None

    def complete_json(self, messages: list[Message], schema: type[T], *, task: str) -> T:
        """Ask for JSON matching `schema`; validate it; raise BackendError when it can't."""
        ...

    def complete_text(self, messages: list[Message], *, task: str) -> str:
        """Free text answer (used for rewrites and reasons)."""
        ...
