"""The shared text normaliser: what matchers compare, and the way back to what was written."""

from __future__ import annotations

import pytest

from livegen.text import (
    apply_script,
    cjk_ratio,
    convert_aligned,
    has_cjk,
    is_cjk_char,
    looks_cjk,
    match_key,
    normalize,
    to_simplified,
)


def test_traditional_becomes_simplified() -> None:
    assert to_simplified("歡迎大家來體驗這是全網最低價") == "欢迎大家来体验这是全网最低价"


def test_text_without_chinese_is_returned_untouched() -> None:
    assert to_simplified("Best price ever") == "Best price ever"


def test_apply_script_keeps_or_converts_as_asked() -> None:
    assert apply_script("體驗", "keep") == "體驗"
    assert apply_script("體驗", "simplified") == "体验"
    assert apply_script("体验", "traditional") == "體驗"


def test_converted_pieces_keep_their_boundaries() -> None:
    assert convert_aligned(["歡", "迎", "大家", "來"]) == ["欢", "迎", "大家", "来"]
    assert convert_aligned(["hello", " world"]) == ["hello", " world"]


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("這是全網最低價", "这是全网最低价"),
        ("最*好的", "最好的"),
        ("第 一 名", "第一名"),
        ("全·网·最·低", "全网最低"),
        ("ＦＲＥＥ　Shipping", "free shipping"),
        ("BEST Price", "best price"),
    ],
)
def test_normalised_form_uncovers_the_phrase(written: str, normal: str) -> None:
    assert normalize(written).text == normal


def test_symbols_between_latin_letters_are_kept() -> None:
    assert normalize("wi-fi 6").text == "wi-fi 6"


def test_chinese_numerals_become_digits_when_asked() -> None:
    assert normalize("仓库还剩一百二十件", numerals=True).text == "仓库还剩120件"
    assert normalize("三天淡斑", numerals=True).text == "3天淡斑"
    assert normalize("两万人", numerals=True).text == "20000人"
    assert normalize("一起来", numerals=True).text == "一起来"


def test_repeats_collapse_only_when_asked() -> None:
    assert normalize("最最最好").text == "最最最好"
    assert normalize("最最最好", collapse_repeats=True).text == "最好"
    assert normalize("谢谢", collapse_repeats=True).text == "谢谢"


@pytest.mark.parametrize(
    ("written", "needle", "quoted"),
    [
        ("這是全網最低價", "最低价", "最低價"),
        ("这款最*好用", "最好", "最*好"),
        ("仓库还剩一百二十件哦", "120", "一百二十"),
        ("ＢＥＳＴ deal", "best", "ＢＥＳＴ"),
        ("第 一 名", "第一名", "第 一 名"),
    ],
)
def test_span_points_back_at_what_was_written(written: str, needle: str, quoted: str) -> None:
    n = normalize(written, numerals=True)
    at = n.text.index(needle)
    s, e = n.span(at, at + len(needle))
    assert written[s:e] == quoted


def test_match_key_is_the_plain_normalised_string() -> None:
    assert match_key("全網最低價") == match_key("全网最低价") == "全网最低价"


def test_cjk_detection() -> None:
    assert is_cjk_char("中") and not is_cjk_char("a") and not is_cjk_char("，")
    assert has_cjk("abc中") and not has_cjk("abc")
    assert looks_cjk("今天的价格 ok") and not looks_cjk("hello 中")
    assert cjk_ratio("") == 0.0
