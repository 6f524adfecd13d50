"""`livegen highlights`: rank the moments of a recording worth clipping, and say why."""

from __future__ import annotations

from pathlib import Path

import typer

from livegen.cli.console import echo, info, reporter, state


def _default_output(media: str) -> Path:
    p = Path(media)
    return p.with_name(f"{p.stem}.highlights.json")


def _fmt(t: float) -> str:
    m, s = divmod(round(t), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _table(result: object) -> list[str]:
    rows = [("#", "window", "len", "score", "category", "product", "title / reason")]
    for i, h in enumerate(result.highlights, 1):  # type: ignore[attr-defined]
        rows.append((str(i), f"{_fmt(h.start)}–{_fmt(h.end)}", f"{h.end - h.start:.0f}s",
                     f"{h.score:.2f}", h.category, h.product or "-", h.title))
        rows.append(("", "", "", "", "", "", f"↳ {h.reason}"))
    for h in result.products:  # type: ignore[attr-defined]
        rows.append(("P", f"{_fmt(h.start)}–{_fmt(h.end)}", f"{h.end - h.start:.0f}s",
                     f"{h.score:.2f}", h.category, h.product or "-", h.title))
    widths = [max(len(r[k]) for r in rows) for k in range(6)]
    return ["  ".join(c.ljust(w) for c, w in zip(r[:6], widths, strict=False)) + "  " + r[6]
            for r in rows]


def highlights(
    media: list[str] = typer.Argument(..., metavar="MEDIA...",
                                      help="Recording(s); several files are parts of one stream."),
    transcript: str = typer.Option(None, "--transcript", "-t", metavar="T",
                                   help="Transcript JSON from `livegen transcribe` (- = stdin)."),
    chat: str = typer.Option(None, "--chat", metavar="LOG",
                             help="Comment log (JSONL or CSV: time, user, text)."),
    sales: str = typer.Option(None, "--sales", metavar="FILE",
                              help="Sales export (CSV/JSONL: time + orders|add_to_cart|gmv)."),
    spec: list[str] = typer.Option(None, "--spec", metavar="SPEC",
                                   help="Product spec or product list (repeatable)."),
    cues: list[str] = typer.Option(None, "--cues", metavar="FILE",
                                   help="Extra cue-phrase YAML merged into the banks."),
    top: int = typer.Option(10, "--top", "-n", help="How many highlights."),
    min_s: float = typer.Option(15.0, "--min", metavar="S", help="Shortest window, seconds."),
    max_s: float = typer.Option(60.0, "--max", metavar="S", help="Longest window, seconds."),
    profile: str = typer.Option(None, "--profile", "-p", metavar="P",
                                help="default | talk | sale | a YAML file of weights."),
    rerank: str = typer.Option("none", "--rerank", metavar="none|llm",
                               help="llm: let the configured LLM reorder the top windows."),
    output: str = typer.Option(None, "--output", "-o", metavar="FILE",
                               help="Highlights JSON (default: <media stem>.highlights.json)."),
    report: str = typer.Option(None, "--report", metavar="HTML",
                               help="Also write a self-contained HTML report."),
    as_json: bool = typer.Option(False, "--json", help="Print the highlights JSON on stdout."),
    no_visual: bool = typer.Option(False, "--no-visual", help="Skip the picture signals."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite existing outputs."),
) -> None:
    """Find the moments worth clipping: ranked windows on sentence edges, each explained."""
    from livegen.artifacts import (
        check_writable,
        is_stdio,
        load_artifact,
        note_inputs,
        save_artifact,
    )
    from livegen.errors import UsageError

    note_inputs(*media, transcript, chat, sales, *(spec or []), *(cues or []))

    if rerank not in ("none", "llm"):
        raise UsageError(f"--rerank must be 'none' or 'llm', got {rerank!r}")
    out = output or str(_default_output(media[0]))
    if not is_stdio(out):
        check_writable(out, force=force)
    if report:
        if is_stdio(report):
            raise UsageError("--report needs a file name, not '-'")
        check_writable(report, force=force)
    for m in media:
        if not Path(m).exists():
            from livegen.errors import InputError

            raise InputError(f"{m}: no such file")

    from livegen.highlights.api import Options
    from livegen.schemas.transcript import Transcript

    cfg = state.config()
    opts = Options(top=top, min_seconds=min_s, max_seconds=max_s,
                   profile=profile or cfg.get("highlights.profile") or "default",
                   cues=[*(cfg.get("highlights.cues") or []), *(cues or [])],
                   visual=not no_visual)
    opts.check()
    from livegen.highlights.profile import load_profile

    load_profile(opts.profile)  # fail on a bad profile before any decoding

    from livegen.pipeline import expected_language, highlights_stage, load_signals, transcribe_stage

    signals = load_signals(chat, sales, spec or [])
    backend = None
    if rerank == "llm":
        from livegen.llm import get_backend

        backend = get_backend(None, cfg)
        if backend is None:
            raise UsageError("--rerank llm needs an LLM backend",
                             hint="set llm.base_url / llm.api_key (see `livegen config show`)")

    rep = reporter()
    from contextlib import nullcontext

    from livegen.media.pcm_store import shared_decode

    # Transcribing here first: both stages read one decode of the soundtrack.
    with nullcontext() if transcript else shared_decode():
        if transcript:
            tr = load_artifact(transcript, Transcript, kind="transcript")
            source = "<stdin>" if is_stdio(transcript) else transcript
        else:
            tr = transcribe_stage(media, cfg, reporter=rep, prior=expected_language(signals))
            source = None
        analysis = highlights_stage(media, tr, options=opts, signals=signals, backend=backend,
                                    transcript_source=source, reporter=rep)
    result = analysis.result
    for note in result.notes:
        info(note)
    if not is_stdio(out):
        save_artifact(result, out, force=force)
        info(f"wrote {out}")
    if report:
        from livegen.artifacts import write_text
        from livegen.highlights.report import render_report

        write_text(report, render_report(analysis), force=force)
        info(f"wrote {report}")
    if as_json or is_stdio(out):
        from livegen.artifacts import to_json

        echo(to_json(result).rstrip("\n"))
        return
    if not result.highlights:
        info("no highlight windows found")
        return
    for line in _table(result):
        echo(line.rstrip())
