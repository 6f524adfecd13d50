"""Fixtures for the fault and hostile-input suites."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.media import pattern_video
from tests.support.sample_cache import _shared_cache_root, shared_cache  # noqa: F401


@pytest.fixture(scope="session")
def tiny_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seconds of test pattern and tone (320x240): cheap to cut and encode."""
    return pattern_video(tmp_path_factory.mktemp("media") / "tiny.mp4", 3.0)
