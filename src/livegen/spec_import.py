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
from typing import Any

import yaml

from livegen.errors import SpecError
from livegen.schemas.spec import ProductSpec
from livegen.spec_aliases import alias_table
from livegen.text import has_cjk

# Section names that only group other fields (walked into, not placed themselves).
_CONTAINERS = frozenset(("offer", "offers", "promotion", "promotions", "福利", "直播间福利",
                         "优惠信息", "活动信息", "直播安排", "商品信息", "安排", "product",
                         "basics", "基本信息"))
OFFER_FIELDS = ("gifts", "coupon", "stock", "limit_per_order", "ends", "giveaway")
_NUM = re.compile(r"\d+(?:[.,]\d+)?")
_BULLET = re.compile(r"^\s*(?:[-*+•·]|\d+[.)、．]|[（(]?\d+[)）]|[一二三四五六七八九十]+[、.])\s*")
_KV = re.compile(r"^\s*([^:：]{1,24}?)\s*[:：]\s*(.*)$")
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*(.+?)\s*#*|【(.+?)】.*|\[(.+?)\])\s*$")


def _key(text: Any) -> str:
    return re.sub(r"[\s_\-/]+", "", str(text).strip().casefold())


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
        self.sub = {kind: self._table(raw.get(kind) or {})
                    for kind in ("point", "persona", "faq", "proof")}

    @staticmethod
    def _table(groups: dict[str, list[str]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for target, names in groups.items():
            out.setdefault(_key(target), target)
            for n in names or []:
                out.setdefault(_key(n), target)
        return out


# -- reading -----------------------------------------------------------------------------
def read_brief(text: str, source: str, suffix: str) -> Any:
    """Structured data for YAML/JSON, a heading → content mapping for Markdown or text."""
    stripped = text.lstrip("\ufeff").strip()
    if suffix == ".json" or stripped.startswith(("{", "[")):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            pass
    if suffix in (".yaml", ".yml", ".json") or suffix == "":
        try:
            data = yaml.safe_load(stripped)
            if isinstance(data, dict) and len(data) > 1:
                return data
        except yaml.YAMLError:
            if suffix in (".yaml", ".yml"):
                raise SpecError(f"{source}: not valid YAML and not a text brief") from None
    return parse_text(stripped)


def parse_text(text: str) -> dict[str, Any]:
    """A Markdown or plain-text brief as {heading: [items] | text | {key: value}}."""
    known = _Fields().top
    out: dict[str, Any] = {}
    section: str | None = None
    items: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or set(line) <= set("-=*_ "):
            continue
        m = _HEADING.match(line)
        if m:
            heading = next(g for g in m.groups() if g).strip(" ：:")
            if line.startswith("# ") and not out and section is None:
                out["_title"] = heading  # the sheet's title, often "简报：<product>"
                continue
            _flush(out, section, items)
            section, items = heading, []
            continue
        kv = _KV.match(_BULLET.sub("", line))
        if kv and not _BULLET.match(line) and kv.group(2).strip() and \
                _key(kv.group(1)) in known:
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
        if section is None:
            out.setdefault("_text", []).append(line)
        else:
            items.append(_BULLET.sub("", line) if _BULLET.match(line) else line)
    _flush(out, section, items)
    return out


def _flush(out: dict[str, Any], section: str | None, items: list[str]) -> None:
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


def _currency(value: Any) -> str | None:
    text = str(value)
    for symbol, code in (("¥", "CNY"), ("￥", "CNY"), ("元", "CNY"), ("$", "USD"),
                         ("€", "EUR"), ("£", "GBP"), ("rmb", "CNY"), ("usd", "USD")):
        if symbol in text.casefold():
            return code
    return None


def _split_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [{"_k": k, "_v": v} for k, v in value.items()]
    return [p.strip() for p in re.split(r"[、，,;；\n]", str(value)) if p.strip()]


def _pair(text: str) -> tuple[str, str]:
    m = re.match(r"^(.{1,40}?)\s*(?:[:：]|\s[-–—]\s|——)\s*(.+)$", text)
    return (m.group(1).strip(), m.group(2).strip()) if m else (text.strip(), "")


class Mapper:
    def __init__(self) -> None:
        self.f = _Fields()
        self.out: dict[str, Any] = {}
        self.offer: dict[str, Any] = {}
        self.mapped: list[str] = []
        self.unplaced: list[str] = []

    def walk(self, data: dict[str, Any], path: str = "") -> None:
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "_title":
                continue
            if key == "_text":
                self.out.setdefault("_text", []).extend(value)
                continue
            target = self.f.top.get(_key(key))
            if isinstance(value, list) and value and all(
                    isinstance(v, str) and _KV.match(v) for v in value) and target in (
                    None, "coupon", "gifts"):
                value = {_KV.match(v).group(1).strip(): _KV.match(v).group(2).strip()  # type: ignore[union-attr]
                         for v in value}
                self.walk(value, where)
                continue
            if _key(key) in _CONTAINERS and isinstance(value, dict):
                self.walk(value, where)
                continue
            if target in ("price", "promo_price") and isinstance(value, dict):
                self._prices(value, where)
                continue
            if target is None or (isinstance(value, dict) and target not in (
                    "specs", "faq", "personas", "selling_points", "proof")):
                if isinstance(value, dict):
                    self.walk(value, where)
                elif value not in (None, "", []):
                    self.unplaced.append(where)
                continue
            if self._place(target, value, where):
                self.mapped.append(f"{target} ← {where}")
            else:
                self.unplaced.append(where)

    def _prices(self, value: dict[str, Any], where: str) -> None:
        for k, v in value.items():
            key = _key(k)
            live = any(w in key for w in ("live", "sale", "promo", "deal", "直播", "到手",
                                           "活动", "券后", "final", "special"))
            target = "promo_price" if live else "price"
            if self._place(target, v, f"{where}.{k}"):
                self.mapped.append(f"{target} ← {where}.{k}")
            elif _key(k) in ("currency", "币种"):
                self.out["currency"] = str(v).upper()
            else:
                self.unplaced.append(f"{where}.{k}")

    def _place(self, target: str, value: Any, where: str) -> bool:
        if target in ("price", "promo_price"):
            n = _number(value)
            if n is None or n <= 0:
                return False
            self.out.setdefault("currency", _currency(value) or self.out.get("currency"))
            self.out[target] = n
            return True
        if target in ("stock", "limit_per_order"):
            n = _number(value)
            if n is None:
                return False
            self.offer[target] = int(n)
            return True
        if target in OFFER_FIELDS:
            if target == "gifts":
                self.offer["gifts"] = [str(g) for g in _split_list(value)]
            elif target == "coupon" and isinstance(value, list):
                self.offer["coupon"] = "；".join(str(v) for v in value)
            else:
                self.offer[target] = str(value).strip()
            return True
        if target == "duration_minutes":
            n = _number(value)
            if n is None:
                return False
            hours = bool(re.search(r"小时|hour|\bh\b", str(value), re.IGNORECASE))
            self.out[target] = n * 60 if hours else n
            return True
        if target == "selling_points":
            self.out[target] = [self._point(v) for v in _split_list(value)]
            return bool(self.out[target])
        if target == "personas":
            self.out[target] = [self._persona(v) for v in _split_list(value)]
            return True
        if target == "faq":
            self.out[target] = [q for q in (self._faq(v) for v in _split_list(value)) if q]
            return True
        if target == "proof":
            self.out[target] = [self._proof(v) for v in _split_list(value)]
            return True
        if target == "specs":
            specs = {}
            for item in _split_list(value):
                if isinstance(item, dict) and "_k" in item:
                    specs[str(item["_k"])] = item["_v"]
                elif isinstance(item, str):
                    k, v = _pair(item)
                    if v:
                        specs[k] = v
            self.out[target] = specs
            return bool(specs)
        if target in ("forbidden_claims", "keywords"):
            self.out[target] = [str(v) for v in _split_list(value)]
            return True
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        self.out[target] = str(value).strip()
        return True

    def _sub(self, kind: str, item: dict[str, Any]) -> dict[str, Any]:
        table = self.f.sub[kind]
        out: dict[str, Any] = {}
        for k, v in item.items():
            target = table.get(_key(k))
            if target and target not in out:
                out[target] = v
        return out

    def _point(self, v: Any) -> dict[str, Any]:
        if isinstance(v, dict) and "_k" in v:
            inner = v["_v"]
            if isinstance(inner, dict):
                d = self._sub("point", inner)
                d.setdefault("title", str(v["_k"]))
                return _strs(d, ("personas",))
            return {"title": str(v["_k"]), "detail": str(inner)}
        if isinstance(v, dict):
            return _strs(self._sub("point", v), ("personas",))
        title, detail = _pair(str(v))
        return {"title": title, "detail": detail} if detail else {"title": title}

    def _persona(self, v: Any) -> dict[str, Any]:
        if isinstance(v, dict) and "_k" in v:
            inner = v["_v"]
            if isinstance(inner, dict):
                d = self._sub("persona", inner)
                d.setdefault("name", str(v["_k"]))
                return _strs(d, ("pains", "priorities"))
            return {"name": str(v["_k"]), "description": str(inner)}
        if isinstance(v, dict):
            return _strs(self._sub("persona", v), ("pains", "priorities"))
        name, rest = _pair(str(v))
        persona: dict[str, Any] = {"name": name}
        if rest:
            pains = re.findall(
                r"(?:怕|担心|痛点[:：]?|worried about|struggles? with)\s*([^，,。；;]+)", rest)
            persona["description"] = rest
            if pains:
                persona["pains"] = [p.strip() for p in pains]
        return persona

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
        if k in lists:
            d[k] = [str(x) for x in _split_list(v)]
        elif isinstance(v, list):
            d[k] = "；".join(str(x) for x in v)
        elif v is None:
            del d[k]
        else:
            d[k] = str(v)
    return d


def convert(brief: Any, source: str) -> Imported:
    """Map a parsed brief to spec fields; guesses fill what a spec needs and the brief lacks."""
    if not isinstance(brief, dict):
        raise SpecError(f"{source}: nothing to import (expected fields or a product sheet)")
    m = Mapper()
    m.walk(brief)
    out = m.out
    text = out.pop("_text", [])
    guessed: list[str] = []
    title = brief.get("_title") if isinstance(brief, dict) else None
    if not out.get("name") and title:
        out["name"] = re.split(r"[:：]", str(title))[-1].strip()
        guessed.append(f"name: from the title '{title}'")
    if not out.get("name") and text:
        out["name"] = text[0][:40]
        guessed.append(f"name: the brief's first line '{out['name']}'")
    if m.offer:
        out["offer"] = m.offer
    if not out.get("selling_points") and text:
        out["selling_points"] = [{"title": _pair(t)[0], "detail": _pair(t)[1]}
                                 for t in text[1:6]]
        guessed.append("selling_points: from the brief's free text")
    sample = " ".join([str(out.get("name", ""))] + [str(p.get("title", "")) for p in
                                                    out.get("selling_points", [])])
    if "language" not in out:
        out["language"] = "zh" if has_cjk(sample) else "en"
        guessed.append(f"language: {out['language']} (from the text)")
    if not out.get("currency"):
        out["currency"] = "CNY" if out["language"] == "zh" else "USD"
        guessed.append(f"currency: {out['currency']}")
    if "platform" not in out:
        out["platform"] = "douyin" if out["language"] == "zh" else "tiktok"
        guessed.append(f"platform: {out['platform']} (the usual one for the language)")
    if out.get("category") and out["category"] not in ProductSpec.model_fields[
            "category"].annotation.__args__:  # type: ignore[union-attr]
        given = _key(out.pop("category"))
        cats = alias_table()["category"]
        hit = next((v for k, v in sorted(cats.items(), key=lambda kv: -len(kv[0]))
                    if len(k) >= 2 and k in given), None)
        out["category"] = hit or "general"
        guessed.append(f"category: {out['category']} (from '{given}')")
    if "category" not in out:
        cats = alias_table()["category"]
        blob = _key(json.dumps(brief, ensure_ascii=False, default=str))
        hit = next((v for k, v in sorted(cats.items(), key=lambda kv: -len(kv[0]))
                    if len(k) >= 2 and k in blob and v != "general"), None)
        if hit:
            out["category"] = hit
            guessed.append(f"category: {hit} (from words in the brief)")
    if "promo_price" in out and "price" in out and out["promo_price"] > out["price"]:
        out["price"], out["promo_price"] = out["promo_price"], out["price"]
        guessed.append("price/promo_price: swapped (the live price was the higher one)")
    if "promo_price" in out and "price" not in out:
        out["price"] = out.pop("promo_price")
        guessed.append("price: the only price given")
    return Imported(data=out, mapped=m.mapped, unplaced=m.unplaced, guessed=guessed)


def import_brief(text: str, source: str, suffix: str) -> tuple[ProductSpec, Imported]:
    """The validated spec and the import record; invalid results raise SpecError."""
    from livegen.spec import spec_from_data

    result = convert(read_brief(text, source, suffix), source)
    spec = spec_from_data(dict(result.data), f"{source} (imported)")
    return spec, result


def spec_yaml(spec: ProductSpec, result: Imported, source: str) -> str:
    """The imported spec as YAML, with the import record as comments at the top."""
    full = spec.model_dump(mode="json")
    data = spec.model_dump(mode="json", exclude_defaults=True)
    for key in ("category", "currency", "platform", "language", "duration_minutes", "style"):
        data.setdefault(key, full[key])  # said out loud, so the creator sees and can change it
    order = list(full)
    data = {"schema_version": "1", **{k: data[k] for k in order if k in data and
                                      k != "schema_version"}}
    head = [f"# Imported from {source} by `livegen spec import`; check it before going live."]
    head += [f"# guessed: {g}" for g in result.guessed]
    head += [f"# not placed (copy by hand if needed): {u}" for u in result.unplaced]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n" + body
