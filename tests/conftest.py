"""Shared fixtures: every test gets its own config and cache folders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.support.paths import FIXTURES, REPO, SAMPLES  # noqa: F401


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files (rendered prompts) instead of comparing against them",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden-file tests rewrite their files (`--update-goldens`, `make goldens`,
    or UPDATE_GOLDEN=1) instead of failing on drift."""
    return bool(request.config.getoption("--update-goldens") or os.environ.get("UPDATE_GOLDEN"))


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config and cache at a temporary folder; drop any user LLM settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    for name in list(os.environ):
        if name.startswith(("LIVEGEN_", "OPENAI_")):
            monkeypatch.delenv(name, raising=False)
    # Model weights installed once per machine are shared, not re-assembled per test.
    shared_models = os.environ.get("LIVEGEN_TEST_MODELS_DIR")
    if shared_models:
        monkeypatch.setenv("LIVEGEN_MODELS_DIR", shared_models)
    from livegen.cli.console import state

    state._config = None
    state.quiet = state.verbose = False
    state.config_file = None
    return home


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `livegen ARGS` in a real subprocess; stdout and stderr kept apart."""

    def _run(
        *args: str,
        input: str | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 600,
    ) -> subprocess.CompletedProcess[str]:
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "livegen", *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=full_env,
            timeout=timeout,
        )

    return _run


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    from livegen.cli import run

    def _invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return _invoke
