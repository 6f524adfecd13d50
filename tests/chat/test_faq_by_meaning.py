"""Chat questions are matched to FAQ entries by what they ask (`livegen.chat.faqmatch`).

The pairs below are the tuned set: written with the concept data open, so they show the
matcher does what it was built to do, not how well it generalises (an independent set
is kept apart). Each case is (question, the FAQ entry that answers it, or None).
"""

from __future__ import annotations

import pytest

from livegen.chat import analyze_chat
from livegen.chat.faqmatch import best_entry, concept_reader
from livegen.chat.vectors import TfIdf
from livegen.chatlog import ChatMessage
from livegen.schemas.spec import ProductSpec

COSMETICS = [
    "孕妇可以用吗？",
    "儿童可以用吗？",
    "油皮能用吗？",
    "多久能看到效果？",
    "过敏了怎么办？",
    "保质期多久？",
    "什么时候发货？",
    "有赠品吗？",
]
FOOD = [
    "是今年的新米吗？",
    "煮饭水放多少？",
    "发什么快递？多久到？",
    "糖尿病人能吃吗？",
    "开封后怎么保存？",
    "一袋多重？",
]
APPAREL = [
    "尺码偏大还是偏小？",
    "是纯棉的吗？",
    "可以机洗吗？",
    "不合适能退换吗？",
    "男生能穿吗？",
    "有几种颜色？",
]
GADGET = [
    "安卓和苹果都能用吗？",
    "打电话对方听得清吗？",
    "保修多久？",
    "运动出汗会坏吗？",
    "充一次电能用多久？",
    "老人会用吗？",
]
EN = [
    "Is it safe during pregnancy?",
    "Can kids use it?",
    "When will my order ship?",
    "Is shipping free?",
    "What's the return policy?",
    "Does it work with Android phones?",
    "How long does the battery last?",
    "What sizes does it come in?",
]

TUNED: list[tuple[list[str], str, str | None]] = [
    # people: same people match, different people never do
    (COSMETICS, "哺乳期能用吗", None),
    (COSMETICS, "哺乳期的妈妈可以用吗", None),
    (COSMETICS, "孕妇能用吗", "孕妇可以用吗？"),
    (COSMETICS, "怀孕了还能用吗", "孕妇可以用吗？"),
    (COSMETICS, "宝宝能用吗", "儿童可以用吗？"),
    (COSMETICS, "小孩子可以擦吗", "儿童可以用吗？"),
    (COSMETICS, "混油皮可以用吗", "油皮能用吗？"),
    (COSMETICS, "干皮能用吗", None),
    (COSMETICS, "敏感肌能用吗", None),
    (COSMETICS, "男士能用吗", None),
    (COSMETICS, "老人能用吗", None),
    # subjects
    (COSMETICS, "多久发货", "什么时候发货？"),
    (COSMETICS, "今天拍什么时候发出", "什么时候发货？"),
    (COSMETICS, "用了多久有效果", "多久能看到效果？"),
    (COSMETICS, "会不会过敏", "过敏了怎么办？"),
    (COSMETICS, "有效期到什么时候", "保质期多久？"),
    (COSMETICS, "送什么东西", "有赠品吗？"),
    (COSMETICS, "多少钱", None),
    (COSMETICS, "包邮吗", None),
    (COSMETICS, "是正品吗", None),
    (COSMETICS, "孕妇什么时候发货", "什么时候发货？"),  # the people do not change it
    # but they do change a safety answer: the pregnancy entry, not "过敏了怎么办？"
    (COSMETICS, "孕妇会过敏吗", "孕妇可以用吗？"),
    (FOOD, "是新米吗", "是今年的新米吗？"),
    (FOOD, "水和米的比例是多少", None),
    (FOOD, "煮的时候放多少水", "煮饭水放多少？"),
    (FOOD, "顺丰吗", "发什么快递？多久到？"),
    (FOOD, "几天能到", "发什么快递？多久到？"),
    (FOOD, "血糖高的能吃吗", "糖尿病人能吃吗？"),
    (FOOD, "孕妇能吃吗", None),
    (FOOD, "放冰箱吗", "开封后怎么保存？"),
    (FOOD, "净含量多少", "一袋多重？"),
    (FOOD, "保质期多久", None),
    (APPAREL, "我160斤穿什么码", "尺码偏大还是偏小？"),
    (APPAREL, "什么面料", "是纯棉的吗？"),
    (APPAREL, "能用洗衣机洗吗", "可以机洗吗？"),
    (APPAREL, "七天无理由吗", "不合适能退换吗？"),
    (APPAREL, "老公能穿吗", "男生能穿吗？"),
    (APPAREL, "女生能穿吗", None),
    (APPAREL, "有黑色吗", "有几种颜色？"),
    (APPAREL, "会起球吗", None),  # pilling is not what machine washing answers
    (GADGET, "华为手机能连吗", "安卓和苹果都能用吗？"),
    (GADGET, "通话降噪怎么样", "打电话对方听得清吗？"),
    (GADGET, "坏了能修吗", "保修多久？"),
    (GADGET, "防水吗", "运动出汗会坏吗？"),
    (GADGET, "续航多久", "充一次电能用多久？"),
    (GADGET, "爷爷奶奶会用吗", "老人会用吗？"),
    (GADGET, "小孩能用吗", None),
    (GADGET, "多少钱", None),
    (EN, "Can I use it while breastfeeding?", None),
    (EN, "Is it ok for pregnant women?", "Is it safe during pregnancy?"),
    (EN, "Is it safe for my toddler?", "Can kids use it?"),
    (EN, "How soon will it be delivered?", "When will my order ship?"),
    (EN, "Do you charge for shipping?", "Is shipping free?"),
    (EN, "Can I get a refund?", "What's the return policy?"),
    (EN, "Is it compatible with Samsung?", "Does it work with Android phones?"),
    (EN, "How long does a charge last?", "How long does the battery last?"),
    (EN, "Does it fit a small wrist?", "What sizes does it come in?"),
    (EN, "Is it good for seniors?", None),
    (EN, "Is there a discount code?", None),
    (EN, "What song is this?", None),
]


