"""Personas, styles and seeds change the script in the ways a creator expects."""

from __future__ import annotations

import json

import pytest
from script_helpers import spoken
from tests.support.paths import SAMPLES

from livegen.errors import ExitCode


def _point_order(script) -> list[str]:  # type: ignore[no-untyped-def]
    order: list[str] = []
    for seg in script.segments:
        if seg.kind == "selling_point" and seg.selling_point not in order:
            order.append(seg.selling_point)
    return order


def test_persona_puts_its_priorities_first(compose) -> None:
    student = compose("face-cream.zh.yaml", personas=["敏感肌学生"])
    mum = compose("face-cream.zh.yaml", personas=["精打细算的宝妈"])
    assert _point_order(student)[0] == "温和配方"
    assert _point_order(mum)[0] == "大容量50克"
    assert _point_order(student) != _point_order(mum)


def test_persona_changes_emphasis_not_just_the_name(compose) -> None:
    script = compose("face-cream.zh.yaml", personas=["敏感肌学生"], duration_minutes=20)
    by_point: dict[str, float] = {}
    for seg in script.segments:
        if seg.kind == "selling_point" and seg.selling_point not in by_point:
            by_point[seg.selling_point] = seg.end - seg.start
    # The persona's first priority gets more air time than a point it does not rank.
    assert by_point["温和配方"] > by_point["大容量50克"]
    # Its pains are spoken, and its segments are tagged with it.
    text = "".join(spoken(script))
    assert "换季泛红" in text
    assert any(s.persona == "敏感肌学生" for s in script.segments if s.kind == "selling_point")
    assert script.personas == ["敏感肌学生"]


def test_persona_names_match_case_insensitively(compose) -> None:
    script = compose("phone-stand.en.yaml", personas=["home COOK"])
    assert script.personas == ["Home cook"]
    assert _point_order(script)[0] == "Adjustable angle from 0 to 120 degrees"


def test_several_personas_share_the_stream(compose) -> None:
    script = compose(
        "phone-stand.en.yaml", personas=["Commuter", "Remote worker"], duration_minutes=20
    )
    served = {s.persona for s in script.segments if s.kind == "selling_point"}
    assert {"Commuter", "Remote worker"} <= served
    assert _point_order(script)[0] == "Folds flat to 6 mm"


def test_unknown_persona_is_one_error_listing_the_known_ones(invoke) -> None:
    code, out, err = invoke("script", str(SAMPLES / "face-cream.zh.yaml"), "--persona", "学霸")
    assert code == ExitCode.USAGE
    assert out == ""
    assert "unknown persona '学霸'" in err
    for name in ("干皮上班族", "敏感肌学生", "精打细算的宝妈"):
        assert name in err
    assert "Traceback" not in err


def test_styles_change_structure_and_wording(compose) -> None:
    promo = compose("wuchang-rice.zh.yaml", style="promo", duration_minutes=20)
    story = compose("wuchang-rice.zh.yaml", style="story", duration_minutes=20)
    lesson = compose("wuchang-rice.zh.yaml", style="knowledge", duration_minutes=20)
    kinds = {
        name: {s.kind for s in sc.segments}
        for name, sc in (("promo", promo), ("story", story), ("lesson", lesson))
    }
    assert "story" in kinds["story"] and "story" not in kinds["promo"]
    assert "knowledge" in kinds["lesson"] and "knowledge" not in kinds["promo"]
    story_text = "".join(spoken(story))
    assert "我们家在五常种了三代稻子。" in story_text  # the spec's own story, told on air
    lesson_text = "".join(spoken(lesson))
    assert "稻花香2号" in lesson_text and "黑龙江省五常市" in lesson_text
    assert spoken(promo)[0] != spoken(story)[0] != spoken(lesson)[0]

    # Promotion reveals the price before the third selling point; the others build up first.
    def price_rank(sc) -> int:  # type: ignore[no-untyped-def]
        kinds_seq = [s.kind for s in sc.segments if s.kind in ("price", "selling_point")]
        return kinds_seq.index("price")

    assert price_rank(promo) < price_rank(story)
    assert price_rank(promo) < price_rank(lesson)


def test_same_seed_gives_the_same_script(compose) -> None:
    a = compose("earbuds.zh.yaml", seed=7)
    b = compose("earbuds.zh.yaml", seed=7)
    dump = lambda s: s.model_dump(exclude={"generated_by": {"created"}})  # noqa: E731
    assert dump(a) == dump(b)


@pytest.mark.parametrize("sample", ["earbuds.zh.yaml", "phone-stand.en.yaml"])
def test_other_seed_changes_wording_but_keeps_the_plan(compose, sample) -> None:
    a = compose(sample, seed=1)
    b = compose(sample, seed=2)

    # The first pitch covers the same points in the same order; lengths follow the words.
    def pitch(s):  # type: ignore[no-untyped-def]
        kinds = [(x.kind, x.selling_point) for x in s.segments if x.kind != "interaction"]
        return kinds[: kinds.index(("price", None)) + 1]

    assert pitch(a) == pitch(b)
    differing = sum(x.lines != y.lines for x, y in zip(a.segments, b.segments, strict=False))
    assert differing >= min(len(a.segments), len(b.segments)) // 3
    assert a.generated_by.seed == 1 and b.generated_by.seed == 2


def test_platform_preset_sets_the_cart_wording(compose) -> None:
    douyin = "".join(spoken(compose("face-cream.zh.yaml", platform="douyin")))
    taobao = "".join(spoken(compose("face-cream.zh.yaml", platform="taobao")))
    assert "点击下方小黄车" in douyin and "点击下方小黄车" not in taobao
    assert "点击左下角购物袋" in taobao
    tiktok = " ".join(spoken(compose("phone-stand.en.yaml")))
    assert "orange cart" in tiktok


def test_language_override_switches_the_phrase_bank(compose) -> None:
    script = compose("face-cream.zh.yaml", language="en")
    assert script.language == "en"
    assert script.label is not None and script.label.startswith("[AI-generated]")
    assert any(
        line.startswith(("Hey", "Welcome", "Hi", "If you just joined"))
        for line in script.segments[0].lines
    )


def test_story_style_without_a_story_falls_back_with_a_warning(tmp_path, invoke) -> None:
    import yaml

    data = yaml.safe_load((SAMPLES / "wuchang-rice.zh.yaml").read_text(encoding="utf-8"))
    data["story"] = ""
    path = tmp_path / "rice.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = invoke("script", str(path), "--format", "json")
    assert code == 0
    assert "no `story`" in err
    data = json.loads(out)
    assert data["style"] == "promo"
    assert "story" not in {s["kind"] for s in data["segments"]}
