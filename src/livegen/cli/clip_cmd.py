"""`livegen clip`: platform-ready short clips with burned-in captions."""

from __future__ import annotations

from pathlib import Path

import typer

from livegen.cli.console import echo, info, reporter, state, warn


def clip(
    media: list[Path] = typer.Argument(..., metavar="MEDIA",
                                       help="The recording (several files = one stream)."),
    highlights: str = typer.Option(None, "--highlights", metavar="H",
                                   help="Highlights JSON from `livegen highlights` (- = stdin)."),
    transcript: str = typer.Option(None, "--transcript", metavar="T",
                                   help="Transcript JSON from `livegen transcribe`."),
    at: list[str] = typer.Option(None, "--at", metavar="START-END",
                                 help="A range to clip, e.g. 00:12:30-00:13:05, 750-785 or "
                                      "12:30.5-13:05; repeatable."),
    top: int = typer.Option(None, "--top", metavar="N", help="Only the N best highlights."),
    platform: str = typer.Option(None, "--platform", "-p", metavar="P",
                                 help="douyin, tiktok, reels, shorts, xiaohongshu, "
                                      "wechat-channels, square, youtube... (default: config "
                                      "clip.platform, douyin)."),
    aspect: str = typer.Option(None, "--aspect", metavar="W:H", help="Override the aspect."),
    size: str = typer.Option(None, "--size", metavar="WxH", help="Override the output size."),
    reframe: str = typer.Option("face", "--reframe", metavar="face|center|blur",
                                help="How landscape becomes vertical."),
    subtitles: str = typer.Option("burn", "--subtitles", metavar="burn|srt|none",
                                  help="Burn captions in (plus SRT), SRT only, or none."),
    subtitle_style: str = typer.Option(None, "--subtitle-style", metavar="S",
                                       help="outline|box[,karaoke][,size=N][,pos=bottom|middle"
                                            "|top][,color=RRGGBB][,highlight=RRGGBB]"),
    title_card: bool = typer.Option(True, "--title-card/--no-title-card",
                                    help="Show the highlight's title for the first seconds."),
    ai_label: bool = typer.Option(False, "--ai-label", help="Add a visible 'AI-generated' "
                                  "label (the container metadata always carries it)."),
    spec: str = typer.Option(None, "--spec", metavar="SPEC",
                             help="Product spec: its name and keywords become tags."),
    jobs: int = typer.Option(None, "--jobs", "-j", metavar="N",
                             help="Clips rendered in parallel (default fits the cores)."),
    export: list[str] = typer.Option(None, "--export", metavar="fcpxml|edl|otio",
                                     help="Also write the ranges as an editor timeline "
                                          "(repeatable: several formats at once)."),
    out_dir: Path = typer.Option(Path("."), "--out-dir", "-o", metavar="DIR",
                                 help="Where clips, SRTs, covers and clips.json go."),
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Print the ffmpeg commands; render nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the manifest JSON."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing outputs."),
) -> int:
    """Cut highlights (or --at ranges) into platform-sized clips with burned-in captions."""
    # typer turns Ctrl-C into a silent exit 130; raising Interrupted gives the usual
    # one-line message from the CLI's error boundary (same exit code).
    from livegen.errors import Interrupted

    try:
        from livegen.artifacts import load_artifact, to_json
        from livegen.clip.api import ClipOptions, render_clips, validate_options
        from livegen.clip.plan import parse_range
        from livegen.errors import ExitCode, InputError, UsageError
        from livegen.schemas.highlights import Highlights
        from livegen.schemas.transcript import Transcript

        cfg = state.config()
        ranges = [parse_range(a) for a in (at or [])]
        if highlights and ranges:
            raise UsageError("pass either --highlights or --at, not both")
        options = ClipOptions(
            platform=platform or str(cfg.get("clip.platform") or "douyin"),
            aspect=aspect, size=size, reframe=reframe, subtitles=subtitles,
            subtitle_style=subtitle_style, title_card=title_card, ai_label=ai_label,
            jobs=jobs if jobs is not None else int(cfg.get("clip.jobs") or 0),
            exports=list(export or []),
            out_dir=out_dir, dry_run=dry_run, force=force, top=top,
        )
        validate_options(options)
        media_paths = [str(m) for m in media]
        for m in media:
            if not m.is_file():
                raise InputError(f"{m}: no such file" if not m.exists() else
                                 f"{m}: is not a media file")
        hl = load_artifact(highlights, Highlights, kind="highlights") if highlights else None
        tr = load_artifact(transcript, Transcript, kind="transcript") if transcript else None
        if tr is None and hl is not None and hl.transcript and highlights != "-":
            # the highlights remember their transcript, relative to where they were written
            for candidate in (Path(hl.transcript), Path(highlights).parent / hl.transcript):
                if candidate.is_file():
                    tr = load_artifact(candidate, Transcript, kind="transcript")
                    break
        rep = reporter()
        if hl is None and not ranges:
            from livegen.pipeline import earlier_stages

            tr, hl = earlier_stages(media_paths, cfg, need_highlights=True, reporter=rep)
        elif tr is None and subtitles != "none":
            from livegen.pipeline import earlier_stages

            tr, _ = earlier_stages(media_paths, cfg, need_highlights=False, reporter=rep)
        product_spec = None
        if spec:
            from livegen.spec import load_spec

            product_spec = load_spec(spec)
        run = render_clips(media_paths, transcript=tr, highlights=hl, at=ranges, spec=product_spec,
                           options=options, reporter=rep)
        if dry_run:
            for line in run.commands:
                echo(line)
            if not run.commands:
                info("nothing to render: every clip is up to date")
            return int(ExitCode.OK)
        skipped = sum(c.status == "skipped" for c in run.manifest.clips)
        if skipped:
            info(f"{skipped} clip{'s' * (skipped > 1)} already rendered with the same inputs: "
                 "skipped (--force re-renders)")
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
