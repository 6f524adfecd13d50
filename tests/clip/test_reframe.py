"""Reframing: the crop follows the host, does not jitter, and jumps at scene cuts."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest

from livegen.clip.reframe import ReframePlan, crop_size, plan_reframe, smooth_path


def eval_expr(expr: str, t: float) -> float:
    """ffmpeg's expression syntax used here (numbers, + - * /, clip()) is valid Python."""
    return float(
        eval(expr, {"__builtins__": {}}, {"t": t, "clip": lambda v, lo, hi: min(max(v, lo), hi)})
    )


def test_crop_window_follows_the_subject_moving_right(recording: Path) -> None:
    plan, _ = plan_reframe(
        "face",
        src=str(recording),
        start=1.0,
        duration=6.0,
        src_w=1280,
        src_h=720,
        out_w=360,
        out_h=640,
    )
    assert plan.mode == "face" and plan.followed in ("face", "motion")
    xs = [plan.x_at(t) for t in (0.5, 2.5, 4.5, 5.9)]
    assert xs == sorted(xs) and xs[-1] - xs[0] > 250
    # The subject's centre (80 + 100 t + 100 px) stays inside the crop window.
    for t in (0.5, 3.0, 5.5):
        centre = 80 + 100 * (1.0 + t) + 100
        assert plan.x_at(t) < centre < plan.x_at(t) + plan.crop_w


def test_crop_expression_matches_the_planned_path(recording: Path) -> None:
    plan, _ = plan_reframe(
        "face",
        src=str(recording),
        start=1.0,
        duration=6.0,
        src_w=1280,
        src_h=720,
        out_w=360,
        out_h=640,
    )
    expr = plan.x_expr()
    for t in (0.0, 1.3, 2.7, 4.4, 5.9):
        assert eval_expr(expr, t) == pytest.approx(plan.x_at(t), abs=1.0)


def test_small_detection_noise_does_not_move_the_crop() -> None:
    rnd = random.Random(7)
    targets = [640 + rnd.uniform(-20, 20) for _ in range(40)]
    path = smooth_path(targets, [], default=640, dead_zone=40)
    assert max(path) - min(path) < 1.0


def test_smoothing_removes_jitter_but_keeps_a_real_move() -> None:
    rnd = random.Random(3)
    targets = [(300 if i < 20 else 900) + rnd.uniform(-30, 30) for i in range(60)]
    path = smooth_path(targets, [], default=640, dead_zone=40)
    steps = [abs(b - a) for a, b in itertools.pairwise(path)]
    assert max(steps) < 250  # glides, no single-frame jump
    assert path[0] == pytest.approx(300, abs=45) and path[-1] == pytest.approx(900, abs=45)


def test_a_scene_cut_restarts_the_path() -> None:
    targets: list[float | None] = [300.0] * 10 + [900.0] * 10
    path = smooth_path(targets, [10], default=640, dead_zone=40)
    assert path[9] == pytest.approx(300, abs=1) and path[10] == pytest.approx(900, abs=1)


def test_missing_detections_hold_the_last_position() -> None:
    path = smooth_path([None, 500.0, None, None, 500.0], [], default=640, dead_zone=10)
    assert all(math.isclose(p, 500.0, abs_tol=0.5) for p in path)


def test_crop_size_keeps_the_output_aspect() -> None:
    assert crop_size(1920, 1080, 1080, 1920) == (608, 1080)
    assert crop_size(1920, 1080, 1080, 1440) == (810, 1080)
    assert crop_size(1080, 1920, 1080, 1080) == (1080, 1080)


def test_blur_and_center_modes_build_single_pass_filters() -> None:
    blur = ReframePlan("blur", 1920, 1080, 1080, 1920, 608, 1080)
    f = blur.filter()
    assert "split" in f and "boxblur" in f and "overlay" in f
    center = ReframePlan("center", 1920, 1080, 1080, 1920, 608, 1080)
    assert center.filter().startswith("crop=608:1080:x='656':y=0")
