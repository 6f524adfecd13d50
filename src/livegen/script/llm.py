"""The LLM path: render the prompt templates, ask a chat backend for a draft, merge it.

The offline composer still plans the stream (segment kinds, times, which selling point
and persona each segment serves); the model only writes the words for that plan. So the
timing invariants hold whatever the model answers, and the draft schema can demand exactly
one entry per planned segment (the backend validates and retries on its own). The
model's words are kept as written here; the linter judges them afterwards and asks the
model to rewrite what it flags (`livegen.script.compliance`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, create_model

from livegen.llm.base import Message
from livegen.schemas.script import Angle, ScriptSegment, Variant

if TYPE_CHECKING:
    from livegen.llm.base import ChatBackend
    from livegen.script.offline import Composer

TASKS = ("script", "teaser", "titles", "cta")


class SegmentDraft(BaseModel):
    index: int = Field(ge=0, description="the index of the planned segment")
    lines: list[str] = Field(min_length=1, description="spoken lines, in order")
    cues: list[str] = Field(default_factory=list, description="on-screen or stage cues")


class VariantDraft(BaseModel):
    text: str = Field(min_length=1)
    angle: Angle


class VariantsDraft(BaseModel):
    variants: list[VariantDraft] = Field(min_length=1)


def script_draft_model(count: int) -> type[BaseModel]:
    """A draft schema that demands exactly one entry per planned segment."""
    return create_model(
        "ScriptDraft",
        segments=(list[SegmentDraft], Field(min_length=count, max_length=count)),
    )


@dataclass(frozen=True)
class Prompt:
    task: str
    system_template: str
    user_template: str
    messages: list[Message]


def _mmss(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60:02d}:{s % 60:02d}"


def prompt_context(
    composer: Composer, task: str, plan: list[ScriptSegment], n: int = 0
) -> dict[str, Any]:
    from livegen.script.placeholders import speakable

    res = composer.res
    spec = res.spec.model_dump(mode="json", exclude_defaults=False)
    # An answer still waiting for the host is not a fact the model may speak.
    spec["faq"] = [f.model_dump(mode="json") for f in speakable(res.spec)[0]]
    outline = [
        {
            "index": i,
            "start": _mmss(s.start),
            "end": _mmss(s.end),
            "seconds": round(s.end - s.start),
            "kind": s.kind,
            "title": s.title,
            "selling_point": s.selling_point,
            "persona": s.persona,
        }
        for i, s in enumerate(plan)
    ]
    limit = res.platform.title_limit
    return {
        "task": task,
        "spec": spec,
        "spec_json": json.dumps(spec, ensure_ascii=False, indent=2),
        "product": res.spec.name,
        "language": res.language,
        "language_name": {"zh": "Simplified Chinese", "en": "English"}[res.language],
        "platform": res.platform.name,
        "platform_label": res.platform.label,
        "cart": composer.ctx["cart"],
        "style": res.style,
        "personas": [p.model_dump(mode="json") for p in res.personas],
        "duration_minutes": f"{res.duration / 60:g}",
        "teaser": res.teaser,
        "interaction_every": int(res.platform.interaction_every),
        "outline": outline,
        # One segment per line keeps the plan readable and the prompt short.
        "outline_json": "[\n"
        + ",\n".join(
            json.dumps({k: v for k, v in o.items() if v is not None}, ensure_ascii=False)
            for o in outline
        )
        + "\n]",
        "segment_count": len(plan),
        "forbidden_claims": list(res.spec.forbidden_claims),
        "title_limit": limit,
        "n": n,
        "angles": ["benefit", "curiosity", "price", "scarcity", "social_proof", "story"],
    }


def build_prompt(composer: Composer, task: str, plan: list[ScriptSegment], n: int = 0) -> Prompt:
    context = prompt_context(composer, task, plan, n)
    system_t, user_t = f"prompts/{task}.system.j2", f"prompts/{task}.user.j2"
    messages = [
        Message("system", composer.templates.render(system_t, context).strip()),
        Message("user", composer.templates.render(user_t, context).strip()),
    ]
    return Prompt(task, system_t, user_t, messages)


def _clean(texts: list[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts if t.strip()]


def merge_draft(plan: list[ScriptSegment], draft: BaseModel) -> list[ScriptSegment]:
    """The plan with the model's words; offline words stay where the model wrote none."""
    drafts: list[SegmentDraft] = list(draft.segments)  # type: ignore[attr-defined]
    by_index = {d.index: d for d in drafts}
    if sorted(by_index) != list(range(len(plan))):
        by_index = dict(enumerate(drafts))  # indices are off: trust the order instead
    merged = []
    for i, seg in enumerate(plan):
        d = by_index.get(i)
        lines = _clean(d.lines) if d else []
        cues = _clean(d.cues) if d else []
        merged.append(
            seg.model_copy(update={"lines": lines or seg.lines, "cues": cues or seg.cues})
        )
    return merged


def draft_script(
    backend: ChatBackend, composer: Composer, task: str, plan: list[ScriptSegment]
) -> list[ScriptSegment]:
    prompt = build_prompt(composer, task, plan)
    draft = backend.complete_json(prompt.messages, script_draft_model(len(plan)), task=task)
    return merge_draft(plan, draft)


def draft_variants(backend: ChatBackend, composer: Composer, task: str, n: int) -> list[Variant]:
    prompt = build_prompt(composer, task, [], n)
    draft = backend.complete_json(prompt.messages, VariantsDraft, task=task)
    return [Variant(text=v.text, angle=v.angle) for v in draft.variants]
