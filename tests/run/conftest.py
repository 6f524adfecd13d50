"""`livegen run` in real subprocesses, sharing the session's transcript cache."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from run_helpers import CHAT, FAST, MEDIA, livegen_cmd
from tests.support.cli_env import livegen_env
from tests.support.sample_cache import _shared_cache_root, shared_cache  # noqa: F401


@pytest.fixture(scope="module")
def first_run(
    _shared_cache_root: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One full run of the English sample with --json, shared by the checks of its files."""
    home = tmp_path_factory.mktemp("home")
    out = tmp_path_factory.mktemp("run") / "out"
    proc = subprocess.run(
        livegen_cmd(
            "run", str(MEDIA), "--chat", str(CHAT), "--out", str(out), "--top", "2", *FAST, "--json"
        ),
        capture_output=True,
        text=True,
        env=livegen_env(_shared_cache_root, home),
        timeout=600,
    )
    return out, proc


@pytest.fixture
def run_in(shared_cache: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:  # noqa: F811
    env = livegen_env(shared_cache, tmp_path / "home")

    def _run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            livegen_cmd("run", *args), capture_output=True, text=True, env=env, timeout=600
        )

    return _run
