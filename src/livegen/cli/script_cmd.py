"""`livegen script`, `titles`, `cta` and `templates`: the pre-stream commands.

Only typer and the console are imported at module level; the spec loader, pydantic,
Jinja2 and any LLM client are imported inside the commands so `livegen --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from livegen.cli.console import echo, info, state, verbose, warn

if TYPE_CHECKING:
    from livegen.llm.base import ChatBackend
    from livegen.script import ScriptOptions
    from livegen.templating import Templates

SPEC_HELP = "Product spec (YAML, JSON or TOML); '-' reads stdin."

templates_app = typer.Typer(help="List and show the prompt, phrase and output templates.",
                            no_args_is_help=True)


# -- shared option definitions --------------------------------------------------------------
def _opt_output() -> Any:
    return typer.Option("-", "--output", "-o", metavar="FILE",
                        help="Write here instead of stdout ('-').")


def _opt_force() -> Any:
    return typer.Option(False, "--force", help="Overwrite an existing output file.")


def _opt_platform() -> Any:
    return typer.Option(None, "--platform", metavar="P",
                        help="douyin|taobao|kuaishou|tiktok|youtube|wechat (default: spec).")


def _opt_lang() -> Any:
    return typer.Option(None, "--lang", metavar="zh|en", help="Output language (default: spec).")


def _opt_persona() -> Any:
    return typer.Option(None, "--persona", metavar="NAME",
                        help="Audience persona from the spec; repeat for several.")


def _opt_style() -> Any:
    return typer.Option(None, "--style", metavar="promo|story|knowledge",
                        help="Hard sell, storytelling or knowledge sharing (default: spec).")


def _opt_backend() -> Any:
    return typer.Option(None, "--backend", metavar="auto|offline|openai",
                        help="auto = openai when an endpoint or key is configured, else "
                             "the offline composer.")


def _opt_model() -> Any:
    return typer.Option(None, "--model", metavar="NAME", help="Chat model name (LLM backend).")


def _opt_seed() -> Any:
    return typer.Option(0, "--seed", help="Wording varies with the seed; same seed, same text.")


def _opt_dry_run() -> Any:
    return typer.Option(False, "--dry-run",
                        help="Print the rendered LLM prompt(s) to stdout and call nothing.")


def _opt_templates() -> Any:
    return typer.Option(None, "--templates", metavar="DIR",
                        help="Your template folder, searched before the built-in one.")


def _opt_no_label() -> Any:
    return typer.Option(False, "--no-label",
                        help="Leave out the visible AI-generated label line.")


def _opt_no_fix() -> Any:
    return typer.Option(False, "--no-fix",
                        help="Keep an LLM's flagged lines as drafted instead of asking it "
                             "once to rewrite them (they are still reported).")


def _opt_fail_on() -> Any:
    return typer.Option(None, "--fail-on", metavar="SEVERITY",
                        help="Exit 1 (after writing) when lint findings at least this severe "
                             "remain: error | warning | info.")


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


def _backend(name: str | None, model: str | None, *, seed: int | None = None,
             temperature: float | None = None) -> ChatBackend | None:
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
        raise DependencyError(f"the openai backend cannot be loaded ({exc})",
                              hint="use --backend offline, or reinstall livegen") from None
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
        info(f"lint: {shown} finding{'s' if shown != 1 else ''} to review before going live "
             "(livegen lint FILE shows basis and positions)")
    if fail_on is not None and any(
            SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] for f in findings):
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
        for message, template in zip(p.messages, (p.system_template, p.user_template),
                                     strict=True):
            blocks.append(f"===== {p.task} · {message.role} · {template} =====\n"
                          f"{message.content}\n")
    echo("\n".join(blocks).rstrip("\n"))


# -- commands ---------------------------------------------------------------------------
def script(
    spec: str = typer.Argument(..., metavar="SPEC", help=SPEC_HELP),
    fmt: str = typer.Option("md", "--format", metavar="md|json",
                            help="Markdown to read on camera, or versioned JSON."),
    output: str = _opt_output(),
    force: bool = _opt_force(),
    platform: str = _opt_platform(),
    lang: str = _opt_lang(),
    persona: list[str] = _opt_persona(),
    style: str = _opt_style(),
    duration: float = typer.Option(None, "--duration", metavar="MINUTES",
                                   help="Stream length in minutes (default: spec)."),
    teaser: int = typer.Option(None, "--teaser", metavar="15|30|60",
                               help="Write a short-video teaser of this many seconds instead."),
    backend: str = _opt_backend(),
    model: str = _opt_model(),
    seed: int = _opt_seed(),
    dry_run: bool = _opt_dry_run(),
    templates: str = _opt_templates(),
    no_label: bool = _opt_no_label(),
    no_fix: bool = _opt_no_fix(),
    fail_on: str = _opt_fail_on(),
    pace: float = typer.Option(None, "--pace", metavar="UNITS",
                               help="Speaking pace: characters/s for zh (default 4), "
                                    "words/s for en (default 2.5)."),
    fill: str = typer.Option("shorten", "--fill", metavar="shorten|host",
                             help="When the spec runs out before the end: end the stream "
                                  "there, or keep the length with marked host prompts."),
    temperature: float = typer.Option(None, "--temperature", metavar="T",
                                      help="The model's sampling temperature, 0–2 "
                                           "(default: llm.temperature, else the server's)."),
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
    opts = _options(platform=platform, language=lang, personas=persona, style=style,
                    duration_minutes=duration, teaser=teaser, seed=seed, label=not no_label,
                    pace=pace, fill=_choice(fill, ("shorten", "host"), "--fill"))
    tpl = _templates(templates)
    for note in stage.resolve(product, opts).notes:
        warn(note)
    if dry_run:
        task = "teaser" if teaser else "script"
        _print_prompts(stage.prompts(product, opts, tpl, (task, "titles", "cta")))
        return
    chat = _backend(backend, model, seed=seed, temperature=temperature)
    from livegen.cli.console import reporter

    result = stage.compose(product, opts, tpl, chat, fix=not no_fix,
                           extra_rules=_extra_rules(), reporter=reporter())
    if fmt == "json":
        from livegen.script.render import script_json

        text = script_json(result)
    else:
        from livegen.script.render import script_markdown

        text = script_markdown(result, tpl)
    _write(output, text, force)
    _report_findings(result.lint, fail_on)


def _variants_command(kind: str, spec: str, n: int, fmt: str, output: str, force: bool,
                      platform: str | None, lang: str | None, persona: list[str] | None,
                      style: str | None, backend: str | None, model: str | None, seed: int,
                      dry_run: bool, templates: str | None, no_label: bool, no_fix: bool,
                      fail_on: str | None, excel: bool = False) -> None:
    fmt = _choice(fmt, ("text", "json", "csv"), "--format")
    _check_fail_on(fail_on)
    _check_output(output, force)
    from livegen import script as stage
    from livegen.schemas.common import AI_LABEL
    from livegen.script.render import variants_csv, variants_json, variants_text
    from livegen.spec import load_spec

    product = load_spec(spec)
    counts = {"n_titles": n, "n_ctas": 0} if kind == "title" else {"n_titles": 0, "n_ctas": n}
    opts = _options(platform=platform, language=lang, personas=persona, style=style, seed=seed,
                    label=not no_label, **counts)
    tpl = _templates(templates)
    if dry_run:
        _print_prompts(stage.prompts(product, opts, tpl,
                                     ("titles" if kind == "title" else "cta",)))
        return
    chat = _backend(backend, model, seed=seed)
    from livegen.cli.console import reporter

    extra = _extra_rules()
    items = stage.make_variants(product, opts, tpl, kind, n, chat, fix=not no_fix,
                                extra_rules=extra, reporter=reporter())
    findings = stage.lint_variants(product, opts, items, kind, extra)
    if len(items) < n:
        warn(f"only {len(items)} distinct {kind} variants fit the platform limit and the "
             f"spec's facts (asked for {n})")
    language = lang or product.language
    label = None if no_label else AI_LABEL.get(language, AI_LABEL["en"])
    if fmt == "json":
        text = variants_json(items, label, findings)
    else:
        text = variants_text(items, label) if fmt == "text" else variants_csv(
            items, label, excel=excel)
    _write(output, text, force)
    _report_findings(findings, fail_on)


def titles(
    spec: str = typer.Argument(..., metavar="SPEC", help=SPEC_HELP),
    n: int = typer.Option(10, "-n", "--count", help="How many titles."),
    fmt: str = typer.Option("text", "--format", metavar="text|json|csv",
                            help="Numbered text, JSON list or CSV for an A/B sheet."),
    output: str = _opt_output(),
    force: bool = _opt_force(),
    platform: str = _opt_platform(),
    lang: str = _opt_lang(),
    persona: list[str] = _opt_persona(),
    style: str = _opt_style(),
    backend: str = _opt_backend(),
    model: str = _opt_model(),
    seed: int = _opt_seed(),
    dry_run: bool = _opt_dry_run(),
    templates: str = _opt_templates(),
    no_label: bool = _opt_no_label(),
    no_fix: bool = _opt_no_fix(),
    fail_on: str = _opt_fail_on(),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel: BOM and CRLF lines."),
) -> None:
    """Stream title variants, each labelled with its angle, within the platform's limit."""
    _variants_command("title", spec, n, fmt, output, force, platform, lang, persona, style,
                      backend, model, seed, dry_run, templates, no_label, no_fix, fail_on,
                      excel)


