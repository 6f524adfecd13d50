"""`livegen script`, `titles`, `cta` and `templates`: the pre-stream commands.

Only typer and the console are imported at module level; the spec loader, pydantic,
Jinja2 and any LLM client are imported inside the commands so `livegen --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer

from livegen.cli.console import echo, info, state, verbose, warn
from livegen.cli.options import (
    Backend,
    ChatModel,
    DryRunPrompts,
    Excel,
    FailOn,
    Force,
    NoFix,
    NoLabel,
    OutputFile,
    OutputLanguage,
    Persona,
    Seed,
    SpecArg,
    StreamPlatform,
    Style,
    TemplatesDir,
    VariantFormat,
)

if TYPE_CHECKING:
    from livegen.llm.base import ChatBackend
    from livegen.script import ScriptOptions
    from livegen.templating import Templates

templates_app = typer.Typer(
    help="List and show the prompt, phrase and output templates.", no_args_is_help=True
)


# -- helpers ----------------------------------------------------------------------------
def _choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    from livegen.errors import UsageError

    if value not in allowed:
        raise UsageError(f"{flag} must be one of {', '.join(allowed)}, got '{value}'")
    return value


def _templates(folder: str | None) -> Templates:
    from livegen.templating import Templates

    config = state.config()
    config.set("templates.dir", folder)
    return Templates(config.get("templates.dir"), cache_dir=config.cache_dir / "templates")


def _backend(
    name: str | None,
    model: str | None,
    *,
    seed: int | None = None,
    temperature: float | None = None,
) -> ChatBackend | None:
    from livegen.cli.console import reporter
    from livegen.errors import DependencyError
    from livegen.llm import get_backend

    config = state.config()
    config.set("llm.backend", name)
    config.set("llm.model", model)
    # --seed varies the offline wording and is the model's sampling seed too.
    config.set("llm.seed", seed)
    config.set("llm.temperature", temperature)
    try:
        backend = get_backend(name, config, model=model, reporter=reporter())
    except ImportError as exc:
        raise DependencyError(
            f"the openai backend cannot be loaded ({exc})",
            hint="use --backend offline, or reinstall livegen",
        ) from None
    if backend is not None:
        info(f"using {backend.name} backend, model {backend.model}")
    return backend


def _extra_rules() -> list[str]:
    """The user's rule files from config (`lint.rules`), as `livegen lint` applies them."""
    configured = state.config().get("lint.rules") or []
    return [configured] if isinstance(configured, str) else list(configured)


def _check_fail_on(fail_on: str | None) -> None:
    if fail_on is not None:
        _choice(fail_on, ("error", "warning", "info"), "--fail-on")


def _report_findings(findings: list[Any], fail_on: str | None) -> None:
    """Findings left in what was written: warnings on stderr, one line each.

    Info findings (a list price the spec backs, say) are notes, shown with --verbose.
    """
    from livegen.schemas.findings import SEVERITY_RANK

    shown = 0
    for f in findings:
        phrase = f' "{f.phrase}"' if f.phrase else ""
        tip = f"; suggestion: {f.suggestion}" if f.suggestion else ""
        line = f"lint: {f.where or '-'}:{phrase} {f.rule} ({f.severity}){tip}"
        if f.severity == "info":
            verbose(line)
        else:
            warn(line)
            shown += 1
    if shown:
        info(
            f"lint: {shown} finding{'s' if shown != 1 else ''} to review before going live "
            "(livegen lint FILE shows basis and positions)"
        )
    if fail_on is not None and any(
        SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] for f in findings
    ):
        raise typer.Exit(1)


def _options(**kw: Any) -> ScriptOptions:
    from livegen.script import ScriptOptions

    kw["personas"] = tuple(kw.get("personas") or ())
    return ScriptOptions(**kw)


def _check_output(output: str, force: bool) -> None:
    from livegen.artifacts import check_writable, is_stdio

    if not is_stdio(output):
        check_writable(output, force=force)


def _write(output: str, text: str, force: bool) -> None:
    from livegen.artifacts import is_stdio, write_text

    write_text(output, text, force=force)
    if not is_stdio(output):
        info(f"wrote {output}")


