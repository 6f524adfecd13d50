"""Turn a brief a merchant already has into a livegen spec, offline.

Briefs come as nested YAML or JSON in the shop's own layout, or as a Markdown or plain
text product sheet. The field names merchants use are data (`templates/spec/fields.yaml`);
this module walks the brief, places what it recognises, keeps a record of what it mapped,
what it could not place and what it had to guess, and hands the result to the ordinary
spec validation so an import is never accepted unchecked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, get_args

import yaml

from livegen.errors import SpecError
from livegen.schemas.spec import ProductSpec
from livegen.spec_aliases import alias_table, quoted_phrases
from livegen.spec_import_shapes import (
    buyers,
    declares_fen,
    enumerated,
    fen_block,
    gifts_in,
    group_numbered_keys,
    numbered_label,
    persona_classes,
    persona_line,
    read_csv,
    record_ends,
    record_part,
    record_text,
)
from livegen.text import has_cjk

# Section names that only group other fields (walked into, not placed themselves).
_CONTAINERS = frozenset(
    (
        "offer",
        "offers",
        "promotion",
        "promotions",
        "福利",
        "直播间福利",
        "优惠信息",
        "活动信息",
        "直播安排",
        "商品信息",
        "安排",
        "product",
        "basics",
        "基本信息",
    )
)
_SCALARS = frozenset(
    (
        "name",
        "brand",
        "noun",
        "category",
        "story",
        "platform",
        "language",
        "tone",
        "style",
        "duration_minutes",
        "currency",
    )
)
OFFER_FIELDS = ("gifts", "coupon", "stock", "limit_per_order", "ends", "giveaway")
_NUM = re.compile(r"\d+(?:[.,]\d+)?")
# A bullet mark a person types: dashes and dots, "1." / "（1）" / "一、", and the symbols and
# emoji chat messages use as bullets ("✅", "👉", "🔹", "1️⃣").
_SYMBOLS = "\u2190-\u21ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff"
_SYMBOL_MARK = rf"(?:\d\ufe0f?\u20e3|[{_SYMBOLS}]\ufe0f?)"
_BULLET = re.compile(
    r"^\s*(?:[-*+•·]|\d+[.)、．](?!\d)|[（(]?\d+[)）]|[一二三四五六七八九十]+[、.]|"
    r"[\u2460-\u2473\u2776-\u277f\u278a-\u2793])\s*"
)
_SYMBOLS_STRIP = " \ufe0f🔥⭐✨💥❗️!！"
_LEAD_SYMBOLS = re.compile(rf"^(?:{_SYMBOL_MARK}|[\s\ufe0f])+")
_KV = re.compile(r"^\s*([^:：]{1,24}?)\s*[:：]\s*(.*)$")
# Sections whose table rows are records (a row per selling point, persona, ...).
_RECORD_SECTIONS = frozenset(("selling_points", "personas", "faq", "proof"))
_JOINED = r"[，,、]\s*(?:还有|以及)|\s(?:as well as|and also)\s|，和|,\s+(?:and|or)\s"
_LIST_FIELDS = frozenset(("selling_points", "personas", "faq", "proof", "gifts", "keywords"))
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*(.+?)\s*#*|【(.+?)】.*|\[(.+?)\])\s*$")


def _key(text: Any) -> str:
    """A key as it is compared: case, spaces, punctuation and decoration do not count
    (`⭐ Key features:`, `Who it's for?`, `产品卖点（必讲）` → its words)."""
    return re.sub(r"[\W_]+", "", str(text).strip().casefold())


@dataclass
class Imported:
    data: dict[str, Any]
    mapped: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)


class _Fields:
    def __init__(self) -> None:
        from livegen.templating import Templates

        raw = Templates(None).data("spec/fields.yaml")
        self.top = self._table(raw.get("fields") or {})
        self.sub = {
            kind: self._table(raw.get(kind) or {}) for kind in ("point", "persona", "faq", "proof")
        }
        words = raw.get("price_words") or {}
        self.price_words = {
            t: sorted((_key(w) for w in words.get(t) or []), key=len, reverse=True)
            for t in ("price", "promo_price")
        }
        self.ordinals = [str(w).casefold() for w in raw.get("ordinals") or []]
        self.name_phrases = [str(w).casefold() for w in raw.get("name_phrases") or []]
        self.allowed_marks = [str(w).casefold() for w in raw.get("allowed_marks") or []]
        self.persona_leads = [str(w).casefold() for w in raw.get("persona_leads") or []]
        self.final_words = [_key(w) for w in raw.get("final_price_words") or []]
        self.persona_classes = [str(w) for w in raw.get("persona_classes") or []]
        self.persona_also = [str(w) for w in raw.get("persona_also") or []]
        self.persona_name_from = [_key(w) for w in raw.get("persona_name_from") or []]
        self.persona_words = [
            w.replace("_", " ")
            for w in (str(x).casefold() for x in (raw.get("fields") or {}).get("personas") or [])
            if len(w) >= (2 if has_cjk(w) else 5)
        ]
        self.rank_keys = {_key(w) for w in raw.get("rank_keys") or []}
        self.title_words = [str(w).casefold() for w in raw.get("title_words") or []]
        self.record_parts = {
            kind: [_key(w) for w in words or []]
            for kind, words in (raw.get("record_parts") or {}).items()
        }

    def is_list_field(self, key: Any) -> bool:
        return self.lookup(self.top, key) in _LIST_FIELDS

    def lookup(self, table: dict[str, str], key: Any, anywhere: bool = False) -> str | None:
        return self.match(table, key, anywhere)[0]

    def match(
        self, table: dict[str, str], key: Any, anywhere: bool = False, head_first: bool = False
    ) -> tuple[str | None, int]:
        """The field a key names: exactly, else by the longest synonym it starts or ends
        with (`直播间到手价`, `talkingPoints`); a free heading may hold it anywhere.

        Inside a record (`head_first`) the key's end wins over its start, because the
        start repeats the record's own kind: `pointName`, `pointDesc`, `tagDesc`."""
        k = _key(key)
        if k in table:
            return table[k], 1000
        # The longest synonym wins; on a tie the one at the end (the head noun: 商品类目 is
        # a category, platformName a platform because "platform" is longer than "name").
        best: tuple[int, int, str] | None = None
        for syn, target in table.items():
            if len(syn) < (2 if has_cjk(syn) else 4):
                continue
            rank = (
                2
                if k.endswith(syn)
                else 1
                if k.startswith(syn)
                else 0
                if anywhere and syn in k
                else -1
            )
            order = (rank, len(syn)) if head_first else (len(syn), rank)
            if rank >= 0 and (
                best is None or order > ((best[1], best[0]) if head_first else best[:2])
            ):
                best = (len(syn), rank, target)
        return (best[2], best[0]) if best else (None, 0)

    def ends_with_field(self, key: str) -> bool:
        """A short key whose head noun names a list or price field ("主要人群", "直播赠品"):
        inside another section it still starts its own field."""
        k = _key(key)
        return len(k) <= 8 and any(
            k.endswith(syn) and len(syn) >= (2 if has_cjk(syn) else 4)
            for syn, target in self.top.items()
            if target in ("personas", "faq", "gifts", "forbidden_claims", "price", "promo_price")
        )

    def names_a_price(self, line: str) -> bool:
        """Whether a line gives a price: a number and a price word ("日常129，直播间89")."""
        k = _key(line)
        return bool(_NUM.search(line)) and any(
            w in k for t in ("price", "promo_price") for w in self.price_words[t]
        )

    def price_kind(self, key: Any) -> str | None:
        """price (list) or promo_price (live) by the words in a key, live words first."""
        k = _key(key)
        for target in ("promo_price", "price"):
            if any(w in k for w in self.price_words[target]):
                return target
        return None

    @staticmethod
    def _table(groups: dict[str, list[str]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for target, names in groups.items():
            out.setdefault(_key(target), target)
            for n in names or []:
                out.setdefault(_key(n), target)
        return out


_OFFER_FIELDS = ("coupon", "gifts", "offer", "stock", "limit_per_order", "currency")


# -- reading -----------------------------------------------------------------------------
def read_brief(text: str, source: str, suffix: str) -> Any:
    """Structured data for YAML/JSON, a heading → content mapping for Markdown or text."""
    stripped = text.lstrip("\ufeff").strip()
    if suffix == ".csv" or suffix == ".tsv":
        known = _Fields()
        sheet = read_csv(
            stripped,
            lambda cell: known.lookup(known.top, cell) is not None,
            known.is_list_field,
        )
        if sheet:
            return sheet
    if suffix == ".json" or stripped.startswith(("{", "[")):
        try:
            return _one_record(json.loads(stripped))
        except json.JSONDecodeError:
            pass
    if suffix in (".yaml", ".yml", ".json") or suffix == "":
        try:
            data = _one_record(yaml.safe_load(stripped))
            if isinstance(data, dict) and (
                len(data) > 1 or any(isinstance(v, (dict, list)) for v in data.values())
            ):
                return data
        except yaml.YAMLError as exc:
            if suffix in (".yaml", ".yml"):
                # A hand-typed "YAML" sheet is often key: value lines YAML refuses
                # (`Avoid: "a", "b"`); read it as a text sheet and say so.
                sheet = parse_text(stripped)
                if len(sheet) <= 2:
                    raise SpecError(f"{source}: not valid YAML and not a text brief") from None
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 1})" if mark is not None else ""
                sheet["_read_note"] = f"read as a text sheet: not valid YAML{where}"
                return sheet
    return parse_text(stripped)


