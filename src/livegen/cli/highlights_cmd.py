"""`livegen highlights`: rank the moments of a recording worth clipping, and say why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from livegen.cli.console import echo, info, reporter, state
from livegen.cli.options import (
    AsJson,
    ChatLog,
    Force,
    MediaFiles,
    ProductSpecs,
    SalesExport,
    Top,
    TranscriptIn,
)


def _default_output(media: str) -> Path:
    p = Path(media)
    return p.with_name(f"{p.stem}.highlights.json")


def _table(result: object) -> list[str]:
    from livegen.timefmt import clock

    rows = [("#", "window", "len", "score", "category", "product", "title / reason")]
    for i, h in enumerate(result.highlights, 1):  # type: ignore[attr-defined]
        rows.append(
            (
                str(i),
                f"{clock(h.start)}–{clock(h.end)}",
                f"{h.end - h.start:.0f}s",
                f"{h.score:.2f}",
                h.category,
                h.product or "-",
                h.title,
            )
        )
        rows.append(("", "", "", "", "", "", f"↳ {h.reason}"))
    for h in result.products:  # type: ignore[attr-defined]
        rows.append(
            (
                "P",
                f"{clock(h.start)}–{clock(h.end)}",
                f"{h.end - h.start:.0f}s",
                f"{h.score:.2f}",
                h.category,
                h.product or "-",
                h.title,
            )
        )
    widths = [max(len(r[k]) for r in rows) for k in range(6)]
    return [
        "  ".join(c.ljust(w) for c, w in zip(r[:6], widths, strict=False)) + "  " + r[6]
        for r in rows
    ]


def highlights(
    media: MediaFiles,
    transcript: TranscriptIn = None,
    chat: ChatLog = None,
    sales: SalesExport = None,
    spec: ProductSpecs = None,
    cues: Annotated[
        list[str] | None,
        typer.Option("--cues", metavar="FILE", help="Extra cue-phrase YAML merged into the banks."),
    ] = None,
    top: Top = 10,
    min_s: Annotated[
        float, typer.Option("--min", metavar="S", help="Shortest window, seconds.")
    ] = 15.0,
    max_s: Annotated[
        float, typer.Option("--max", metavar="S", help="Longest window, seconds.")
    ] = 60.0,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", metavar="P", help="default | talk | sale | a YAML file of weights."
        ),
    ] = None,
    rerank: Annotated[
        str,
        typer.Option(
            "--rerank",
            metavar="none|llm",
            help="llm: let the configured LLM reorder the top windows.",
        ),
    ] = "none",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Highlights JSON (default: <media stem>.highlights.json).",
        ),
    ] = None,
    report: Annotated[
        str | None,
        typer.Option("--report", metavar="HTML", help="Also write a self-contained HTML report."),
    ] = None,
    as_json: AsJson = False,
    no_visual: Annotated[
        bool, typer.Option("--no-visual", help="Skip the picture signals.")
    ] = False,
    force: Force = False,
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
    from livegen.media.probe import require_files

    require_files(media)

    from livegen.highlights.api import Options
    from livegen.schemas.transcript import Transcript

    cfg = state.config()
    opts = Options(
        top=top,
        min_seconds=min_s,
        max_seconds=max_s,
        profile=profile or cfg.get("highlights.profile") or "default",
        cues=[*(cfg.get("highlights.cues") or []), *(cues or [])],
        visual=not no_visual,
    )
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
            raise UsageError(
                "--rerank llm needs an LLM backend",
                hint="set llm.base_url / llm.api_key (see `livegen config show`)",
            )

    rep = reporter()
    from contextlib import nullcontext

    from livegen.cache import Cache
    from livegen.media.pcm_store import shared_decode
    from livegen.media.scenes import shared_scenes

    # Transcribing here first: both stages read one decode of the soundtrack. The scene
    # cuts the picture shows are kept for a later `livegen clip` on the recording.
    with (
        nullcontext() if transcript else shared_decode() as store,
        shared_scenes(Cache(Path(cfg.cache_dir)), media),
    ):
        if transcript:
            tr = load_artifact(transcript, Transcript, kind="transcript")
            source = "<stdin>" if is_stdio(transcript) else transcript
        else:
            tr = transcribe_stage(media, cfg, reporter=rep, prior=expected_language(signals))
            source = None
        if store is not None:
            store.seal()  # a cached transcript read nothing: no copy for one last reader
        analysis = highlights_stage(
            media,
            tr,
            options=opts,
            signals=signals,
            backend=backend,
            transcript_source=source,
            reporter=rep,
        )
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
