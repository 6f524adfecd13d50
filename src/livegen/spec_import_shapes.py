"""Shapes a merchant's brief takes that are not field names: how lists are written.

`livegen spec import` finds fields by name (`templates/spec/fields.yaml`); this module
reads the shapes around them: numbered keys (`卖点1`, `Feature 2`), enumerations inside
one sentence or cell ("1️⃣…2️⃣…", "第一…第二…", "1.…;2.…"), row-per-field CSV sheets,
back-office prices in fen, coupon and gift records, gifts promised inside a sentence, and
prose lines that say who a product is for. Each reader is a pure function so the mapper
stays the one place that decides where a value goes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

# One item of an enumeration: keycap emoji, circled digits, 第N, "1." / "1、" / "(1)",
# and the English ordinals a chat message uses.
_KEYCAP = "\ufe0f?\u20e3"
_ENUM_MARK = re.compile(
    r"(?:(?<![\d.])\d{1,2}" + _KEYCAP + r"|[\u2460-\u2473\u2776-\u277f\u278a-\u2793]|"
    r"第[一二三四五六七八九十\d]{1,3}(?:点|个|条)?[，,、:：.．]?|"
    r"(?<![\d.A-Za-z])\d{1,2}[.、．)）](?!\d)|[（(]\d{1,2}[)）]|"
    r"\b(?:First|Second|Third|Fourth|Fifth|Sixth|Finally|Lastly)\b,?|"
    r"首先[，,]?|其次[，,]?|再次[，,]?|最后[，,]?)\s*",
)
_NUMBERED_KEY = re.compile(
    r"^(.*?\D)\s*[_\-#]?\s*(\d{1,2}|[一二三四五六七八九十]|(?<=[\u4e00-\u9fff_\s\-])[A-Ha-h])$"
)
# `hook_1_name`, `viewer_type_a_pains`, `卖点1_说明`: a numbered entry's part, by key.
_NUMBERED_PART = re.compile(
    r"^(.*?(?:[^\W\d_]))(?:[\s_\-#]+([A-Ha-h])|[\s_\-#]*(\d{1,2}|[一二三四五六七八九十]))"
    r"[\s_\-]+([^\W\d_][\w\s\-]*)$"
)


def enumerated(text: str) -> list[str] | None:
    """The items of an enumeration written on one line or in one cell, else None.

    Needs at least two marks, and the first one at the start of the text or after a
    colon or sentence end, so "存了6年" or "45dB" never splits.
    """
    marks = list(_ENUM_MARK.finditer(text))
    if len(marks) < 2:
        return None
    head = text[: marks[0].start()].strip()
    if head and not re.search(r"[:：。.!！?？;；\n]\s*$", head):
        return None
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        item = _LEAD_COPULA.sub("", text[m.end() : end]).strip(" \t;；,，、。.\n")
        if item:
            items.append(item)
    return items if len(items) >= 2 else None


# "第一个最重要的是鲜肉含量高" / "第二个是冻干双拼": the words between the mark and the point.
_LEAD_COPULA = re.compile(
    r"^\s*(?:(?:也是|就是|是)?(?:最|很|比较)?(?:重要|主要|关键|核心|基础)的(?:一点|一个|卖点)?(?:就)?是|"
    r"(?:卖点|亮点)(?:就)?是|就是|是)\s*(?=\S)"
)


def numbered_label(key: str, is_list_field: Callable[[str], bool]) -> bool:
    """Whether a key only numbers an entry of a list (`卖点一`, `人群A`, `SP1`, `P2`)."""
    k = str(key).strip()
    if re.fullmatch(r"[A-Za-z]{0,3}\s*[_\-#]?\s*\d{1,2}", k):
        return True
    m = _NUMBERED_KEY.match(k)
    return bool(m and m.group(1).strip(" _-#") and is_list_field(m.group(1).strip(" _-#")))


def persona_classes(text: str, marks: Sequence[str], also: Sequence[str]) -> list[str] | None:
    """Buyers counted in a paragraph: "主要是两类人。一类是上班族白领，下午饿了…。另一类是
    给孩子准备零食的宝妈…" → one entry each ("上班族白领，下午饿了…"), plus a buyer named
    on the side ("养猫狗的也可以顺带提一下"); None below two."""
    words = "|".join(re.escape(w) for w in sorted(marks, key=len, reverse=True))
    if not words:
        return None
    parts = re.split(rf"(?:^|(?<=[。；;，,：:！!\s]))(?:{words})\s*", text)
    found = [p.strip(" ，,。；;") for p in parts[1:] if p.strip(" ，,。；;")]
    if len(found) < 2:
        return None
    out: list[str] = []
    for part in found:
        sentences = re.split(r"(?<=[。！!；;])", part)
        head, _, rest = sentences[0].strip(" 。；;").partition("，")
        out.append(f"{head}：{rest}" if rest and len(head) >= 2 else sentences[0].strip(" 。；;"))
        for sentence in sentences[1:]:
            for w in also:
                at = sentence.find(w)
                if at > 1:
                    out.append(sentence[:at].strip(" ，,。"))
                    break
    return out


def group_numbered_keys(data: dict[str, Any], is_list_field: Any) -> dict[str, Any]:
    """`卖点1: a, 卖点2: b` (or `人群A`, `人群B`) → `卖点: [a, b]` when the base names a
    list field; `hook_1_name: a, hook_1_detail: b` → `hook: [{name: a, detail: b}]`.

    `is_list_field(base)` says whether the base key names a list (selling points,
    personas, gifts, FAQ, proof); other numbered keys (`地址2`) stay as they are.
    """
    data = _group_numbered_parts(data, is_list_field)
    groups: dict[str, list[Any]] = {}
    firsts: dict[str, str] = {}
    for key, value in data.items():
        m = _NUMBERED_KEY.match(str(key).strip())
        if m and m.group(1).strip(" _-#") and is_list_field(m.group(1).strip(" _-#")):
            base = m.group(1).strip(" _-#")
            groups.setdefault(base, []).append(value)
            firsts.setdefault(base, str(key))
    if not groups:
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        m = _NUMBERED_KEY.match(str(key).strip())
        base = m.group(1).strip(" _-#") if m else ""
        if base in groups:
            if firsts[base] == str(key):
                existing = data.get(base)
                extra = existing if isinstance(existing, list) else [existing] if existing else []
                out[base] = [*extra, *groups[base]]
            continue
        if key in groups:
            continue  # merged above with its numbered siblings
        out[key] = value
    return out


def _group_numbered_parts(data: dict[str, Any], is_list_field: Any) -> dict[str, Any]:
    """Entries spread over keys that carry a number and a part (`hook_1_name`,
    `hook_1_detail`, `viewer_type_a_label`) become one record per number."""
    records: dict[str, dict[str, dict[str, Any]]] = {}
    firsts: dict[str, str] = {}
    for key, value in data.items():
        m = _NUMBERED_PART.match(str(key).strip())
        if m and is_list_field(m.group(1).strip(" _-#")) and not isinstance(value, (dict, list)):
            base = m.group(1).strip(" _-#")
            number = (m.group(2) or m.group(3)).casefold()
            records.setdefault(base, {}).setdefault(number, {})[m.group(4).strip()] = value
            firsts.setdefault(base, str(key))
    if not records:
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        m = _NUMBERED_PART.match(str(key).strip())
        base = m.group(1).strip(" _-#") if m else ""
        if base in records and not isinstance(value, (dict, list)):
            if firsts[base] == str(key):
                out[base] = list(records[base].values())
            continue
        out[key] = value
    return out


_HEADER_WORDS = frozenset(
    (
        "字段",
        "项目",
        "内容",
        "值",
        "名称",
        "模块",
        "分类",
        "备注",
        "说明",
        "field",
        "key",
        "value",
        "item",
        "attribute",
        "section",
        "group",
        "notes",
        "note",
        "comment",
        "信息",
    )
)


_GROUP_WORDS = frozenset(("section", "group", "category", "模块", "分类", "板块", "类别", "分组"))
_KEY_WORDS = frozenset(("field", "key", "item", "attribute", "字段", "项目", "字段名", "属性"))
_NOTE_WORDS = frozenset(("notes", "note", "comment", "comments", "备注", "说明"))


def read_csv(
    text: str, is_field: Callable[[str], bool], is_list: Callable[[str], bool] | None = None
) -> dict[str, Any] | None:
    """A CSV sheet as fields: one row per field, or a header row and one product row;
    None when it is neither (then it is read as text).

    In a row-per-field sheet the key column is the one whose cells most often name a
    field (`Section,Field,Value,Notes` keys on Field); the cells after it are the value.
    A notes column named in the header is left out, except in a sheet grouped by a
    section column: there a section that names a list (`selling_point,SP1,title,notes`)
    gives one entry a row, its notes the entry's detail (`is_list` says which sections).
    """
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","  # Excel's own, and what a one-column sheet falls back to
    try:
        rows = [
            r
            for r in csv.reader(io.StringIO(text), delimiter=delimiter)
            if any(c.strip() for c in r)
        ]
    except csv.Error:
        return None
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    header = [c.strip().casefold() for c in rows[0]]
    has_header = all(c in _HEADER_WORDS for c in header if c)
    named = sum(1 for c in rows[0] if c.strip() and is_field(c.strip()))
    if len(rows[0]) > 2 and not has_header and (len(rows) == 2 or named * 2 >= len(rows[0])):
        # A header row and a product row (the first one, when the export lists several);
        # a header repeated ("卖点,卖点,卖点") collects its cells.
        out: dict[str, Any] = {}
        for h, v in zip(rows[0], rows[1], strict=False):
            h, v = h.strip(), v.strip()
            if h and v:
                out[h] = [*_as_list(out[h]), v] if h in out else v
        if len(rows) > 2:
            out["_read_note"] = f"the first of {len(rows) - 1} product rows"
        return out or None
    body = rows[1:] if has_header else rows
    width = max(len(r) for r in body)
    hits = [
        sum(1 for r in body if len(r) > c and r[c].strip() and is_field(r[c].strip()))
        for c in range(width - 1)
    ]
    key_col = max(range(len(hits)), key=lambda c: (hits[c], -c)) if hits else 0
    skip = {c for c, h in enumerate(header) if has_header and h in _NOTE_WORDS}
    if (
        has_header
        and len(header) >= 3
        and header[0] in _GROUP_WORDS
        and header[1] in _KEY_WORDS
        and is_list is not None
    ):
        return _grouped_sheet(body, skip, is_field, is_list)
    out = {}
    last = ""
    for row in body:
        key = row[key_col].strip() if len(row) > key_col else ""
        value = " ".join(
            c.strip() for i, c in enumerate(row) if i > key_col and i not in skip and c.strip()
        )
        if not key and value and last:
            key = last  # a merged cell exported empty: the row continues the field above
        last = key or last
        if key and not value:
            out.setdefault(key, [])  # a field whose items follow on the next rows
            continue
        if key and value:
            if key in out:
                prev = out[key]
                out[key] = [*(prev if isinstance(prev, list) else [prev]), value]
            else:
                out[key] = value
    return out or None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _grouped_sheet(
    body: list[list[str]],
    notes: set[int],
    is_field: Callable[[str], bool],
    is_list: Callable[[str], bool],
) -> dict[str, Any] | None:
    """`section,field,value,notes` rows as {section: {field: value}}; a section that
    names a list (selling points, personas, FAQ) as a list of {name: value, description:
    notes} entries,
    its field cells (`SP1`, `P2`) being only row ids."""
    out: dict[str, Any] = {}
    for row in body:
        cells = [c.strip() for c in row] + [""] * 3
        group, key = cells[0], cells[1]
        value = " ".join(c for i, c in enumerate(cells[2:], 2) if c and i not in notes)
        note = " ".join(c for i, c in enumerate(cells[2:], 2) if c and i in notes)
        if not value:
            continue
        if group and is_list(group) and not is_field(key):
            entry: Any = {"name": value, "description": note} if note else value
            items = out.setdefault(group, [])
            if isinstance(items, list):
                items.append(entry)
                continue
        block = out.setdefault(group or "_", {})
        if not isinstance(block, dict):
            block = out.setdefault(f"{group} ", {})
        if key in block:
            prev = block[key]
            block[key] = [*(prev if isinstance(prev, list) else [prev]), value]
        else:
            block[key] = value
    return out or None


def declares_fen(brief: Any) -> bool:
    """Whether an export says its money is in fen anywhere (`"priceUnit": "fen"`,
    `"金额单位": "分"`, `"amount_unit": "cents"`)."""
    if isinstance(brief, dict):
        for k, v in brief.items():
            if (
                re.search(r"unit|单位", str(k), re.I)
                and isinstance(v, str)
                and re.fullmatch(r"\s*(?:fen|分|cents?|cent)\s*", v, re.I)
            ):
                return True
            if isinstance(v, (dict, list)) and declares_fen(v):
                return True
    if isinstance(brief, list):
        return any(declares_fen(v) for v in brief)
    return False


def fen_block(values: list[Any], keys: list[str]) -> bool:
    """Whether a block's prices are integer cents (`"salePrice": 19900`).

    Said by a key (`priceFen`, `price_cents`, `价格(分)`), or guessed when every price in
    the block is a bare integer of at least 1000 ending in 0: a back-office export stores
    money that way, while a price typed by a person carries a unit or a decimal.
    """
    if any(re.search(r"fen|cents?\b|cents?_|[（(]分[)）]|单位[:：]?分", k, re.I) for k in keys):
        return True
    ints = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return bool(ints) and len(ints) == len(values) and all(v >= 1000 and v % 10 == 0 for v in ints)


def record_ends(record: dict[str, Any], parts: dict[str, list[str]]) -> str:
    """When a coupon record says it ends ("2026-12-12 23:59"; seconds are not spoken)."""
    for k, v in record.items():
        low = re.sub(r"[\s_\-]", "", str(k)).casefold()
        if v and any(low == w or low.endswith(w) for w in parts.get("ends", [])):
            return re.sub(r"(\d{1,2}:\d{2}):\d{2}\b", r"\1", str(v)).strip()
    return ""


def record_part(record: dict[str, Any], parts: dict[str, list[str]], kind: str) -> Any:
    """The value of one part of a coupon or gift record (name, amount, threshold, count).

    A key counts for the part its name ends with, unless it names an amount or a threshold
    first: "discount" ends like "count" but is the coupon's amount."""
    money = [w for m in ("amount", "threshold") if m != kind for w in parts.get(m, [])]
    for k, v in record.items():
        low = re.sub(r"[\s_\-]", "", str(k)).casefold()
        named = any(low == w or low.endswith(w) for w in parts.get(kind, []))
        taken = kind == "count" and any(low == w or low.endswith(w) for w in money)
        if named and not taken and v not in (None, "", [], {}):
            return v
    return None


