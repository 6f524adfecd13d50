"""Paths and the command of a `livegen run` subprocess (environment: `tests.support.cli_env`)."""

from __future__ import annotations

import sys

from tests.support.paths import SAMPLES

MEDIA = SAMPLES / "live-demo.en.mp4"
CHAT = SAMPLES / "live-demo.en.chat.jsonl"
# Small clips keep the suite fast; the sizes are still checked exactly.
FAST = ("--size", "360x640", "--reframe", "center")


def livegen_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "livegen", *args]
