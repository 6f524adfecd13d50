"""The batch tests' recordings: two tiny valid ones and a corrupt file, made once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from batch_helpers import make_recording
from tests.support.sample_cache import _shared_cache_root, shared_cache  # noqa: F401


@pytest.fixture(scope="session")
def day_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A day's folder: rec-a and rec-b (real speech), broken.mp4 (not media), notes.txt."""
    folder = tmp_path_factory.mktemp("day")
    make_recording(folder / "rec-a.mp4", "librispeech-1995-1837-0001.wav", "jfk.wav")
    make_recording(folder / "rec-b.mp4", "jfk.wav", "librispeech-1995-1837-0001.wav")
    (folder / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 truncated upload")
    (folder / "notes.txt").write_text("not a recording\n", encoding="utf-8")
    return folder


@pytest.fixture
def day(day_folder: Path, tmp_path: Path) -> Path:
    """This test's own copy of the day's folder."""
    copy = tmp_path / "day"
    shutil.copytree(day_folder, copy)
    return copy
