"""Fixtures for the clip tests: one generated recording per session, JSON writers, a count of
the face reframe's scene-cut decisions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from clipmedia import make_recording
from tests.support.sample_cache import _shared_cache_root, shared_cache  # noqa: F401
from tests.support.scene_cuts import count_cut_decisions


@pytest.fixture(scope="session")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_recording(tmp_path_factory.mktemp("rec") / "rec.mp4")


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[str, dict], Path]:
    def _write(name: str, data: dict) -> Path:
        p = tmp_path / name
        p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return p

    return _write


@pytest.fixture
def cut_decisions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The frame count of every scene-cut decision the face reframe makes in the test."""
    return count_cut_decisions(monkeypatch)
