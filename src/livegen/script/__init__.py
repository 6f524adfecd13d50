"""The pre-stream stage: product spec → run-of-show script, titles, CTAs, teasers.

`compose` is the one entry point for a full Script; `make_variants` for titles or CTAs alone;
`prompts` for what would be sent to a chat model (`--dry-run`). With `backend=None`
everything is built offline; with a chat backend the model writes the words for the
plan the offline composer made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from livegen.schemas.common import AI_LABEL, GeneratedBy
from livegen.schemas.script import Script, Variant
from livegen.script.options import Resolved, ScriptOptions, resolve

if TYPE_CHECKING:
    from livegen.llm.base import ChatBackend
    from livegen.schemas.spec import ProductSpec
    from livegen.script.llm import Prompt
    from livegen.script.offline import Composer
    from livegen.templating import Templates

__all__ = ["ScriptOptions", "compose", "make_variants", "prompts", "resolve"]


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


def compose(spec: ProductSpec, opts: ScriptOptions, templates: Templates,
            backend: ChatBackend | None = None) -> Script:
    """A complete Script: timed segments plus title and CTA variants."""
    from livegen.script.variants import pick_variants

    composer = _composer(spec, opts, templates)
    res = composer.res
    task, segments = _plan(composer)
    llm_titles: list[Variant] = []
    llm_ctas: list[Variant] = []
    if backend is not None:
        from livegen.script.llm import draft_script, draft_variants

        segments = draft_script(backend, composer, task, segments)
        if res.n_titles:
            llm_titles = draft_variants(backend, composer, "titles", res.n_titles)
        if res.n_ctas:
            llm_ctas = draft_variants(backend, composer, "cta", res.n_ctas)
        template = _template_note(templates, f"prompts/{task}.user.j2")
    else:
        template = _template_note(
            templates, f"offline/*.j2 + phrases/{res.language}.yaml")
    limit = res.platform.title_limit
    return Script(
        product=spec.name, brand=spec.brand, platform=res.platform.name,
        language=res.language,  # type: ignore[arg-type]
        style=res.style,  # type: ignore[arg-type]
        personas=[p.name for p in res.personas],
        duration=float(res.teaser) if res.teaser else res.duration,
        teaser=res.teaser,
        label=AI_LABEL[res.language] if res.label else None,
        segments=segments,
        titles=pick_variants(composer, "title", res.n_titles, limit, llm_titles),
        ctas=pick_variants(composer, "cta", res.n_ctas, limit, llm_ctas),
        generated_by=GeneratedBy(
            backend=backend.name if backend is not None else "offline",
            model=backend.model if backend is not None else None,
            template=template, seed=res.seed),
    )


def make_variants(spec: ProductSpec, opts: ScriptOptions, templates: Templates, kind: str, n: int,
             backend: ChatBackend | None = None) -> list[Variant]:
    """Title (`kind="title"`) or CTA (`kind="cta"`) variants only."""
    from livegen.script.variants import pick_variants

    composer = _composer(spec, opts, templates)
    suggested: list[Variant] = []
    if backend is not None and n:
        from livegen.script.llm import draft_variants

        suggested = draft_variants(backend, composer, "titles" if kind == "title" else "cta", n)
    return pick_variants(composer, kind, n, composer.res.platform.title_limit, suggested)


def prompts(spec: ProductSpec, opts: ScriptOptions, templates: Templates,
            tasks: tuple[str, ...]) -> list[Prompt]:
    """The rendered prompts for `tasks` (script/teaser, titles, cta); nothing is called."""
    from livegen.script.llm import build_prompt

    composer = _composer(spec, opts, templates)
    out = []
    for task in tasks:
        if task in ("script", "teaser"):
            task, plan = _plan(composer)
            out.append(build_prompt(composer, task, plan))
        else:
            n = composer.res.n_titles if task == "titles" else composer.res.n_ctas
            out.append(build_prompt(composer, task, [], n))
    return out
