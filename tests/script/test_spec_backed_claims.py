"""Every sentence of every sample is backed by its spec: offers, logistics, endorsements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from script_helpers import spoken
from tests.support.paths import SAMPLE_FILES, SAMPLES

# (pattern, the spec text that would back it)
BACKING = [
    (r"领券|领了再拍|claim it", lambda s: "券" in s.offer.coupon or "coupon" in s.offer.coupon),
    (r"包邮|免邮|free shipping", lambda s: False),
    (r"详情页|product page", lambda s: False),
    (r"今晚|tonight", lambda s: "今晚" in s.offer.ends or "tonight" in s.offer.ends),
    (
        r"库存|备了|备货|units? (?:in stock|for this live|at this price)|Stock",
        lambda s: bool(s.offer.stock),
    ),
    (r"赠品|还送|就送|free gift|comes with", lambda s: bool(s.offer.gifts)),
    (r"保证|guarantee", lambda s: False),
    (r"别等到下一场|下一场没有|next stream won't", lambda s: False),
    (r"[Bb]acked by|背书", lambda s: False),
]


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_offer_and_logistics_words_appear_only_when_the_spec_has_them(
    compose, sample, tmp_path
) -> None:
    import yaml

    from livegen.script import ScriptOptions
    from livegen.script import compose as run
    from livegen.spec import load_spec
    from livegen.templating import Templates

    full = load_spec(SAMPLES / sample)
    data = yaml.safe_load((SAMPLES / sample).read_text(encoding="utf-8"))
    data["offer"] = {}
    bare_path = tmp_path / ("bare" + (SAMPLES / sample).suffix)
    bare_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bare = load_spec(bare_path) if bare_path.suffix != ".json" else None
    for spec in (full, bare):
        if spec is None:
            continue
        for style in ("promo", "story", "knowledge"):
            lines = spoken(
                run(spec, ScriptOptions(style=style, duration_minutes=30), Templates(None))
            )
            for line in lines:
                for pattern, backed in BACKING:
                    if re.search(pattern, line):
                        assert backed(spec), (sample, style, pattern, line)


def test_one_clear_price_statement_never_a_stacked_discount(compose) -> None:
    script = compose("face-cream.zh.yaml", duration_minutes=30)
    price_lines = [
        line for s in script.segments if s.kind in ("price", "offer", "recap") for line in s.lines
    ]
    for line in price_lines:
        assert not re.search(r"还有.*(立减|减\d+元)|另外.*减\d+元|再减", line), line
    # the coupon worth exactly the difference is said to be part of the live price
    assert any("已经算上" in line or "包含在" in line or "已经含了" in line for line in price_lines)


def test_a_coupon_that_does_not_reconcile_with_the_promo_price_is_not_read_out(
    tmp_path, invoke
) -> None:
    import yaml

    data = yaml.safe_load((SAMPLES / "face-cream.zh.yaml").read_text(encoding="utf-8"))
    data["offer"]["coupon"] = "直播间下单立减100元"
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = invoke("script", str(path), "--format", "json")
    assert code == 0
    assert "立减100元" not in "".join(
        line for seg in __import__("json").loads(out)["segments"] for line in seg["lines"]
    )
    assert "second discount" in err


def test_a_regulation_is_said_as_compliance_not_endorsement(compose) -> None:
    script = compose("earbuds.zh.yaml", duration_minutes=30)
    text = " ".join(spoken(script))
    assert "背书" not in text and "Backed by" not in text


def test_a_dropped_selling_point_is_reported_with_its_reason(tmp_path, invoke) -> None:
    import yaml

    data = yaml.safe_load((SAMPLES / "face-cream.zh.yaml").read_text(encoding="utf-8"))
    data["selling_points"].append({"title": "全网最好用的面霜", "detail": "用过都说好"})
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = invoke("script", str(path), "--format", "json")
    assert code == 0
    assert "全网最好用的面霜" in err and "left out" in err
    assert "全网最好用" not in out.split('"titles"')[0]


def test_placeholder_faq_answers_are_skipped_and_said(tmp_path, invoke) -> None:
    import yaml

    data = yaml.safe_load((SAMPLES / "face-cream.zh.yaml").read_text(encoding="utf-8"))
    data["faq"].append({"question": "哺乳期能用吗？", "answer": "（待主播补充）"})
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = invoke("script", str(path))
    assert code == 0
    assert "待主播补充" not in out and "哺乳期能用吗" not in out
    assert "placeholder" in err and "哺乳期能用吗" in err


STACKED = r"还有.*(立减|减\d+元)|另外.*减\d+元|再减|extra \$?\d+ off|another \$?\d+ off"
WILD = Path(__file__).resolve().parents[1] / "fixtures" / "briefs-wild"


@pytest.mark.parametrize(
    "brief", sorted(p.name for p in WILD.glob("*.*") if p.name != "EXPECTED.yaml")
)
def test_scripts_from_imported_briefs_say_only_what_the_brief_backs(brief) -> None:
    from livegen.script import ScriptOptions
    from livegen.script import compose as run
    from livegen.script.honesty import absolute_terms
    from livegen.spec_import import import_brief
    from livegen.templating import Templates

    path = WILD / brief
    spec, _ = import_brief(path.read_text(encoding="utf-8"), str(path), path.suffix)
    for style in ("promo", "story", "knowledge"):
        script = run(spec, ScriptOptions(style=style, duration_minutes=30), Templates(None))
        assert (script.coverage or 0) >= 0.45, (brief, style, script.coverage)
        for line in spoken(script):
            assert not absolute_terms(line), (brief, style, line)
            for claim in spec.forbidden_claims:
                assert claim.lower() not in line.lower(), (brief, claim, line)
            for pattern, backed in BACKING:
                if re.search(pattern, line):
                    assert backed(spec), (brief, style, pattern, line)
            assert not re.search(STACKED, line), (brief, style, line)


def test_a_threshold_coupon_one_item_reaches_is_a_second_discount_and_not_read_out() -> None:
    from livegen.script import ScriptOptions
    from livegen.script import compose as run
    from livegen.spec import spec_from_data
    from livegen.templating import Templates

    data = {
        "name": "耳机",
        "price": 499,
        "promo_price": 299,
        "selling_points": ["降噪"],
        "offer": {"coupon": "直播间券：减30元，满299元可用"},
    }
    script = run(spec_from_data(data, "s"), ScriptOptions(duration_minutes=10), Templates(None))
    assert not any("减30元" in line for line in spoken(script))
    data["offer"] = {"coupon": "满2件减30元"}
    script = run(spec_from_data(data, "s"), ScriptOptions(duration_minutes=10), Templates(None))
    assert any("满2件减30元" in line for line in spoken(script))
