"""`livegen run`: one command from a recording to posting-ready clips, resumable."""

from __future__ import annotations

from livegen.cli.console import echo, info, reporter, state, warn
from livegen.cli.options import (
    AiLabel,
    AsJson,
    Aspect,
    ChatLog,
    ClipPlatform,
    Exports,
    Force,
    Jobs,
    MediaFiles,
    OutDir,
    ProductSpecs,
    Reframe,
    SalesExport,
    Size,
    SpokenLanguage,
    Subtitles,
    SubtitleStyle,
    TitleCard,
    Top,
    WhisperModel,
)

SCHEMA_VERSION = "1"


def _pad(text: str, width: int) -> str:
    from livegen.text import columns

    return text + " " * (width - columns(text))


def run(
    media: MediaFiles,
    out: OutDir,
    chat: ChatLog = None,
    sales: SalesExport = None,
    spec: ProductSpecs = None,
    platform: ClipPlatform = None,
    top: Top = 5,
    lang: SpokenLanguage = None,
    model: WhisperModel = None,
    jobs: Jobs = None,
    reframe: Reframe = "face",
    size: Size = None,
    subtitles: Subtitles = "burn",
    subtitle_style: SubtitleStyle = None,
    aspect: Aspect = None,
    title_card: TitleCard = True,
    ai_label: AiLabel = False,
    export: Exports = None,
    as_json: AsJson = False,
    force: Force = False,
) -> int:
    """Transcribe, find highlights (+ HTML report) and cut clips into DIR; re-runs resume."""
    from livegen.errors import ExitCode, Interrupted

    try:
        from livegen.pipeline import RunOptions, run_pipeline

        cfg = state.config()
        opts = RunOptions(
            media=list(media),
            out_dir=out,
            chat=chat,
            sales=sales,
            specs=list(spec or []),
            platform=platform or str(cfg.get("clip.platform") or "douyin"),
            top=top,
            language=lang,
            model=model,
            jobs=jobs if jobs is not None else int(cfg.get("clip.jobs") or 0),
            reframe=reframe,
            size=size,
            subtitles=subtitles,
            subtitle_style=subtitle_style,
            aspect=aspect,
            title_card=title_card,
            ai_label=ai_label,
            exports=list(export or []),
            force=force,
        )
        result = run_pipeline(opts, cfg, reporter=reporter(), notify=info)
    except KeyboardInterrupt:
        raise Interrupted("interrupted") from None

    assert result.clips is not None  # a run without `until` always reaches the clip stage
    clips = result.clips.manifest.clips
    for c in result.clips.failed:
        warn(f"{c.file}: failed: {c.error}")
    reused = [s.name for s in result.stages if s.reused]
    info(
        f"done: {sum(c.status != 'failed' for c in clips)} clip(s) in {out}"
        + (f" (reused: {', '.join(reused)})" if reused else "")
    )
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
            "stages": [
                {"name": s.name, "reused": s.reused, "seconds": round(s.seconds, 2)}
                for s in result.stages
            ],
            "clips": [
                {
                    "file": str(out / c.file),
                    "srt": str(out / c.srt) if c.srt else None,
                    "cover": str(out / c.cover) if c.cover else None,
                    "start": c.start,
                    "end": c.end,
                    "duration": c.duration,
                    "score": c.score,
                    "title": c.title,
                    "status": c.status,
                    "error": c.error,
                }
                for c in clips
            ],
        }
        echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        from livegen.text import columns
        from livegen.timefmt import clock_tenths

        rows = [("clip", "range", "len", "score", "title")]
        for c in clips:
            name = str(out / c.file) + (" (failed)" if c.status == "failed" else "")
            span = f"{clock_tenths(c.start)}–{clock_tenths(c.end)}"
            rows.append(
                (
                    name,
                    span,
                    f"{c.duration:.1f}s",
                    "-" if c.score is None else f"{c.score:.2f}",
                    c.title,
                )
            )
        widths = [max(columns(r[k]) for r in rows) for k in range(4)]
        for r in rows:
            echo(
                (
                    "  ".join(_pad(v, w) for v, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
                ).rstrip()
            )
    return int(ExitCode.FINDINGS) if result.failed else int(ExitCode.OK)
