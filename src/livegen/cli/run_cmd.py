"""`livegen run`: one command from a recording to posting-ready clips, resumable."""

from __future__ import annotations

from pathlib import Path

import typer

from livegen.cli.console import echo, info, reporter, state, warn

SCHEMA_VERSION = "1"


def _fmt(t: float) -> str:
    m, s = divmod(t, 60)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:04.1f}" if h else f"{m}:{s:04.1f}"


def _width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def run(
    media: list[str] = typer.Argument(..., metavar="MEDIA",
                                      help="The recording (several files = one stream)."),
    out: Path = typer.Option(..., "--out", "-o", metavar="DIR",
                             help="Folder for every output (created if missing)."),
    chat: str = typer.Option(None, "--chat", metavar="LOG",
                             help="Comment log (JSONL or CSV: time, user, text)."),
    sales: str = typer.Option(None, "--sales", metavar="FILE",
                              help="Sales export (CSV/JSONL: time + orders|add_to_cart|gmv)."),
    spec: list[str] = typer.Option(None, "--spec", metavar="SPEC",
                                   help="Product spec or product list (repeatable)."),
    platform: str = typer.Option(None, "--platform", "-p", metavar="P",
                                 help="Clip preset: douyin, tiktok, reels, shorts, xiaohongshu, "
                                      "square, youtube... (default: config clip.platform, "
                                      "douyin)."),
    top: int = typer.Option(5, "--top", "-n", metavar="N", help="How many clips."),
    lang: str = typer.Option(None, "--lang", "-l", metavar="L",
                             help="Spoken language (default: detected)."),
    model: str = typer.Option(None, "--model", "-m", metavar="M",
                              help="Whisper model (default: config transcribe.model, base)."),
    jobs: int = typer.Option(None, "--jobs", "-j", metavar="N",
                             help="Clips rendered in parallel (default fits the cores)."),
    reframe: str = typer.Option("face", "--reframe", metavar="face|center|blur",
                                help="How landscape becomes vertical."),
    size: str = typer.Option(None, "--size", metavar="WxH",
                             help="Override the clip size of the platform preset."),
    subtitles: str = typer.Option("burn", "--subtitles", metavar="burn|srt|none",
                                  help="Burn captions in (plus SRT), SRT only, or none."),
    subtitle_style: str = typer.Option(None, "--subtitle-style", metavar="S",
                                       help="outline|box[,karaoke][,size=N][,pos=bottom|middle"
                                            "|top][,color=RRGGBB][,highlight=RRGGBB]"),
    aspect: str = typer.Option(None, "--aspect", metavar="W:H",
                               help="Override the aspect of the platform preset."),
    title_card: bool = typer.Option(True, "--title-card/--no-title-card",
                                    help="Show the highlight's title for the first seconds."),
    ai_label: bool = typer.Option(False, "--ai-label", help="Add a visible 'AI-generated' "
                                  "label (the container metadata always carries it)."),
    export: list[str] = typer.Option(None, "--export", metavar="fcpxml|edl|otio",
                                     help="Also write the clip ranges as an editor timeline "
                                          "(repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary on stdout."),
    force: bool = typer.Option(False, "--force", "-f",
                               help="Overwrite files in DIR that this command did not write."),
) -> int:
    """Transcribe, find highlights (+ HTML report) and cut clips into DIR; re-runs resume."""
    from livegen.errors import ExitCode, Interrupted

    try:
        from livegen.pipeline import RunOptions, run_pipeline

        cfg = state.config()
        opts = RunOptions(
            media=list(media), out_dir=out, chat=chat, sales=sales, specs=list(spec or []),
            platform=platform or str(cfg.get("clip.platform") or "douyin"), top=top,
            language=lang, model=model,
            jobs=jobs if jobs is not None else int(cfg.get("clip.jobs") or 0),
            reframe=reframe, size=size, subtitles=subtitles, subtitle_style=subtitle_style,
            aspect=aspect, title_card=title_card, ai_label=ai_label,
            exports=list(export or []), force=force)
        result = run_pipeline(opts, cfg, reporter=reporter(), notify=info)
    except KeyboardInterrupt:
        raise Interrupted("interrupted") from None

    assert result.clips is not None  # a run without `until` always reaches the clip stage
    clips = result.clips.manifest.clips
    for c in result.clips.failed:
        warn(f"{c.file}: failed: {c.error}")
    reused = [s.name for s in result.stages if s.reused]
    info(f"done: {sum(c.status != 'failed' for c in clips)} clip(s) in {out}"
         + (f" (reused: {', '.join(reused)})" if reused else ""))
    if as_json:
        import json

        summary = {
            "schema_version": SCHEMA_VERSION,
            "out_dir": str(out),
            "transcript": str(out / "transcript.json"),
            "highlights": str(out / "highlights.json"),
            "report": str(out / "report.html"),
            "clips_manifest": str(out / "clips.json"),
            "exports": [str(p) for p in result.clips.export_paths],
            "stages": [{"name": s.name, "reused": s.reused, "seconds": round(s.seconds, 2)}
                       for s in result.stages],
            "clips": [{"file": str(out / c.file), "srt": str(out / c.srt) if c.srt else None,
                       "cover": str(out / c.cover) if c.cover else None, "start": c.start,
                       "end": c.end, "duration": c.duration, "score": c.score,
                       "title": c.title, "status": c.status, "error": c.error}
                      for c in clips],
        }
        echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        rows = [("clip", "range", "len", "score", "title")]
        for c in clips:
            name = str(out / c.file) + (" (failed)" if c.status == "failed" else "")
            rows.append((name, f"{_fmt(c.start)}–{_fmt(c.end)}", f"{c.duration:.1f}s",
                         "-" if c.score is None else f"{c.score:.2f}", c.title))
        widths = [max(_width(r[k]) for r in rows) for k in range(4)]
        for r in rows:
            echo(("  ".join(_pad(v, w) for v, w in zip(r[:4], widths, strict=True))
                  + "  " + r[4]).rstrip())
    return int(ExitCode.FINDINGS) if result.failed else int(ExitCode.OK)
