"""A synthetic recording with known highlights, built once per test session."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hl_synth as synth


@pytest.fixture(scope="session")
def rec(tmp_path_factory: pytest.TempPathFactory) -> synth.Recording:
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is missing: run `bash scripts/system-deps.sh`")
    return synth.build(tmp_path_factory.mktemp("hl-rec"))


@pytest.fixture(scope="session")
def base_run(rec: synth.Recording, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One full CLI run (chat, two products, report) shared by the read-only tests."""
    from livegen.cli import run

    out = tmp_path_factory.mktemp("hl-out")
    code = run(["highlights", str(rec.media), "--transcript", str(rec.transcript),
                "--chat", str(rec.chat), "--spec", str(rec.spec_a), "--spec", str(rec.spec_b),
                "-o", str(out / "h.json"), "--report", str(out / "r.html")])
    assert code == 0
    return {"data": json.loads((out / "h.json").read_text(encoding="utf-8")),
            "html": (out / "r.html").read_text(encoding="utf-8")}


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path
