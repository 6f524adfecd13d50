"""`livegen chat`: what the audience asked, bought and complained about."""

from __future__ import annotations

import typer

from livegen.cli.console import echo, info, reporter, warn
from livegen.cli.options import AsJson, Force


def chat(
    log: str = typer.Argument(
        ..., help="Comment log (JSONL or CSV: time, user, text); - = stdin.", metavar="LOG"
    ),
    spec: str = typer.Option(
        None, "--spec", help="Product spec whose FAQ marks questions as answered.", metavar="SPEC"
    ),
    fmt: str = typer.Option("text", "--format", help="text or json.", metavar="FORMAT"),
    as_json: AsJson = False,
    to_faq: str = typer.Option(
        None,
        "--to-faq",
        help="Write the top unanswered questions as FAQ YAML to merge into the spec (- = stdout).",
        metavar="FILE",
    ),
    top: int = typer.Option(10, "--top", "-n", min=1, help="How many question groups to keep."),
    bucket: float = typer.Option(
        None,
        "--bucket",
        min=1,
        help="Seconds per message-rate bucket (default: 60, finer for short logs).",
        metavar="SECONDS",
    ),
    force: Force = False,
) -> None:
    """Report message rate, grouped questions, buying moments, complaints and spam."""
    from livegen.artifacts import check_writable, is_stdio, note_inputs, to_json, write_text
    from livegen.chat import Settings, analyze_chat
    from livegen.chat.report import faq_yaml, render_text
    from livegen.chatlog import load_chat
    from livegen.errors import UsageError

    fmt = "json" if as_json else fmt.lower()
    if fmt not in ("text", "json"):
        raise UsageError(f"--format must be text or json, got {fmt!r}")
    if to_faq and is_stdio(to_faq) and is_stdio(log):
        raise UsageError("LOG and --to-faq cannot both be stdin/stdout")
    note_inputs(log, spec)
    if to_faq and not is_stdio(to_faq):
        check_writable(to_faq, force=force)
    spec_model = None
    if spec:
        from livegen.spec import load_spec

        spec_model = load_spec(spec)
    messages = load_chat(log)
    source = "<stdin>" if is_stdio(log) else log
    report = analyze_chat(
        messages,
        source=source,
        spec=spec_model,
        spec_source=spec,
        settings=Settings(top=top, bucket=bucket),
        reporter=reporter(),
    )
    for note in report.notes:
        warn(note)
    if to_faq:
        text, n = faq_yaml(report, top=top)
        write_text(to_faq, text, force=force)
        if is_stdio(to_faq):
            return  # stdout carries the FAQ YAML only
        info(f"wrote {n} FAQ entr{'y' if n == 1 else 'ies'} to {to_faq}")
    if fmt == "json":
        echo(to_json(report).rstrip("\n"))
    else:
        echo(render_text(report).rstrip("\n"))