def record_text(record: dict[str, Any], parts: dict[str, list[str]], fen: bool) -> str:
    """A coupon or gift record as one line ("直播间立减券：减30元，满299元可用"); when it
    ends is an offer field of its own (`record_ends`)."""

    def pick(kind: str) -> Any:
        return record_part(record, parts, kind)

    def money(v: Any) -> str:
        if isinstance(v, int | float) and not isinstance(v, bool):
            amount = v / 100 if fen else v
            return f"{amount:g}元"
        return str(v)

    name, amount, threshold = pick("name"), pick("amount"), pick("threshold")
    count = pick("count")
    bits = []
    if amount is not None:
        bits.append(f"减{money(amount)}" if isinstance(amount, int | float) else str(amount))
    if threshold is not None:
        t = money(threshold)
        bits.append(f"满{t}可用" if isinstance(threshold, int | float) else t)
    head = str(name) if name is not None else ""
    if count is not None and str(count) not in ("1", "1.0"):
        head = f"{head}×{count}"
    if head and bits:
        return f"{head}：{'，'.join(bits)}"
    if head:
        return head
    if bits:
        return "，".join(bits)
    return "，".join(f"{k} {v}" for k, v in record.items() if not isinstance(v, dict | list))


_GIFT_ZH = re.compile(
    r"(?:再|加|还|另|额外|下单|拍下?就?|都|就|即)?(?:赠送|赠|送)"
    r"(?:[一二两三四五六七八九十\d]+\s*[个把杯块条份盒支瓶包袋套张片只罐双件对]|同款)?"
    r"([^，。,.!！;；\s🎁~～（()）+＋]{2,14})"
)
_GIFT_EN = re.compile(
    r"\b(?:get|gets|plus|with|includes?|comes with)?\s*(?:an?\s+)?(?:free|bonus)\s+"
    r"([A-Za-z0-9][\w\-]*(?:\s+[A-Za-z0-9][\w\-]*){0,3}?)"
    r"(?=\s+(?:with|for|when|on|if|in|to|while)\b|\s*[.,;!)—–-]|\s*$)",
    re.IGNORECASE,
)
_NOT_GIFT = re.compile(
    r"^(?:shipping|delivery|returns?|trial|gift\s*wrap|礼|货|到|达|你|您|给|人|朋友|回家)",
    re.IGNORECASE,
)


