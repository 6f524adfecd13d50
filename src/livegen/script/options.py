"""What a creator asks for on the command line, resolved against the spec."""

from __future__ import annotations

from dataclasses import dataclass, field

from livegen.errors import UsageError
from livegen.platforms import SCRIPT_PLATFORMS, Platform, get_platform
from livegen.schemas.spec import Persona, ProductSpec

STYLES = ("promo", "story", "knowledge")
TEASER_LENGTHS = (15, 30, 60)
LANGUAGES = ("zh", "en")
LLM_PLANS = ("auto", "whole", "segments")


@dataclass(frozen=True)
class ScriptOptions:
    """Overrides of the spec; None means "as the spec says"."""

    platform: str | None = None
    language: str | None = None
    personas: tuple[str, ...] = ()
    style: str | None = None
    duration_minutes: float | None = None
    teaser: int | None = None
    seed: int = 0
    label: bool = True
    n_titles: int = 6
    n_ctas: int = 4
    pace: float | None = None  # speaking pace: characters/s (zh) or words/s (en)
    fill: str = "shorten"  # when the spec runs out: end early, or "host" marked prompts
    # With a chat model: "auto" writes long streams segment by segment
    # (`livegen.script.segmentwise`), "whole" asks once for the plan, "segments" always
    # asks per segment.
    llm_plan: str = "auto"


@dataclass(frozen=True)
class Resolved:
    """The spec plus every choice made, so composers never look at flags again."""

    spec: ProductSpec
    platform: Platform
    language: str
    style: str
    personas: list[Persona] = field(default_factory=list)
    duration: float = 1800.0  # seconds
    teaser: int | None = None
    seed: int = 0
    label: bool = True
    n_titles: int = 6
    n_ctas: int = 4
    pace: float | None = None
    fill: str = "shorten"
    notes: tuple[str, ...] = ()  # choices made for the user, worth a warning


def find_personas(spec: ProductSpec, names: tuple[str, ...] | list[str]) -> list[Persona]:
    """Spec personas by name (case-insensitive); an unknown one lists the known ones."""
    by_name = {p.name.casefold(): p for p in spec.personas}
    chosen: list[Persona] = []
    for name in names:
        persona = by_name.get(name.strip().casefold())
        if persona is None:
            known = ", ".join(p.name for p in spec.personas) or "none: the spec has no personas"
            raise UsageError(
                f"unknown persona '{name}' (known: {known})",
                hint="add it under `personas:` in the spec or pick a known one",
            )
        if persona not in chosen:
            chosen.append(persona)
    return chosen


def resolve(spec: ProductSpec, opts: ScriptOptions) -> Resolved:
    platform_name = (opts.platform or spec.platform).lower()
    if platform_name not in SCRIPT_PLATFORMS:
        raise UsageError(
            f"unknown platform '{platform_name}' for scripts (known: {', '.join(SCRIPT_PLATFORMS)})"
        )
    language = opts.language or spec.language
    if language not in LANGUAGES:
        raise UsageError(f"unknown language '{language}' (known: {', '.join(LANGUAGES)})")
    style = opts.style or spec.style
    if style not in STYLES:
        raise UsageError(f"unknown style '{style}' (known: {', '.join(STYLES)})")
    notes: list[str] = []
    if style == "story" and not spec.story.strip():
        # A story stream without a story would promise one and never tell it.
        notes.append(
            "the spec has no `story`, so the story style falls back to a promo "
            "stream (add `story:` to tell one)"
        )
        style = "promo"
    minutes = spec.duration_minutes if opts.duration_minutes is None else opts.duration_minutes
    if not 1 <= minutes <= 600:
        where = "--duration" if opts.duration_minutes is not None else "duration_minutes"
        raise UsageError(f"{where} must be between 1 and 600 minutes, got {minutes:g}")
    if opts.fill not in ("shorten", "host"):
        raise UsageError(f"--fill must be 'shorten' or 'host', got '{opts.fill}'")
    if opts.llm_plan not in LLM_PLANS:
        raise UsageError(f"llm_plan must be one of {', '.join(LLM_PLANS)}, got '{opts.llm_plan}'")
    if opts.pace is not None and not 0.5 <= opts.pace <= 12:
        raise UsageError(f"--pace must be between 0.5 and 12 units a second, got {opts.pace:g}")
    if opts.teaser is not None and opts.teaser not in TEASER_LENGTHS:
        raise UsageError(f"--teaser must be one of 15, 30, 60 seconds, got {opts.teaser}")
    for what, n in (("titles", opts.n_titles), ("CTAs", opts.n_ctas)):
        if not 0 <= n <= 50:
            raise UsageError(f"the number of {what} must be between 0 and 50, got {n}")
    return Resolved(
        spec=spec,
        platform=get_platform(platform_name),
        language=language,
        style=style,
        personas=find_personas(spec, opts.personas),
        duration=float(minutes) * 60.0,
        teaser=opts.teaser,
        seed=opts.seed,
        label=opts.label,
        n_titles=opts.n_titles,
        n_ctas=opts.n_ctas,
        pace=opts.pace,
        fill=opts.fill,
        notes=tuple(notes),
    )
