"""Fixtures for the clip tests: one generated recording per session, JSON writers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from clipmedia import make_recording
from tests.support.sample_cache import _shared_cache_root, shared_cache  # noqa: F401


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
