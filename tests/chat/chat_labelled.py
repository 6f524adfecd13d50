"""Labelled paraphrase sets and a comment log built from them, so grouping can be scored."""

from __future__ import annotations

import random

# Each group asks one thing in many wordings; several wordings appear nowhere in the
# shipped topic examples, so grouping has to generalise rather than look words up.
ZH_GROUPS: dict[str, list[str]] = {
    "price": [
        "多少钱",
        "多少钱一瓶",
        "这个多少钱呀",
        "价格是多少",
        "什么价",
        "现在卖多少钱",
        "价格多少？",
        "直播间什么价格",
    ],
    "shipping": [
        "发什么快递",
        "什么快递呀",
        "几天发货",
        "什么时候发货？",
        "多久能到",
        "包邮吗",
        "发顺丰吗",
    ],
    "skin": [
        "干皮能用吗",
        "适合干皮吗",
        "干皮可以用吗？",
        "油皮适合吗",
        "敏感肌能用吗",
        "混干皮适合用吗",
    ],
    "pregnant": ["孕妇能用吗", "孕妇可以用吗", "孕期能用吗？", "哺乳期可以用吗", "怀孕了能用吗"],
    "buy": ["怎么买", "怎么下单啊", "链接在哪", "在哪里买？", "几号链接", "哪个链接"],
    "volume": ["多大容量", "几毫升", "容量多大", "一瓶多少毫升", "有多少毫升？"],
}
EN_GROUPS: dict[str, list[str]] = {
    "price": [
        "how much?",
        "how much is it",
        "what's the price?",
        "price?",
        "how much does this cost",
        "what does it cost?",
        "how much is the stand",
    ],
    "shipping": [
        "how long does shipping take?",
        "do you ship to canada?",
        "is shipping free?",
        "when will it arrive",
        "how fast is delivery?",
        "do you ship to the uk?",
    ],
    "case": [
        "does it work with a case?",
        "will it fit with a phone case?",
        "does it work with thick cases?",
        "can i leave my case on?",
    ],
    "tablet": [
        "does it fit an ipad?",
        "can it hold a tablet?",
        "will my ipad fit?",
        "does it hold tablets?",
    ],
    "buy": [
        "where is the link?",
        "how do i buy?",
        "how can i order?",
        "where can i buy it?",
        "where's the link",
    ],
}
ZH_NOISE = ["哈哈哈", "主播好美", "来了", "666", "好看", "支持", "冲", "晚上好", "打卡"]
EN_NOISE = ["lol", "hello from ohio", "nice", "love it", "wow", "cool stand", "hi all"]
ZH_INTENT = ["买了", "拍了", "已下单", "上链接", "抢到了"]
EN_INTENT = ["bought!", "just ordered", "ordered 2", "got one", "added to cart"]
ZH_SPAM = ["加微信 abc123 领福利", "全网最低价 私聊我", "vx：deal888", "QQ 87654321 便宜出"]
EN_SPAM = [
    "contact me on whatsapp for cheaper",
    "visit www.cheap-stands.shop",
    "dm me for wholesale prices",
]
INTENT_AT = (120.0, 150.0)  # the one purchase burst, seconds


def make_log(lang: str, seed: int = 5) -> tuple[list[dict[str, object]], dict[str, str]]:
    """Rows for a 10-minute stream and the label of each question text."""
    rng = random.Random(seed)
    groups = ZH_GROUPS if lang == "zh" else EN_GROUPS
    noise = ZH_NOISE if lang == "zh" else EN_NOISE
    intent = ZH_INTENT if lang == "zh" else EN_INTENT
    spam = ZH_SPAM if lang == "zh" else EN_SPAM
    rows: list[dict[str, object]] = []
    labels: dict[str, str] = {}
    for n, (label, wordings) in enumerate(groups.items()):
        for _ in range(6 + 3 * n):
            text = rng.choice(wordings)
            labels[text] = label
            rows.append(
                {"time": rng.uniform(0, 600), "user": f"u{rng.randrange(60)}", "text": text}
            )
    for _ in range(80):
        rows.append(
            {
                "time": rng.uniform(0, 600),
                "user": f"u{rng.randrange(60)}",
                "text": rng.choice(noise),
            }
        )
    for _ in range(30):
        rows.append(
            {
                "time": rng.uniform(*INTENT_AT),
                "user": f"u{rng.randrange(60)}",
                "text": rng.choice(intent),
            }
        )
    for _ in range(3):  # a trickle of buying elsewhere is not a moment
        rows.append(
            {
                "time": rng.uniform(300, 600),
                "user": f"u{rng.randrange(60)}",
                "text": rng.choice(intent),
            }
        )
    for text in spam:
        rows.append({"time": rng.uniform(0, 600), "user": "spammer", "text": text})
    rows.sort(key=lambda r: float(r["time"]))  # type: ignore[arg-type]
    for r in rows:
        r["time"] = round(float(r["time"]), 2)  # type: ignore[arg-type]
    return rows, labels