def cta(
    spec: str = typer.Argument(..., metavar="SPEC", help=SPEC_HELP),
    n: int = typer.Option(8, "-n", "--count", help="How many calls to action."),
    fmt: str = typer.Option("text", "--format", metavar="text|json|csv",
                            help="Numbered text, JSON list or CSV for an A/B sheet."),
    output: str = _opt_output(),
    force: bool = _opt_force(),
    platform: str = _opt_platform(),
    lang: str = _opt_lang(),
    persona: list[str] = _opt_persona(),
    style: str = _opt_style(),
    backend: str = _opt_backend(),
    model: str = _opt_model(),
    seed: int = _opt_seed(),
    dry_run: bool = _opt_dry_run(),
    templates: str = _opt_templates(),
    no_label: bool = _opt_no_label(),
    no_fix: bool = _opt_no_fix(),
    fail_on: str = _opt_fail_on(),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel: BOM and CRLF lines."),
) -> None:
    """Call-to-action variants with the platform's cart wording, one angle each."""
    _variants_command("cta", spec, n, fmt, output, force, platform, lang, persona, style,
                      backend, model, seed, dry_run, templates, no_label, no_fix, fail_on,
                      excel)


@templates_app.command("list")
def templates_list(templates: str = _opt_templates()) -> None:
    """Every template and phrase bank, and whether yours overrides the built-in."""
    for item in _templates(templates).list_templates():
        echo(f"{item.name}\t{item.origin}")


@templates_app.command("show")
def templates_show(
    name: str = typer.Argument(..., help="Full name (prompts/script.user.j2) or a short one "
                                         "(script.user)."),
    templates: str = _opt_templates(),
) -> None:
    """Print a template's source, as the renderer would pick it."""
    echo(_templates(templates).show(name).rstrip("\n"))


def register(app: typer.Typer) -> None:
    app.command("script")(script)
    app.command("titles")(titles)
    app.command("cta")(cta)
    app.add_typer(templates_app, name="templates")
