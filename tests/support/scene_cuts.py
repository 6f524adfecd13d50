"""A count of the face reframe's scene-cut decisions, for the tests that pin when cuts found
by one stage are taken by the next instead of being decided again (clip and run tests)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pytest


def count_cut_decisions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, the frame count of every scene-cut decision the face reframe makes, one
    entry a decision; the real decision still runs, so an empty list means the reframe took
    cuts someone else had found."""
    from livegen.clip import reframe

    decided: list[int] = []
    real = reframe.scene_cuts

    def counted(frames: np.ndarray, threshold: float = reframe.CUT_THRESHOLD) -> list[int]:
        decided.append(len(frames))
        return real(frames, threshold)

    monkeypatch.setattr(reframe, "scene_cuts", counted)
    return decided