def _one_record(data: Any) -> Any:
    """A file that is a list of records (`- product: …`, `[{...}]`) is read as its first
    record, the way an export of one product looks; other shapes are kept."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return data[0]
    return data


_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d+[.、．)]|"
    r"第[一二三四五六七八九十\d]+[部分章节]?[、.．:：]?)\s*"
)
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _clean(line: str) -> str:
    """A line without Markdown quoting and emphasis marks; "【产品】柳州螺蛳粉" is the field
    line "产品：柳州螺蛳粉", and a line that is only bold text ("**Selling points**") is a
    heading."""
    line = re.sub(r"^>\s?", "", line.strip())
    line = re.sub(r"^【([^】]{1,16})】\s*(?=\S)(?![:：])", r"\1：", line)
    line = re.sub(r"^\*\*([^*]{1,40}?)[:：]?\*\*[:：]?$", r"## \1", line)
    # `商品名称 | 眠语枕` / `人群1｜上班族`: a key | value sheet line is a field line.
    if not re.fullmatch(r"[\s|:\-]+", line):
        line = re.sub(r"^(?![|｜])([^|｜:：，,。.!！?？]{1,24}?)\s*[|｜]\s*(?=\S)", r"\1：", line)
    return re.sub(r"\*\*|__|`", "", line).strip()


_BOLD_LINE = re.compile(r"^\s*>?\s*\*\*([^*]{1,40}?)[:：]?\*\*[:：]?\s*$")


def _heading_key(heading: str, known: _Fields) -> str:
    """A heading without its ordinal; a parenthesis is used when only it names a field."""
    bare = _ORDINAL.sub("", heading).strip(" ：:")
    plain = re.sub(r"[（(].*?[)）]", "", bare).strip() or bare
    if known.lookup(known.top, plain, anywhere=True):
        return plain
    for inner in re.findall(r"[（(](.*?)[)）]", bare):
        if known.lookup(known.top, inner, anywhere=True):
            return inner.strip()
    return plain


def parse_text(text: str) -> dict[str, Any]:
    """A Markdown or plain-text brief as {heading: [items] | text | {key: value}}.

    Sub-headings under a section become its entries ({"_k": heading, "_v": [bullets]}),
    indented bullets become the detail of the item above them, table rows become
    "key: value" lines, and a prose line that opens with a field's name ("Who it's for -
    ...", "What we'd love you to highlight:") starts that field.
    """
    fields = _Fields()
    known = fields.top
    out: dict[str, Any] = {"_from_text": True}
    section: str | None = None
    level = 0
    items: list[Any] = []
    rows: list[str] = []
    columns: list[str] = []  # a table's column names, once its header rule is seen
    header_cells: list[str] = []
    item_indent = 0  # the indent of the last item, so only a deeper bullet is its detail
    blank = False  # a blank line since the last item
    bulleted = False  # the open section's items are bullets
    hashed = False  # the open section was opened by a `#` heading
    after_bullet = False  # the line before this one was a bullet item (or its run-on)
    record_row = False  # the line before this one was a table row read as a record
    for raw in text.splitlines():
        line = re.sub(r"([:：])\s*[|>][-+]?\s*$", r"\1", _clean(raw))  # `Features: |`
        indent = len(raw) - len(raw.lstrip(" \t>"))
        if not line or set(line) <= set("-=*_ "):
            blank = blank or not line
            after_bullet = after_bullet and not blank
            if not line:
                rows = []  # a blank line ends a table; the next one has its own header
            continue
        run_on = after_bullet and not blank
        after_bullet = False
        if (
            blank
            and section is not None
            and level == 0
            and bulleted
            and items
            and not _BULLET.match(line)
        ):
            # "What makes it great:" and its bullets, a blank line, then a paragraph: the
            # paragraph is the message going on, not one more item of that list.
            _flush(out, section, items)
            section, items = None, []
        if _LEAD_SYMBOLS.match(line):
            # "📦 产品：螺蛳粉" / "🔥卖点🔥：" is a field line behind a decoration; "✅ 40
            # settings" stays an item, its mark read by the field it lands in.
            rest = _LEAD_SYMBOLS.sub("", line).strip()
            head = re.split(r"[:：]", rest, maxsplit=1)[0].strip(_SYMBOLS_STRIP)
            if re.search(r"[:：]", rest) and fields.lookup(known, head):
                line = re.sub(r"^(.*?)[" + _SYMBOLS + r"\ufe0f]+\s*([:：])", r"\1\2", rest)
        bulleted = bool(_BULLET.match(line) or _LEAD_SYMBOLS.match(line))
        blank = False
        if not line.startswith("|"):
            record_row = False
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if _TABLE_RULE.match(line):
                if not rows and record_row and items and isinstance(items[-1], dict):
                    # A new table's header read as a row of the table before it.
                    items.pop()
                    rows = [" ".join(header_cells)]
                record_row = False
                if rows:
                    # The header row names the columns, it is not a row.
                    header = rows.pop()
                    if items and items[-1] == header:
                        items.pop()
                    columns = header_cells
                    here = fields.lookup(known, section, anywhere=True) if section else None
                    named = next(
                        (c for c in columns if fields.lookup(known, c) in _RECORD_SECTIONS),
                        None,
                    )
                    if named and (
                        here not in _RECORD_SECTIONS or fields.lookup(known, named) != here
                    ):
                        # | Persona | Pain | under "Who's watching": the column names it.
                        _flush(out, section, items)
                        section, items = named, []
                continue
            if len(cells) >= 2:
                header_cells = cells
                here = fields.lookup(known, section, anywhere=True) if section else None
                priced = here in ("price", "promo_price") and any(
                    fields.price_kind(c) for c in columns
                )  # | Option | List price | LIVE price |: a row per tier
                if (
                    columns
                    and section is not None
                    and len(columns) == len(cells)
                    and (here in _RECORD_SECTIONS or priced)
                ):
                    items.append(dict(zip(columns, cells, strict=True)))  # a row per record
                    record_row = True
                    continue
                rows.append(f"{cells[0]}：{' '.join(cells[1:])}")
                items.append(rows[-1])
            continue
        rows, columns = [], []
        m = _HEADING.match(line)
        bold = _BOLD_LINE.match(raw)
        if (
            m
            and bold
            and hashed
            and section is not None
            and fields.lookup(known, section, anywhere=True) in ("personas", "selling_points")
            and not fields.lookup(known, bold.group(1), anywhere=True)
        ):
            # "**The home-brew hobbyist**" under "## Who we're talking to": one entry.
            items.append({"_k": bold.group(1).strip(), "_v": []})
            continue
        if m:
            heading = next(g for g in m.groups() if g).strip(" ：:")
            depth = len(line) - len(line.lstrip("#")) if line.startswith("#") else 2
            if line.startswith("# ") and "_title" not in out and section is None:
                out["_title"] = heading  # the sheet's title, often "简报：<product>"
                continue
            if section is not None and depth > level and level > 0:
                items.append({"_k": _ORDINAL.sub("", heading).strip(), "_v": []})
                continue
            _flush(out, section, items)
            section, items, level = _heading_key(heading, fields), [], depth
            hashed = line.startswith("#") and not bold
            continue
        if (
            not _BULLET.match(line)
            and len(line) <= 40
            and not re.search(r"[.。!！?？:：,，;；|]", line)
            and _key(line) in known
        ):
            # "Who it's for" or "Key selling points" alone on a line of an email: a heading.
            _flush(out, section, items)
            section, items, level, hashed = line.strip(), [], 0, False
            continue
        label = re.match(r"^(.{2,60}?)(?:\s*[:：]\s*$|\s+[-–—]+\s+(.+)$)", line)
        if (
            label
            and not _BULLET.match(line)
            and not re.search(r"[.。!！?？;；]\s", label.group(1))  # a sentence, not a label
            and not (label.group(2) and re.search(r"[:：]", label.group(1)))  # key: a —— b
            and fields.lookup(known, label.group(1), anywhere=True)
        ):
            _flush(out, section, items)
            if label.group(2):
                out[label.group(1).strip()] = label.group(2).strip()
                section, items, level = None, [], 0
            else:
                section, items, level = label.group(1).strip(), [], 0
            continue
        kv = _KV.match(_BULLET.sub("", line))
        field_line = bool(
            kv
            and kv.group(2).strip()
            and (_key(kv.group(1)) in known or fields.ends_with_field(kv.group(1)))
        )
        if (
            run_on
            and not _BULLET.match(line)
            and not _LEAD_SYMBOLS.match(line)
            and not field_line
            and not (kv and len(kv.group(1).strip()) <= 8)
            and not fields.names_a_price(line)
            and not persona_line(line, fields.persona_leads, fields.persona_words)
            and _run_on(out, section, items, line)
        ):
            # "① 316L不锈钢内胆。" and, on the next line, what it means: one item.
            after_bullet = bulleted = True
            continue
        if kv is not None and field_line and section is None and _BULLET.match(line):
            # "- 日常价：1299" in a bulleted head block is a field, not a selling point.
            out.setdefault(kv.group(1).strip(), kv.group(2).strip())
            continue
        if kv and not _BULLET.match(line) and field_line:
            _flush(out, section, items)
            section, items = None, []
        if kv and not _BULLET.match(line) and section is None:
            key, value = kv.group(1).strip(), kv.group(2).strip()
            if value:
                out[key] = value
            else:
                _flush(out, section, items)
                section, items = key, []
            continue
        if kv and not kv.group(2).strip() and not _BULLET.match(line):
            _flush(out, section, items)
            section, items = kv.group(1).strip(), []
            continue
        if _SAY_NOT.search(line) and (
            section is None or fields.lookup(known, section, anywhere=True) != "forbidden_claims"
        ):
            # "千万别说“预防近视”" anywhere in a message is a forbidden claim, whatever
            # section it landed in; the quoted phrases are taken out when it is validated.
            # Inside a selling point ("…不坨不断（别说“最臭”哈）") only the rule goes, the
            # point stays.
            kept, rules = say_not_rules(_BULLET.sub("", line) if _BULLET.match(line) else line)
            if rules:
                out.setdefault("forbidden_claims", []).extend(rules)
                if not kept:
                    continue
                line = f"{line[: len(line) - len(line.lstrip())]}{_bullet_of(line)}{kept}"
        if items and isinstance(items[-1], dict) and "_v" not in items[-1]:
            # Prose after a table of records: the message goes on, the table is done.
            _flush(out, section, items)
            section, items = None, []
        item = (
            line.strip()
            if _LEAD_SYMBOLS.match(line)  # read by the field it lands in ("✅ ok to say")
            else _BULLET.sub("", line)
            if _BULLET.match(line)
            else line
        )
        after_bullet = bool(_BULLET.match(line) or _LEAD_SYMBOLS.match(line))
        if section is None:
            if _BULLET.match(line) and out.get("_text"):
                out["_text"].append(item)
            else:
                out.setdefault("_text", []).append(line)
            runs = out.setdefault("_runs", [[]])
            if _BULLET.match(line) or _LEAD_SYMBOLS.match(line):
                runs[-1].append(item)  # bullets under no heading, in a row
            elif runs[-1]:
                runs.append([])
        elif items and isinstance(items[-1], dict):
            items[-1]["_v"].append(item)
        elif (
            items
            and indent >= item_indent + 2
            and _BULLET.match(line)
            and isinstance(items[-1], str)
        ):
            first = not re.search(r"[:：]", items[-1])
            sep = ("：" if has_cjk(item) else ": ") if first else "；"
            items[-1] = f"{items[-1]}{sep}{item}"
        else:
            items.append(item)
            item_indent = indent
    _flush(out, section, items)
    return out


def _run_on(out: dict[str, Any], section: str | None, items: list[Any], line: str) -> bool:
    """Join a line to the bullet item above it (a numbered paragraph that runs over
    several lines); the break is kept as a newline, the item's title is its first line."""
    if section is None:
        runs = out.get("_runs") or [[]]
        text = out.get("_text") or []
        if not runs[-1] or not text:
            return False
        runs[-1][-1] = f"{runs[-1][-1]}\n{line}"
        text[-1] = f"{text[-1]}\n{line}"
        return True
    if items and isinstance(items[-1], str):
        items[-1] = f"{items[-1]}\n{line}"
        return True
    if items and isinstance(items[-1], dict) and isinstance(items[-1].get("_v"), list):
        values = items[-1]["_v"]
        if values and isinstance(values[-1], str):
            values[-1] = f"{values[-1]}\n{line}"
            return True
    return False


