"""Progress reporting the core calls and the CLI draws.

Core code reports through a `Reporter`; it never draws bars itself. The CLI hands in
a rich reporter on stderr (or a silent one with --quiet / not a TTY), so stdout stays
clean for pipes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Task(Protocol):
    def advance(self, amount: float = 1.0) -> None: ...

    def update(
        self,
        completed: float | None = None,
        total: float | None = None,
        description: str | None = None,
    ) -> None: ...


class Reporter(Protocol):
    @contextmanager
    def task(
        self, description: str, total: float | None = None, unit: str = ""
    ) -> Iterator[Task]: ...

    def info(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...


class _NullTask:
    def advance(self, amount: float = 1.0) -> None:
        pass

    def update(
        self,
        completed: float | None = None,
        total: float | None = None,
        description: str | None = None,
    ) -> None:
        pass


class NullReporter:
    """Reports nothing; the default for library callers and tests."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.messages: list[str] = []

    @contextmanager
    def task(self, description: str, total: float | None = None, unit: str = "") -> Iterator[Task]:
        yield _NullTask()

    def info(self, message: str) -> None:
        self.messages.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
