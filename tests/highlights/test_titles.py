"""Highlight titles read well in the stream's language and claim nothing unmeasured."""

from __future__ import annotations

import pytest

from livegen.highlights.compose import compose

CATEGORIES = ("selling_point", "price_offer", "urgency_cta", "qa", "story", "interaction", "moment")


@pytest.mark.parametrize("category", CATEGORIES)
def test_without_a_product_the_title_quotes_what_was_said(category: str) -> None:
    title, _ = compose(category, ["这款面霜今天直播间只要九十九元", "库存不多"], [2, 0], None, "zh")
    assert "这款：" not in title and "观众" not in title and "停留" not in title
    assert (title.startswith("「") and "九十九" in title) or title == "值得回看的一段"
    en, _ = compose(category, ["It is only nine dollars tonight, grab it"], [1], None, "en")
    assert not en.lower().startswith(("the this", "this at"))


def test_claims_need_their_signal() -> None:
    quiet = {"chat_rate": 0.0, "sales": 0.0}
    loud = {"chat_rate": 0.9, "sales": 0.8}
    titles_quiet = {
        compose("interaction", ["好"], [0], None, "zh", seed=s, signals=quiet)[0] for s in range(4)
    }
    assert "直播间瞬间沸腾" not in titles_quiet
    titles_loud = {
        compose("interaction", ["好"], [0], None, "zh", seed=s, signals=loud)[0] for s in range(4)
    }
    assert "直播间瞬间沸腾" in titles_loud
    assert all(
        "viewers stayed" not in compose(c, ["x y"], [0], "Mug", "en", seed=s)[0]
        for c in CATEGORIES
        for s in range(3)
    )


def test_product_titles_are_grammatical_in_english() -> None:
    for seed in range(2):
        title, _ = compose("price_offer", [], [], "Thermos", "en", seed=seed)
        assert "Thermos" in title and not title.startswith("The this")
