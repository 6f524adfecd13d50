"""`livegen spec import` through a chat model, on top of the offline mapping.

The offline mapper (`livegen.spec_import`) runs first and stays the ground truth for what
it placed from a recognised field; the model reads the whole brief with the spec model's
field list and answers with spec JSON, which fills what the mapper missed or only
guessed: a selling point written as prose, personas described in a paragraph, FAQ
entries, forbidden claims written as rules. Nothing the model says goes in unchecked:

- numbers (prices, stock, limits) are kept only when they appear in the brief;
- list items (selling points, personas, FAQ, proof) are added by title / name /
  question, and only fill empty fields of an item the mapper already found;
- the merged result goes through the ordinary spec validation; when it fails, or the
  request fails, the offline result is used and the creator is told why.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from livegen.errors import BackendError, SpecError
from livegen.llm.base import Message
from livegen.schemas.spec import FAQ, Offer, Persona, ProductSpec, Proof, SellingPoint
from livegen.spec_import import Imported, convert, read_brief

if TYPE_CHECKING:
    from livegen.llm.base import ChatBackend
    from livegen.progress import Reporter
    from livegen.templating import Templates

TASK = "spec-import"
_LISTS = {"selling_points": "title", "personas": "name", "faq": "question", "proof": "name"}
_SCALARS = (
    "name",
    "brand",
    "noun",
    "category",
    "currency",
    "story",
    "platform",
    "language",
    "tone",
    "style",
)
_NUMBERS = ("price", "promo_price", "duration_minutes")
_BRIEF_LIMIT = 24000  # characters of the brief sent; longer briefs are cut (and said so)


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PointDraft(_Loose):
    title: str = Field(min_length=1)
    detail: str = ""
    demo: str = ""
    personas: list[str] = Field(default_factory=list)


class PersonaDraft(_Loose):
    name: str = Field(min_length=1)
    description: str = ""
    pains: list[str] = Field(default_factory=list)
    priorities: list[str] = Field(default_factory=list)


class FaqDraft(_Loose):
    question: str = Field(min_length=1)
    answer: str = ""


class ProofDraft(_Loose):
    kind: str = "certification"
    name: str = Field(min_length=1)
    issuer: str = ""
    number: str = ""
    claims: list[str] = Field(default_factory=list)


class OfferDraft(_Loose):
    gifts: list[str] = Field(default_factory=list)
    coupon: str = ""
    stock: int | None = None
    limit_per_order: int | None = None
    ends: str = ""
    giveaway: str = ""


class SpecDraft(_Loose):
    """What the model may answer: every spec field, all optional, strings kept loose."""

    name: str = ""
    brand: str = ""
    noun: str = ""
    category: str = ""
    price: float | None = None
    promo_price: float | None = None
    currency: str = ""
    selling_points: list[PointDraft] = Field(default_factory=list)
    specs: dict[str, str] = Field(default_factory=dict)
    proof: list[ProofDraft] = Field(default_factory=list)
    personas: list[PersonaDraft] = Field(default_factory=list)
    faq: list[FaqDraft] = Field(default_factory=list)
    offer: OfferDraft = Field(default_factory=OfferDraft)
    story: str = ""
    platform: str = ""
    language: str = ""
    duration_minutes: float | None = None
    tone: str = ""
    style: str = ""
    forbidden_claims: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


def field_list() -> str:
    """The spec model's fields, one line each, from the models themselves."""

    def lines(model: type[BaseModel], prefix: str = "") -> list[str]:
        out = []
        for name, f in model.model_fields.items():
            if name == "schema_version":
                continue
            kind = str(f.annotation).replace("typing.", "").replace("livegen.schemas.spec.", "")
            kind = re.sub(r"<class '(\w+)'>", r"\1", kind)
            out.append(f"- {prefix}{name}: {kind}" + (" (required)" if f.is_required() else ""))
        return out

    parts = lines(ProductSpec)
    for label, model in (
        ("selling_points[]", SellingPoint),
        ("personas[]", Persona),
        ("faq[]", FAQ),
        ("proof[]", Proof),
        ("offer", Offer),
    ):
        parts += lines(model, f"{label}.")
    return "\n".join(parts)


def _key(text: Any) -> str:
    return re.sub(r"[\W_]+", "", str(text).casefold())