def _print_prompts(prompts: list[Any]) -> None:
    blocks = []
    for p in prompts:
        for message, template in zip(p.messages, (p.system_template, p.user_template), strict=True):
            blocks.append(
                f"===== {p.task} · {message.role} · {template} =====\n{message.content}\n"
            )
    echo("\n".join(blocks).rstrip("\n"))


# -- commands ---------------------------------------------------------------------------
def script(
    spec: SpecArg,
    fmt: str = typer.Option(
        "md", "--format", metavar="md|json", help="Markdown to read on camera, or versioned JSON."
    ),
    output: OutputFile = "-",
    force: Force = False,
    platform: StreamPlatform = None,
    lang: OutputLanguage = None,
    persona: Persona = None,
    style: Style = None,
    duration: float = typer.Option(
        None, "--duration", metavar="MINUTES", help="Stream length in minutes (default: spec)."
    ),
    teaser: int = typer.Option(
        None,
        "--teaser",
        metavar="15|30|60",
        help="Write a short-video teaser of this many seconds instead.",
    ),
    backend: Backend = None,
    model: ChatModel = None,
    seed: Seed = 0,
    dry_run: DryRunPrompts = False,
    templates: TemplatesDir = None,
    no_label: NoLabel = False,
    no_fix: NoFix = False,
    fail_on: FailOn = None,
    pace: float = typer.Option(
        None,
        "--pace",
        metavar="UNITS",
        help="Speaking pace: characters/s for zh (default 4), words/s for en (default 2.5).",
    ),
    fill: str = typer.Option(
        "shorten",
        "--fill",
        metavar="shorten|host",
        help="When the spec runs out before the end: end the stream "
        "there, or keep the length with marked host prompts.",
    ),
    temperature: float = typer.Option(
        None,
        "--temperature",
        metavar="T",
        help="The model's sampling temperature, 0–2 (default: llm.temperature, else the server's).",
    ),
) -> None:
    """Write a timed run-of-show sales script (with title and CTA variants) for a spec."""
    fmt = _choice(fmt, ("md", "json"), "--format")
    _check_fail_on(fail_on)
    _check_output(output, force)
    from livegen import script as stage
    from livegen.spec import load_spec

    product = load_spec(spec)
    from livegen.spec import spec_notes

    for note in spec_notes(product):
        warn(note)
    opts = _options(
        platform=platform,
        language=lang,
        personas=persona,
        style=style,
        duration_minutes=duration,
        teaser=teaser,
        seed=seed,
        label=not no_label,
        pace=pace,
        fill=_choice(fill, ("shorten", "host"), "--fill"),
    )
    tpl = _templates(templates)
    for note in stage.resolve(product, opts).notes:
        warn(note)
    if dry_run:
        task = "teaser" if teaser else "script"
        _print_prompts(stage.prompts(product, opts, tpl, (task, "titles", "cta")))
        return
    chat = _backend(backend, model, seed=seed, temperature=temperature)
    from livegen.cli.console import reporter

    result = stage.compose(
        product, opts, tpl, chat, fix=not no_fix, extra_rules=_extra_rules(), reporter=reporter()
    )
    if fmt == "json":
        from livegen.script.render import script_json

        text = script_json(result)
    else:
        from livegen.script.render import script_markdown

        text = script_markdown(result, tpl)
    _write(output, text, force)
    _report_findings(result.lint, fail_on)


@dataclass(frozen=True)
class VariantRequest:
    """Everything `livegen titles` or `livegen cta` was asked, as one value."""

    kind: str  # "title" or "cta"
    spec: str
    n: int
    fmt: str = "text"
    output: str = "-"
    force: bool = False
    platform: str | None = None
    lang: str | None = None
    persona: list[str] | None = None
    style: str | None = None
    backend: str | None = None
    model: str | None = None
    seed: int = 0
    dry_run: bool = False
    templates: str | None = None
    no_label: bool = False
    no_fix: bool = False
    fail_on: str | None = None
    excel: bool = False


