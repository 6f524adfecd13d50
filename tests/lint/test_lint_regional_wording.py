"""Hong Kong and Taiwan wording reaches the rules in the words they are written in."""

from __future__ import annotations

from livegen.lint.api import lint_texts


def _rules(text: str, category: str | None = None) -> list[str]:
    return [
        f.rule
        for f in lint_texts([text], lang="zh", category=category)
        if f.severity in ("error", "warning")
    ]


def test_cantonese_cheapest_is_a_lowest_price_claim() -> None:
    assert any(r.startswith("zh.price") for r in _rules("呢個價全網最平"))


def test_cantonese_weight_promise_is_flagged_and_quoted_as_written() -> None:
    found = lint_texts(["飲一個月，瘦咗十磅"], lang="zh", category="food")
    weight = [f for f in found if f.rule == "zh.guarantee.weight"]
    assert weight and "瘦咗十磅" in weight[0].phrase


def test_cantonese_negation_cancels_the_superlative() -> None:
    assert _rules("我唔敢講佢係最平，但今日有折扣") == []


def test_mainland_words_that_share_characters_stay_clean() -> None:
    assert _rules("这款饮料平时卖得不错，食品安全有保障") == []
