"""Concept slots: a claim built from ideas (a span of time, a body part, a change) is found
whatever the word order, and a more specific rule keeps its own finding."""

from __future__ import annotations

import pytest

from livegen.lint.api import lint_texts
from livegen.lint.explain import explain, find_rule
from livegen.lint.ruleset import build_ruleset, concepts, together_regex


def _rules(text: str, lang: str = "zh", category: str | None = None) -> list[str]:
    return [
        f.rule
        for f in lint_texts([text], lang=lang, category=category)
        if f.severity in ("error", "warning")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "连用十天，脸上的痘印全淡了",
        "痘印连用十天就淡了",
        "用十天痘印淡化",
    ],
)
def test_a_timed_result_is_found_in_any_word_order(line: str) -> None:
    assert _rules(line, category="general")


def test_together_builds_every_ordering_of_its_concepts() -> None:
    assert len(together_regex(["{span}", "{body}", "{change}"], 8, "zh")) == 6
    assert {"body", "change", "span"} <= set(concepts("zh"))


def test_a_specific_rule_wins_over_a_concept_rule_on_the_same_words() -> None:
    assert _rules("吃了半个月血压就降下来了", category="food")[0].startswith("zh.food")


def test_a_concept_rule_reports_a_warning_with_basis_and_rewording() -> None:
    found = [
        f
        for f in lint_texts(["整个平台都没有比咱家更低的了"], lang="zh")
        if f.rule == "zh.price.lowest-concepts"
    ]
    assert found and found[0].severity == "warning"
    assert "广告法" in found[0].basis and found[0].suggestion


@pytest.mark.parametrize(
    "line",
    [
        "七天无理由退换，脸小的姐妹拍S码",
        "皮肤状态因人而异，用一周不一定就白了",
        "过敏的话停用就好了",
    ],
)
def test_concept_rules_leave_refund_terms_disclaimers_and_advice_alone(line: str) -> None:
    assert _rules(line) == []


def test_an_english_regulator_fact_is_not_an_endorsement() -> None:
    assert _rules("It's FCC certified and the FCC ID is on the box", lang="en") == []
    assert _rules("The FDA basically endorses this one", lang="en")


def test_a_concept_rule_runs_only_on_lines_holding_all_its_concepts() -> None:
    rule = next(
        r for r in build_ruleset("zh", "general").rules if r.id == "zh.guarantee.result-concepts"
    )
    assert rule.requires
    assert not rule.may_match("今天给大家带来一款面霜")
    assert rule.may_match("用三天斑就淡了")


def test_explain_lists_the_concepts_of_a_concept_rule() -> None:
    text = explain(find_rule("zh.guarantee.result-concepts"))
    assert "together in one sentence, any order: {span} + {body} + {change}" in text
    assert "{body}:" in text
    assert "only where no more specific rule matched" in text
