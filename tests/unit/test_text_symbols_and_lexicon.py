"""Emoji between characters and regional word lexicons in the one text normaliser."""

from __future__ import annotations

from livegen.text import make_lexicon, normalize


def test_emoji_and_dingbats_between_chinese_characters_are_dropped() -> None:
    assert normalize("最⭐低⭐价").text == "最低价"
    assert normalize("3天✨祛痘").text == "3天祛痘"
    assert normalize("全\u200b网").text == "全网"


def test_an_emoji_outside_a_word_is_kept() -> None:
    assert normalize("好价 ⭐").text == "好价 ⭐"


def test_a_lexicon_rewrites_words_and_keeps_original_positions() -> None:
    lex = make_lexicon({"冇": "没有", "最平": "最便宜"})
    n = normalize("全網最平，冇得再平", lexicon=lex)
    assert n.text == "全网最便宜,没有得再平"
    s = n.text.index("最便宜")
    assert n.original[slice(*n.span(s, s + 3))] == "最平"
    t = n.text.index("没有")
    assert n.original[slice(*n.span(t, t + 2))] == "冇"


def test_the_longest_lexicon_key_wins() -> None:
    lex = make_lexicon({"唔": "不", "唔使": "不用"})
    assert normalize("唔使運動", lexicon=lex, variant="tw2sp").text == "不用运动"


def test_a_word_spelled_out_letter_by_letter_is_joined_and_points_at_what_was_written() -> None:
    n = normalize("This is the n-u-m-b-e-r o-n-e rated speaker")
    assert n.text == "this is the number one rated speaker"
    at = n.text.index("number")
    s, e = n.span(at, at + len("number one"))
    assert n.original[s:e] == "n-u-m-b-e-r o-n-e"
    assert normalize("b.e.s.t price").text == "best price"
    # two letters are abbreviations, and a hyphenated word is a word
    assert normalize("e-mail me at 9 a.m., e.g. now").text == "e-mail me at 9 a.m., e.g. now"
    assert normalize("x-ray vision").text == "x-ray vision"
