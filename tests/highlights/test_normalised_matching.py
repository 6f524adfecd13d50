"""Cue banks, chat lexicons and product names match Traditional and full-width text too."""

from __future__ import annotations

from livegen.chat.text import TermMatcher, contains_term
from livegen.highlights.cues import load_cues
from livegen.highlights.speech import ProductTerms
from livegen.text import match_key


def test_cue_bank_finds_the_same_categories_in_traditional_as_in_simplified() -> None:
    bank = load_cues("zh")
    simplified = "这是全网最低价，限时秒杀，赶紧下单"
    traditional = "這是全網最低價，限時秒殺，趕緊下單"
    a, b = bank.match(simplified), bank.match(traditional)
    assert a and set(a) == set(b)
    # hits quote what was written
    assert all(h in traditional for hits in b.values() for h in hits)


def test_chat_terms_match_traditional_and_full_width_comments() -> None:
    m = TermMatcher(["已拍", "多少钱", "link"])
    assert m.find("已拍了") == "已拍"
    assert m.find("這個多少錢") == "多少錢"
    assert m.find("ＬＩＮＫ please") == "ＬＩＮＫ"
    assert contains_term("這個怎麼賣，多少錢", "多少钱")


def test_product_names_match_traditional_mentions() -> None:
    pat = ProductTerms("保湿面霜", ("保湿面霜", "面霜")).pattern()
    assert pat.findall(match_key("這款保濕面霜真的好用"))
