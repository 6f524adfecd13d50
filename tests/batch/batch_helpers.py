"""Tiny recordings with real speech, and a `livegen batch` subprocess, for the batch tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.media import speech_recording

SPEECH = Path(__file__).resolve().parents[1] / "fixtures" / "speech"
# Small clips keep the suite fast; sizes are still real renders.
FAST = ("--top", "1", "--size", "180x320", "--reframe", "center")


def make_recording(path: Path, first: str, second: str, seconds: float = 19.7) -> Path:
    """A 320x180 test picture at 10 fps over two real English speech clips, in order."""
    return speech_recording(path, [SPEECH / first, SPEECH / second], seconds)


def batch_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "livegen", "batch", *args]


def run_batch(
    env: dict[str, str], *args: str, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        batch_cmd(*args), capture_output=True, text=True, env=env, timeout=timeout
    )
