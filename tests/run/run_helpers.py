"""Paths and the environment of a `livegen run` subprocess."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.support.paths import SAMPLES

MEDIA = SAMPLES / "live-demo.en.mp4"
CHAT = SAMPLES / "live-demo.en.chat.jsonl"
# Small clips keep the suite fast; the sizes are still checked exactly.
FAST = ("--size", "360x640", "--reframe", "center")


def run_env(cache: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEGEN_", "OPENAI_"))}
    env.update(
        {
            "LIVEGEN_CACHE_DIR": str(cache),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "NO_COLOR": "1",
        }
    )
    models = os.environ.get("LIVEGEN_TEST_MODELS_DIR")
    if models:
        env["LIVEGEN_MODELS_DIR"] = models
    return env


def livegen_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "livegen", *args]
