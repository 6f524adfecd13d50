"""Generated text goes through the linter before anyone reads it aloud.

The offline composer only rephrases the spec through vetted phrase banks, so its output
is linted and reported, nothing more (a test pins that it never carries an error). A chat
model can say anything, so its draft is linted too, and every flagged text (error or
warning) is sent back to the model in ONE request that lists the finding, its legal basis
and the suggested rewording; the replacements are applied by id and linted again. What
remains is returned, never hidden: the caller reports it and decides the exit code.

Texts are addressed by the JSON paths the linter already reports (`segments[3].lines[1]`,
`titles[2].text`), so the same code rewrites a Script and a bare list of variants.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from livegen.errors import BackendError
from livegen.llm.base import Message
from livegen.progress import NullReporter
from livegen.schemas.findings import Finding
from livegen.schemas.script import Script, Variant

if TYPE_CHECKING:
    from livegen.lint.ruleset import RuleSource
    from livegen.llm.base import ChatBackend
    from livegen.progress import Reporter
    from livegen.schemas.spec import ProductSpec
    from livegen.script.offline import Composer

# Severities worth a rewrite. Info findings (a list price the spec backs) are notes.
FIX_SEVERITIES = ("error", "warning")
REWRITE_TASK = "rewrite"
_PATH_TOKEN = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")

Lint = Callable[[dict[str, Any]], list[Finding]]


class Replacement(BaseModel):
    id: int = Field(ge=1, description="the id of the flagged text")
    text: str = Field(min_length=1, description="the rewritten text")


class RewriteDraft(BaseModel):
    replacements: list[Replacement]


@dataclass(frozen=True)
class Flagged:
    """One text sent back to the model, with every finding on it."""

    id: int
    where: str
    text: str
    findings: list[Finding]


@dataclass
class Review:
    """What the linter found after generation, and what the rewrite changed."""

    findings: list[Finding]  # what remains
    asked: int = 0  # texts sent back to the model
    rewritten: int = 0  # texts the model's answer replaced
    failed: str | None = None  # why the rewrite request failed, when it did
    flagged: list[Flagged] = field(default_factory=list)


def _tokens(where: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _PATH_TOKEN.findall(where)]


def get_path(data: Any, where: str) -> Any:
    for token in _tokens(where):
        data = data[token]
    return data


def set_path(data: Any, where: str, value: Any) -> None:
    *head, last = _tokens(where)
    for token in head:
        data = data[token]
    data[last] = value


def flagged_texts(data: dict[str, Any], findings: Sequence[Finding]) -> list[Flagged]:
    """The texts carrying an error or warning, in document order, numbered from 1."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.severity in FIX_SEVERITIES and f.where:
            groups.setdefault(f.where, []).append(f)
    return [
        Flagged(id=i, where=where, text=str(get_path(data, where)), findings=found)
        for i, (where, found) in enumerate(groups.items(), 1)
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def rewrite_prompt(composer: Composer, flagged: Sequence[Flagged]) -> list[Message]:
    """The rewrite request, rendered from `prompts/rewrite.{system,user}.j2`."""
    from livegen.script.llm import prompt_context

    items = [
        {
            "id": item.id,
            "where": item.where,
            "kind": _kind_of(item.where),
            "text": item.text,
            "findings": [
                {
                    "phrase": f.phrase,
                    "rule": f.rule,
                    "severity": f.severity,
                    "basis": f.basis,
                    "suggestion": f.suggestion,
                }
                for f in item.findings
            ],
        }
        for item in flagged
    ]
    context = prompt_context(composer, REWRITE_TASK, [])
    context.update(items=items, items_json=json.dumps(items, ensure_ascii=False, indent=2))
    return [
        Message("system", composer.templates.render("prompts/rewrite.system.j2", context).strip()),
        Message("user", composer.templates.render("prompts/rewrite.user.j2", context).strip()),
    ]


def _kind_of(where: str) -> str:
    if where.startswith("titles"):
        return "title"
    if where.startswith("ctas"):
        return "cta"
    if ".cues[" in where:
        return "cue"
    if where.endswith(".title"):
        return "heading"
    return "line"


def review(
    data: dict[str, Any],
    lint: Lint,
    *,
    backend: ChatBackend | None,
    composer: Composer,
    fix: bool = True,
    reporter: Reporter | None = None,
) -> tuple[dict[str, Any], Review]:
    """Lint `data`; with a backend and `fix`, ask for one rewrite of what is flagged.

    A failed rewrite request keeps the draft and says why: the draft itself was
    valid, and the findings that remain are reported either way.
    """
    reporter = reporter if reporter is not None else NullReporter()
    findings = lint(data)
    flagged = flagged_texts(data, findings)
    if not flagged or not fix or backend is None:
        return data, Review(findings, flagged=flagged)
    reporter.info(
        f"lint: asking {backend.model or backend.name} to rewrite "
        f"{len(flagged)} flagged text{'s' if len(flagged) != 1 else ''}"
    )
    try:
        answer = backend.complete_json(
            rewrite_prompt(composer, flagged), RewriteDraft, task=REWRITE_TASK
        )
    except BackendError as exc:
        reporter.warn(
            f"the rewrite request failed ({exc.message}); keeping the flagged texts as drafted"
        )
        return data, Review(findings, asked=len(flagged), failed=exc.message, flagged=flagged)
    fixed = copy.deepcopy(data)
    by_id = {item.id: item for item in flagged}
    done: set[int] = set()
    for rep in answer.replacements:
        item = by_id.get(rep.id)
        text = _one_line(rep.text)
        if item is None or rep.id in done or not text or text == item.text:
            continue
        set_path(fixed, item.where, text)
        done.add(rep.id)
    return fixed, Review(lint(fixed), asked=len(flagged), rewritten=len(done), flagged=flagged)


# -- linting what the stage made ----------------------------------------------------------


def check_rules(spec: ProductSpec, language: str, extra_rules: Sequence[RuleSource] = ()) -> None:
    """Load the rule set now, so a broken user rule file fails before a model is paid."""
    from livegen.lint.api import resolve_category, ruleset_for

    ruleset_for(language, resolve_category(None, spec), spec, extra_rules)


def lint_generated(
    script: Script, spec: ProductSpec | None, extra_rules: Sequence[RuleSource] = ()
) -> list[Finding]:
    """Findings on a generated Script. The label is the user's choice here (--no-label)."""
    from livegen.lint.api import lint_script

    return lint_script(script, spec, extra_rules=extra_rules, check_label=False)


def variants_key(kind: str) -> str:
    return "titles" if kind == "title" else "ctas"


def lint_variants(
    items: Sequence[Variant],
    kind: str,
    *,
    language: str,
    spec: ProductSpec | None,
    extra_rules: Sequence[RuleSource] = (),
) -> list[Finding]:
    """Findings on title or CTA variants, at `titles[k].text` / `ctas[k].text`."""
    from livegen.lint.api import lint_texts

    key = variants_key(kind)
    found = lint_texts([v.text for v in items], lang=language, spec=spec, extra_rules=extra_rules)
    return [f.model_copy(update={"where": f"{key}[{f.index}].text"}) for f in found]


def review_script(
    draft: Script,
    spec: ProductSpec,
    *,
    backend: ChatBackend | None,
    composer: Composer,
    fix: bool = True,
    extra_rules: Sequence[RuleSource] = (),
    reporter: Reporter | None = None,
) -> tuple[Script, Review]:
    """A model's whole draft (segments, titles, CTAs) reviewed with one rewrite request."""

    def lint(data: dict[str, Any]) -> list[Finding]:
        return lint_generated(Script.model_validate(data), spec, extra_rules)

    data, result = review(
        draft.model_dump(mode="json"),
        lint,
        backend=backend,
        composer=composer,
        fix=fix,
        reporter=reporter,
    )
    return Script.model_validate(data), result


def review_variants(
    items: list[Variant],
    kind: str,
    *,
    spec: ProductSpec,
    backend: ChatBackend | None,
    composer: Composer,
    fix: bool = True,
    extra_rules: Sequence[RuleSource] = (),
    reporter: Reporter | None = None,
) -> tuple[list[Variant], Review]:
    key = variants_key(kind)
    language = composer.res.language

    def lint(data: dict[str, Any]) -> list[Finding]:
        return lint_variants(
            [Variant.model_validate(v) for v in data[key]],
            kind,
            language=language,
            spec=spec,
            extra_rules=extra_rules,
        )

    data, result = review(
        {key: [v.model_dump(mode="json") for v in items]},
        lint,
        backend=backend,
        composer=composer,
        fix=fix,
        reporter=reporter,
    )
    return [Variant.model_validate(v) for v in data[key]], result


def drop_errors(
    items: list[Variant], findings: Sequence[Finding], kind: str, reporter: Reporter | None = None
) -> list[Variant]:
    """Model variants still carrying an error: dropped, since offline ones can take their
    place, and a title is a candidate to test, not a line someone already relies on."""
    reporter = reporter if reporter is not None else NullReporter()
    bad: dict[int, Finding] = {}
    for f in findings:
        if f.severity == "error" and f.where:
            index = _tokens(f.where)[1]
            bad.setdefault(int(index), f)
    for index, f in sorted(bad.items()):
        reporter.warn(
            f'dropped the model\'s {kind} "{items[index].text}" ({f.rule}: '
            f'"{f.phrase}"); an offline {kind} takes its place'
        )
    return [v for i, v in enumerate(items) if i not in bad]
