"""`livegen lint`: advertising-compliance findings for scripts, titles and transcripts."""

from __future__ import annotations

import sys

import typer

from livegen.cli.console import echo, info, state
from livegen.errors import UsageError

FORMATS = ("table", "text", "json", "sarif")
SEVERITIES = ("error", "warning", "info")


def lint(
    files: list[str] = typer.Argument(
        None,
        metavar="FILE",
        help="Script JSON/Markdown, titles/CTA JSON or CSV, "
        "transcript JSON, SRT/VTT or text; - for stdin.",
    ),
    fmt: str = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help="text | json | sarif (default: a table on a terminal, else text).",
    ),
    fail_on: str = typer.Option(
        "error",
        "--fail-on",
        metavar="SEVERITY",
        help="Exit 1 when a finding is at least this severe: error | warning | info.",
    ),
    rules: list[str] = typer.Option(
        None,
        "--rules",
        metavar="FILE",
        help="Extra rule file (YAML) to add or disable rules; repeatable. Config: lint.rules.",
    ),
    category: str = typer.Option(
        None,
        "--category",
        "-c",
        metavar="CATEGORY",
        help="general | cosmetics | food | medical | kids | finance "
        "(default: the spec's, else general).",
    ),
    spec_path: str = typer.Option(
        None,
        "--spec",
        "-s",
        metavar="SPEC",
        help="Product spec: its forbidden claims become rules, its proof downgrades backed claims.",
    ),
    lang: str = typer.Option(
        None, "--lang", "-l", metavar="LANG", help="zh | en (default: the file's, else detected)."
    ),
    explain: str = typer.Option(
        None,
        "--explain",
        metavar="RULE",
        help="Print a rule's basis, patterns, examples and exceptions, then exit.",
    ),
    judge: str = typer.Option(
        None,
        "--judge",
        metavar="JUDGE",
        help="llm: send the lines the rules are unsure about (only "
        "those) to the configured LLM for a second opinion.",
    ),
) -> None:
    """Check texts for advertising-law risks; exit 1 on findings at or above --fail-on."""
    from livegen.lint.api import at_least, lint_document, resolve_category, rules_catalog
    from livegen.lint.readers import read_document
    from livegen.lint.ruleset import CATEGORIES, check_choice

    if explain:
        from livegen.lint.explain import explain as explain_rule
        from livegen.lint.explain import find_rule

        sys.stdout.write(explain_rule(find_rule(explain)))
        return
    if not files:
        raise UsageError("give at least one FILE (or - for stdin), or --explain RULE")
    if judge is not None:
        check_choice(judge, ("llm",), "--judge")
    if fmt is not None:
        check_choice(fmt, FORMATS, "--format")
    check_choice(fail_on, SEVERITIES, "--fail-on")
    if category is not None:
        check_choice(category, CATEGORIES, "--category")
    if lang is not None:
        check_choice(lang, ("zh", "en"), "--lang")
    if files.count("-") > 1:
        raise UsageError("stdin (-) can be read only once")

    spec = None
    if spec_path:
        from livegen.spec import load_spec

        spec = load_spec(spec_path)
    configured = state.config().get("lint.rules") or []
    if isinstance(configured, str):
        configured = [configured]
    extra = [*configured, *(rules or [])]

    backend = _judge_backend() if judge else None
    docs = [read_document(f) for f in files]  # every input read before anything is printed
    findings = []
    langs: set[str] = set()
    for doc in docs:
        found = lint_document(
            doc,
            lang=lang,
            category=category,
            spec=spec,
            extra_rules=extra,
            judge_backend=backend,
            reporter=_reporter() if backend is not None else None,
        )
        findings.extend(found)
        langs.add(lang or doc.lang or _doc_lang(doc))

    out_format = fmt or ("table" if sys.stdout.isatty() else "text")
    if out_format == "json":
        from livegen.lint.report import format_json

        sys.stdout.write(format_json(findings))
    elif out_format == "sarif":
        from livegen.lint.report import format_sarif

        catalog = rules_catalog(sorted(langs), resolve_category(category, spec), spec, extra)
        sys.stdout.write(format_sarif(findings, catalog))
    elif out_format == "table" and findings:
        _print_table(findings)
    elif findings:
        from livegen.lint.report import format_text

        sys.stdout.write(format_text(findings))
    info(_summary(findings, len(docs)))
    if at_least(findings, fail_on):
        raise typer.Exit(1)


def _reporter():  # type: ignore[no-untyped-def]
    from livegen.cli.console import reporter

    return reporter()


def _judge_backend():  # type: ignore[no-untyped-def]
    """The configured LLM for `--judge llm`; without one, a usage error (no silent no-op)."""
    from livegen.llm import get_backend

    backend = get_backend(None, state.config(), reporter=_reporter())
    if backend is None:
        raise UsageError(
            "--judge llm needs a configured LLM (llm.base_url or LIVEGEN_BASE_URL "
            "and a model); without --judge, lint runs offline"
        )
    info(f"lint: second opinion from {backend.name}, model {backend.model}")
    return backend


def _doc_lang(doc: object) -> str:
    from livegen.text import document_language

    return document_language([u.text for u in doc.units])  # type: ignore[attr-defined]


def _summary(findings: list, n_files: int) -> str:
    files = f"{n_files} file{'s' if n_files != 1 else ''}"
    if not findings:
        return f"no findings in {files}"
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    parts = [f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n]
    return (
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) "
        f"in {files}"
    )


def _print_table(findings: list) -> None:
    from rich.console import Console
    from rich.table import Table

    from livegen.lint.report import location

    styles = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    table = Table(show_lines=True, expand=True)
    table.add_column("Where", overflow="fold", ratio=2)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Phrase", no_wrap=True)
    table.add_column("Basis", overflow="fold", ratio=4)
    table.add_column("Suggestion", overflow="fold", ratio=4)
    for f in findings:
        table.add_row(
            location(f),
            f"[{styles[f.severity]}]{f.severity}[/]",
            f.rule,
            f.phrase,
            f.basis,
            f.suggestion,
        )
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 160)
    console.print(table)
    echo()
