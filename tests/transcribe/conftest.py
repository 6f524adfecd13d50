"""Real Whisper weights for the transcription tests, installed once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LIVEGEN_TEST_MODELS_DIR when set (make test installs base there), else a temp dir."""
    from livegen.transcribe.models import install_model

    shared = os.environ.get("LIVEGEN_TEST_MODELS_DIR")
    folder = Path(shared) if shared else tmp_path_factory.mktemp("models")
    install_model("base", folder)
    return folder


@pytest.fixture
def use_models(models_dir: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIVEGEN_MODELS_DIR", str(models_dir))
    return models_dir


@pytest.fixture
def config(use_models: Path, tmp_path: Path):
    from livegen.config import load_config

    cfg = load_config(cwd=tmp_path)
    cfg.set("cache.dir", str(tmp_path / "cache"))
    return cfg
