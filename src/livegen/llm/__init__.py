"""LLM backends behind one small protocol (see `livegen.llm.base`).

`offline` is not a chat backend: stages fall back to their own deterministic composer
when `get_backend` returns None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from livegen.errors import UsageError

if TYPE_CHECKING:
    from livegen.config import Config
    from livegen.llm.base import ChatBackend
    from livegen.progress import Reporter

BACKENDS = ("auto", "offline", "openai")


def resolve_backend_name(name: str | None, config: Config) -> str:
    """`auto` means openai when an endpoint or key is configured, else offline."""
    chosen = (name or config.get("llm.backend") or "auto").lower()
    if chosen not in BACKENDS:
        raise UsageError(f"unknown backend '{chosen}' (known: {', '.join(BACKENDS)})")
    if chosen == "auto":
        return "openai" if (config.get("llm.base_url") or config.get("llm.api_key")) else "offline"
    return chosen


def get_backend(
    name: str | None,
    config: Config,
    *,
    model: str | None = None,
    reporter: Reporter | None = None,
) -> ChatBackend | None:
    """The chat backend to use, or None for the offline composer.

    `reporter` receives the backend's warnings (retries, a refused JSON mode).
    """
    if resolve_backend_name(name, config) == "offline":
        return None
    from livegen.llm.openai_backend import OpenAIBackend

    return OpenAIBackend.from_config(config, model=model, reporter=reporter)
