"""The timed run-of-show: coverage, cadence, structure."""

from __future__ import annotations

import itertools

import pytest
from script_helpers import assert_tiles
from tests.support.paths import SAMPLE_FILES, SAMPLES

from livegen.platforms import get_platform


@pytest.mark.parametrize("sample", SAMPLE_FILES)
@pytest.mark.parametrize("minutes", [1, 5, 30, 90])
def test_segments_cover_the_whole_stream_without_gaps(compose, sample, minutes) -> None:
    kept = compose(sample, duration_minutes=minutes, fill="host")
    assert kept.duration == minutes * 60
    assert_tiles(kept, minutes * 60)
    # By default a stream the spec cannot fill ends when the spec is told, never later.
    script = compose(sample, duration_minutes=minutes)
    assert script.duration <= minutes * 60
    assert_tiles(script, script.duration)


@pytest.mark.parametrize(
    "platform", ["douyin", "taobao", "kuaishou", "tiktok", "youtube", "wechat"]
)
def test_interaction_prompts_follow_the_platform_cadence(compose, platform) -> None:
    every = get_platform(platform).interaction_every
    script = compose("face-cream.zh.yaml", platform=platform, duration_minutes=45, fill="host")
    starts = [s.start for s in script.segments if s.kind == "interaction"]
    assert len(starts) >= int(45 * 60 // every) - 3
    # A prompt comes at the first seam after each multiple of the cadence, so a segment
    # is never cut in the middle of a sentence.
    assert every <= starts[0] <= every + 100
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(0.4 * every <= g <= every + 120 for g in gaps), gaps
    # and no stretch of the stream runs much longer than the cadence without one
    assert 45 * 60 - starts[-1] < every + 200


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_hook_opens_and_preview_closes(compose, sample) -> None:
    script = compose(sample, duration_minutes=20)
    first, last = script.segments[0], script.segments[-1]
    assert first.kind == "hook" and first.start == 0 and first.end <= 30
    assert last.kind == "preview"
    kinds = [s.kind for s in script.segments]
    assert kinds[-2] == "recap"
    assert kinds.index("price") < kinds.index("recap")


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_full_pitch_covers_every_part_of_a_sales_stream(compose, sample) -> None:
    script = compose(sample, duration_minutes=30)
    kinds = {s.kind for s in script.segments}
    for needed in (
        "hook",
        "intro",
        "selling_point",
        "proof",
        "price",
        "offer",
        "objection",
        "interaction",
        "urgency",
        "recap",
        "preview",
    ):
        assert needed in kinds, needed


def test_every_selling_point_gets_a_demo_cue(compose) -> None:
    from livegen.spec import load_spec

    spec = load_spec(str(SAMPLES / "face-cream.zh.yaml"))
    script = compose("face-cream.zh.yaml", duration_minutes=30)
    for point in spec.selling_points:
        segs = [s for s in script.segments if s.selling_point == point.title]
        assert segs, point.title
        assert any(point.demo.rstrip("。") in cue for s in segs for cue in s.cues), point.title


def test_objections_answer_with_the_spec_faq(compose) -> None:
    from livegen.spec import load_spec

    spec = load_spec(str(SAMPLES / "earbuds.zh.yaml"))
    script = compose("earbuds.zh.yaml", duration_minutes=45)
    lines = [line for s in script.segments if s.kind == "objection" for line in s.lines]
    for faq in spec.faq:
        assert faq.answer in lines


def test_a_one_minute_stream_still_reveals_the_price_and_offer(compose) -> None:
    script = compose("face-cream.zh.yaml", duration_minutes=1)
    kinds = [s.kind for s in script.segments]
    assert {"hook", "price", "offer", "preview"} <= set(kinds)
    assert "objection" not in kinds  # optional parts give way first


def test_long_streams_repeat_the_pitch_for_latecomers(compose) -> None:
    script = compose("face-cream.zh.yaml", duration_minutes=120, fill="host")
    prices = [s for s in script.segments if s.kind == "price"]
    assert len(prices) >= 4
    welcomes = [s for s in script.segments if s.kind == "intro" and s.start > 600]
    assert welcomes
    # A re-pitch is not a verbatim copy of the first pitch.
    assert prices[0].lines != prices[1].lines or prices[1].lines != prices[2].lines


def test_no_segment_has_an_empty_script(compose) -> None:
    for sample in SAMPLE_FILES:
        for style in ("promo", "story", "knowledge"):
            script = compose(sample, style=style, duration_minutes=40)
            for seg in script.segments:
                assert seg.lines or seg.host_prompt, (sample, style, seg.title)
                assert all(line.strip() == line and line for line in seg.lines)
                assert not any("{{" in t or "}}" in t for t in (*seg.lines, *seg.cues))


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_opening_lines_fit_the_hook_at_a_speaking_pace(compose, sample) -> None:
    for minutes in (5, 30, 120):
        script = compose(sample, duration_minutes=minutes)
        hook = script.segments[0]
        seconds = hook.end - hook.start
        if script.language == "zh":
            assert sum(len(x) for x in hook.lines) <= 5.5 * seconds, (minutes, hook)
        else:
            assert sum(len(x.split()) for x in hook.lines) <= 3.0 * seconds, (minutes, hook)


def test_short_streams_keep_the_style_defining_part(compose) -> None:
    script = compose("wuchang-rice.zh.yaml", style="story", duration_minutes=3)
    assert "story" in {s.kind for s in script.segments}


def test_a_thin_spec_is_shortened_or_left_to_the_host_and_says_which_fields_help(
    tmp_path, invoke
) -> None:
    import json

    import yaml

    thin = {"name": "竹纤维毛巾", "price": 29.9, "selling_points": ["吸水快", "不掉毛"]}
    path = tmp_path / "thin.yaml"
    path.write_text(yaml.safe_dump(thin, allow_unicode=True), encoding="utf-8")
    code, out, err = invoke("script", str(path), "--format", "json", "--duration", "30")
    assert code == 0
    data = json.loads(out)
    assert data["duration"] < 30 * 60 and "ends at" in err and "faq" in err
    assert data["coverage"] >= 0.45
    code, out, err = invoke(
        "script", str(path), "--format", "json", "--duration", "30", "--fill", "host"
    )
    data = json.loads(out)
    assert data["duration"] == 30 * 60 and "left to the host" in err
    hosts = [s for s in data["segments"] if s["host_prompt"]]
    assert hosts and all(s["stage"] and "主播发挥" in s["stage"][-1]["label"] for s in hosts)
    assert err.count("left to the host") == 1
