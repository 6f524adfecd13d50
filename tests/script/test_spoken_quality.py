"""What a host reads on camera: fitted to the clock, fresh, clean seams, honest words."""

from __future__ import annotations

import itertools
import re

import pytest
from script_helpers import spoken
from tests.support.paths import SAMPLE_FILES, SAMPLES

from livegen.script.similarity import jaccard
from livegen.script.speech import seam_problems


def _repeats(lines: list[str]) -> float:
    hits = sum(
        1
        for i, line in enumerate(lines)
        if any(line == o or jaccard(line, o) >= 0.8 for o in lines[:i])
    )
    return hits / len(lines)


def _shared(a: list[str], b: list[str]) -> float:
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for x in small if any(x == y or jaccard(x, y) >= 0.8 for y in big)) / len(small)


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_segment_length_is_speech_plus_labelled_stage_time(compose, sample) -> None:
    script = compose(sample)
    inner = script.segments[1:-1]
    for seg in inner:
        told = seg.speech_seconds + sum(s.seconds for s in seg.stage)
        assert seg.end - seg.start == pytest.approx(told, abs=0.35), seg.title
        assert all(s.label for s in seg.stage)
    assert script.coverage is not None and script.pace


def test_default_scripts_are_mostly_speech() -> None:
    """The bar: median spoken coverage >= 0.6 over the bundled samples, none < 0.45."""
    from statistics import median

    from livegen.script import ScriptOptions, compose
    from livegen.spec import load_spec
    from livegen.templating import Templates

    cov = [
        compose(load_spec(SAMPLES / s), ScriptOptions(), Templates(None)).coverage
        for s in SAMPLE_FILES
    ]
    assert median(cov) >= 0.6, cov
    assert min(cov) >= 0.45, cov


@pytest.mark.parametrize(
    "sample", ["face-cream.zh.yaml", "phone-stand.en.yaml", "wuchang-rice.zh.yaml"]
)
def test_an_hour_long_script_repeats_at_most_a_tenth_of_its_lines(compose, sample) -> None:
    lines = spoken(compose(sample, duration_minutes=60))
    assert len(lines) > 150
    assert _repeats(lines) <= 0.10


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_two_personas_of_one_product_share_at_most_half_their_lines(compose, sample) -> None:
    from livegen.spec import load_spec

    names = [p.name for p in load_spec(SAMPLES / sample).personas]
    for a, b in itertools.combinations(names, 2):
        sa, sb = compose(sample, personas=[a]), compose(sample, personas=[b])
        assert _shared(spoken(sa), spoken(sb)) <= 0.5, (a, b)


def test_a_promised_pain_is_answered_in_the_segment_of_its_point(compose) -> None:
    script = compose("face-cream.zh.yaml", personas=["敏感肌学生"])
    promise = next(
        line for s in script.segments if s.kind == "intro" for line in s.lines if "换季泛红" in line
    )
    assert "温和配方" in promise
    answer = next(s for s in script.segments if s.selling_point == "温和配方")
    assert any("换季泛红" in line for line in answer.lines)


def test_numbering_of_points_is_continuous(compose) -> None:
    for persona in ([], ["干皮上班族"], ["精打细算的宝妈"]):
        text = " ".join(spoken(compose("face-cream.zh.yaml", personas=persona)))
        numbers = [int(n) for n in re.findall(r"第(\d+)(?:点|个理由)", text)]
        assert numbers == list(range(1, len(numbers) + 1)), numbers


def test_interaction_closers_match_their_prompt(compose) -> None:
    script = compose("face-cream.zh.yaml", duration_minutes=30)
    for seg in script.segments:
        if seg.kind != "interaction" or len(seg.lines) < 2:
            continue
        prompt, close = seg.lines[0], seg.lines[-1]
        if "投票" in prompt or "扣1" in prompt:
            assert re.search(r"扣1|扣2|投票|票|两点|两个", close), (prompt, close)
        if "点赞" in prompt or ("关注" in prompt and "抽奖" not in prompt):
            assert re.search(r"赞|关注|支持", close), (prompt, close)


def test_a_repitch_is_followed_by_content_and_worded_afresh(compose) -> None:
    script = compose("face-cream.zh.yaml", duration_minutes=60)
    segs = script.segments
    first = set(spoken(script)[:40])
    for i, seg in enumerate(segs):
        if seg.kind == "intro" and seg.start > 300:
            assert segs[i + 1].kind in ("selling_point", "interaction"), segs[i + 1].kind
            assert not set(seg.lines) & first


STYLES = ("promo", "story", "knowledge")


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_every_style_and_persona_reads_without_seams(compose, sample) -> None:
    from livegen.spec import load_spec

    personas = [[]] + [[p.name] for p in load_spec(SAMPLES / sample).personas]
    for style, persona in itertools.product(STYLES, personas):
        script = compose(sample, style=style, personas=persona, duration_minutes=15)
        for line in spoken(script):
            assert not seam_problems(line), (style, persona, line, seam_problems(line))
            assert "主播本人" not in line and "['" not in line, line
            assert not line.startswith("@"), line  # a template directive, never speech


def test_spec_keys_and_lists_are_read_as_speech(tmp_path, compose) -> None:
    import yaml

    from livegen.script import ScriptOptions
    from livegen.script import compose as run
    from livegen.spec import load_spec
    from livegen.templating import Templates

    data = yaml.safe_load((SAMPLES / "earbuds.zh.yaml").read_text(encoding="utf-8"))
    data["specs"] = {
        "net_content": "50g",
        "定位": ["北斗", "GPS", "Wi-Fi", "基站"],
        "weight": {"value": "30 g", "label": "单只重量"},
    }
    data["selling_points"][0]["demo"] = "主播本人戴上耳机原地跳三下"
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = " ".join(spoken(run(load_spec(path), ScriptOptions(style="knowledge"), Templates(None))))
    assert "净含量" in text and "net_content" not in text
    assert "北斗、GPS、Wi-Fi和基站" in text
    assert "单只重量" in text
    assert "主播本人" not in text and "我戴上耳机" in text