def gifts_in(text: str) -> list[str]:
    """Gifts promised in a sentence ("再送一把茶刀", "get a free carabiner clip"); free
    shipping and "送礼" (giving as a present) are not gifts."""
    found = [m.group(1) for m in _GIFT_ZH.finditer(text)]
    found += [m.group(1) for m in _GIFT_EN.finditer(text)]
    found = [re.sub(r"[哦呀啊哈呢吧~～]+$", "", g.strip()) for g in found]
    return [g for g in found if len(g) >= 2 and not _NOT_GIFT.match(g)]


_COPULA = re.compile(
    r"^\s*(?:主要|大多|基本上)?(?:是|为|就是|有)\s*|^\s*(?::|：)\s*|"
    r"^\s+(?:are|is|include)\s+(?:mostly\s+|mainly\s+|usually\s+)?",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"^(?:mostly|mainly|usually|typically|also|we also get a lot of|we also get|a lot of|lots of|"
    r"主要是|主要|大多是|还有|以及|也适合|也有|也|and|or)\s*",
    re.IGNORECASE,
)


def buyers(text: str) -> list[str]:
    """The buyers a phrase lists: "养小型犬的年轻人和家里有老年犬的家庭", "first-time
    dog owners and people with senior dogs", "咖啡爱好者，还有想送礼的上班族"."""
    rest = re.sub(r"[。.!！]+$", "", text.strip()).strip(" ：:，,")
    # "…，还有家里有老人要煮中药、煮粥的家庭": with a joining word, "、" lists inside one buyer.
    stops = "，,;；" if re.search(r"还有|以及|也适合|\band\b", rest) else "，,、;；"
    parts = re.split(
        rf"[{stops}]\s*(?:还有|以及|也适合|和|或者|或是|and\b|or\b)?\s*|"
        r"\s*(?:还有|以及|\band\b|\bor\b)\s+|"
        r"(?<=[\u4e00-\u9fff]{3})和(?=[\u4e00-\u9fff]{3})",
        rest,
    )
    # "dog and cat owners": an "and" after one singular word joins two nouns of one buyer
    # ("campers and commuters" stays two).
    merged: list[str] = []
    for p in (x.strip() for x in parts):
        last = merged[-1] if merged else ""
        if (
            re.fullmatch(r"[a-z][a-z-]*[^s\W]", last)
            and p[:1].islower()
            and re.search(rf"(?<![,;，；])\s+(?:and|or)\s+{re.escape(p[:12])}", rest)
        ):
            merged[-1] = f"{last} and {p}"
        else:
            merged.append(p)
    parts = merged
    out = []
    for p in parts:
        p = p.strip()
        while _FILLER.match(p) and _FILLER.sub("", p, count=1) != p:
            p = _FILLER.sub("", p, count=1).strip()
        if 1 < len(p) <= 40 or (len(p) > 40 and len(p.split()) <= 12 and p.isascii()):
            out.append(p)
    return out


