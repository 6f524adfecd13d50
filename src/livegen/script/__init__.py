"""The pre-stream stage: product spec → run-of-show script, titles, CTAs, teasers.

`compose` is the one entry point for a full Script; `make_variants` for titles or CTAs alone;
`prompts` for what would be sent to a chat model (`--dry-run`). With `backend=None`
everything is built offline; with a chat backend the model writes the words for the
plan the offline composer made. Either way the result is linted against the spec
(`livegen.script.compliance`): a model's flagged texts are sent back once for a rewrite
(unless `fix=False`), and what remains is in `Script.lint` / `lint_variants`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from livegen.schemas.common import AI_LABEL, GeneratedBy
from livegen.schemas.script import Script, Variant
from livegen.script.options import Resolved, ScriptOptions, resolve

if TYPE_CHECKING:
    from livegen.lint.ruleset import RuleSource
    from livegen.llm.base import ChatBackend
    from livegen.progress import Reporter
    from livegen.schemas.findings import Finding
    from livegen.schemas.spec import ProductSpec
    from livegen.script import compliance
    from livegen.script.llm import Prompt
    from livegen.script.offline import Composer
    from livegen.templating import Templates

__all__ = ["ScriptOptions", "compose", "lint_variants", "make_variants", "prompts", "resolve"]


def _composer(spec: ProductSpec, opts: ScriptOptions, templates: Templates) -> Composer:
    from livegen.script.offline import Composer

    return Composer(resolve(spec, opts), templates)


def _template_note(templates: Templates, main: str) -> str:
    if templates.user_dir is not None:
        return f"{main} (overrides: {templates.user_dir})"
    return main


def _plan(composer: Composer) -> tuple[str, list]:
    res: Resolved = composer.res
    if res.teaser:
        return "teaser", composer.teaser(res.teaser)
    return "script", composer.run_of_show()


def compose(
    spec: ProductSpec,
    opts: ScriptOptions,
    templates: Templates,
    backend: ChatBackend | None = None,
    *,
    fix: bool = True,
    extra_rules: Sequence[RuleSource] = (),
    reporter: Reporter | None = None,
) -> Script:
    """A complete Script: timed segments plus title and CTA variants, linted.

    `fix=False` keeps a model's flagged lines as drafted (they are still reported);
    `extra_rules` are the user's rule files, applied as `livegen lint --rules` would.
    """
    from livegen.script import compliance
    from livegen.script.variants import pick_variants

    composer = _composer(spec, opts, templates)
    res = composer.res
    compliance.check_rules(spec, res.language, extra_rules)
    task, segments = _plan(composer)
    llm_titles: list[Variant] = []
    llm_ctas: list[Variant] = []
    if backend is not None:
        from livegen.script.llm import draft_script, draft_variants
        from livegen.script.segmentwise import draft_segmentwise

        if not _segmentwise(opts, composer, task, segments):
            segments = draft_script(backend, composer, task, segments)
        else:
            segments = draft_segmentwise(
                backend, composer, segments, extra_rules=extra_rules, reporter=reporter
            )
        if res.n_titles:
            llm_titles = draft_variants(backend, composer, "titles", res.n_titles)
        if res.n_ctas:
            llm_ctas = draft_variants(backend, composer, "cta", res.n_ctas)
        template = _template_note(templates, f"prompts/{task}.user.j2")
    else:
        template = _template_note(templates, f"offline/*.j2 + phrases/{res.language}.yaml")
    limit = res.platform.title_limit
    from livegen.script.pace import speech_seconds

    duration = float(res.teaser) if res.teaser else getattr(composer, "duration", res.duration)
    spoken = sum(speech_seconds(seg.lines, res.language, composer.pace) for seg in segments)
    if reporter is not None:
        for note in dict.fromkeys(composer.notes):
            reporter.warn(note)
    script = Script(
        product=spec.name,
        brand=spec.brand,
        platform=res.platform.name,
        language=res.language,  # type: ignore[arg-type]
        style=res.style,  # type: ignore[arg-type]
        personas=[p.name for p in res.personas],
        duration=duration,
        teaser=res.teaser,
        coverage=round(spoken / duration, 3) if duration else None,
        pace=composer.pace,
        label=AI_LABEL[res.language] if res.label else None,
        segments=segments,
        titles=llm_titles,
        ctas=llm_ctas,
        generated_by=GeneratedBy(
            backend=backend.name if backend is not None else "offline",
            model=backend.model if backend is not None else None,
            template=template,
            seed=res.seed,
        ),
    )
    if backend is not None:
        # The model's whole draft, titles and CTAs included, in one rewrite request.
        script, review = compliance.review_script(
            script,
            spec,
            backend=backend,
            composer=composer,
            fix=fix,
            extra_rules=extra_rules,
            reporter=reporter,
        )
        _summarise(review, fix, reporter)
        if task == "script":
            script = _retime(script, composer, duration, reporter)
        llm_titles = compliance.drop_errors(
            script.titles,
            [f for f in review.findings if f.where and f.where.startswith("titles[")],
            "title",
            reporter,
        )
        llm_ctas = compliance.drop_errors(
            script.ctas,
            [f for f in review.findings if f.where and f.where.startswith("ctas[")],
            "cta",
            reporter,
        )
    script = script.model_copy(
        update={
            "titles": pick_variants(composer, "title", res.n_titles, limit, llm_titles),
            "ctas": pick_variants(composer, "cta", res.n_ctas, limit, llm_ctas),
        }
    )
    return script.model_copy(update={"lint": compliance.lint_generated(script, spec, extra_rules)})


def _retime(
    script: Script, composer: Composer, duration: float, reporter: Reporter | None
) -> Script:
    """The model's script on the clock its own lines make (`livegen.script.retime`)."""
    from livegen.script.pace import speech_seconds
    from livegen.script.retime import retime

    res = composer.res
    timed = retime(list(script.segments), composer, duration)
    if reporter is not None:
        for note in timed.notes:
            reporter.warn(f"script: {note}")
    spoken = sum(speech_seconds(s.lines, res.language, composer.pace) for s in timed.segments)
    return script.model_copy(
        update={
            "segments": timed.segments,
            "duration": timed.duration,
            "coverage": round(spoken / timed.duration, 3) if timed.duration else None,
        }
    )


