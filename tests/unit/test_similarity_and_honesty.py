"""The near-duplicate measure and the claim filter the composer relies on."""

from __future__ import annotations

from livegen.script.honesty import absolute_terms, clean_lines, violates
from livegen.script.similarity import bigrams, is_near_duplicate, jaccard


def test_bigrams_ignore_case_space_and_punctuation() -> None:
    assert bigrams("Ab c!") == {"ab", "bc"}
    assert bigrams("面霜，好") == {"面霜", "霜好"}


def test_near_duplicates_are_caught_in_both_scripts() -> None:
    assert is_near_duplicate("直播间到手139元｜面霜", ["直播间到手139元，面霜"])
    assert not is_near_duplicate("面霜背后的故事", ["直播间到手139元"])
    assert jaccard("Save $10 tonight", "save $10 tonight!") == 1.0


def test_absolute_terms_are_found_but_ordinary_words_pass() -> None:
    assert absolute_terms("全网最低价") and absolute_terms("最好的面霜")
    assert absolute_terms("the best stand") and absolute_terms("guaranteed results")
    assert absolute_terms("100%有效") and absolute_terms("根治干燥")
    assert absolute_terms("#1 seller")
    assert not absolute_terms("下播前帮大家把重点再过一遍")
    assert not absolute_terms("最后提醒一下")  # 最后 = "finally", not a superlative
    assert not absolute_terms("a better grip for your phone")


def test_forbidden_claims_drop_the_whole_line() -> None:
    lines = ["这款面霜三天祛痘", "保湿24小时", "It is INDESTRUCTIBLE"]
    assert clean_lines(lines, ["三天祛痘", "indestructible"]) == ["保湿24小时"]
    assert violates("医学级修复面霜", ["医学级修复"])
