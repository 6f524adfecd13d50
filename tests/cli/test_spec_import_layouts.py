"""Briefs in four more layouts import whole: ERP export, Markdown tables, WeChat, Shopify."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.support.briefs import kept as _kept

BRIEFS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "briefs-layouts"
EXPECTED = yaml.safe_load((BRIEFS / "EXPECTED.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("brief", sorted(EXPECTED))
def test_brief_keeps_points_personas_prices_and_forbidden_phrases(brief: str) -> None:
    from livegen.script import ScriptOptions, compose
    from livegen.spec_import import import_brief
    from livegen.templating import Templates

    path = BRIEFS / brief
    spec, _ = import_brief(path.read_text(encoding="utf-8"), str(path), path.suffix)
    want = EXPECTED[brief]
    titles = [p.title for p in spec.selling_points]
    names = [p.name for p in spec.personas]
    for point in want["selling_points"]:
        assert _kept(point, titles), (point, titles)
    for persona in want["personas"]:
        assert _kept(persona, names), (persona, names)
    assert len(spec.selling_points) == len(want["selling_points"])
    assert len(spec.personas) == len(want["personas"])
    assert spec.price == pytest.approx(want["list_price"])
    assert spec.promo_price == pytest.approx(want["live_price"])
    assert (spec.currency, spec.platform, spec.language) == (
        want["currency"],
        want["platform"],
        want["language"],
    )
    assert sorted(spec.forbidden_claims) == sorted(want["forbidden"])
    assert len(spec.faq) == want["faq"]
    script = compose(spec, ScriptOptions(duration_minutes=10), Templates())
    assert script.segments and script.coverage


def test_a_markdown_table_row_is_a_record_with_its_columns() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "# 简报\n\n| 字段 | 值 |\n| --- | --- |\n| 商品名称 | 竹纤维毛巾 |\n| 原价 | 59元 |\n"
        "| 到手价 | 39元 |\n\n## 卖点\n\n| 卖点 | 说明 | 演示 |\n|---|---|---|\n"
        "| 吸水快 | 三秒吸干 | 倒一杯水 |\n"
    )
    spec, _ = import_brief(brief, "b.md", ".md")
    assert spec.name == "竹纤维毛巾" and (spec.price, spec.promo_price) == (59, 39)
    point = spec.selling_points[0]
    assert (point.title, point.detail, point.demo) == ("吸水快", "三秒吸干", "倒一杯水")


def test_a_bare_price_needs_a_price_word_right_before_it() -> None:
    from livegen.spec_import import import_brief

    brief = "产品叫：竹纤维毛巾\n卖点：\n1、吸水快\n平时卖59，直播间给到39，前100单送一条\n"
    spec, result = import_brief(brief, "b.txt", ".txt")
    assert (spec.price, spec.promo_price) == (59, 39)
    assert spec.offer.stock is None  # 前100单 is a count, not a price or a stock
    assert any("price" in g for g in result.guessed)


def test_quoted_phrases_in_a_rule_become_the_forbidden_claims() -> None:
    from livegen.spec import spec_from_data, spec_notes

    spec = spec_from_data(
        {
            "name": "x",
            "price": 9,
            "selling_points": [{"title": "y"}],
            "forbidden_claims": ['不能说"治疗颈椎病"，也不能说“医用级”', "三天祛痘"],
        },
        "s.yaml",
    )
    assert spec.forbidden_claims == ["治疗颈椎病", "医用级", "三天祛痘"]
    assert any("治疗颈椎病" in n for n in spec_notes(spec))
