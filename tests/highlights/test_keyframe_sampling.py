"""Visual signals from keyframe pairs: where they are taken, and what they still see."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from livegen.highlights.visual import Part, visual_signals
from livegen.media.bursts import keyframe_pairs
from livegen.media.ffmpeg import ffmpeg_exe


def _video(path: Path, source: str, seconds: float, gop: int, extra: tuple[str, ...] = ()) -> Path:
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"{source}:d={seconds}",
            *extra,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-g",
            str(gop),
            "-keyint_min",
            str(gop),
            "-sc_threshold",
            "0",
            "-pix_fmt",
            "yuv420p",
            str(path),
        ],
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def moving(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A box sweeping fast across a still background for 12 s, a keyframe every second."""
    out = tmp_path_factory.mktemp("kf") / "moving.mp4"
    return _video(
        out,
        "color=c=gray:s=640x360:r=30",
        12,
        30,
        (
            "-f",
            "lavfi",
            "-i",
            "color=c=white:s=80x120:r=30:d=12",
            "-filter_complex",
            "[0:v][1:v]overlay=x='mod(t*400,560)':y=100:eval=frame",
        ),
    )


def test_one_pair_per_keyframe_half_a_second_apart(moving: Path) -> None:
    pairs = list(keyframe_pairs(moving, 2.0, 6.0, (320, 180)))
    assert [round(p.time, 2) for p in pairs] == [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    for p in pairs:
        assert p.head.shape == (180, 320, 3) and p.tail is not None
        assert 0.3 <= p.gap <= 0.5
        assert np.abs(p.head.astype(int) - p.tail.astype(int)).mean() > 1  # the box moved


def test_a_range_without_a_keyframe_yields_no_pair(moving: Path) -> None:
    assert list(keyframe_pairs(moving, 2.6, 0.3, (320, 180))) == []


def test_keyframe_motion_matches_the_full_sampling(moving: Path) -> None:
    part = Part(str(moving), 0.0, 12.0, 640, 360, True)
    sparse = visual_signals([part], [(1.0, 11.0)], 12.0)
    dense = visual_signals([part], [(1.0, 11.0)], 12.0, keyframes=False)
    inside = slice(4, 20)
    assert not np.isnan(sparse.motion[inside]).any()
    assert np.nanmean(sparse.motion[inside]) == pytest.approx(
        np.nanmean(dense.motion[inside]), abs=0.25
    )
    assert np.nanmean(sparse.motion[inside]) > 0.2
    assert np.isnan(sparse.motion[:2]).all() and np.isnan(sparse.motion[-1])


def test_a_cut_between_keyframes_is_seen(tmp_path: Path) -> None:
    a = _video(tmp_path / "a.mp4", "color=c=blue:s=640x360:r=30", 5, 30)
    b = _video(tmp_path / "b.mp4", "color=c=red:s=640x360:r=30", 5, 30)
    joined = tmp_path / "cut.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-i",
            str(a),
            "-i",
            str(b),
            "-filter_complex",
            "[0:v][1:v]concat=n=2:v=1[v]",
            "-map",
            "[v]",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-g",
            "30",
            str(joined),
        ],
        check=True,
    )
    part = Part(str(joined), 0.0, 10.0, 640, 360, True)
    sig = visual_signals([part], [(0.0, 10.0)], 10.0)
    assert np.nanmax(sig.scene_cuts[8:13]) > 0.3  # around the cut at 5 s
    still = visual_signals([Part(str(a), 0.0, 5.0, 640, 360, True)], [(0.0, 5.0)], 5.0)
    assert np.nanmax(still.scene_cuts) == 0.0


def test_a_coarse_look_decodes_one_pair_per_step(moving: Path) -> None:
    pairs = list(keyframe_pairs(moving, 0.0, 12.0, (320, 180), every=3.0))
    assert [round(p.time, 2) for p in pairs] == [0.0, 3.0, 6.0, 9.0]
    assert all(p.tail is not None for p in pairs)


def test_a_coarse_look_covers_the_range_but_leaves_cut_decisions_to_a_close_one(
    moving: Path,
) -> None:
    part = Part(str(moving), 0.0, 12.0, 640, 360, True)
    coarse = visual_signals([part], [(0.0, 12.0)], 12.0, every=3.0)
    close = visual_signals([part], [(0.0, 12.0)], 12.0)
    assert not np.isnan(coarse.motion).any()
    assert np.mean(coarse.motion) == pytest.approx(np.mean(close.motion), abs=0.25)
    # Seen too thinly to place cuts for the clip stage: it decides them itself there.
    assert coarse.found_cuts.spans == [] and coarse.found_cuts.cuts == []
    assert close.found_cuts.spans
