"""Highlights when speech recognition failed: the other signals carry the moments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import weak_synth
from hl_synth import overlap

from livegen.highlights.confidence import transcript_confidence
from livegen.highlights.windows import grid_windows
from livegen.schemas.transcript import Segment, Transcript


@pytest.fixture(scope="module")
def weak(tmp_path_factory: pytest.TempPathFactory) -> weak_synth.WeakRecording:
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is missing: run `bash scripts/system-deps.sh`")
    return weak_synth.build(tmp_path_factory.mktemp("weak"))


def _run(invoke, weak, out: Path, *extra: str) -> tuple[dict, str]:
    code, _, err = invoke(
        "highlights",
        str(weak.media),
        "-t",
        str(weak.transcript),
        "--chat",
        str(weak.chat),
        "--min",
        "10",
        "--max",
        "20",
        "-o",
        str(out),
        *extra,
    )
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8")), err


def test_planted_moments_all_reach_top_five_despite_a_weak_transcript(
    invoke, weak, tmp_path
) -> None:
    data, err = _run(invoke, weak, tmp_path / "h.json", "--top", "5")
    hl = data["highlights"]
    assert len(hl) == 5
    for name, span in weak.spans.items():
        assert max(overlap(h, span) for h in hl) >= 4.0, (
            name,
            [(h["start"], h["end"]) for h in hl],
        )
    assert any("transcript is weak" in n for n in data["notes"])
    assert "transcript is weak" in err
    assert all("weak transcript" in h["reason"] for h in hl)
    # Grid windows still never cut a recognised sentence.
    for h in hl:
        for a, b, _ in weak_synth.SEGMENTS:
            assert not (h["start"] > a + 1e-3 and h["start"] < b - 1e-3)
            assert not (h["end"] > a + 1e-3 and h["end"] < b - 1e-3)


def test_fewer_windows_above_the_floor_come_back_with_the_reason(invoke, weak, tmp_path) -> None:
    from livegen.resources import data_path

    base = data_path("highlights", "profiles", "default.yaml").read_text(encoding="utf-8")
    prof = tmp_path / "strict.yaml"
    assert "\nfloor: 0.2 " in base
    prof.write_text(base.replace("\nfloor: 0.2 ", "\nfloor: 1.3 "), encoding="utf-8")
    data, err = _run(invoke, weak, tmp_path / "h.json", "--top", "5", "--profile", str(prof))
    got = len(data["highlights"])
    assert 1 <= got < 5
    assert all(h["score"] > 1.3 for h in data["highlights"])
    note = f"{got} of 5: no other window scored above the floor 1.3"
    assert note in data["notes"] and note in err


def test_asking_for_more_windows_than_fit_says_so(invoke, weak, tmp_path) -> None:
    data, err = _run(invoke, weak, tmp_path / "h.json", "--top", "40", "--no-visual")
    got = len(data["highlights"])
    assert got < 40
    assert any(n.startswith(f"{got} of 40: no other window") for n in data["notes"])
    assert f"{got} of 40: no other window" in err


def _transcript(segments: list[Segment], **kw: object) -> Transcript:
    return Transcript(
        media=[], duration=100.0, language="zh", engine="e", model="m", segments=segments, **kw
    )


def test_confidence_is_low_for_garbled_and_high_for_clean_transcripts() -> None:
    weak = Transcript.model_validate(weak_synth.weak_transcript())
    c = transcript_confidence(weak, 100.0)
    assert c.weak and c.sparse and c.speech_factor < 0.5
    clean = _transcript(
        [
            Segment(
                id=i,
                start=i * 4.0,
                end=i * 4.0 + 3.5,
                text="好的",
                avg_logprob=-0.25,
                no_speech_prob=0.02,
            )
            for i in range(25)
        ],
        language_probability=0.97,
    )
    c = transcript_confidence(clean, 100.0)
    assert c.trusted and c.speech_factor == 1.0
    unsure = clean.model_copy(update={"language_probability": 0.45})
    assert transcript_confidence(unsure, 100.0).weak
    sparse = _transcript([Segment(id=0, start=1.0, end=6.0, text="好的")])
    c = transcript_confidence(sparse, 100.0)
    assert c.sparse and not c.weak and "cover 5%" in c.why


def test_grid_windows_stay_within_bounds_and_snap_to_segment_edges() -> None:
    segs = [
        Segment(id=0, start=11.0, end=14.0, text="a"),
        Segment(id=1, start=40.2, end=47.7, text="b"),
    ]
    w = grid_windows(segs, 90.0, 10.0, 20.0)
    assert len(w) > 20
    dur = w.end - w.start
    assert (dur >= 10.0 - 1e-6).all() and (dur <= 20.0 + 1e-6).all() and (w.end <= 90.0).all()
    for s in segs:
        assert not ((w.start > s.start) & (w.start < s.end)).any()
        assert not ((w.end > s.start) & (w.end < s.end)).any()
    inside = (w.start <= 11.0) & (w.end >= 14.0)
    assert (w.first[inside] == 0).all()
    assert (w.first[w.start > 14.0] >= 1).all()


def test_profile_floor_must_be_a_number(tmp_path) -> None:
    from livegen.errors import InputError
    from livegen.highlights.profile import FLOOR, load_profile

    assert load_profile("default").floor == FLOOR
    bad = tmp_path / "bad.yaml"
    bad.write_text("weights: {energy: 1}\nfloor: high\n", encoding="utf-8")
    with pytest.raises(InputError, match="floor must be a number"):
        load_profile(bad)


def test_shortfall_names_the_floor_or_the_lack_of_room() -> None:
    from livegen.highlights.api import shortfall

    assert shortfall(3, 5, 5, 0.2) == "3 of 5: no other window scored above the floor 0.2"
    assert shortfall(0, 5, 4, 0.5) == "0 of 5: no window scored above the floor 0.5"
    assert "without overlapping" in shortfall(4, 9, 4, 0.2)


def test_a_weak_transcript_looks_at_the_whole_picture_coarsely_then_at_the_shortlist(
    weak, monkeypatch
) -> None:
    import livegen.highlights.visual as visual
    from livegen.artifacts import load_artifact
    from livegen.highlights.api import Options, find_highlights

    looks: list[tuple[list[tuple[float, float]], float]] = []
    real = visual.visual_signals

    def spy(parts, spans, duration, *a, **kw):
        looks.append((list(spans), kw.get("every", 0.0)))
        return real(parts, spans, duration, *a, **kw)

    monkeypatch.setattr(visual, "visual_signals", spy)
    tr = load_artifact(weak.transcript, Transcript, kind="transcript")
    a = find_highlights([weak.media], tr, options=Options(top=2, min_seconds=10, max_seconds=20))
    (whole, step), (short, close) = looks
    assert whole == [(0.0, a.result.duration)] and step >= 10.0
    assert close == 0.0 and sum(b - s for s, b in short) < a.result.duration
