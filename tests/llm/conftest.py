"""Fixtures for the LLM backend tests: a live fake server and a backend pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.llm.fake_openai import FakeOpenAIServer

from livegen.progress import NullReporter

API_KEY = "sk-test-5f1c9e0d7b2a4c68a1e3"


@pytest.fixture
def api_key() -> str:
    """A key-shaped secret that must never show up in an error message."""
    return API_KEY


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


class Sleeps(list[float]):
    """A stand-in for `time.sleep` that records the delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def reporter() -> NullReporter:
    return NullReporter()


@pytest.fixture
def make_backend(
    fake_openai: FakeOpenAIServer, sleeps: Sleeps, reporter: NullReporter
) -> Callable[..., Any]:
    """An OpenAIBackend aimed at the fake server; keyword arguments override defaults."""
    from livegen.llm.openai_backend import OpenAIBackend

    def _make(**overrides: Any) -> OpenAIBackend:
        options: dict[str, Any] = {
            "base_url": fake_openai.base_url,
            "api_key": API_KEY,
            "model": "fake-model",
            # Generous: only the hang tests rely on a timeout firing, and they set their own.
            "timeout": 20.0,
            "max_retries": 3,
            "reporter": reporter,
            "sleep": sleeps,
        }
        options.update(overrides)
        return OpenAIBackend(**options)

    return _make
