"""Face tracking decodes the clip range once, at the analysis size, and reuses it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from livegen.clip import cover, reframe
from livegen.clip.reframe import detect_faces, plan_reframe, sample_frames


def _count_ffmpeg(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real_popen, real_run = subprocess.Popen, subprocess.run

    def popen(cmd, *a, **kw):
        calls.append(list(cmd))
        return real_popen(cmd, *a, **kw)

    def run(cmd, *a, **kw):
        calls.append(list(cmd))
        return real_run(cmd, *a, **kw)

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(subprocess, "run", run)
    return calls


def test_a_moving_face_is_detected_on_every_frame_while_decoding(recording: Path) -> None:
    # The test recording's face moves 25 sample pixels a second: no two anchors agree.
    s = sample_frames(str(recording), 1.0, 4.0, 1280, 720, detect=True)
    assert s.faces is not None and len(s.faces) == len(s.frames) == len(s.times) > 10
    assert s.frames.shape[1:] == (180, 320)
    assert s.faces == [detect_faces(f) for f in s.frames]
    assert sample_frames(str(recording), 1.0, 4.0, 1280, 720).faces is None


def _sparse(frames: list, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list[int]]:
    from concurrent.futures import ThreadPoolExecutor

    looked: list[int] = []
    real = reframe.detect_faces
    monkeypatch.setattr(reframe, "detect_faces", lambda f: looked.append(1) or real(f))
    with ThreadPoolExecutor(max_workers=1) as pool:
        sparse = reframe._SparseFaces(pool, frames[0].shape[1])
        for f in frames:
            sparse.add(f)
        return sparse.result(), looked


def test_a_steady_face_is_detected_on_anchors_only_and_filled_between(
    recording: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    still = sample_frames(str(recording), 1.0, 0.5, 1280, 720).frames[0]
    expected = detect_faces(still)
    assert expected  # the fixture's face is found
    frames = [still.copy() for _ in range(13)]  # anchors at 0, 4, 8, 12
    faces, looked = _sparse(frames, monkeypatch)
    assert len(looked) == 4
    assert faces == [expected] * 13


def test_a_cut_between_steady_anchors_is_looked_at_frame_by_frame(
    recording: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    still = sample_frames(str(recording), 1.0, 0.5, 1280, 720).frames[0]
    other = np.full_like(still, 250)  # a white shot for two frames between the anchors
    frames = [still, still, other, other, still, still, still, still, still]
    faces, looked = _sparse(frames, monkeypatch)
    assert len(looked) == 3 + 3  # anchors 0, 4, 8, and frames 1-3: a cut lies before 4
    assert faces[2] == faces[3] == []


def test_the_sampling_decode_skips_work_analysis_never_needs(recording: Path, monkeypatch) -> None:
    calls = _count_ffmpeg(monkeypatch)
    sample_frames(str(recording), 0.0, 2.0, 1280, 720)
    (cmd,) = calls
    assert cmd[cmd.index("-skip_frame:v") + 1] == "noref"
    assert cmd[cmd.index("-skip_loop_filter:v") + 1] == "all"
    assert "scale=320:180" in cmd[cmd.index("-vf") + 1]


def test_face_mode_decodes_the_range_once_and_the_cover_reuses_it(
    recording: Path, monkeypatch
) -> None:
    calls = _count_ffmpeg(monkeypatch)
    plan, samples = plan_reframe(
        "face",
        src=str(recording),
        start=1.0,
        duration=5.0,
        src_w=1280,
        src_h=720,
        out_w=360,
        out_h=640,
    )
    assert plan.mode == "face" and samples is not None and samples.faces is not None
    detected: list[int] = []
    real = reframe.detect_faces
    monkeypatch.setattr(cover, "detect_faces", lambda f: detected.append(1) or real(f))
    t = cover.best_time(str(recording), 1.0, 5.0, 1280, 720, samples)
    assert 0.0 <= t <= 5.0
    assert len(calls) == 1  # one decode of the range: no second pass for the cover
    assert detected == []  # faces already found while decoding are not looked for again


def test_a_shot_where_faces_are_found_often_holds_the_face_through_misses() -> None:
    import numpy as np

    from livegen.clip.reframe import Samples, track_subject

    n = 20
    frames = np.zeros((n, 180, 320), dtype=np.uint8)
    for i in range(n):  # a bright block sweeping across: motion the whole time
        frames[i, 60:120, 10 + i * 14 : 40 + i * 14] = 255
    faces = [[(100, 40, 40, 40)] if i % 4 == 0 else [] for i in range(n)]
    track = track_subject(Samples([i / 4 for i in range(n)], frames, 6.0, faces))
    assert track.source == "face"
    assert {t for t in track.targets if t is not None} == {120 * 6.0}
    # Without faces the motion is followed, as before.
    none = track_subject(Samples([i / 4 for i in range(n)], frames, 6.0, [[] for _ in range(n)]))
    assert none.source == "motion" and len({t for t in none.targets if t is not None}) > 5
