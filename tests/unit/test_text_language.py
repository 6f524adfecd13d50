"""The language rules livegen.text names, one per question asked."""

from __future__ import annotations

from livegen.text import chat_language, cjk_count, columns, is_cjk_language


def test_cjk_languages_are_known_by_code_with_or_without_region() -> None:
    assert all(is_cjk_language(c) for c in ("zh", "zh-CN", "ZH-tw", "ja", "ko", "yue"))
    assert not any(is_cjk_language(c) for c in ("en", "en-US", "", None))


def test_a_chat_is_chinese_when_a_fair_share_of_messages_are() -> None:
    assert chat_language(["多少钱", "hi", "hello", "ok"]) == "en"  # one in four
    assert chat_language(["多少钱", "包邮吗", "hi", "ok"]) == "zh"
    assert chat_language([]) == "zh"


def test_ideographs_are_counted_and_take_two_terminal_columns() -> None:
    assert cjk_count("保温杯 Thermo 99元") == 4
    assert columns("保温杯 ab") == 9
    assert columns("ＡＢ") == 4  # full-width letters are wide too
