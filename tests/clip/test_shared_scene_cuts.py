"""Face reframing takes the scene cuts the highlights stage found instead of deciding again."""

from __future__ import annotations

import numpy as np
import pytest

from livegen.clip import reframe
from livegen.clip.reframe import Samples, shared_cuts, track_subject
from livegen.media.scenes import SceneCuts

FPS = 4.0


def _two_shots(n: int = 40, cut: int = 22) -> Samples:
    """Dark frames, then bright ones from sample `cut` (a hard cut between shots)."""
    rng = np.random.default_rng(3)
    frames = np.stack(
        [
            rng.integers(10, 60, (90, 160)) if i < cut else rng.integers(180, 240, (90, 160))
            for i in range(n)
        ]
    ).astype(np.uint8)
    return Samples([i / FPS for i in range(n)], frames, 4.0)


def _count_detections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = reframe.scene_cuts

    def counted(frames: np.ndarray, threshold: float = reframe.CUT_THRESHOLD) -> list[int]:
        calls.append(len(frames))
        return real(frames, threshold)

    monkeypatch.setattr(reframe, "scene_cuts", counted)
    return calls


def test_a_cut_known_within_a_keyframe_interval_lands_on_the_sample_that_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = _two_shots()
    calls = _count_detections(monkeypatch)
    # seen: the old shot up to 4.6 s, the new one at the next keyframe, 6.0 s
    known = SceneCuts(spans=[(0.0, 10.0)], cuts=[(4.6, 6.0)])
    assert shared_cuts(samples, known) == [22] and calls == []
    assert track_subject(samples, known).cuts == [22] and calls == []


def test_without_shared_cuts_the_reframe_decides_them_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _count_detections(monkeypatch)
    assert track_subject(_two_shots()).cuts == [22] and calls == [40]


def test_a_range_where_nothing_was_seen_is_judged_by_the_reframe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = _two_shots()
    calls = _count_detections(monkeypatch)
    seen_first_seconds = SceneCuts(spans=[(0.0, 3.0)], cuts=[])
    assert shared_cuts(samples, seen_first_seconds) == [22]
    assert calls and sum(calls) < 40  # only the part the highlights stage did not see


def test_a_range_seen_without_cuts_stays_one_shot(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_detections(monkeypatch)
    assert shared_cuts(_two_shots(), SceneCuts(spans=[(0.0, 10.0)])) == [] and calls == []


def test_cuts_move_with_the_clip_start() -> None:
    found = SceneCuts(spans=[(100.0, 160.0)], cuts=[(90.0, 95.0), (104.6, 106.0)])
    local = found.shifted(-100.0, 100.0, 110.0)
    assert local.spans == [(0.0, 10.0)] and local.cuts == [(pytest.approx(4.6), 6.0)]
    assert SceneCuts.from_json(found.to_json("k"), "k") == found
    assert SceneCuts.from_json(found.to_json("k"), "other") is None
    assert SceneCuts.from_json("{not json", "k") is None
