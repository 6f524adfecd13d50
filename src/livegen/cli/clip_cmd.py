"""`livegen clip`: platform-ready short clips with burned-in captions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from livegen.cli.console import echo, info, reporter, state, warn
from livegen.cli.options import (
    AiLabel,
    AsJson,
    Aspect,
    ClipOutDir,
    ClipPlatform,
    Exports,
    Force,
    HighlightsIn,
    Jobs,
    MediaFiles,
    Reframe,
    Size,
    Subtitles,
    SubtitleStyle,
    TitleCard,
    TopOrAll,
    TranscriptIn,
)


def clip(
    media: MediaFiles,
    highlights: HighlightsIn = None,
    transcript: TranscriptIn = None,
    at: Annotated[
        list[str] | None,
        typer.Option(
            "--at",
            metavar="START-END",
            help="A range to clip, e.g. 00:12:30-00:13:05, 750-785 or 12:30.5-13:05; repeatable.",
        ),
    ] = None,
    top: TopOrAll = None,
    platform: ClipPlatform = None,
    aspect: Aspect = None,
    size: Size = None,
    reframe: Reframe = "face",
    subtitles: Subtitles = "burn",
    subtitle_style: SubtitleStyle = None,
    title_card: TitleCard = True,
    ai_label: AiLabel = False,
    spec: Annotated[
        str | None,
        typer.Option(
            "--spec", metavar="SPEC", help="Product spec: its name and keywords become tags."
        ),
    ] = None,
    jobs: Jobs = None,
    export: Exports = None,
    out_dir: ClipOutDir = Path("."),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the ffmpeg commands; render nothing.")
    ] = False,
    as_json: AsJson = False,
    force: Force = False,
) -> int:
    """Cut highlights (or --at ranges) into platform-sized clips with burned-in captions."""
    # typer turns Ctrl-C into a silent exit 130; raising Interrupted gives the usual
    # one-line message from the CLI's error boundary (same exit code).
    from livegen.errors import Interrupted

    try:
        from livegen.artifacts import to_json
        from livegen.clip.api import ClipOptions, render_clips, validate_options
        from livegen.clip.plan import parse_range
        from livegen.errors import ExitCode, UsageError
        from livegen.media.probe import require_files
        from livegen.pipeline import clip_inputs

        cfg = state.config()
        ranges = [parse_range(a) for a in (at or [])]
        if highlights and ranges:
            raise UsageError("pass either --highlights or --at, not both")
        options = ClipOptions(
            platform=platform or str(cfg.get("clip.platform") or "douyin"),
            aspect=aspect,
            size=size,
            reframe=reframe,
            subtitles=subtitles,
            subtitle_style=subtitle_style,
            title_card=title_card,
            ai_label=ai_label,
            jobs=jobs if jobs is not None else int(cfg.get("clip.jobs") or 0),
            exports=list(export or []),
            out_dir=out_dir,
            dry_run=dry_run,
            force=force,
            top=top,
        )
        validate_options(options)
        media_paths = require_files(media)
        rep = reporter()
        from livegen.cache import Cache
        from livegen.media.scenes import shared_scenes

        # Face reframing takes the scene cuts an earlier `livegen highlights` (or the
        # highlights stage run here) found, and keeps those it decides itself.
        with shared_scenes(Cache(Path(cfg.cache_dir)), media_paths):
            tr, hl = clip_inputs(
                media_paths,
                cfg,
                highlights=highlights,
                transcript=transcript,
                need_highlights=not ranges,
                need_transcript=subtitles != "none",
                reporter=rep,
            )
            product_spec = None
            if spec:
                from livegen.spec import load_spec

                product_spec = load_spec(spec)
            run = render_clips(
                media_paths,
                transcript=tr,
                highlights=hl,
                at=ranges,
                spec=product_spec,
                options=options,
                reporter=rep,
            )
        if dry_run:
            for line in run.commands:
                echo(line)
            if not run.commands:
                info("nothing to render: every clip is up to date")
            return int(ExitCode.OK)
        skipped = sum(c.status == "skipped" for c in run.manifest.clips)
        if skipped:
            info(
                f"{skipped} clip{'s' * (skipped > 1)} already rendered with the same inputs: "
                "skipped (--force re-renders)"
            )
        for c in run.failed:
            warn(f"{c.file}: failed: {c.error}")
        if as_json:
            echo(to_json(run.manifest).rstrip("\n"))
        else:
            for p in run.written:
                echo(str(p))
        return int(ExitCode.FINDINGS) if run.failed else int(ExitCode.OK)
    except KeyboardInterrupt:
        raise Interrupted("interrupted") from None
