"""Helpers for the script stage: compose a sample offline with a few overrides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.support.paths import SAMPLES


@pytest.fixture
def compose() -> Callable[..., object]:
    """compose("face-cream.zh.yaml", style="story", seed=3) -> Script (offline by default)."""
    from livegen.script import ScriptOptions
    from livegen.script import compose as _compose
    from livegen.spec import load_spec
    from livegen.templating import Templates

    def _run(
        sample: str,
        *,
        templates: str | Path | None = None,
        backend: object = None,
        fix: bool = True,
        **opts: object,
    ):
        if "personas" in opts:
            opts["personas"] = tuple(opts["personas"])  # type: ignore[arg-type]
        spec = load_spec(SAMPLES / sample)
        return _compose(
            spec,
            ScriptOptions(**opts),
            Templates(templates),
            backend,  # type: ignore[arg-type]
            fix=fix,
        )

    return _run
