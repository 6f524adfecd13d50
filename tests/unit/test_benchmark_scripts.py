"""Every benchmark script starts as a plain script from any folder.

The benchmarks are run by hand, not by the suite, so an import that only works under pytest
(a test helper that imports `tests.support`) would go unnoticed until someone measures.
`--help` imports each script's helpers and builds its parser without running anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.paths import REPO

SCRIPTS = sorted(p for p in (REPO / "benchmarks").glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_benchmark_script_starts_from_another_folder(script: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
    assert "usage" in done.stdout.lower()
