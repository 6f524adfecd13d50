"""Context that turns a matched phrase into something other than the speaker's own claim:
a question the speaker asks, a claim quoted as someone else's and disowned, a superlative
scoped to the shop's own range, a source named after the figure."""

from __future__ import annotations

from livegen.lint.api import lint_texts


def _flags(line: str, lang: str | None = None) -> list[str]:
    return [f.rule for f in lint_texts([line], lang=lang) if f.severity in ("error", "warning")]


def test_a_question_is_not_a_claim_unless_answered_at_once() -> None:
    assert _flags("Be honest, is this the best color?") == []
    assert _flags("这个是不是全网最低价？") == []
    assert _flags("Is it the lowest price online? Nope, it's even lower")
    assert _flags("谁家能给到这个价？没有！全网最低")


def test_a_disowned_claim_of_others_is_not_flagged_but_the_speakers_own_is() -> None:
    assert _flags("Some brands claim their serum erases wrinkles overnight; we don't") == []
    assert _flags("有些商家说三天美白，那是假的") == []
    assert _flags("这款是全网最低价，有些人说不是，我们不这么说")
    assert _flags("This is the best serum on the market, people say otherwise but we don't care")


def test_not_saying_a_claim_negates_it() -> None:
    assert _flags("We're not saying it's a miracle cream") == []
    assert _flags("No, it won't make you lose weight on its own") == []
    assert _flags("The FDA doesn't approve cosmetics, so we won't claim that") == []


def test_scoped_superlatives_and_late_sources_are_not_flags() -> None:
    assert _flags("This blender has a 1200 watt motor, the strongest in our lineup") == []
    assert _flags("Only 15 left in stock, that's what the inventory shows") == []
    assert _flags("Doctors recommend wearing sunscreen every day, and this one is SPF 30") == []
    assert _flags("Dermatologists recommend using this serum daily")
    assert _flags("The best serum in the world, from our shop")


def test_simplified_mainland_wording_is_not_rewritten_before_matching() -> None:
    # 停用 stays 停用 (tw2sp would make it 禁用) so advice to stop use stays advice.
    assert _flags("过敏请立即停用", lang="zh") == []