def _segmentwise(opts: ScriptOptions, composer: Composer, task: str, plan: list) -> bool:
    """Whether `compose` would write this plan segment by segment (`--llm-plan`)."""
    from livegen.script.segmentwise import use_segmentwise

    res = composer.res
    if task != "script" or opts.llm_plan == "whole":
        return False
    length = float(res.teaser) if res.teaser else getattr(composer, "duration", res.duration)
    return opts.llm_plan == "segments" or use_segmentwise(length, plan, res.teaser)


def _summarise(review: compliance.Review, fix: bool, reporter: Reporter | None) -> None:
    if reporter is None or not review.flagged:
        return
    n = len(review.flagged)
    texts = f"{n} text{'s' if n != 1 else ''}"
    if not fix:
        reporter.info(f"lint: {texts} flagged in the model's draft, kept as drafted (--no-fix)")
    elif review.failed is None:
        reporter.info(f"lint: the model rewrote {review.rewritten} of {texts} flagged in its draft")


def make_variants(
    spec: ProductSpec,
    opts: ScriptOptions,
    templates: Templates,
    kind: str,
    n: int,
    backend: ChatBackend | None = None,
    *,
    fix: bool = True,
    extra_rules: Sequence[RuleSource] = (),
    reporter: Reporter | None = None,
) -> list[Variant]:
    """Title (`kind="title"`) or CTA (`kind="cta"`) variants only.

    A model's suggestions are linted and rewritten once like a script's lines; those
    still carrying an error are dropped and offline variants take their place.
    """
    from livegen.script import compliance
    from livegen.script.variants import pick_variants

    composer = _composer(spec, opts, templates)
    compliance.check_rules(spec, composer.res.language, extra_rules)
    suggested: list[Variant] = []
    if backend is not None and n:
        from livegen.script.llm import draft_variants

        suggested = draft_variants(backend, composer, "titles" if kind == "title" else "cta", n)
        suggested, review = compliance.review_variants(
            suggested,
            kind,
            spec=spec,
            backend=backend,
            composer=composer,
            fix=fix,
            extra_rules=extra_rules,
            reporter=reporter,
        )
        _summarise(review, fix, reporter)
        suggested = compliance.drop_errors(suggested, review.findings, kind, reporter)
    return pick_variants(composer, kind, n, composer.res.platform.title_limit, suggested)


def lint_variants(
    spec: ProductSpec,
    opts: ScriptOptions,
    items: Sequence[Variant],
    kind: str,
    extra_rules: Sequence[RuleSource] = (),
) -> list[Finding]:
    """What the linter says about finished variants (`titles[k].text` / `ctas[k].text`)."""
    from livegen.script import compliance

    return compliance.lint_variants(
        items, kind, language=resolve(spec, opts).language, spec=spec, extra_rules=extra_rules
    )


def prompts(
    spec: ProductSpec, opts: ScriptOptions, templates: Templates, tasks: tuple[str, ...]
) -> list[Prompt]:
    """The rendered prompts for `tasks` (script/teaser, titles, cta); nothing is called."""
    from livegen.script.llm import build_prompt

    composer = _composer(spec, opts, templates)
    out = []
    for task in tasks:
        if task in ("script", "teaser"):
            task, plan = _plan(composer)
            if _segmentwise(opts, composer, task, plan):
                from livegen.script.segmentwise import dry_run_prompts

                out.extend(dry_run_prompts(composer, plan))
            else:
                out.append(build_prompt(composer, task, plan))
        else:
            n = composer.res.n_titles if task == "titles" else composer.res.n_ctas
            out.append(build_prompt(composer, task, [], n))
    return out
