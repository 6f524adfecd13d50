"""Long streams through a chat model: one request per planned segment, each fitted.

One request for a whole hour asks a model to keep ~150 segments, their lengths and their
facts straight in a single answer; models drift, repeat themselves and run short long
before the end. So the offline composer's timed plan is walked segment by segment: each
prompt carries that segment's speaking budget (seconds and characters or words at the
script's pace), only the spec facts the segment may use, the persona it speaks to and the
lines already said. Each reply is linted and fitted to its budget before the next
request: one retry for a reply that is flagged or too short, a trim at a sentence edge
for one that runs long, and the offline composer's own lines when a segment still has
nothing usable, with a note on stderr.

Rule (`use_segmentwise`): streams longer than `SEGMENTWISE_SECONDS` (10 minutes) or with
more than `SEGMENTWISE_SEGMENTS` planned segments; teasers are always one request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from livegen.errors import BackendError
from livegen.llm.base import Message
from livegen.progress import NullReporter
from livegen.schemas.script import ScriptSegment
from livegen.script.pace import UNIT, speech_seconds, speech_units

if TYPE_CHECKING:
    from livegen.lint.ruleset import RuleSource
    from livegen.llm.base import ChatBackend
    from livegen.progress import Reporter, Task
    from livegen.schemas.findings import Finding
    from livegen.schemas.spec import Persona, ProductSpec
    from livegen.script.llm import Prompt
    from livegen.script.offline import Composer

SEGMENT_TASK = "segment"
SEGMENTWISE_SECONDS = 600.0
SEGMENTWISE_SEGMENTS = 24
# A reply is fitted into [SHORT, LONG] × its budget: below, one retry asks for more;
# above, it is trimmed at a sentence edge down to the budget's upper bound.
SHORT = 0.7
LONG = 1.3
RECENT_LINES = 40  # the lines already said that each prompt quotes, most recent last
ABORT_AFTER = 3  # consecutive failed segments that mean the endpoint is gone
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;…])|(?<=[.!?])\s+")


class SegmentReply(BaseModel):
    lines: list[str] = Field(min_length=1, description="spoken lines, in order")
    cues: list[str] = Field(default_factory=list, description="on-screen or stage cues")


@dataclass(frozen=True)
class Budget:
    """A segment's speaking time and what it amounts to at the script's pace."""

    seconds: float
    units: float
    unit: str  # "characters" (zh) or "words" (en)

    @property
    def low(self) -> float:
        return self.units * SHORT

    @property
    def high(self) -> float:
        return self.units * LONG


def use_segmentwise(duration: float, plan: Sequence[ScriptSegment], teaser: int | None) -> bool:
    """Whether a plan is long enough to be written segment by segment."""
    if teaser:
        return False
    return duration > SEGMENTWISE_SECONDS or len(plan) > SEGMENTWISE_SEGMENTS


def budget_of(seg: ScriptSegment, language: str, pace: float) -> Budget:
    seconds = seg.speech_seconds or speech_seconds(seg.lines, language, pace)
    unit = "characters" if language == "zh" else "words"
    return Budget(round(seconds, 1), round(seconds * pace), unit)


def units_of(lines: Sequence[str], language: str) -> float:
    return sum(speech_units(t, language) for t in lines)


# -- the facts a segment may use ------------------------------------------------------------


def _point(spec: ProductSpec, title: str | None) -> dict[str, Any] | None:
    for p in spec.selling_points:
        if p.title == title:
            return p.model_dump(mode="json", exclude_defaults=True)
    return None


def _faq_for(spec: ProductSpec, seg: ScriptSegment) -> list[dict[str, str]]:
    from livegen.script.placeholders import speakable

    text = " ".join([seg.title, *seg.lines])
    answered = speakable(spec)[0]
    hits = [f for f in answered if f.question.strip() and f.question.strip() in text]
    return [f.model_dump(mode="json") for f in hits[:1]]


def _prices(spec: ProductSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"price": spec.price, "currency": spec.currency}
    if spec.promo_price is not None:
        out["promo_price"] = spec.promo_price
    return out


def segment_facts(spec: ProductSpec, seg: ScriptSegment) -> dict[str, Any]:
    """Only the spec fields this kind of segment may draw on (plus the product's name)."""
    facts: dict[str, Any] = {"name": spec.name}
    if spec.brand:
        facts["brand"] = spec.brand
    if spec.noun:
        facts["noun"] = spec.noun
    titles = [p.title for p in spec.selling_points]
    offer = spec.offer.model_dump(mode="json", exclude_defaults=True)
    kind = seg.kind
    if kind == "selling_point":
        point = _point(spec, seg.selling_point)
        if point:
            facts["selling_point"] = point
        if spec.specs:
            facts["specs"] = dict(spec.specs)
    elif kind in ("hook", "intro", "teaser"):
        facts["selling_points"] = titles
        facts.update(_prices(spec))
    elif kind == "proof":
        facts["proof"] = [p.model_dump(mode="json", exclude_defaults=True) for p in spec.proof]
    elif kind in ("price", "offer", "urgency"):
        facts.update(_prices(spec))
        if offer:
            facts["offer"] = offer
    elif kind == "objection":
        facts["faq"] = _faq_for(spec, seg)
    elif kind == "interaction":
        facts["selling_points"] = titles
        if spec.offer.giveaway:
            facts["giveaway"] = spec.offer.giveaway
    elif kind == "recap":
        facts["selling_points"] = titles
        facts.update(_prices(spec))
        if offer:
            facts["offer"] = offer
    elif kind == "story":
        facts["story"] = spec.story
    elif kind == "knowledge":
        facts["selling_points"] = [
            p.model_dump(mode="json", exclude_defaults=True) for p in spec.selling_points
        ]
        if spec.specs:
            facts["specs"] = dict(spec.specs)
    return facts


def _persona(composer: Composer, seg: ScriptSegment) -> Persona | None:
    personas = composer.res.personas or composer.res.spec.personas
    for p in personas:
        if p.name == seg.persona:
            return p
    return composer.res.personas[0] if composer.res.personas else None


# -- prompts --------------------------------------------------------------------------------


def segment_prompt(
    composer: Composer, plan: Sequence[ScriptSegment], index: int, said: Sequence[str]
) -> list[Message]:
    """The request for segment `index`, rendered from `prompts/segment.{system,user}.j2`."""
    from livegen.script.llm import _mmss, prompt_context

    res = composer.res
    seg = plan[index]
    budget = budget_of(seg, res.language, composer.pace)
    persona = _persona(composer, seg)
    facts = segment_facts(res.spec, seg)
    context = prompt_context(composer, SEGMENT_TASK, [])
    context.update(
        segment={
            "index": index,
            "number": index + 1,
            "count": len(plan),
            "kind": seg.kind,
            "title": seg.title,
            "start": _mmss(seg.start),
            "end": _mmss(seg.end),
            "selling_point": seg.selling_point,
            "stage": [s.model_dump(mode="json") for s in seg.stage],
        },
        budget={
            "seconds": f"{budget.seconds:g}",
            "units": int(budget.units),
            "unit": budget.unit,
            "low": int(budget.low),
            "high": int(budget.high),
            "pace": composer.pace,
            "pace_unit": UNIT[res.language],
        },
        persona=persona.model_dump(mode="json") if persona else None,
        facts=facts,
        facts_json=json.dumps(facts, ensure_ascii=False, indent=2),
        reference=list(seg.lines),
        said=list(said)[-RECENT_LINES:],
    )
    return [
        Message("system", composer.templates.render("prompts/segment.system.j2", context).strip()),
        Message("user", composer.templates.render("prompts/segment.user.j2", context).strip()),
    ]


def dry_run_prompts(composer: Composer, plan: Sequence[ScriptSegment]) -> list[Prompt]:
    """The requests the segment-wise flow would send for `plan`, without calling anything.

    A real run quotes the model's own earlier lines as "already said"; here the offline
    composer's lines stand in for them, so each prompt shows its budget, facts and persona
    as they will be sent. Host slots are not requested, as in a real run.
    """
    from livegen.script.llm import Prompt, _mmss

    out: list[Prompt] = []
    said: list[str] = []
    count = len(plan)
    for i, seg in enumerate(plan):
        if not seg.host_prompt:
            task = f"segment {i + 1}/{count} ({seg.kind}, {_mmss(seg.start)}–{_mmss(seg.end)})"
            messages = segment_prompt(composer, plan, i, said)
            out.append(
                Prompt(task, "prompts/segment.system.j2", "prompts/segment.user.j2", messages)
            )
        said.extend(seg.lines)
    return out


def _retry_request(problems: list[str], budget: Budget) -> str:
    body = "\n".join(f"- {p}" for p in problems)
    return (
        f"Your lines for this segment cannot be used as they are:\n{body}\n"
        f"Write the segment again: about {int(budget.units)} {budget.unit} of speech "
        f"(at least {int(budget.low)}), only the facts given, none of the flagged "
        "wording. Answer with the same JSON shape."
    )


# -- fitting --------------------------------------------------------------------------------


def _clean(texts: Sequence[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts if t.strip()]


def _sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(line) if s and s.strip()]


def trim_to(lines: Sequence[str], limit: float, language: str) -> list[str]:
    """The lines cut at the last sentence edge within `limit` units (never empty)."""
    out: list[str] = []
    used = 0.0
    for line in lines:
        size = speech_units(line, language)
        if used + size <= limit:
            out.append(line)
            used += size
            continue
        kept = []
        for sentence in _sentences(line):
            size = speech_units(sentence, language)
            if used + size > limit:
                break
            kept.append(sentence)
            used += size
        if kept:
            out.append(("" if language == "zh" else " ").join(kept))
        break
    if not out and lines:
        first = _sentences(lines[0])
        out = [first[0] if first else lines[0]]
    return out


def _lint_lines(
    lines: list[str], spec: ProductSpec, language: str, extra_rules: Sequence[RuleSource]
) -> list[Finding]:
    from livegen.lint.api import lint_texts

    found = lint_texts(lines, lang=language, spec=spec, extra_rules=extra_rules)
    return [f for f in found if f.severity in ("error", "warning")]


def _problems(
    lines: list[str], findings: list[Finding], budget: Budget, language: str
) -> list[str]:
    out = [
        (f'line {f.index + 1} "{lines[f.index]}": ' if f.index is not None else "")
        + f'{f.rule} on "{f.phrase}"'
        + (f" (try: {f.suggestion})" if f.suggestion else "")
        for f in findings
    ]
    size = units_of(lines, language)
    if size < budget.low:
        out.append(
            f"too short: {int(size)} {budget.unit} for a budget of "
            f"{int(budget.units)} ({budget.seconds:g} s of speech)"
        )
    return out


@dataclass
class Outcome:
    segment: ScriptSegment
    requests: int
    fallback: str | None = None  # why the offline lines were kept, when they were


def write_segment(
    backend: ChatBackend,
    composer: Composer,
    plan: Sequence[ScriptSegment],
    index: int,
    said: Sequence[str],
    *,
    extra_rules: Sequence[RuleSource] = (),
    over: float = 0.0,
) -> Outcome:
    """One segment from the model: asked, linted, retried once, fitted, or the offline one.

    `over` is how many units the segments before ran past their budgets: this one is
    trimmed that much tighter (never below its budget), so long replies do not add up to a
    stream that runs far past the duration asked.
    """
    res = composer.res
    seg = plan[index]
    language = res.language
    budget = budget_of(seg, language, composer.pace)
    messages = segment_prompt(composer, plan, index, said)
    reply = backend.complete_json(messages, SegmentReply, task=SEGMENT_TASK)
    requests = 1
    lines = _clean(reply.lines)
    cues = _clean(reply.cues)
    findings = _lint_lines(lines, res.spec, language, extra_rules) if lines else []
    problems = _problems(lines, findings, budget, language) if lines else ["no lines"]
    if problems:
        retry = [
            *messages,
            Message("assistant", json.dumps({"lines": lines, "cues": cues}, ensure_ascii=False)),
            Message("user", _retry_request(problems, budget)),
        ]
        try:
            again = backend.complete_json(retry, SegmentReply, task=SEGMENT_TASK)
        except BackendError:
            again = None
        requests += 1
        if again is not None and _clean(again.lines):
            lines, cues = _clean(again.lines), _clean(again.cues) or cues
        findings = _lint_lines(lines, res.spec, language, extra_rules) if lines else []
    # Whatever still carries an error is dropped; an empty segment is the offline one.
    bad = {f.index for f in findings if f.severity == "error" and f.index is not None}
    lines = [t for i, t in enumerate(lines) if i not in bad]
    if not lines:
        why = "every line the model wrote was flagged by the linter" if bad else "no lines"
        return Outcome(seg, requests, fallback=why)
    limit = max(budget.units, budget.high - max(0.0, over))
    if units_of(lines, language) > limit:
        lines = trim_to(lines, limit, language)
    fitted = seg.model_copy(
        update={
            "lines": lines,
            "cues": cues or seg.cues,
            "speech_seconds": round(speech_seconds(lines, language, composer.pace), 1),
        }
    )
    return Outcome(fitted, requests)


def draft_segmentwise(
    backend: ChatBackend,
    composer: Composer,
    plan: list[ScriptSegment],
    *,
    extra_rules: Sequence[RuleSource] = (),
    reporter: Reporter | None = None,
) -> list[ScriptSegment]:
    """The plan with each segment's words from the model, or the offline words it replaces.

    The first request failing, or `ABORT_AFTER` in a row, raises: the endpoint itself is
    not answering, and a script that is silently all-offline would mislead.
    """
    reporter = reporter if reporter is not None else NullReporter()
    count = len(plan)
    with reporter.task(
        f"script: writing {count} segments with {backend.model or backend.name}", total=count
    ) as progress:
        out, fallbacks = _walk(backend, composer, plan, extra_rules, reporter, progress)
    if fallbacks:
        reporter.warn(f"script: {fallbacks} of {count} segments use the offline composer's lines")
    return out


def _walk(
    backend: ChatBackend,
    composer: Composer,
    plan: list[ScriptSegment],
    extra_rules: Sequence[RuleSource],
    reporter: Reporter,
    progress: Task,
) -> tuple[list[ScriptSegment], int]:
    from livegen.script.llm import _mmss

    out: list[ScriptSegment] = []
    said: list[str] = []
    over = 0.0  # units the model's replies so far ran past their budgets
    failures = 0
    fallbacks = 0
    count = len(plan)
    for i, seg in enumerate(plan):
        progress.advance()
        where = f"segment {i + 1}/{count} ({seg.kind}, {_mmss(seg.start)}–{_mmss(seg.end)})"
        if seg.host_prompt:
            out.append(seg)  # a marked slot for the host's own words stays theirs
            reporter.info(f"script: {where}: host prompt kept")
            continue
        try:
            outcome = write_segment(
                backend, composer, plan, i, said, extra_rules=extra_rules, over=over
            )
        except BackendError as exc:
            failures += 1
            if not out or failures >= ABORT_AFTER:
                raise
            outcome = Outcome(seg, 1, fallback=f"the request failed: {exc.message}")
        else:
            failures = 0
        if outcome.fallback:
            fallbacks += 1
            reporter.warn(
                f"script: {where}: {outcome.fallback}; using the offline "
                "composer's lines for this segment"
            )
        else:
            budget = budget_of(seg, composer.res.language, composer.pace)
            reporter.info(
                f"script: {where}: {outcome.segment.speech_seconds:g} s of speech "
                f"for a {budget.seconds:g} s budget"
            )
        out.append(outcome.segment)
        said.extend(outcome.segment.lines)
        language = composer.res.language
        planned = budget_of(seg, language, composer.pace).units
        over = max(0.0, over + units_of(outcome.segment.lines, language) - planned)
    return out, fallbacks