def _run_variants(req: VariantRequest) -> None:
    fmt = _choice(req.fmt, ("text", "json", "csv"), "--format")
    _check_fail_on(req.fail_on)
    _check_output(req.output, req.force)
    from livegen import script as stage
    from livegen.schemas.common import AI_LABEL
    from livegen.script.render import variants_csv, variants_json, variants_text
    from livegen.spec import load_spec

    product = load_spec(req.spec)
    kind, n = req.kind, req.n
    counts = {"n_titles": n, "n_ctas": 0} if kind == "title" else {"n_titles": 0, "n_ctas": n}
    opts = _options(
        platform=req.platform,
        language=req.lang,
        personas=req.persona,
        style=req.style,
        seed=req.seed,
        label=not req.no_label,
        **counts,
    )
    tpl = _templates(req.templates)
    if req.dry_run:
        _print_prompts(stage.prompts(product, opts, tpl, ("titles" if kind == "title" else "cta",)))
        return
    chat = _backend(req.backend, req.model, seed=req.seed)
    from livegen.cli.console import reporter

    extra = _extra_rules()
    items = stage.make_variants(
        product,
        opts,
        tpl,
        kind,
        n,
        chat,
        fix=not req.no_fix,
        extra_rules=extra,
        reporter=reporter(),
    )
    findings = stage.lint_variants(product, opts, items, kind, extra)
    if len(items) < n:
        warn(
            f"only {len(items)} distinct {kind} variants fit the platform limit and the "
            f"spec's facts (asked for {n})"
        )
    language = req.lang or product.language
    label = None if req.no_label else AI_LABEL.get(language, AI_LABEL["en"])
    if fmt == "json":
        text = variants_json(items, label, findings)
    else:
        text = (
            variants_text(items, label)
            if fmt == "text"
            else variants_csv(items, label, excel=req.excel)
        )
    _write(req.output, text, req.force)
    _report_findings(findings, req.fail_on)


def variants_command(kind: str, *, count: int, count_help: str, doc: str) -> Callable[..., None]:
    """The `titles` or `cta` command: the same options, its own kind, count and help."""

    def command(
        spec: SpecArg,
        # a default, unlike an annotation, is evaluated here, so it may use the arguments
        n: int = typer.Option(count, "--count", "-n", metavar="N", help=count_help),
        fmt: VariantFormat = "text",
        output: OutputFile = "-",
        force: Force = False,
        platform: StreamPlatform = None,
        lang: OutputLanguage = None,
        persona: Persona = None,
        style: Style = None,
        backend: Backend = None,
        model: ChatModel = None,
        seed: Seed = 0,
        dry_run: DryRunPrompts = False,
        templates: TemplatesDir = None,
        no_label: NoLabel = False,
        no_fix: NoFix = False,
        fail_on: FailOn = None,
        excel: Excel = False,
    ) -> None:
        _run_variants(
            VariantRequest(
                kind=kind,
                spec=spec,
                n=n,
                fmt=fmt,
                output=output,
                force=force,
                platform=platform,
                lang=lang,
                persona=persona,
                style=style,
                backend=backend,
                model=model,
                seed=seed,
                dry_run=dry_run,
                templates=templates,
                no_label=no_label,
                no_fix=no_fix,
                fail_on=fail_on,
                excel=excel,
            )
        )

    command.__doc__ = doc
    command.__name__ = command.__qualname__ = "titles" if kind == "title" else kind
    return command


titles = variants_command(
    "title",
    count=10,
    count_help="How many titles.",
    doc="Stream title variants, each labelled with its angle, within the platform's limit.",
)
cta = variants_command(
    "cta",
    count=8,
    count_help="How many calls to action.",
    doc="Call-to-action variants with the platform's cart wording, one angle each.",
)


@templates_app.command("list")
def templates_list(templates: TemplatesDir = None) -> None:
    """Every template and phrase bank, and whether yours overrides the built-in."""
    for item in _templates(templates).list_templates():
        echo(f"{item.name}\t{item.origin}")


@templates_app.command("show")
def templates_show(
    name: str = typer.Argument(
        ..., help="Full name (prompts/script.user.j2) or a short one (script.user)."
    ),
    templates: TemplatesDir = None,
) -> None:
    """Print a template's source, as the renderer would pick it."""
    echo(_templates(templates).show(name).rstrip("\n"))


def register(app: typer.Typer) -> None:
    app.command("script")(script)
    app.command("titles")(titles)
    app.command("cta")(cta)
    app.add_typer(templates_app, name="templates")
