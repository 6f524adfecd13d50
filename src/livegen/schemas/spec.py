"""The product spec a creator writes before a stream (YAML, JSON or TOML)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from livegen.schemas.common import Model
from livegen.text import has_cjk

# Above any real shelf price or stock in any currency the spec may use, far below the
# numbers that break formatting ("1e+300元") or arithmetic on them.
MAX_PRICE = 1e9
MAX_COUNT = 10**9


class SpecModel(Model):
    """Spec parts: NaN and infinity (YAML's `.nan`, `.inf`, TOML's `inf`) are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


Language = Literal["zh", "en"]
Category = Literal[
    "general", "cosmetics", "food", "electronics", "medical", "kids", "finance", "apparel", "home"
]


class SellingPoint(SpecModel):
    """One reason to buy, with how to show it on camera."""

    title: str = Field(min_length=1)
    detail: str = ""
    demo: str = ""  # what the host does on camera to prove it
    personas: list[str] = Field(default_factory=list)  # who cares most about this point


class Proof(SpecModel):
    """Evidence that backs a claim: a certification, a test report, an award."""

    kind: str = "certification"  # certification | test_report | award | review | other
    name: str = Field(min_length=1)
    issuer: str = ""
    number: str = ""  # certificate / report number, when there is one
    claims: list[str] = Field(default_factory=list)  # phrases this proof backs


class Persona(SpecModel):
    """A target audience and what moves them."""

    name: str = Field(min_length=1)
    description: str = ""
    pains: list[str] = Field(default_factory=list)
    priorities: list[str] = Field(default_factory=list)  # selling-point titles they value, in order


class FAQ(SpecModel):
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)


class Offer(SpecModel):
    """The stream offer: gifts, coupons, limits."""

    gifts: list[str] = Field(default_factory=list)
    coupon: str = ""
    stock: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    limit_per_order: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    ends: str = ""  # e.g. "tonight 23:59"
    giveaway: str = ""  # a real giveaway the host runs, e.g. "every 10 minutes one free sample"


class ProductSpec(SpecModel):
    """Everything the script stage needs to know about one product."""

    schema_version: Literal["1"] = "1"
    name: str = Field(min_length=1)
    brand: str = ""
    noun: str = ""  # what the host calls it in passing ("面霜", "stand"); derived when empty
    category: Category = "general"
    price: float = Field(gt=0, le=MAX_PRICE)
    promo_price: float | None = Field(default=None, gt=0, le=MAX_PRICE)
    currency: str = "CNY"
    selling_points: list[SellingPoint] = Field(min_length=1)
    specs: dict[str, str] = Field(default_factory=dict)
    proof: list[Proof] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    faq: list[FAQ] = Field(default_factory=list)
    offer: Offer = Field(default_factory=Offer)
    story: str = ""  # origin / maker story, used by the story style
    platform: str = "douyin"
    language: Language = "zh"
    duration_minutes: float = Field(default=30, gt=0, le=600)
    tone: str = ""  # free words: warm, energetic, expert...
    style: Literal["promo", "story", "knowledge"] = "promo"
    forbidden_claims: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)  # hotwords for transcription / tags

    @field_validator("specs", mode="before")
    @classmethod
    def _stringify_specs(cls, value: object) -> object:
        # A value may be a list (read out as a natural list) or {value:, label:} where the
        # label is what the host says instead of the key (`net_content` → 净含量).
        if isinstance(value, dict):
            out: dict[str, str] = {}
            for k, v in value.items():
                if isinstance(v, dict) and "value" in v:
                    k, v = v.get("label") or k, v["value"]
                if isinstance(v, (list, tuple)):
                    items = [str(i).strip() for i in v if str(i).strip()]
                    cjk = has_cjk("".join(items))
                    sep, last = ("、", "和") if cjk else (", ", " and ")
                    v = (
                        sep.join(items[:-1]) + last + items[-1]
                        if len(items) > 1
                        else "".join(items)
                    )
                out[str(k)] = str(v)
            return out
        return value

    @field_validator("selling_points", mode="before")
    @classmethod
    def _points_from_strings(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"title": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("promo_price")
    @classmethod
    def _promo_below_price(cls, value: float | None, info: ValidationInfo) -> float | None:
        # A field validator (not a model one) so the error names the field.
        price = info.data.get("price")
        if value is not None and price is not None and value > price:
            raise ValueError(f"promo_price ({value:g}) is higher than price ({price:g})")
        return value

    def hotwords(self) -> list[str]:
        """Names worth biasing speech recognition towards."""
        words = [self.name, self.brand, *self.keywords]
        return [w for w in dict.fromkeys(w.strip() for w in words) if w]