def _bullet_of(line: str) -> str:
    m = _BULLET.match(line) or _LEAD_SYMBOLS.match(line)
    return m.group(0).strip() + " " if m else ""


def _flush(out: dict[str, Any], section: str | None, items: list[Any]) -> None:
    if section is None:
        for item in items:  # table rows outside any section: "key：value" fields
            kv = _KV.match(item) if isinstance(item, str) else None
            if kv and kv.group(2).strip():
                out.setdefault(kv.group(1).strip(), kv.group(2).strip())
    if section is None or not items:
        if section is not None and section not in out:
            out[section] = []
        return
    out[section] = items


# -- mapping -----------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    m = _NUM.search(str(value).replace(",", ""))
    return float(m.group(0)) if m else None


# A number that is not a count or a size (前200单, 800台, 50g): a price when a price word
# stands right before it.
_BARE_NUMBER = re.compile(
    r"(?<![\d.])\d(?:[\d,]*\d)?(?:\.\d+)?(?![\d.]|\s*(?:单|台|件|个|支|瓶|盒|"
    r"包|人|份|%|g|kg|ml|l|克|毫升|小时|分钟|天|点|岁|cm|mm|厘米))"
)
_SAY_NOT = re.compile(
    r"别说|不能说|不要说|不准说|禁止说|禁说|不得宣称|不可以说|不许说|别提|不要提|不能提|禁止提|"
    r"don'?t say|do not say|never say|don'?t call it|don'?t mention|never mention",
    re.IGNORECASE,
)
# "两瓶158" / "拍2件" right before an amount: a multi-buy price, not the unit's.
_MULTI_UNIT = re.compile(
    r"(?:[两二三四五六七八九十]|(?<![\d.])[2-9]|\d{2,})\s*[瓶盒件箱袋包支罐套份个只条]\s*(?:装|的话|共|一共|只要|到手|才)?\s*$"
)
# A proof written on a selling point is taken when it names a report or certificate and
# does not hedge it ("非第三方", "内部数据", "not certified").
_PROOF_LIKE = re.compile(
    r"报告|证书|认证|检测|编号|report|certif|tested by|lab|No\.\s*\w", re.IGNORECASE
)
# Persona keys that are demographics: their value is said with its key ("年龄：25-35岁").
_DEMOGRAPHICS = frozenset(
    (
        *("年龄", "年龄段", "性别", "职业", "身份", "收入", "城市", "地区", "age", "agerange"),
        *("gender", "occupation", "job", "role", "income", "location"),
    )
)
_DEMO_LIKE = re.compile(r"现场|演示|镜头|拍给|给大家看|on camera|demo|show", re.IGNORECASE)
_HEDGED = re.compile(r"非第三方|内部|不是|没有|未经|internal|not\s|n't|no\s", re.IGNORECASE)
# An offer field that says there is none ("coupon: 无", "赠品：没有", "n/a").
_NONE = re.compile(r"无|没有|暂无|不挂券|不适用|none|n/?a|no|nil|-+|—+|/", re.IGNORECASE)
_OPEN, _CLOSE = "（(", "）)"
_CLAUSE_END = "，,；;。！!）)\n"


def say_not_rules(text: str) -> tuple[str, list[str]]:
    """A line without its don't-say rules, and the rules: "酸笋加量（别说“最臭”哈）" →
    ("酸笋加量", ["别说“最臭”哈"]); "辣油单独一包——但是不能说“不辣”！" → the rule from
    its don't-say word to the end of its clause (quotes kept whole); a parenthesis that
    holds a rule is a note to the host and goes with it."""
    rules: list[str] = []
    cuts: list[tuple[int, int]] = []
    for m in _SAY_NOT.finditer(text):
        if any(a <= m.start() < b for a, b in cuts):
            continue
        opened = max(text.rfind(c, 0, m.start()) for c in _OPEN)
        closed = max(text.rfind(c, 0, m.start()) for c in _CLOSE)
        end, quote = m.end(), ""
        while end < len(text):
            ch = text[end]
            if quote:
                quote = "" if ch in '”"」』’' else quote
            elif ch in '“"「『':
                quote = ch
            elif ch in _CLAUSE_END or text.startswith("——", end):
                break
            end += 1
        rules.append(text[m.start() : end].strip(" ，,。.！!~～哈"))
        if opened > closed:
            shut = min((i for i in (text.find(c, m.end()) for c in _CLOSE) if i >= 0), default=-1)
            cuts.append((opened, shut + 1 if shut >= 0 else len(text)))
        else:
            start = max(text.rfind(c, 0, m.start()) + 1 for c in "，,；;。！!")
            dash = text.rfind("——", 0, m.start())
            cuts.append((max(start, dash if dash >= 0 else 0), end))
    if not rules:
        return text, []
    kept, at = "", 0
    for a, b in sorted(cuts):
        kept += text[at:a]
        at = max(at, b)
    kept += text[at:]
    kept = re.sub(r"[，,、；;]{2,}", "，", kept)
    kept = re.sub(r"[（(]\s*[)）]|——\s*$", "", kept).strip(" ，,、；;—-")
    if len(re.sub(r"[\W_]+", "", kept)) < 2:
        kept = ""
    return kept, [r for r in rules if r]


_MONEY = re.compile(
    r"(?:[¥￥$€£]|\b(?:rmb|usd|cny)\s?)\s*(\d(?:[\d,]*\d)?(?:\.\d+)?)|"
    r"(\d(?:[\d,]*\d)?(?:\.\d+)?)\s*(?:元|块|rmb|usd|cny|dollars?)",
    re.IGNORECASE,
)


def _price_value(value: Any) -> float | None:
    """A price when the value is one (a number, '¥688', '199元', '$34.99'), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    text = str(value).strip()
    if re.fullmatch(r"[¥￥$€£]?\s*\d[\d,]*(?:\.\d+)?\s*(?:元|rmb|usd|cny)?", text, re.IGNORECASE):
        return _number(text)
    m = _MONEY.match(text)
    return float((m.group(1) or m.group(2)).replace(",", "")) if m else None


def _amounts(text: str) -> list[tuple[int, float]]:
    return [
        (m.start(), float((m.group(1) or m.group(2)).replace(",", "")))
        for m in _MONEY.finditer(text)
    ]


def _currency(value: Any) -> str | None:
    text = str(value)
    for symbol, code in (
        ("¥", "CNY"),
        ("￥", "CNY"),
        ("元", "CNY"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("rmb", "CNY"),
        ("usd", "USD"),
    ):
        if symbol in text.casefold():
            return code
    return None


def _split_list(value: Any) -> list[Any]:
    """The items of a list however it is written: a list, a mapping of name → text, an
    enumeration ("1.…;2.…", "①…②…"), lines or bullets, then commas as a last resort."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [{"_k": k, "_v": v} for k, v in value.items()]
    text = str(value).strip()
    items = enumerated(text)
    if items:
        return items
    lines = [_BULLET.sub("", x).strip() for x in re.split(r"[\n;；]", text)]
    if len([x for x in lines if x]) >= 2:
        return [x for x in lines if x]
    said = [x.strip() for x in re.split(r"(?<=[。！？!?])|(?<=[a-z0-9)][.!?])\s+", text)]
    if len([x for x in said if x]) >= 2:
        return [x.rstrip("。.") for x in said if x]  # "Grips wet rock. Dries fast."
    # Commas inside brackets are one item's note: "冰袖一对（赠完即止，备货300份）".
    return [p.strip() for p in re.split(r"[、，,](?![^（(]*[)）])", text) if p.strip()]


