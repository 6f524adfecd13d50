"""One transcript cache for every test that transcribes a bundled sample.

Imported by the conftests of the areas that need it. The folder is named after the test
session's base temp folder, so each importing conftest gets the same one and a sample is
transcribed once per session, whichever test asks first.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _shared_cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.getbasetemp() / "shared-transcript-cache"
    root.mkdir(exist_ok=True)
    return root


@pytest.fixture
def shared_cache(_shared_cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point this test's cache (in-process and subprocesses) at the session's shared one."""
    monkeypatch.setenv("LIVEGEN_CACHE_DIR", str(_shared_cache_root))
    from livegen.cli.console import state

    state._config = None
    return _shared_cache_root