def _match(entries: list[str], question: str) -> str | None:
    vec = TfIdf([question, *entries])
    sims = vec.matrix(0, 1) @ vec.matrix(1).T
    found = best_entry([question], entries, sims.tolist(), 0.45)
    return entries[found.index] if found.index is not None else None


@pytest.mark.parametrize(("entries", "question", "expected"), TUNED, ids=[q for _, q, _ in TUNED])
def test_tuned_pairs(entries: list[str], question: str, expected: str | None) -> None:
    assert _match(entries, question) == expected


def test_sharing_most_characters_is_not_sharing_the_meaning() -> None:
    reader = concept_reader()
    a, b = reader.read("哺乳期能用吗"), reader.read("孕妇可以用吗？")
    assert a.who == {"breastfeeding"} and b.who == {"pregnant"}


def test_an_entry_that_names_several_people_answers_each() -> None:
    entries = ["孕妇和哺乳期可以用吗？", "多久能看到效果？"]
    assert _match(entries, "哺乳期能用吗") == entries[0]
    assert _match(entries, "孕妇能用吗") == entries[0]
    assert _match(entries, "儿童能用吗") is None


def test_without_concepts_wording_similarity_decides() -> None:
    entries = ["主播身高多少？", "这首歌叫什么？"]
    assert _match(entries, "这首歌叫什么名字") == entries[1]
    assert _match(entries, "今天天气怎么样") is None


def _spec(faq: list[str]) -> ProductSpec:
    return ProductSpec.model_validate(
        {
            "name": "面霜",
            "price": 99,
            "selling_points": [{"title": "保湿"}],
            "faq": [{"question": q, "answer": "答案"} for q in faq],
        }
    )


def test_chat_report_leaves_a_question_no_entry_answers_unanswered() -> None:
    texts = [
        "哺乳期能用吗",
        "哺乳期能用吗？",
        "哺乳期可以用吗",
        "宝宝能用吗",
        "宝宝能用吗？",
        "多久发货",
        "多久发货啊",
    ]
    msgs = [ChatMessage(time=float(i * 7), user=f"u{i}", text=t) for i, t in enumerate(texts)]
    report = analyze_chat(
        msgs, source="test", spec=_spec(["孕妇可以用吗？", "儿童可以用吗？", "什么时候发货？"])
    )
    by_question = {g.question.rstrip("？?"): g for g in report.questions}
    assert by_question["哺乳期能用吗"].answered is False
    assert by_question["哺乳期能用吗"].faq_question is None
    assert by_question["宝宝能用吗"].faq_question == "儿童可以用吗？"
    assert by_question["多久发货"].faq_question == "什么时候发货？"


@pytest.mark.parametrize(
    ("entries", "question", "expected"),
    [
        # facets of one subject never answer each other
        (
            ["How long is shipping?", "How long is the return window?"],
            "how long till it arrives",
            0,
        ),
        (["How long is shipping?", "How long is the return window?"], "how many days to return", 1),
        (["续航多久？", "充满要多久？"], "充一次电能用几个小时", 0),
        (["续航多久？", "充满要多久？"], "充电要多久", 1),
        (["可以机洗吗？", "能放洗碗机吗？"], "能扔洗衣机吗", 0),
        (["可以机洗吗？", "能放洗碗机吗？"], "洗碗机能洗吗", 1),
        (["会掉色吗？"], "会缩水吗", None),
        # an ask composes with a facet: "ship to TX, how long" asks the time too
        (["How long is shipping?", "Does it ship internationally?"], "ship to TX how long", 0),
        # a broad subject is answered by one of its facets
        (["几天发货？"], "能发吗", 0),
        # an age names a child's question; an age entry answers a question naming a child
        (["适合几岁的孩子？", "会漏水吗？"], "我家八个月能喝不", 0),
        (["From what age can it be used?"], "can my newborn ride in it", 0),
        # an entry about people answers a person-free question only on another subject
        (["孕妇用安全吗？"], "会过敏吗", None),
        # a wording read as nothing keeps its parts from reading as something else
        (["尺码偏大还是偏小？", "不合适能退换吗？"], "不合身可以换吗", 1),
    ],
)
def test_facets_agree_or_no_answer(entries: list[str], question: str, expected: int | None) -> None:
    assert _match(entries, question) == (None if expected is None else entries[expected])


def test_concept_data_patterns_are_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from livegen.errors import InputError

    bad = tmp_path / "concepts.yaml"
    bad.write_text("who: {}\nwhat: {}\npatterns:\n  what:\n    age: ['(']\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"patterns\.what\.age"):
        concept_reader(str(bad))