_SUBJECT = re.compile(
    r"^(?:(?:我们家|我们)?这款(?:产品)?|这个|本品|它|this (?:one|product) is|it'?s|it is)\s*"
    r"(?:主要|特别|最|也)?\s*(?=\S)",
    re.IGNORECASE,
)


def persona_line(text: str, leads: list[str], heads: Sequence[str] = ()) -> list[str] | None:
    """The buyers a prose line names when it opens with a lead ("适合健身减脂的人，还有给
    孩子当早餐的家长", "Perfect for campers and commuters") or with a persona word and a
    copula ("目标人群是…", "Our customers are mostly …"), else None."""
    text = _SUBJECT.sub("", text.strip())  # "这款适合…", "This one is perfect for …"
    low = text.casefold()
    lead = next((w for w in sorted(leads, key=len, reverse=True) if low.startswith(w)), None)
    rest: str | None = text[len(lead) :] if lead else None
    if rest is None:
        for head in sorted(heads, key=len, reverse=True):
            at = re.match(r"^(?:our|the|我们的|我们)?\s*" + re.escape(head), low)
            if at:
                tail = text.strip()[at.end() :]
                copula = _COPULA.match(tail)
                if copula:
                    rest = tail[copula.end() :]
                    break
    if rest is None:
        return None
    return buyers(rest) or None