def _pair(text: str) -> tuple[str, str]:
    text = _LEAD_SYMBOLS.sub("", text).strip()
    m = re.match(r"^(.{1,40}?)\s*(?:[:：]|\s[-–—|]\s|——|｜)\s*(.+)$", text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    # A bullet written as prose: its first sentence is the title, the rest the detail.
    m = re.match(r"^(.{2,120}?[.。!！?？])\s+(.+)$", text.strip())
    short = m and len(m.group(1).split()) <= 6 and len(m.group(2).split()) >= 2
    if (
        m
        and (len(text) > 60 or short)
        and not re.search(r"\b(?:incl|e\.g|approx|vs|no)\.$", m.group(1), re.I)
    ):
        return m.group(1).strip().rstrip("."), m.group(2).strip()
    return text.strip(), ""


def _head_and_rest(text: str) -> tuple[str, str]:
    """A long point written as one sentence, "存了6年，枣香很明显" / "Wet or dry, use it in
    the shower": its first clause is the title the host names, the rest its detail."""
    m = re.match(r"^([^，,；;。！!]{2,20})[。！!]\s*(.+)$", text)
    if m and has_cjk(text) and len(text) > 12:
        return m.group(1).strip(), m.group(2).strip()  # "316不锈钢内胆。烧水没有异味。"
    m = re.match(r"^([^，,；;。]{2,16})[，,]\s*(.+)$", text)
    if m and has_cjk(text) and len(text) > 10:
        return m.group(1).strip(), m.group(2).strip()
    m = re.match(r"^([^,;.]+?),\s+(.+)$", text)
    if (
        m
        and not has_cjk(text)
        and 2 <= len(m.group(1).split()) <= 6
        and len(text.split()) > 6
        and len(m.group(2).split()) >= 3  # "a slow, steady pour" is one phrase
    ):
        return m.group(1).strip(), m.group(2).strip()
    return text, ""


def _label(text: str) -> str:
    """A short name for an entry that has only a description (reported as guessed)."""
    first = re.split(r"[,，。.;；:：(（]", text.strip())[0].strip()
    words = first.split()
    return " ".join(words[:6]) if len(words) > 1 else first[:16]


class Mapper:
    def __init__(self) -> None:
        self.f = _Fields()
        self.out: dict[str, Any] = {}
        self.offer: dict[str, Any] = {}
        self.mapped: list[str] = []
        self.unplaced: list[str] = []
        self.guessed: list[str] = []
        self.from_text = False
        self.fen_here = False  # the block being walked keeps its prices in cents
        self.fen_declared = False  # the export says its money is in fen
        self.tier_names: dict[str, tuple[str, str]] = {}  # a SKU's name, if nothing better
        self.loose: list[tuple[str, str]] = []  # unplaced text, searched for prices last
        self.prose: list[tuple[str, str]] = []  # free-text lines with a price word
        self.strength: dict[str, int] = {}  # how surely each scalar field was named
        self.final_promo = False  # the live price came from a 到手价 / after-coupon key
        self.point_proofs: list[dict[str, Any]] = []  # proofs written on a selling point
        self.point_rules: list[str] = []  # don't-say notes written on a selling point
        # Every list that may be the selling points / personas, the best shape wins at the end.
        self.candidates: dict[str, list[tuple[float, Any, str]]] = {
            "selling_points": [],
            "personas": [],
        }

    def walk(self, data: dict[str, Any], path: str = "") -> None:
        data = group_numbered_keys(data, self.f.is_list_field)
        fen = self._fen(data)
        for key, value in data.items():
            self.fen_here = fen  # a nested walk sets its own; this block keeps its own
            where = f"{path}.{key}" if path else str(key)
            if self.from_text and where == "forbidden_claims":
                where = "don't-say rules inside the text"  # gathered by parse_text
            if key in ("_title", "_from_text", "_read_note"):
                continue
            if key == "_runs":
                # A run of bullets under no heading ("✅ …" lines in a message) may be the
                # selling points; any named list is preferred.
                for run in value:
                    if len(run) >= 2 and not any(self._names_a_price(str(x)) for x in run):
                        self.candidates["selling_points"].append((0.6, run, "a run of bullets"))
                continue
            if key == "_text":
                self.out.setdefault("_text", []).extend(value)
                # Prose lines that name a price ("日常卖299，直播间给到199") are read last.
                self.prose.extend(
                    (f"the text line '{str(v)[:30]}'", str(v))
                    for v in value
                    if self._names_a_price(str(v))
                )
                self._prose_lists([str(v) for v in value])
                continue
            target = self.f.lookup(self.f.top, key, anywhere=self.from_text)
            if (
                target is None
                and not isinstance(value, (dict, list))
                and re.search(
                    r"价|price|cost|售|卖|msrp|rrp|offer|usd|cny|rmb|eur|gbp|yuan|元",
                    str(key),
                    re.IGNORECASE,
                )
                and _price_value(value) is not None
            ):
                target = self.f.price_kind(key)  # 直播间价, 店铺到手价: named by price words
            if target in ("selling_points", "personas"):
                self._candidate(target, value, where, exact=_key(key) in self.f.top)
                continue
            if (
                target in ("price", "promo_price")
                and isinstance(value, list)
                and value
                and all(isinstance(v, dict) for v in value)
            ):
                self.guessed.append(f"price: the first of {len(value)} tiers in {where}")
                self._prices(value[0], f"{where}[0]", tier=True)
                continue
            if (
                isinstance(value, list)
                and value
                and all(isinstance(v, str) and _KV.match(v) for v in value)
                and (
                    target in (None, "coupon", "gifts", "specs", "price", "promo_price")
                    or (target in _SCALARS and len(value) >= 2)  # "Product at a glance"
                )
            ):
                pairs = {
                    _KV.match(v).group(1).strip(): _KV.match(v).group(2).strip()  # type: ignore[union-attr]
                    for v in value
                }
                if target in ("price", "promo_price"):
                    self._prices(pairs, where)
                elif target == "specs":
                    self._specs_or_fields(pairs, where)
                else:
                    self.walk(pairs, where)
                continue
            if target in ("forbidden_claims", "keywords") and isinstance(value, dict):
                value = [
                    x for v in value.values() for x in _split_list(v) if not isinstance(x, dict)
                ]
            if (
                target is None
                and isinstance(value, list)
                and value
                and all(isinstance(v, dict) for v in value)
                and self._priced(value[0])
            ):
                # A table of SKUs or variants, each with its prices: the first one counts.
                self.guessed.append(
                    f"price: the first of {len(value)} tiers in {where}"
                    if len(value) > 1
                    else f"price: from {where}[0]"
                )
                self._prices(value[0], f"{where}[0]", tier=True)
                continue
            if (
                target is None
                and isinstance(value, list)
                and value
                and all(isinstance(v, dict) for v in value)
            ):
                self._shape_candidates(value, where)
            if _key(key) in _CONTAINERS and isinstance(value, dict):
                self.walk(value, where)
                continue
            if target in ("price", "promo_price") and isinstance(value, dict):
                self._prices(value, where)
                continue
            if target is None or (
                isinstance(value, dict)
                and target
                not in ("specs", "faq", "personas", "selling_points", "proof", "coupon", "gifts")
            ):
                if isinstance(value, dict):
                    self.walk(value, where)
                elif value not in (None, "", []):
                    self.unplaced.append(where)
                    if isinstance(value, str):
                        self.loose.append((where, value))
                continue
            strength = self.f.match(self.f.top, key, anywhere=self.from_text)[1]
            if (
                (target in _SCALARS and target in self.out)
                or (target in ("gifts", "coupon") and target in self.offer)
            ) and strength <= self.strength.get(target, 0):
                self.unplaced.append(where)  # the first one found, or the one named exactly
                continue
            if self._place(target, value, where):
                if not any(m.startswith(f"{target} ← {where} (") for m in self.mapped):
                    self.mapped.append(f"{target} ← {where}")  # once, not again after "(from …)"
                self.strength[target] = strength
            else:
                self.unplaced.append(where)

    def _prose_lists(self, lines: list[str]) -> None:
        """Lists written as prose in a message: a line of enumerated sentences ("第一，…
        第二，…", "1️⃣…2️⃣…") may be the selling points, a line that opens with a lead
        ("适合…", "Perfect for …") names the buyers. Both are weaker than a named field."""
        for line in lines:
            where = f"the text line '{line[:30]}'"
            items = enumerated(line)
            if items and not self._names_a_price(line):
                self.candidates["selling_points"].append((0.8, items, where))
                continue
            counted = persona_classes(line, self.f.persona_classes, self.f.persona_also)
            if counted:
                self.candidates["personas"].append((0.9, counted, where))
                continue
            buyers = persona_line(line, self.f.persona_leads, self.f.persona_words)
            if buyers:
                self.candidates["personas"].append((0.8, buyers, where))

    def _names_a_price(self, line: str) -> bool:
        return self.f.names_a_price(line)

    def _bare_found(self, text: str) -> dict[str, tuple[int, float]]:
        """Numbers a price word stands before ("日常卖299，直播间给到199", "平时店里卖
        59.9"), no currency mark: the nearest price word since the previous number names
        each; counts and sizes (前200单, 800台, 50g) are not prices."""
        found: dict[str, tuple[int, float]] = {}
        numbers = [m.end() for m in _NUM.finditer(text)]
        for m in _BARE_NUMBER.finditer(text):
            since = max((e for e in numbers if e <= m.start()), default=0)
            window = _key(text[max(since, m.start() - 12) : m.start()])
            best: tuple[int, str] | None = None
            for target in ("promo_price", "price"):
                for w in self.f.price_words[target]:
                    at = window.rfind(w)
                    if at >= 0 and (best is None or at + len(w) > best[0]):
                        best = (at + len(w), target)
            if best and best[1] not in found and not _MULTI_UNIT.search(text[since : m.start()]):
                amount = float(m.group(0).replace(",", ""))
                if amount > 0:
                    found[best[1]] = (m.start(), amount)
        return found

    def _bare_prices(self, text: str, where: str) -> bool:
        """Place the prices `_bare_found` reads in a line."""
        placed = False
        for target, (_, amount) in self._bare_found(text).items():
            if target not in self.out:
                self.out[target] = amount
                self.mapped.append(f"{target} ← {where} (from the text)")
                placed = True
        return placed

    def _priced(self, record: dict[str, Any]) -> bool:
        """A record that carries a price by name and amount (a SKU, a variant, a tier)."""
        return any(
            not isinstance(v, (dict, list))
            and _price_value(v) is not None
            and (self.f.price_kind(k) or self.f.lookup(self.f.top, k) in ("price", "promo_price"))
            for k, v in record.items()
        )

    def _fen(self, block: dict[str, Any]) -> bool:
        """Whether the prices side by side in one block are integer cents."""
        # Only amounts count: `"priceUnit": "fen"` names the unit, it is not a price.
        priced = [
            (k, v)
            for k, v in block.items()
            if not isinstance(v, (dict, list))
            and _price_value(v) is not None
            and (self.f.price_kind(k) or self.f.lookup(self.f.top, k) in ("price", "promo_price"))
        ]
        if priced and self.fen_declared:
            return all(isinstance(v, int) and not isinstance(v, bool) for _, v in priced)
        return bool(priced) and fen_block([v for _, v in priced], [str(k) for k, _ in priced])

    def _prices(self, value: dict[str, Any], where: str, tier: bool = False) -> None:
        """A price block: each key is a list price, a live price, or an ordinary field.

        A bare "price" beside a key that names the list price ("compare_at_price",
        "原价") is what the shop sells at now, so it is the live price.
        """
        named_list = any(self.f.price_kind(k) == "price" for k in value)
        fen = self._fen(value)
        for k, v in sorted(value.items(), key=lambda kv: self._price_clarity(kv[0])):
            at = f"{where}.{k}"
            kind = self.f.price_kind(k) or (
                "price" if self.f.lookup(self.f.top, k) == "price" else None
            )
            if kind == "price" and named_list and self.f.price_kind(k) is None:
                kind = "promo_price"
            if kind is None and self.f.lookup(self.f.top, k) in _OFFER_FIELDS:
                # Coupons and gifts kept beside the prices are the offer, not price tiers.
                self.walk({k: v}, where)
                continue
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                self.guessed.append(f"price: the first of {len(v)} tiers in {at}")
                self._prices(v[0], f"{at}[0]", tier=True)
                continue
            if isinstance(v, dict):
                self._prices(v, at)
                continue
            n = _price_value(v) if kind else None
            if kind and n is not None:
                final = (
                    kind == "promo_price"
                    and self._price_clarity(k) == 0
                    and any(w in _key(k) for w in self.f.final_words)
                )
                if kind in self.out and not (final and not self.final_promo):
                    self.unplaced.append(at)  # another tier or SKU; the first one counts
                    continue
                if kind in self.out:
                    # 到手价 beside a SKU's 直播价: what the buyer pays after the coupon.
                    self.guessed.append(
                        f"promo_price: {at} (the price after coupons) over {self.out[kind]:g}"
                    )
                self.final_promo = self.final_promo or final
                if fen:
                    self.guessed.append(
                        f"{kind}: {v} in {at} read as fen (cents) = {n / 100:g}; "
                        "write the price in yuan/dollars if that is wrong"
                    )
                    n = n / 100
                self.out[kind] = n
                cur = _currency(v)
                if cur:
                    self.out.setdefault("currency", cur)
                self.mapped.append(f"{kind} ← {at}")
                continue
            if (
                kind
                and isinstance(v, str)
                and len(_amounts(v)) >= 1
                and self._prices_from_text(v, at)
            ):
                continue
            if tier and self.f.lookup(self.f.top, k) in ("name", "category"):
                self.unplaced.append(at)  # a SKU's own name ("曜石黑"), not the product's
                self.tier_names.setdefault(str(self.f.lookup(self.f.top, k)), (str(v), at))
                continue
            self.walk({k: v}, where)

    def _price_clarity(self, key: Any) -> int:
        """0 for a key that names one price (吊牌价, live_price), 1 for one that names both
        (日常到手价: the everyday price after discounts), 2 for a bare `price`: the clear
        ones are placed first, so 日常到手价 does not take the live price's place."""
        k = _key(key)
        kinds = [t for t in ("price", "promo_price") if any(w in k for w in self.f.price_words[t])]
        return {1: 0, 2: 1}.get(len(kinds), 2)

    def _prices_from_text(self, text: str, where: str) -> bool:
        """Prices in a sentence: each amount is named by the nearest price word before it."""
        found: dict[str, float] = {}
        found_at: list[int] = []
        plain = text.casefold()
        unnamed: list[float] = []
        spans = [(m.start(), m.end()) for m in _MONEY.finditer(text)]
        for n, (pos, amount) in enumerate(_amounts(text)):
            # Only the words since the previous amount name this one ("$59 on the live
            # (usually $89)": "usually" belongs to $89); failing that, the words after it.
            since = spans[n - 1][1] if n else 0
            between = plain[max(since, pos - 40) : pos]
            # "$45 MSRP / $29.99 on the live": words before a "/" belong to the amount before.
            before = _key(re.split(r"\s[/|→]\s|[;；]", between)[-1] if n else between)
            best: tuple[int, str] | None = None
            for target in ("price", "promo_price"):
                for w in self.f.price_words[target]:
                    i = before.rfind(w)
                    if i >= 0 and (best is None or i + len(w) > best[0]):
                        best = (i + len(w), target)
            if not best:
                upto = spans[n + 1][0] if n + 1 < len(spans) else len(text)
                after = plain[spans[n][1] : min(upto, spans[n][1] + 24)]
                after = _key(re.split(r"[(（\[【,，;；]", after)[0])  # "(reg. $180)" is the next
                for target in ("promo_price", "price"):
                    hits = [after.find(w) for w in self.f.price_words[target] if w in after]
                    if hits and (best is None or min(hits) < best[0]):
                        best = (min(hits), target)
            if best and best[1] not in found:
                found[best[1]] = amount
                found_at.append(pos)
            elif not best:
                unnamed.append(amount)
        # An amount without a currency mark that a price word names earlier in the text
        # ("划线价 69.9 … 直播间 39.9 … 拍2箱再减5块") comes first.
        spots = {k: p for k, p in zip(found, found_at, strict=True)}
        for target, (pos, amount) in self._bare_found(text).items():
            if target not in found or pos < spots[target]:
                found[target], spots[target] = amount, pos
        if not found and len(unnamed) >= 2:
            found = {"price": max(unnamed[:2]), "promo_price": min(unnamed[:2])}
            self.guessed.append(f"price/promo_price: the higher and lower amount in {where}")
        elif len(found) == 1 and len(unnamed) == 1:
            (named, amount), other = next(iter(found.items())), unnamed[0]
            rest = "promo_price" if named == "price" else "price"
            if (other < amount) == (rest == "promo_price"):
                found[rest] = other
                self.guessed.append(f"{rest}: the other amount in {where}")
        placed = False
        for target, amount in found.items():
            if target not in self.out:
                self.out[target] = amount
                self.mapped.append(f"{target} ← {where} (from the text)")
                placed = True
        cur = _currency(text)
        if placed and cur:
            self.out.setdefault("currency", cur)
        return placed

    def _specs_or_fields(self, pairs: dict[str, Any], where: str) -> None:
        """A 基本信息 list: keys that are fields (产品名称) go there, the rest are specs."""
        specs = self.out.setdefault("specs", {})
        for k, v in pairs.items():
            target = self.f.lookup(self.f.top, k)
            if target and target != "specs":
                self.walk({k: v}, where)
            else:
                specs[k] = v
        self.mapped.append(f"specs ← {where}")

    def _candidate(self, target: str, value: Any, where: str, exact: bool) -> None:
        if (
            isinstance(value, dict)
            and value
            and all(isinstance(v, (list, dict)) for v in value.values())
        ):
            lists = [(k, v) for k, v in value.items() if isinstance(v, list)]
            if len(lists) == 1 and len(value) == 1:  # {"人群": {"personas": [...]}}
                value, where = lists[0][1], f"{where}.{lists[0][0]}"
        items = _split_list(value)
        if not items:
            return
        score = 2.0 if exact else 1.0
        score += 2.0 if all(isinstance(v, dict) for v in items) else 0.0
        score += 1.0 if 2 <= len(items) <= 12 else 0.0
        score -= 2.0 if isinstance(value, str) and len(items) < 2 else 0.0
        self.candidates[target].append((score, value, where))

    def _shape_candidates(self, items: list[dict[str, Any]], where: str) -> None:
        """A list of records under a name we do not know, kept if it is shaped like points."""
        for target, kind, label in (
            ("selling_points", "point", "title"),
            ("personas", "persona", "name"),
        ):
            table = self.f.sub[kind]
            keys = {self.f.lookup(table, k) for item in items for k in item}
            if label in keys:
                self.candidates[target].append((0.5, items, where))

    def choose(self) -> None:
        """Place the best selling-point and persona lists; say which were passed over."""
        for where, text in [*self.loose, *self.prose]:
            if "price" in self.out and "promo_price" in self.out:
                break
            if (_amounts(text) and self._prices_from_text(text, where)) or self._bare_prices(
                text, where
            ):
                self.guessed.append(f"price: read from the text in {where}")
                if where in self.unplaced:
                    self.unplaced.remove(where)
        for target, found in self.candidates.items():
            if not found:
                continue
            found.sort(key=lambda c: -c[0])
            score, value, where = found[0]
            if self._place(target, value, where) and self.out.get(target):
                self.mapped.append(f"{target} ← {where}")
                self.unplaced = [u for u in self.unplaced if u != where]
                if score < 2:
                    self.guessed.append(f"{target}: the list in {where} (by its shape)")
            else:
                self.unplaced.append(where)
            self.unplaced.extend(w for _, _, w in found[1:])

    def _place(self, target: str, value: Any, where: str) -> bool:
        if (
            target in ("price", "promo_price")
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        ):
            value = " ".join(value)  # a "Pricing" section's lines
        if (
            target in ("price", "promo_price")
            and isinstance(value, str)
            and len(_amounts(value)) >= 2
        ):
            return self._prices_from_text(value, where)
        if (
            target in ("price", "promo_price")
            and isinstance(value, str)
            and len(_amounts(value)) == 1
            and len(_NUM.findall(value)) >= 2
            and len(self._bare_found(value)) >= 1
            and self._prices_from_text(value, where)
        ):
            return True
        if (
            target in ("price", "promo_price")
            and isinstance(value, str)
            and len(_NUM.findall(value)) >= 2
            and self._bare_prices(value, where)
        ):
            self.guessed.append(f"price: read from the text in {where}")
            return True
        arrow = (
            re.fullmatch(
                r"\D{0,3}?(\d[\d,]*(?:\.\d+)?)\D{0,3}?\s*(?:→|->|=>|⇒|➡️?|/)\s*"
                r"\D{0,3}?(\d[\d,]*(?:\.\d+)?)\D{0,3}",
                value.strip(),
            )
            if target in ("price", "promo_price") and isinstance(value, str)
            else None
        )
        if arrow and "price" not in self.out:
            a, b = (float(x.replace(",", "")) for x in arrow.groups())
            if a != b:
                self.out["price"], self.out["promo_price"] = max(a, b), min(a, b)
                self.out.setdefault("currency", _currency(value))
                self.guessed.append(
                    f"price/promo_price: {max(a, b):g} then {min(a, b):g} from '{value}' "
                    f"in {where} (the higher one taken as the list price)"
                )
                return True
        if target in ("price", "promo_price"):
            leaf = re.split(r"[.\[]", where)[-1]
            final = (
                target == "promo_price"
                and self._price_clarity(leaf) == 0
                and any(w in _key(leaf) for w in self.f.final_words)
            )
            if target in self.out and not (final and not self.final_promo):
                return False
            n = _number(value)
            if n is None or n <= 0:
                return False
            if target in self.out:
                # 到手价 beside a SKU's 直播价: what the buyer pays after the coupon.
                self.guessed.append(
                    f"promo_price: {where} (the price after coupons) over {self.out[target]:g}"
                )
            self.final_promo = self.final_promo or final
            if self.fen_here and isinstance(value, int):
                self.guessed.append(
                    f"{target}: {value} in {where} read as fen (cents) = {n / 100:g}; "
                    "write the price in yuan/dollars if that is wrong"
                )
                n = n / 100
            self.out.setdefault("currency", _currency(value) or self.out.get("currency"))
            self.out[target] = n
            return True
        if target in ("stock", "limit_per_order"):
            n = _number(value)
            if n is None:
                return False
            self.offer[target] = int(n)
            return True
        if target in OFFER_FIELDS and isinstance(value, str) and _NONE.fullmatch(value.strip()):
            self.guessed.append(f"{target}: '{value}' in {where} says there is none")
            return False
        if target in OFFER_FIELDS:
            if target == "gifts":
                self.offer["gifts"] = [self._record(g) for g in _split_list(value)]
            elif target == "coupon" and isinstance(value, (list, dict)):
                records = [value] if isinstance(value, dict) else value
                self.offer["coupon"] = "；".join(self._record(v) for v in records)
            else:
                self.offer[target] = str(value).strip()
            return True
        if target == "duration_minutes":
            n = _number(value)
            if n is None:
                return False
            hours = bool(re.search(r"小时|hour|\bh\b", str(value), re.IGNORECASE))
            minutes = n * 60 if hours else n
            if not 0 < minutes <= 600:  # a date or a time of day, not a length
                return False
            self.out[target] = minutes
            return True
        if target == "selling_points":
            self.out[target] = [self._point(v) for v in _split_list(value)]
            return bool(self.out[target])
        if (
            target == "personas"
            and isinstance(value, list)
            and len(value) == 1
            and isinstance(value[0], str)
        ):
            value = value[0]  # a section holding one paragraph
        counted = (
            persona_classes(value, self.f.persona_classes, self.f.persona_also)
            if target == "personas" and isinstance(value, str)
            else None
        )
        if counted:
            # "这款主要是两类人买。一类是…。另一类是…": one buyer each.
            self.out[target] = [self._persona(v) for v in counted]
            return True
        if target == "personas" and isinstance(value, str) and len(value) > 80:
            self.out[target] = self._personas_from_prose(value, where)
            return bool(self.out[target])
        if target == "personas":
            items: list[Any] = []
            listed = buyers(value) if isinstance(value, str) and re.search(_JOINED, value) else []
            for v in self._fold_parts(listed if len(listed) >= 2 else _split_list(value)):
                # "咖啡爱好者，还有想送礼的上班族" in one bullet is two buyers;
                # "敏感肌/学生党/换季干痒的上班族" is three.
                many = buyers(v) if isinstance(v, str) and re.search(_JOINED, v) else []
                slashed = re.split(r"\s*[/／]\s*", v) if isinstance(v, str) else []
                if len(many) < 2 and not re.search(r"[，,、:：]", v if isinstance(v, str) else ","):
                    many = (
                        slashed
                        if len(slashed) >= 3
                        or (len(slashed) == 2 and min(len(x) for x in slashed) >= 3)
                        else []
                    )
                    if len(many) >= 2:
                        self.guessed.append(f"personas: '{v}' read as {len(many)} buyers")
                items.extend(many if len(many) >= 2 else [v])
            self.out[target] = [self._persona(v) for v in items]
            return True
        if target == "faq":
            self.out[target] = [q for q in (self._faq(v) for v in _split_list(value)) if q]
            return True
        if target == "proof":
            self.out[target] = [self._proof(v) for v in _split_list(value)]
            return True
        if target == "specs" and isinstance(value, dict):
            scalars = {k: v for k, v in value.items() if not isinstance(v, (dict, list))}
            self._specs_or_fields(scalars, where)
            for k, v in value.items():
                if isinstance(v, (dict, list)) and k not in scalars:
                    if self.f.lookup(self.f.top, k):
                        self.walk({k: v}, where)
                    elif isinstance(v, dict):
                        self._specs_or_fields(
                            {
                                f"{k} {sk}": sv
                                for sk, sv in v.items()
                                if not isinstance(sv, (dict, list))
                            },
                            f"{where}.{k}",
                        )
                    else:
                        self.out["specs"][str(k)] = v
            return True
        if target == "specs":
            specs = {}
            for item in _split_list(value):
                if isinstance(item, dict) and "_k" in item:
                    specs[str(item["_k"])] = item["_v"]
                elif (
                    isinstance(item, dict)
                    and len(item) == 2
                    and all(isinstance(x, (str, int, float)) for x in item.values())
                ):
                    k, v = (str(x).strip() for x in item.values())  # {attrName, attrValue}
                    if k and v:
                        specs[k] = v
                elif isinstance(item, str):
                    k, v = _pair(item)
                    if v:
                        specs[k] = v
            self.out[target] = specs
            return bool(specs)
        if target == "forbidden_claims" and isinstance(value, str) and _SAY_NOT.search(value):
            # "别说“纯手工”，我们是机器做的": the rule, not the reason given after it.
            value = say_not_rules(value)[1] or value
        if target in ("forbidden_claims", "keywords"):
            marks = self.f.allowed_marks
            found = [
                re.sub(r"^[^\w\"“'「]+", "", str(v))
                for v in _split_list(value)
                if not any(str(v).casefold().startswith(m) for m in marks)
            ]
            # A rule taken out of a selling point and a "不能说的" section add up.
            have = self.out.get(target) or []
            self.out[target] = [*have, *(x for x in found if x not in have)]
            return True
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if target in ("name", "brand", "noun") and re.fullmatch(r"[\d\s._\-]+", str(value)):
            return False  # an item id (`itemId: 7301122334455`) is no name
        self.out[target] = str(value).strip()
        return True

    def _record(self, value: Any) -> str:
        """A coupon or gift as one line; a record ({couponName, discountAmount: 3000,
        thresholdAmount}) is written out, amounts in fen when the record's are."""
        if isinstance(value, dict) and "_k" in value:
            return f"{value['_k']}：{value['_v']}"
        if not isinstance(value, dict):
            return str(value).strip()
        money = [
            v
            for v in (record_part(value, self.f.record_parts, p) for p in ("amount", "threshold"))
            if v is not None
        ]
        ints = [v for v in money if isinstance(v, int) and not isinstance(v, bool)]
        fen = bool(money) and (
            (self.fen_declared and len(ints) == len(money))
            or fen_block(money, [str(k) for k in value])
        )
        if fen:
            self.guessed.append(f"offer: amounts in {list(value)[:3]}… read as fen (cents)")
        ends = record_ends(value, self.f.record_parts)
        if ends and not self.offer.get("ends"):
            self.offer["ends"] = ends
        return record_text(value, self.f.record_parts, fen)

    def _sub(self, kind: str, item: dict[str, Any], nested: bool = False) -> dict[str, Any]:
        table = self.f.sub[kind]
        out: dict[str, Any] = {}
        asides: list[tuple[str, Any]] = []
        for k, v in item.items():
            if isinstance(v, dict):  # {"卖点": ..., "展开": {"讲法": ..., "演示": ...}}
                for sk, sv in self._sub(kind, v, nested=True).items():
                    out.setdefault(sk, sv)
                continue
            target = self.f.match(table, k, head_first=True)[0]
            if target is None and kind == "point" and isinstance(v, str) and v.strip():
                aside = self.f.lookup(self.f.top, k)
                if aside in ("proof", "forbidden_claims"):
                    asides.append((aside, v.strip()))  # a point's own proof or don't-say note
                    continue
            if (
                kind == "persona"
                and target == "description"
                and isinstance(v, str)
                and _key(k) in _DEMOGRAPHICS
                and v.strip()
            ):
                v = f"{str(k).strip()}：{v.strip()}" if has_cjk(str(k)) else f"{k}: {v.strip()}"
            if target and target not in out:
                out[target] = v
            elif target in ("description", "detail") and v not in (None, "", [], {}):
                out[target] = f"{out[target]}；{v}" if out[target] else v  # 年龄, 职业, …
            elif target == "pains" and v not in (None, "", [], {}):
                out[target] = [*_split_list(out[target]), *_split_list(v)]
        for aside, v in asides:
            if aside == "forbidden_claims":
                rules = say_not_rules(v)[1] or [v]
                self.point_rules.extend(r for r in rules if r not in self.point_rules)
            elif _PROOF_LIKE.search(v) and not _SAY_NOT.search(v) and not _HEDGED.search(v):
                # "proof: 检测报告 No.2024-…" on a point is a proof that backs that point.
                self.point_proofs.append({"name": v, "_backs": out})
            elif _DEMO_LIKE.search(v) and not out.get("demo") and not _SAY_NOT.search(v):
                out["demo"] = v  # 证明: "现场用手机拍给大家看" is shown on camera
            else:
                # "实拍图已上传素材库", "内部数据，非第三方报告": a note, not a proof to cite.
                self.unplaced.append(f"a selling point's proof note '{v[:30]}'")
        label = {"point": "title", "persona": "name"}.get(kind)
        if label and not out.get(label) and not nested:
            short = next(
                (
                    str(v)
                    for v in item.values()
                    if isinstance(v, str)
                    and 0 < len(v.strip()) <= 40
                    and not re.fullmatch(r"[#\d\s.、)）]+", v)  # a row number is no title
                ),
                None,
            )
            if short:
                out[label] = short
                self.guessed.append(f"{kind} {label}: '{short}' (its first short text)")
            elif out.get("description") or out.get("detail"):
                text = str(out.get("description") or out.get("detail"))
                out[label] = _label(text)
                self.guessed.append(f"{kind} {label}: '{out[label]}' (from its description)")
        return out

    def _ranked(self, v: Any) -> Any:
        """`{primary: "Guys who shave daily"}`: a rank or a number is no name, the text is."""
        if (
            isinstance(v, dict)
            and "_k" in v
            and isinstance(v["_v"], str)
            and (_key(v["_k"]) in self.f.rank_keys or re.fullmatch(r"\w?\d{1,2}", _key(v["_k"])))
        ):
            return v["_v"]
        return v

    def _point(self, v: Any) -> dict[str, Any]:
        v = self._ranked(v)
        if isinstance(v, dict) and "_k" in v:
            inner = v["_v"]
            if isinstance(inner, dict):
                d = self._sub("point", inner, nested=True)  # the key is its title
                d.setdefault("title", str(v["_k"]))
                return _strs(d, ("personas",))
            if isinstance(inner, list):
                inner = "；".join(str(x) for x in inner)
            return {"title": str(v["_k"]), "detail": str(inner)}
        if isinstance(v, dict):
            return _strs(self._sub("point", v), ("personas",))
        text, more = str(v).strip(), ""
        if "\n" in text:  # a numbered paragraph over several lines: its first line names it
            text, more = (x.strip() for x in text.split("\n", 1))
            more = re.sub(r"\s*\n\s*", "" if has_cjk(more) else " ", more)
        title, detail = _pair(text)
        if detail and numbered_label(title, self.f.is_list_field):
            title, detail = _pair(detail)  # "卖点一：无雾加湿" is the point, not "卖点一"
        if not detail:
            title, detail = _head_and_rest(title.rstrip("。.，,；;！!"))
        if detail and more and has_cjk(text) and not re.search(r"[。！？!?，,；;：:]$", detail):
            detail += "，"  # "味道很浓，" and the next line "喜欢吃辣的…" stay two clauses
        detail = (
            "".join(x for x in (detail, more) if x)
            if has_cjk(text)
            else " ".join(x for x in (detail, more) if x)
        )
        title = title.rstrip("。，,；;！!")
        return {"title": title, "detail": detail} if detail else {"title": title}

    def _fold_parts(self, items: list[Any]) -> list[Any]:
        """Lines that describe the buyer above them ("人群A：有宝宝的家庭", "年龄：25-35岁",
        "痛点：…") become one record per buyer."""
        out: list[Any] = []
        table = self.f.sub["persona"]
        for v in items:
            kv = _KV.match(v) if isinstance(v, str) else None
            part = self.f.match(table, kv.group(1), head_first=True)[0] if kv else None
            if kv and part and part != "name" and _key(kv.group(1)) not in self.f.top and out:
                prev = out[-1]
                if isinstance(prev, str):
                    head = _KV.match(prev)
                    prev = out[-1] = (
                        {"name": head.group(2).strip(), "_label": head.group(1).strip()}
                        if head and head.group(2).strip()
                        else {"name": prev}
                    )
                if isinstance(prev, dict) and "_k" not in prev:
                    key = kv.group(1).strip()
                    prev[key] = f"{prev[key]}；{kv.group(2)}" if key in prev else kv.group(2)
                    continue
            out.append(v)
        return out

    def _named_by_part(self, record: dict[str, Any]) -> str | None:
        """The name of a buyer given only as demographics: its 职业 / occupation."""
        for want in self.f.persona_name_from:
            for k, v in record.items():
                if _key(k) == want and isinstance(v, str) and v.strip():
                    return re.split(r"[，,；;。]", v.strip())[0].strip()
        return None

    def _persona(self, v: Any) -> dict[str, Any]:
        v = self._ranked(v)
        if (
            isinstance(v, dict)
            and "_k" in v
            and isinstance(v["_v"], list)
            and v["_v"]
            and sum(1 for x in v["_v"] if isinstance(x, str) and _KV.match(x)) * 2 >= len(v["_v"])
        ):
            # "### 人群一" and its 年龄：/职业：/痛点： lines: a record.
            record: dict[str, Any] = {}
            for x in v["_v"]:
                kv = _KV.match(str(x))
                if kv:
                    record[kv.group(1).strip()] = kv.group(2).strip()
            v = {"_k": v["_k"], "_v": record}
        if isinstance(v, dict) and "_k" in v:
            inner = v["_v"]
            if isinstance(inner, dict):
                d = self._sub("persona", inner, nested=True)  # the key is its name
                if numbered_label(str(v["_k"]), self.f.is_list_field) or _key(v["_k"]) in (
                    self.f.rank_keys
                ):
                    named = self._named_by_part(inner)
                    if named and not d.get("name"):
                        d["name"] = named
                        self.guessed.append(f"persona name: '{named}' (from its {v['_k']} lines)")
                d.setdefault("name", str(v["_k"]))
                return _strs(d, ("pains", "priorities"))
            if isinstance(inner, list):
                return {"name": str(v["_k"]), "pains": [str(x) for x in inner]}
            return {"name": str(v["_k"]), "description": str(inner)}
        if isinstance(v, dict):
            d = self._sub("persona", {k: x for k, x in v.items() if k != "_label"})
            named = self._named_by_part(v)
            if named and (
                not d.get("name") or numbered_label(str(d["name"]), self.f.is_list_field)
            ):
                d["name"] = named
                self.guessed.append(f"persona name: '{named}' (from its demographics)")
            return _strs(d, ("pains", "priorities"))
        segments = [x.strip() for x in re.split(r"[；\n]", str(v)) if x.strip()]
        parts = [_KV.match(x) for x in segments[1:]]
        if len(segments) >= 2 and all(
            kv and self.f.match(self.f.sub["persona"], kv.group(1), head_first=True)[0]
            for kv in parts
        ):
            # "Persona A: College students" with sub-bullets "Age: 18-22", "Pain: …".
            head, tail = _pair(segments[0])
            if tail and numbered_label(head, self.f.is_list_field):
                head = tail
            record = {
                "name": head,
                **{kv.group(1).strip(): kv.group(2).strip() for kv in parts if kv},
            }
            return self._persona(record)
        name, rest = _pair(re.sub(r"\s*\n\s*", " ", str(v)))
        if rest and numbered_label(name, self.f.is_list_field):
            name, rest = _pair(rest)  # "人群1：上班族｜肩颈酸" names 上班族
        persona: dict[str, Any] = {"name": name}
        if rest:
            pains = re.findall(
                r"(?:怕|担心|痛点[:：]?|worried about|struggles? with)\s*([^，,。；;]+)", rest
            )
            persona["description"] = rest
            if pains:
                persona["pains"] = [p.strip() for p in pains]
        return persona

    def _personas_from_prose(self, text: str, where: str) -> list[dict[str, Any]]:
        """Buyers described in a paragraph: "First, ... Second, ..." and the names it gives
        ("we call them "Commuter Chloe", ..."); labels made from descriptions are guesses."""
        words = "|".join(re.escape(w) for w in sorted(self.f.ordinals, key=len, reverse=True))
        parts = re.split(rf"(?i)(?:^|(?<=[.。!！?？;；]))\s*(?:{words})\s*[,，、:：]?\s*", text)
        descs = [p.strip() for p in parts[1:] if p.strip()]
        names = [n.strip() for n in re.findall(r"[\"“「]([^\"”」]{2,40})[\"”」]", text)]
        if descs and names and descs[-1]:
            tail = re.split(r"(?<=[.。!！?？])\s+", descs[-1])
            descs[-1] = " ".join(t for t in tail if not any(n in t for n in names)) or tail[0]
        listed = buyers(text) if not descs and not names else []
        if len(listed) >= 2 and not re.search(r"[.。!！?？;；]\s*\S", text.strip()):
            # One sentence that lists them: "Frequent flyers, remote workers on calls all
            # day, and students studying in noisy dorms."
            return [self._persona(b) for b in listed]
        if not descs and not names:
            # No ordinals and no names: one buyer a sentence ("Mostly home brewers who
            # grind their own beans. We also get a lot of gift buyers ...").
            descs = [
                x.strip()
                for x in re.split(r"(?<=[。！？!?])|(?<=[.;；])\s+", text)
                if len(x.strip()) > 3
            ]
        count = max(len(descs), len(names))
        out: list[dict[str, Any]] = []
        for i in range(count):
            desc = descs[i] if i < len(descs) else ""
            if i < len(names):
                name = names[i]
                self.guessed.append(f"persona name: '{name}' (named in {where})")
            else:
                name = _label((buyers(desc) or [desc])[0])
                self.guessed.append(f"persona name: '{name}' (made from its description)")
            out.append({"name": name, "description": desc} if desc else {"name": name})
        return out

    def _faq(self, v: Any) -> dict[str, str] | None:
        if isinstance(v, dict) and "_k" in v:
            return {"question": str(v["_k"]), "answer": str(v["_v"])}
        if isinstance(v, dict):
            d = self._sub("faq", v)
            return {k: str(x) for k, x in d.items()} if "question" in d else None
        text = str(v)
        m = re.match(r"^(?:Q|问)\s*[:：]?\s*(.+?)\s*(?:A|答)\s*[:：]\s*(.+)$", text)
        if m:
            return {"question": m.group(1).strip(), "answer": m.group(2).strip()}
        m = re.match(r"^(.+?[?？])\s*(.+)$", text)
        if m:
            return {"question": m.group(1).strip(), "answer": m.group(2).strip(" -–—:：")}
        return None

    def _proof(self, v: Any) -> dict[str, Any]:
        if isinstance(v, dict) and "_k" in v:
            return {"name": str(v["_k"]), "number": str(v["_v"])}
        if isinstance(v, dict):
            return _strs(self._sub("proof", v), ("claims",))
        name, rest = _pair(str(v))
        out: dict[str, Any] = {"name": name}
        num = re.search(r"(?:编号|No\.?|number)\s*[:：]?\s*([A-Za-z0-9\-]+)", rest or name)
        if num:
            out["number"] = num.group(1)
        return out


def _strs(d: dict[str, Any], lists: tuple[str, ...]) -> dict[str, Any]:
    for k, v in list(d.items()):
        if k in ("pains", "priorities") and isinstance(v, str):
            # A pain is a sentence ("每天对着电脑十个小时，肩膀硬得像石头"): split at ；/
            # sentence ends, not at its commas.
            parts = [x.strip(" 。.") for x in re.split(r"[；;\n。]|(?<=[.!?])\s+", v)]
            d[k] = [x for x in parts if x] or [v]
        elif k in lists:
            d[k] = [str(x) for x in _split_list(v)]
        elif isinstance(v, list):
            d[k] = "；".join(str(x) for x in v)
        elif v is None:
            del d[k]
        else:
            d[k] = str(v)
    return d


def language_of(value: Any) -> str | None:
    """zh or en from a free-form locale or language name ('中文（简体）', 'American English
    (en-US)', 'zh_CN'), by the aliases in spec/aliases.yaml; None when it names neither."""
    table = alias_table()["language"]
    whole = _key(value)
    if whole in table:
        return table[whole]
    parts = [_key(p) for p in re.split(r"[\s()（）\[\],，/;；|]+", str(value)) if p.strip()]
    for p in parts:
        if p in table:
            return table[p]
        if p[:2] in ("zh", "en") and re.fullmatch(r"(zh|en)(\W\w+)*", p):
            return p[:2]
    for alias in sorted(table, key=len, reverse=True):
        if len(alias) >= (2 if has_cjk(alias) else 5) and alias in whole:
            return table[alias]
    return None


def _name_from_title(title: str, words: list[str]) -> str:
    """The product in a sheet's title: "简报：<product>", "<product> — live sheet",
    "【直播脚本需求】<product>"; the parts that only say what the document is are dropped."""
    parts = [p.strip() for p in re.split(r"[:：|｜]|\s[—–-]\s|【[^】]*】|\[[^\]]*\]", title)]
    parts = [p for p in parts if p]
    keep = [p for p in parts if not any(w in p.casefold() for w in words)]
    return (keep or parts or [title])[-1 if not keep else 0].strip()


def _named_in_prose(lines: list[str], phrases: list[str]) -> str | None:
    for line in lines:
        low = line.casefold()
        for phrase in phrases:
            i = low.find(phrase)
            if i >= 0:
                rest = re.sub(
                    r"^(the|a|an)\s+", "", line[i + len(phrase) :].strip(), flags=re.IGNORECASE
                )
                name = re.split(r"(?<!\d)[.。](?!\d)|[!！?？]", rest)[0].strip()
                if 0 < len(name) <= 80:
                    return name
    return None


def _leaves(data: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(data, dict):
        return [
            x
            for k, v in data.items()
            if not str(k).startswith("_from")
            for x in _leaves(v, f"{path}.{k}" if path else str(k))
        ]
    if isinstance(data, list):
        return [x for i, v in enumerate(data) for x in _leaves(v, f"{path}[{i}]")]
    return [(path, data)] if isinstance(data, str) else []


def _prices_anywhere(m: Mapper, brief: Any) -> None:
    """Last resort: a line that names a price wherever it landed ("平时卖59，直播间给到39"
    inside a list of selling points); that line is then no selling point."""
    for where, text in _leaves(brief):
        if not m._names_a_price(text):
            continue
        if (_amounts(text) and m._prices_from_text(text, where)) or m._bare_prices(text, where):
            m.guessed.append(f"price: read from the text in {where}")
            points = m.out.get("selling_points") or []
            m.out["selling_points"] = [
                p
                for p in points
                if not (
                    isinstance(p, dict)
                    and text.startswith(str(p.get("title") or "\0"))
                    and text.endswith(str(p.get("detail") or p.get("title")))
                )
            ]
            return


# Where a promised gift is not an offer: the selling points, FAQ, story, don'ts.
_NO_GIFT_FIELDS = frozenset(
    ("selling_points", "personas", "faq", "story", "forbidden_claims", "proof", "name")
)


def _gifts_anywhere(m: Mapper, brief: Any) -> None:
    """Gifts a sentence promises ("直播间到手199，再送一把茶刀", "the first 200 orders get a
    free carabiner clip") when no field lists them; each is reported as guessed."""
    found: list[str] = []
    for where, text in _leaves(brief):
        keys = [k for k in re.split(r"[.\[\]]", where) if k and not k.isdigit()]
        fields = {m.f.lookup(m.f.top, k, anywhere=m.from_text) for k in keys}
        if fields & _NO_GIFT_FIELDS or _SAY_NOT.search(text):
            continue
        for gift in gifts_in(text):
            if gift not in found:
                found.append(gift)
                m.guessed.append(f"gift: '{gift}' (promised in {where})")
    if found:
        m.offer["gifts"] = found


def convert(brief: Any, source: str) -> Imported:
    """Map a parsed brief to spec fields; guesses fill what a spec needs and the brief lacks."""
    if not isinstance(brief, dict):
        raise SpecError(f"{source}: nothing to import (expected fields or a product sheet)")
    m = Mapper()
    m.from_text = bool(brief.get("_from_text"))
    m.fen_declared = declares_fen(brief)
    m.walk(brief)
    m.choose()
    if "price" not in m.out and "promo_price" not in m.out:
        _prices_anywhere(m, brief)
    out = m.out
    text = out.pop("_text", [])
    guessed: list[str] = m.guessed
    for target, (value, where) in m.tier_names.items():
        if not out.get(target):
            out[target] = value
            if where in m.unplaced:
                m.unplaced.remove(where)
            guessed.append(f"{target}: '{value}' from {where} (the only one given)")
    title = brief.get("_title") if isinstance(brief, dict) else None
    if not out.get("name") and title:
        out["name"] = _name_from_title(str(title), m.f.title_words)
        guessed.append(f"name: from the title '{title}'")
    if not out.get("name") and text:
        named = _named_in_prose(text, m.f.name_phrases)
        if named:
            out["name"] = named
            guessed.append(f"name: '{named}' (named in the text)")
    if not out.get("name") and text:
        out["name"] = text[0][:40]
        guessed.append(f"name: the brief's first line '{out['name']}'")
    for where, value in m.loose:
        # A don't-say rule in a remark field ("liveRemark": "别说'医用级'"): its quoted
        # phrases are forbidden claims, whatever the field is called.
        if _SAY_NOT.search(value) and quoted_phrases(value) and where in m.unplaced:
            out.setdefault("forbidden_claims", []).append(value)
            m.unplaced.remove(where)
            m.mapped.append(f"forbidden_claims ← {where} (a don't-say rule)")
    if brief.get("_read_note"):
        guessed.insert(0, f"layout: {brief['_read_note']}")
    if not m.offer.get("gifts"):
        _gifts_anywhere(m, brief)
    if m.offer:
        out["offer"] = m.offer
    if m.point_rules:
        have = out.setdefault("forbidden_claims", [])
        have.extend(r for r in m.point_rules if r not in have)
        m.mapped.append(f"forbidden_claims ← {len(m.point_rules)} note(s) on selling points")
    if m.point_proofs and isinstance(out.get("proof", []), list):
        proof_names = {str(p.get("name")) for p in out.get("proof", []) if isinstance(p, dict)}
        for proof in m.point_proofs:
            title = str(proof.pop("_backs").get("title") or "")
            if proof["name"] not in proof_names:
                proof_names.add(proof["name"])
                kind = (
                    "test_report"
                    if re.search(r"报告|检测|report|test", proof["name"], re.I)
                    else "certification"
                )
                out.setdefault("proof", []).append(
                    {
                        **proof,
                        "claims": [title] if title else [],
                        **({"kind": kind} if kind else {}),
                    }
                )
        m.mapped.append(f"proof ← {len(m.point_proofs)} proof(s) on selling points")
    if not out.get("selling_points") and text:
        out["selling_points"] = [{"title": _pair(t)[0], "detail": _pair(t)[1]} for t in text[1:6]]
        guessed.append("selling_points: from the brief's free text")
    sample = " ".join(
        [str(out.get("name", ""))]
        + [str(p.get("title", "")) for p in out.get("selling_points", [])]
    )
    if out.get("platform"):
        given = str(out["platform"])
        table = alias_table()["platform"]
        if _key(given) not in table and given not in table.values():
            hit = next(
                (
                    v
                    for k, v in sorted(table.items(), key=lambda kv: -len(kv[0]))
                    if len(k) >= 2 and k in _key(given)
                ),
                None,
            )
            if hit:
                out["platform"] = hit
                guessed.append(f"platform: {hit} (from '{given}')")
    if "platform" not in out:
        table = alias_table()["platform"]
        blob = _key(json.dumps(brief, ensure_ascii=False, default=str))
        hit = next(
            (
                v
                for k, v in sorted(table.items(), key=lambda kv: -len(kv[0]))
                if len(k) >= 4 and k in blob
            ),
            None,
        )
        if hit:
            out["platform"] = hit
            guessed.append(f"platform: {hit} (named in the brief)")
    if "language" in out:
        given = out["language"]
        out["language"] = language_of(given)
        if out["language"] is None:
            out.pop("language")
        elif _key(given) not in ("zh", "en"):
            guessed.append(f"language: {out['language']} (from '{given}')")
    if "language" not in out:
        out["language"] = "zh" if has_cjk(sample) else "en"
        guessed.append(f"language: {out['language']} (from the text)")
    if not out.get("currency"):
        out["currency"] = "CNY" if out["language"] == "zh" else "USD"
        guessed.append(f"currency: {out['currency']}")
    if "platform" not in out:
        out["platform"] = "douyin" if out["language"] == "zh" else "tiktok"
        guessed.append(f"platform: {out['platform']} (the usual one for the language)")
    if out.get("category") and out["category"] not in get_args(
        ProductSpec.model_fields["category"].annotation
    ):
        given = _key(out.pop("category"))
        cats = alias_table()["category"]
        hit = next(
            (
                v
                for k, v in sorted(cats.items(), key=lambda kv: -len(kv[0]))
                if len(k) >= 2 and k in given
            ),
            None,
        )
        out["category"] = hit or "general"
        guessed.append(f"category: {out['category']} (from '{given}')")
    if "category" not in out:
        cats = alias_table()["category"]
        blob = _key(json.dumps(brief, ensure_ascii=False, default=str))
        hit = next(
            (
                v
                for k, v in sorted(cats.items(), key=lambda kv: -len(kv[0]))
                if len(k) >= 2 and k in blob and v != "general"
            ),
            None,
        )
        if hit:
            out["category"] = hit
            guessed.append(f"category: {hit} (from words in the brief)")
    if "promo_price" in out and "price" in out and out["promo_price"] > out["price"]:
        out["price"], out["promo_price"] = out["promo_price"], out["price"]
        guessed.append("price/promo_price: swapped (the live price was the higher one)")
    if "promo_price" in out and "price" not in out:
        out["price"] = out.pop("promo_price")
        guessed.append("price: the only price given")
    # One line a mapping: a block mapped by two paths (specs, a price line) counts once.
    mapped = list(dict.fromkeys(m.mapped))
    return Imported(
        data=out, mapped=mapped, unplaced=list(dict.fromkeys(m.unplaced)), guessed=guessed
    )


def import_brief(text: str, source: str, suffix: str) -> tuple[ProductSpec, Imported]:
    """The validated spec and the import record; invalid results raise SpecError."""
    from livegen.spec import spec_from_data

    reading = read_brief(text, source, suffix)
    try:
        result = convert(reading, source)
        return spec_from_data(dict(result.data), f"{source} (imported)"), result
    except SpecError as structured:
        if not isinstance(reading, dict) or reading.get("_from_text"):
            raise
        # A sheet whose structure did not give a spec (a CSV whose columns are not key and
        # value, a YAML file that is one long note) is read again as text lines; if that
        # fails too, the structured reading's problems are the ones reported.
        try:
            result = convert(parse_text(text.lstrip("\ufeff").strip()), source)
            spec = spec_from_data(dict(result.data), f"{source} (imported)")
        except SpecError:
            raise structured from None
        result.guessed.insert(0, "layout: read as text lines (its fields gave no valid spec)")
        return spec, result


def spec_yaml(spec: ProductSpec, result: Imported, source: str) -> str:
    """The imported spec as YAML, with the import record as comments at the top."""
    full = spec.model_dump(mode="json")
    data = spec.model_dump(mode="json", exclude_defaults=True)
    for key in ("category", "currency", "platform", "language", "duration_minutes", "style"):
        data.setdefault(key, full[key])  # said out loud, so the creator sees and can change it
    order = list(full)
    data = {
        "schema_version": "1",
        **{k: data[k] for k in order if k in data and k != "schema_version"},
    }
    head = [f"# Imported from {source} by `livegen spec import`; check it before going live."]
    head += [f"# guessed: {g}" for g in result.guessed]
    head += [f"# not placed (copy by hand if needed): {u}" for u in result.unplaced]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n" + body
