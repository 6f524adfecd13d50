"""Where the repository's test inputs live."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
FIXTURES = REPO / "tests" / "fixtures"
# Product specs only: the sample recordings' sidecars (*.truth.json) are not specs.
SAMPLE_FILES = sorted(
    p.name
    for p in SAMPLES.glob("*.*")
    if p.suffix in (".yaml", ".json", ".toml") and not p.name.endswith(".truth.json")
)
