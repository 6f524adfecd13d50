"""Face reframing takes the scene cuts the highlights stage found instead of deciding again."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_a_cut_known_within_a_keyframe_interval_lands_on_the_sample_that_changes(
    cut_decisions: list[int],
) -> None:
    samples = _two_shots()
    # seen: the old shot up to 4.6 s, the new one at the next keyframe, 6.0 s
    known = SceneCuts(spans=[(0.0, 10.0)], cuts=[(4.6, 6.0)])
    assert shared_cuts(samples, known) == [22] and cut_decisions == []
    assert track_subject(samples, known).cuts == [22] and cut_decisions == []


def test_without_shared_cuts_the_reframe_decides_them_itself(cut_decisions: list[int]) -> None:
    assert track_subject(_two_shots()).cuts == [22] and cut_decisions == [40]


def test_a_range_where_nothing_was_seen_is_judged_by_the_reframe(cut_decisions: list[int]) -> None:
    samples = _two_shots()
    seen_first_seconds = SceneCuts(spans=[(0.0, 3.0)], cuts=[])
    assert shared_cuts(samples, seen_first_seconds) == [22]
    # only the part the highlights stage did not see
    assert cut_decisions and sum(cut_decisions) < 40


def test_a_range_seen_without_cuts_stays_one_shot(cut_decisions: list[int]) -> None:
    assert shared_cuts(_two_shots(), SceneCuts(spans=[(0.0, 10.0)])) == [] and cut_decisions == []


def test_cuts_move_with_the_clip_start() -> None:
    found = SceneCuts(spans=[(100.0, 160.0)], cuts=[(90.0, 95.0), (104.6, 106.0)])
    local = found.shifted(-100.0, 100.0, 110.0)
    assert local.spans == [(0.0, 10.0)] and local.cuts == [(pytest.approx(4.6), 6.0)]
    assert SceneCuts.from_json(found.to_json("k"), "k") == found
    assert SceneCuts.from_json(found.to_json("k"), "other") is None
    assert SceneCuts.from_json("{not json", "k") is None