def _numbers_in(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def merge(offline: Imported, draft: SpecDraft, brief_text: str) -> Imported:
    """The offline result, completed by the model's draft under the rules above."""
    data = json.loads(json.dumps(offline.data, ensure_ascii=False, default=str))
    mapped = list(offline.mapped)
    guessed = list(offline.guessed)
    guessed_fields = {g.split(":", 1)[0].split("/")[0].strip() for g in guessed}
    numbers = _numbers_in(brief_text)
    model = draft.model_dump(mode="json")

    def note_model(field: str, value: Any) -> None:
        mapped.append(f"{field} ← the model: {json.dumps(value, ensure_ascii=False)[:80]}")

    for field in _SCALARS:
        value = str(model.get(field) or "").strip()
        if value and (not data.get(field) or field in guessed_fields) and value != data.get(field):
            data[field] = value
            guessed = [g for g in guessed if not g.startswith(f"{field}:")]
            note_model(field, value)
    for field in _NUMBERS:
        number = model.get(field)
        if number is None or (data.get(field) is not None and field not in guessed_fields):
            continue
        if float(number) not in numbers:
            guessed.append(
                f"{field}: the model said {number:g}, which the brief does not say; left out"
            )
            continue
        if data.get(field) != number:
            data[field] = number
            note_model(field, number)
    for field, key in _LISTS.items():
        have = data.setdefault(field, [])
        index = {_key(item.get(key, "")): item for item in have if isinstance(item, dict)}
        for item in model.get(field) or []:
            k = _key(item.get(key, ""))
            if not k:
                continue
            if k in index:
                for sub, value in item.items():
                    if value and not index[k].get(sub):
                        index[k][sub] = value
                continue
            have.append({s: v for s, v in item.items() if v not in ("", [], None)})
            index[k] = have[-1]
            note_model(f"{field}[{len(have) - 1}]", item.get(key))
        if not have:
            data.pop(field)
    for field in ("forbidden_claims", "keywords"):
        have = list(data.get(field) or [])
        seen = {_key(x) for x in have}
        extra = [x for x in model.get(field) or [] if _key(x) and _key(x) not in seen]
        if extra:
            data[field] = have + extra
            note_model(field, extra)
    specs = dict(data.get("specs") or {})
    extra_specs = {
        k: v for k, v in (model.get("specs") or {}).items() if k not in specs and str(v).strip()
    }
    if extra_specs:
        data["specs"] = {**specs, **extra_specs}
        note_model("specs", list(extra_specs))
    offer = dict(data.get("offer") or {})
    for sub, value in (model.get("offer") or {}).items():
        if value in ("", [], None) or offer.get(sub):
            continue
        if isinstance(value, int) and float(value) not in numbers:
            guessed.append(
                f"offer.{sub}: the model said {value}, which the brief does not say; left out"
            )
            continue
        offer[sub] = value
        note_model(f"offer.{sub}", value)
    if offer:
        data["offer"] = offer
    return Imported(data=data, mapped=mapped, unplaced=list(offline.unplaced), guessed=guessed)


def prompt(templates: Templates, brief_text: str, source: str, offline: Imported) -> list[Message]:
    context = {
        "source": source,
        "brief": brief_text[:_BRIEF_LIMIT],
        "truncated": len(brief_text) > _BRIEF_LIMIT,
        "fields": field_list(),
        "offline_json": json.dumps(offline.data, ensure_ascii=False, indent=1, default=str),
    }
    return [
        Message("system", templates.render("prompts/spec-import.system.j2", context).strip()),
        Message("user", templates.render("prompts/spec-import.user.j2", context).strip()),
    ]


def import_with_model(
    backend: ChatBackend,
    templates: Templates,
    text: str,
    source: str,
    suffix: str,
    reporter: Reporter,
) -> tuple[ProductSpec, Imported]:
    """The validated spec from the offline mapping completed by the model.

    Falls back to the offline result (with a warning) when the request fails or the
    merged spec does not validate; raises SpecError only when neither validates.
    """
    from livegen.spec import spec_from_data

    offline = convert(read_brief(text, source, suffix), source)
    try:
        draft = backend.complete_json(
            prompt(templates, text, source, offline), SpecDraft, task=TASK
        )
    except BackendError as exc:
        reporter.warn(
            f"spec import: the model's answer could not be used ({exc.message}); "
            "using the offline mapping"
        )
        return spec_from_data(dict(offline.data), f"{source} (imported)"), offline
    merged = merge(offline, draft, text)
    try:
        return spec_from_data(dict(merged.data), f"{source} (imported)"), merged
    except SpecError as exc:
        try:
            spec = spec_from_data(dict(offline.data), f"{source} (imported)")
        except SpecError:
            raise exc from None
        reporter.warn(
            f"spec import: the model's additions do not validate "
            f"({exc.message.splitlines()[0]}); using the offline mapping"
        )
        return spec, offline
