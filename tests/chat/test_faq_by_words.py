"""Questions the concept data cannot read are answered by the words they share with one
entry (`livegen.chat.faqwords`), and only when that entry clearly holds them.

Each case goes through `analyze_chat` with the FAQ in the spec, as `livegen chat --spec`
sees it; the entries' answers take part, as they do there.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livegen.chat import analyze_chat
from livegen.chat.faqwords import FaqWords, pieces
from livegen.chat.text import is_question
from livegen.chatlog import ChatMessage
from livegen.schemas.spec import ProductSpec

MOUNT = [
    ("磁吸环掉了怎么办？", "盒子里多送一个磁吸环，掉了可以联系客服补寄。"),
    ("膝盖不好的人能用吗？", "支架高度可调，不用弯腰低头。"),
    ("内胆是什么材质？", "304不锈钢内胆。"),
    ("露营能用吗？", "可以，户外也能用。"),
    ("孕妇能用吗？", "可以。"),
    ("多久发货？", "48小时内发货。"),
]
SIZES = [
    ("支持多大的手机？", "适配4.7到6.9英寸的手机。"),
    ("能放车上吗？", "可以，耐高温到80度。"),
    ("有几种颜色？", "黑白两色。"),
]
HOLDER = [
    ("Which phones does it hold?", "Phones from 4.7 to 6.9 inches, in or out of a case."),
    ("Does it fold?", "Yes, flat to 6 mm."),
    ("What colors are there?", "Black and silver."),
]
SKILLET = [
    ("Is it pre-seasoned?", "Yes, seasoned with vegetable oil, ready to cook."),
    ("Does the handle get hot?", "Yes, use the silicone sleeve that comes with it."),
    ("Does it have a red light mode?", "Yes, a red night mode."),
    ("How heavy is it?", "2.4 kg for the 10-inch."),
]


def _spec(faq: list[tuple[str, str]]) -> ProductSpec:
    return ProductSpec.model_validate(
        {
            "name": "样品",
            "price": 99,
            "selling_points": [{"title": "好用"}],
            "faq": [{"question": q, "answer": a} for q, a in faq],
        }
    )


def _answer(faq: list[tuple[str, str]], text: str) -> str | None:
    message = ChatMessage(time=1.0, user="viewer", text=text)
    report = analyze_chat([message], source="test", spec=_spec(faq))
    return report.questions[0].faq_question if report.questions else "(not a question)"


@pytest.mark.parametrize(
    ("faq", "text", "expected"),
    [
        # a product's own part, a body part, a use situation, a number the answer gives
        (MOUNT, "磁吸环掉了咋整", "磁吸环掉了怎么办？"),
        (MOUNT, "膝盖疼能用吗", "膝盖不好的人能用吗？"),
        (MOUNT, "去露营带着行吗", "露营能用吗？"),
        (MOUNT, "304的吗", "内胆是什么材质？"),
        (SIZES, "6.7寸的能放吗", "支持多大的手机？"),
        (HOLDER, "ok for a 6.5 inch phone?", "Which phones does it hold?"),
        # an English typo one letter off, a word only the answer holds
        (SKILLET, "is the handel hot", "Does the handle get hot?"),
        (SKILLET, "silicone sleeve for the handle?", "Does the handle get hot?"),
        (SKILLET, "do i need to season it first", "Is it pre-seasoned?"),
    ],
)
def test_shared_content_words_answer_a_question_no_concept_reads(faq, text, expected) -> None:
    assert _answer(faq, text) == expected


@pytest.mark.parametrize(
    ("faq", "text"),
    [
        # only filler in common: "does it have", "会不会", "能用吗"
        (SKILLET, "does it have a remote"),
        (MOUNT, "会不会很重"),
        (MOUNT, "头发能用吗"),
        # a single digit or character is too common to name an entry
        (MOUNT, "5层吗"),
        # a stretch of the question that no entry holds: 手腕 is not 膝盖
        (MOUNT, "手腕不好能用吗"),
        # people the entry does not speak of
        (MOUNT, "哺乳期能用吗"),
    ],
)
def test_filler_single_characters_and_other_people_answer_nothing(faq, text) -> None:
    assert _answer(faq, text) is None


def test_two_entries_holding_the_words_alike_answer_nothing() -> None:
    faq = [("挂钩会断吗？", "不会。"), ("挂钩能拆吗？", "可以拆。")]
    assert _answer(faq, "挂钩怎么样") is None
    assert _answer(faq, "挂钩会不会断") == "挂钩会断吗？"


def test_an_answer_about_other_people_is_not_given_to_these() -> None:
    faq = [("谁不能用？", "孕妇不建议使用。"), ("多久发货？", "48小时内。")]
    assert _answer(faq, "哺乳期能用吗 谁不能用") is None


def test_the_faq_weighs_its_own_common_words_low() -> None:
    words = FaqWords(
        ["这款支架能放车上吗？", "这款支架能折叠吗？", "这款支架多重？"],
        ["可以。", "可以折叠。", "120克。"],
    )
    assert words.idf("z:支架") < words.idf("z:折叠")
    cov, named, _ = words.coverage("支架能折叠吗", 1)
    assert named and cov > words.coverage("支架能折叠吗", 0)[0]


def test_pieces_are_content_only() -> None:
    assert set(pieces("主播这个能用吗")) == set()
    assert {"z:膝盖", "c:膝"} <= set(pieces("膝盖疼能穿吗"))
    assert "w:season" in pieces("do I need to season it")
    assert "w:does" not in pieces("does it have a hook")


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("保质期", True),
        ("主播 尺码", True),
        ("运费呀", True),
        ("battery life pls", True),
        ("Warranty", True),
        ("好看", False),
        ("干皮", False),  # may answer the host's "什么肤质扣出来"
        ("已拍 两支", False),
        ("包邮！", False),
        ("the price is great", False),
    ],
)
def test_a_bare_attribute_is_a_question(text: str, asked: bool) -> None:
    assert is_question(text) is asked


def test_a_bare_mention_of_what_one_entry_asks_is_a_question_with_that_faq() -> None:
    faq = [("粉尘大吗？", "几乎没有粉尘。"), ("有几种颜色？", "黑白两色。")]
    assert _answer(faq, "粉尘") == "粉尘大吗？"
    assert _answer(faq, "颜色好看") == "(not a question)"
    assert _answer(faq, "粉尘好大！") == "(not a question)"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.lists(st.text(max_size=30), min_size=1, max_size=4))
def test_any_text_against_any_faq_is_scored_without_error(text: str, entries: list[str]) -> None:
    words = FaqWords(entries, entries[::-1])
    found = words.best([text], range(len(entries)))
    assert found.index is None or 0 <= found.index < len(entries)
    assert 0.0 <= found.coverage <= 1.0
    assert words.named_alone(text) in (True, False)
