"""Render clips: plan the ranges, then one ffmpeg process per clip in a small thread pool.

A clip that fails is recorded in the manifest and the others carry on. Each clip has a
key over everything that shapes its pixels and sound (source content, range, preset,
options, the caption words, this module's version); a re-run skips clips whose key
matches the manifest and whose file is still there.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livegen import __version__, cpu_budget, signals
from livegen.artifacts import artifact_from_data, atomic_output, fit_name, to_json
from livegen.cache import file_hash, key_of
from livegen.clip.ass import Layout, build_ass
from livegen.clip.captions import build_cues, clip_words, parse_style
from livegen.clip.cover import best_time, cover_args
from livegen.clip.plan import ClipRange, plan_ranges, slugify
from livegen.clip.reframe import ReframePlan, Samples, even, plan_reframe
from livegen.clip.render import RenderJob, ffmpeg_args
from livegen.clip.tags import clip_tags
from livegen.errors import (
    DiskFullError,
    Interrupted,
    LivegenError,
    OutputExistsError,
    UsageError,
)
from livegen.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from livegen.media.probe import MediaInfo, probe
from livegen.media.scenes import SceneCuts, active_scenes
from livegen.platforms import Platform, get_platform
from livegen.progress import NullReporter, Reporter
from livegen.schemas.clips import Clip, ClipManifest
from livegen.schemas.common import AI_LABEL, GeneratedBy
from livegen.schemas.highlights import Highlights
from livegen.schemas.spec import ProductSpec
from livegen.schemas.transcript import Transcript
from livegen.subtitles import to_srt

RENDER_VERSION = "1"  # bump when the render output changes for the same inputs
REFRAME_MODES = ("face", "center", "blur")
SUBTITLE_MODES = ("burn", "srt", "none")
MANIFEST = "clips.json"
# Bytes a clip's base name leaves for its longest suffix and temporary name
# (".{base}.{8 hex}.part.mp4").
_NAME_RESERVE = len("..12345678.part.mp4") + 4


@dataclass
class ClipOptions:
    platform: str = "douyin"
    aspect: str | None = None
    size: str | None = None
    reframe: str = "face"
    subtitles: str = "burn"
    subtitle_style: str | None = None
    title_card: bool = True
    ai_label: bool = False
    jobs: int = 0  # 0 = fit the cores
    export: str | None = None  # one format; `exports` takes several
    exports: list[str] = field(default_factory=list)
    out_dir: Path = Path(".")
    dry_run: bool = False
    force: bool = False
    top: int | None = None
    pad: float = 0.25
    # How clips.json is written (after every finished clip); `livegen run` passes its own
    # so the run's state knows every version of the manifest as the run's file.
    manifest_writer: Callable[[Path, str], None] | None = None
    # Names of files in out_dir that the caller wrote earlier (`livegen run`'s own clips):
    # a clip that cannot be reused (see `reusable`) may replace those instead of refusing.
    replaceable: frozenset[str] = frozenset()
    # Scene cuts the highlights stage found (stream seconds); face reframing takes them
    # where they cover a clip instead of deciding the cuts again.
    scene_cuts: SceneCuts | None = None


@dataclass
class Source:
    path: str
    offset: float  # on the joined timeline
    info: MediaInfo
    sha: str


@dataclass
class ClipRun:
    manifest: ClipManifest
    manifest_path: Path | None
    written: list[Path] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    export_path: Path | None = None  # the first of export_paths
    export_paths: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[Clip]:
        return [c for c in self.manifest.clips if c.status == "failed"]


def default_jobs(src_w: int = 0, src_h: int = 0, clips: int | None = None) -> tuple[int, int]:
    """(parallel clips, x264 threads each), from this process's CPU budget (a batch worker
    gets a share of the cores) and the source size (see `livegen.clip.jobs`)."""
    from livegen.clip.jobs import auto_jobs

    return auto_jobs(src_w, src_h, cores=cpu_budget.cores(), clips=clips)


def output_size(platform: Platform, aspect: str | None, size: str | None) -> tuple[int, int]:
    if size:
        m = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", size)
        if not m:
            raise UsageError(f"--size: expected WIDTHxHEIGHT like 1080x1920, got {size!r}")
        w, h = int(m.group(1)), int(m.group(2))
        if not (16 <= w <= 7680 and 16 <= h <= 7680):
            raise UsageError(f"--size: {w}x{h} is outside 16..7680 pixels")
        return even(w), even(h)
    if aspect:
        m = re.fullmatch(r"\s*(\d{1,3}(?:\.\d+)?)\s*[:/]\s*(\d{1,3}(?:\.\d+)?)\s*", aspect)
        if not m or float(m.group(1)) <= 0 or float(m.group(2)) <= 0:
            raise UsageError(f"--aspect: expected W:H like 9:16, got {aspect!r}")
        a = float(m.group(1)) / float(m.group(2))
        long_side = max(platform.width, platform.height)
        if a >= 1:
            return even(long_side), even(long_side / a)
        return even(long_side * a), even(long_side)
    return platform.width, platform.height


def check_options(opts: ClipOptions) -> None:
    if opts.reframe not in REFRAME_MODES:
        raise UsageError(
            f"--reframe: unknown mode {opts.reframe!r} (known: {', '.join(REFRAME_MODES)})"
        )
    if opts.subtitles not in SUBTITLE_MODES:
        raise UsageError(
            f"--subtitles: unknown mode {opts.subtitles!r} (known: {', '.join(SUBTITLE_MODES)})"
        )
    if opts.jobs < 0:
        raise UsageError(f"--jobs must be 0 (auto) or more, got {opts.jobs}")
    if opts.top is not None and opts.top < 1:
        raise UsageError(f"--top must be at least 1, got {opts.top}")
    for fmt in export_formats(opts):
        from livegen.clip.export import FORMATS

        if fmt not in FORMATS:
            raise UsageError(f"--export: unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def export_formats(opts: ClipOptions) -> list[str]:
    """Every timeline format asked for, each once, in the order given."""
    asked = [*([opts.export] if opts.export else []), *opts.exports]
    parts = [p.strip().lower() for f in asked for p in f.split(",")]  # "fcpxml,edl" too
    return list(dict.fromkeys(p for p in parts if p))


def validate_options(opts: ClipOptions) -> None:
    """Every option check that needs no input file, so bad flags fail before slow work."""
    check_options(opts)
    output_size(get_platform(opts.platform), opts.aspect, opts.size)
    parse_style(opts.subtitle_style)


def load_sources(media: list[str]) -> list[Source]:
    sources: list[Source] = []
    offset = 0.0
    for m in media:
        info = probe(m)
        if not info.has_video:
            raise UsageError(f"{m}: has no video stream to clip")
        sources.append(Source(str(m), offset, info, file_hash(m)))
        offset += info.duration
    return sources


@dataclass
class Part:
    """The piece of one source file a clip takes: where it starts in that file, how long."""

    source: Source
    start: float
    duration: float


MIN_PART = 0.05  # shorter overlaps with a neighbouring fragment are rounding, not content


def locate_parts(sources: list[Source], start: float, end: float) -> list[Part]:
    """The pieces of the fragments a range on the joined timeline covers, in order.

    A highlight across the boundary of two fragments of one stream becomes one clip made
    of the end of the first file and the start of the next (joined by ffmpeg's concat).
    """
    parts: list[Part] = []
    for s in sources:
        a = max(start, s.offset)
        b = min(end, s.offset + s.info.duration)
        if b - a >= MIN_PART:
            parts.append(Part(s, round(a - s.offset, 3), round(b - a, 3)))
    return parts


def _shell(cmd: list[str], env: dict[str, str] | None = None) -> str:
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
    line = shlex.join(cmd)
    return f"{prefix} {line}" if prefix else line


@dataclass
class _Work:
    rng: ClipRange
    source: Source  # of the first part
    local_start: float
    duration: float  # of all parts together
    parts: list[Part]
    base: str
    key: str
    mp4: Path
    srt: Path | None
    cover: Path
    clip: Clip


class ClipRenderer:
    """Owns one run: options, sources, the pool of ffmpeg children and their clean-up."""

    def __init__(
        self,
        media: list[str],
        *,
        transcript: Transcript | None,
        highlights: Highlights | None,
        at: list[tuple[float, float]],
        spec: ProductSpec | None,
        options: ClipOptions,
        reporter: Reporter | None = None,
    ) -> None:
        check_options(options)
        if not highlights and not at:
            raise UsageError("nothing to clip: pass --highlights or --at")
        self.opts = options
        self.reporter = reporter or NullReporter()
        self.platform = get_platform(options.platform)
        self.width, self.height = output_size(self.platform, options.aspect, options.size)
        self.style = parse_style(options.subtitle_style)
        self.transcript = transcript
        self.highlights = highlights
        self.at = at
        self.spec = spec
        if options.subtitles != "none" and transcript is None:
            raise UsageError(
                "subtitles need a transcript: pass --transcript T (or --subtitles none)"
            )
        self.sources = load_sources(media)
        self.total = sum(s.info.duration for s in self.sources)
        self._procs: set[Any] = set()
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.language = transcript.language if transcript else self.platform.language
        self._scenes = active_scenes()  # taken here: the render threads see no context

    # -- planning ------------------------------------------------------------------------

    def plan(self) -> list[ClipRange]:
        ranges = plan_ranges(
            highlights=self.highlights,
            at=self.at,
            transcript=self.transcript,
            total=self.total,
            max_duration=self.platform.max_duration,
            top=self.opts.top,
            pad=self.opts.pad,
            warn=self.reporter.warn,
        )
        if not ranges:
            raise UsageError("the highlights file lists no clip ranges")
        return ranges

    def _preset(self) -> dict[str, str | int | float | bool | None]:
        p = self.platform
        return {
            "name": p.name,
            "width": self.width,
            "height": self.height,
            "fps": p.fps,
            "max_duration": p.max_duration,
            "video_bitrate": p.video_bitrate,
            "loudness": p.loudness,
            "reframe": self.opts.reframe,
            "subtitles": self.opts.subtitles,
            "subtitle_style": self.opts.subtitle_style or "outline",
            "title_card": self.opts.title_card,
            "ai_label": self.opts.ai_label,
        }

    def _font_family(self) -> str:
        from livegen.fonts import find_cjk_font

        return find_cjk_font().family

    def _work_items(self, ranges: list[ClipRange]) -> list[_Work]:
        stem = slugify(Path(self.sources[0].path).stem, 40)
        items: list[_Work] = []
        family = self._font_family() if self._burns_text() else ""
        for rng in ranges:
            parts = locate_parts(self.sources, rng.start, rng.end)
            duration = round(sum(p.duration for p in parts), 3)
            if not parts or duration <= 0.1:
                where = parts[0].source.path if parts else self.sources[-1].path
                raise UsageError(f"range {rng.start:.2f}-{rng.end:.2f} s is empty in {where}")
            src, local_start = parts[0].source, parts[0].start
            if rng.start + duration < rng.end - 0.01:
                self.reporter.warn(
                    f"clip {rng.index:02d}: cut at the end of "
                    f"{parts[-1].source.path} ({rng.start + duration:.2f} s "
                    f"instead of {rng.end:.2f} s)"
                )
            words = []
            if self.transcript is not None:
                words = [
                    (round(w.start, 3), round(w.end, 3), w.word)
                    for w in self.transcript.words_between(rng.start - 1, rng.end + 1)
                ]
            joined = [] if len(parts) == 1 else [(p.source.sha, p.start, p.duration) for p in parts]
            key = key_of(
                "clip",
                RENDER_VERSION,
                __version__,
                src.sha,
                round(local_start, 3),
                duration,
                self._preset(),
                self.opts.pad,
                rng.title,
                words,
                family,
                *([joined] if joined else []),
            )
            out = self.opts.out_dir
            base = fit_name(
                f"{stem}-{rng.index:02d}-{slugify(rng.title or rng.text or 'clip')}",
                "",
                out if out.is_dir() else ".",
                reserve=_NAME_RESERVE,
            )
            srt = out / f"{base}.srt" if self.opts.subtitles != "none" else None
            text = rng.text
            clip = Clip(
                start=rng.start,
                end=round(rng.start + duration, 3),
                file=f"{base}.mp4",
                srt=srt.name if srt else None,
                cover=f"{base}.jpg",
                width=self.width,
                height=self.height,
                duration=duration,
                title=rng.title or rng.hook or "",
                tags=clip_tags(product=rng.product, spec=self.spec, text=text),
                score=rng.score,
                platform=self.platform.name,
                key=key,
            )
            items.append(
                _Work(
                    rng,
                    src,
                    local_start,
                    duration,
                    parts,
                    base,
                    key,
                    out / f"{base}.mp4",
                    srt,
                    out / f"{base}.jpg",
                    clip,
                )
            )
        return items

    def _burns_text(self) -> bool:
        return self.opts.subtitles == "burn" or self.opts.title_card or self.opts.ai_label

    def _previous(self) -> dict[str, Clip]:
        path = self.opts.out_dir / MANIFEST
        if not path.is_file():
            return {}
        try:
            import json

            data = json.loads(path.read_text(encoding="utf-8"))
            old = artifact_from_data(data, ClipManifest, kind="clip manifest", source=str(path))
        except (LivegenError, ValueError, OSError):
            return {}
        return {c.file: c for c in old.clips}

    # -- running ---------------------------------------------------------------------------

    def run(self) -> ClipRun:
        out = self.opts.out_dir
        if not self.opts.dry_run:
            if not out.exists():
                out.mkdir(parents=True, exist_ok=True)
            if not os.access(out, os.W_OK):
                raise UsageError(f"{out}: output folder is not writable")
        ranges = self.plan()
        items = self._work_items(ranges)
        previous = self._previous()
        todo: list[_Work] = []
        for w in items:
            old = previous.get(w.clip.file)
            if old is not None and not self.opts.force and reusable(old, w.clip, out):
                w.clip = w.clip.model_copy(
                    update={"status": "skipped", "cover": old.cover, "srt": old.srt}
                )
                continue
            todo.append(w)
        if not self.opts.force and not self.opts.dry_run:
            self._clear_replaceable(todo)
            for w in todo:
                mine = previous.get(w.clip.file)
                if mine is not None and mine.status == "pending":
                    continue  # a render of ours that was stopped halfway: redo it
                for p in (w.mp4, w.srt, w.cover):
                    if p is not None and p.exists():
                        raise OutputExistsError(
                            f"{p}: already exists (made from other inputs)",
                            hint="pass --force to overwrite it",
                        )
            mpath = out / MANIFEST
            if mpath.exists() and not previous:
                raise OutputExistsError(
                    f"{mpath}: already exists and is not a clip manifest",
                    hint="pass --force to overwrite it",
                )
        result = ClipRun(
            ClipManifest(
                source=[s.path for s in self.sources],
                platform=self.platform.name,
                preset=self._preset(),
            ),
            None,
        )
        if self.opts.dry_run:
            for w in todo:
                result.commands.extend(self._commands(w))
            result.manifest.clips = [w.clip for w in items]
            return result
        result.manifest.generated_by = GeneratedBy(backend="ffmpeg", model=None)
        started = {id(w) for w in todo}
        for w in todo:
            w.clip = w.clip.model_copy(update={"status": "pending"})

        def save_progress() -> None:
            """clips.json as it stands: finished clips as they are, the rest pending."""
            result.manifest.clips = [w.clip for w in items]
            self._write_manifest(out / MANIFEST, to_json(result.manifest))

        existed = (out / MANIFEST).exists()
        save_progress()
        try:
            self._render_all(todo, on_finished=save_progress)
        except BaseException:
            # Stopped before any clip got a file: leave the folder as it was.
            if (
                not existed
                and all(w.clip.status == "pending" for w in items)
                and not any(
                    p is not None and p.exists() for w in todo for p in (w.mp4, w.srt, w.cover)
                )
            ):
                (out / MANIFEST).unlink(missing_ok=True)
            raise
        for w in items:
            if id(w) in started and w.clip.status == "pending":
                w.clip = w.clip.model_copy(update={"status": "rendered"})
        result.manifest.clips = [w.clip for w in items]
        for w in items:
            if w.clip.status in ("rendered", "skipped"):
                result.written.append(w.mp4)
                if w.clip.srt:
                    result.written.append(out / w.clip.srt)
                if w.clip.cover and (out / w.clip.cover).is_file():
                    result.written.append(out / w.clip.cover)
        mpath = out / MANIFEST
        self._write_manifest(mpath, to_json(result.manifest))
        result.manifest_path = mpath
        result.written.append(mpath)
        for fmt in export_formats(self.opts):
            path = self._export(items, fmt)
            result.export_paths.append(path)
            result.written.append(path)
        result.export_path = result.export_paths[0] if result.export_paths else None
        return result

    def _clear_replaceable(self, todo: list[_Work]) -> None:
        """Remove the caller's own earlier files that these clips will write again from
        other inputs; files of clips that are reused stay."""
        mine = self.opts.replaceable
        for w in todo:
            for p in (w.mp4, self.opts.out_dir / f"{w.base}.srt", w.cover):
                if p.name in mine:
                    p.unlink(missing_ok=True)

    def _write_manifest(self, path: Path, text: str) -> None:
        if self.opts.manifest_writer is not None:
            self.opts.manifest_writer(path, text)
            return
        data = text.encode("utf-8")
        with atomic_output(path, force=True, size_hint=len(data)) as tmp:
            tmp.write_bytes(data)

    def _export(self, items: list[_Work], fmt: str) -> Path:
        from livegen.clip.export import ExportClip, export_suffix, write_timeline

        clips = [
            ExportClip(
                f"{w.rng.index:02d} {w.clip.title or w.base}",
                part.source.path,
                part.source.info.duration,
                part.start,
                part.start + part.duration,
                part.source.info.width,
                part.source.info.height,
                part.source.info.has_audio,
                part.source.info.channels or 2,
                part.source.info.sample_rate or 48000,
            )
            for w in items
            for part in w.parts
        ]
        stem = Path(self.sources[0].path).stem
        suffix = export_suffix(fmt)
        path = self.opts.out_dir / f"{slugify(stem, 40)}-clips{suffix}"
        fps = self.sources[0].info.fps or self.platform.fps
        return write_timeline(clips, path, fmt, name=f"{stem} clips", fps=fps, force=True)

    def _ffmpeg_env(self) -> dict[str, str] | None:
        if not self._burns_text():
            return None
        from livegen.fonts import fontconfig_env

        return fontconfig_env()

    def _label(self) -> str:
        if not self.opts.ai_label:
            return ""
        return "AI生成" if self.language.startswith("zh") else "AI-generated"

    def _reframe(self, w: _Work) -> tuple[ReframePlan, Samples | None]:
        info = w.source.info
        known = self.opts.scene_cuts
        if known is None and self._scenes is not None:
            known = self._scenes.known()  # from an earlier command on this recording
        at = w.source.offset + w.local_start
        scenes = None if known is None else known.shifted(-at, at, at + w.duration)
        plan, samples = plan_reframe(
            self.opts.reframe,
            src=w.source.path,
            start=w.local_start,
            duration=w.duration,
            src_w=info.width,
            src_h=info.height,
            out_w=self.width,
            out_h=self.height,
            scenes=scenes,
        )
        if self._scenes is not None and plan.seen is not None:
            self._scenes.add(plan.seen.shifted(at, 0.0, w.duration + 1.0))  # for the next
        return plan, samples

    def _captions(self, w: _Work) -> tuple[str | None, str]:
        """(SRT text or None, ASS text or '') for one clip."""
        cues = []
        if self.transcript is not None and self.opts.subtitles != "none":
            layout = Layout(self.width, self.height, self.platform.safe)
            words = clip_words(self.transcript, w.rng.start, w.rng.start + w.duration)
            cues = build_cues(
                words,
                line_limit=self.style.line_limit(self.width, self.height, layout.safe_width),
                clip_duration=w.duration,
            )
        srt = to_srt(cues) if self.opts.subtitles != "none" else None
        burn = cues if self.opts.subtitles == "burn" else []
        title = (w.rng.title or w.rng.hook) if self.opts.title_card else ""
        label = self._label()
        if not burn and not title and not label:
            return srt, ""
        layout = Layout(self.width, self.height, self.platform.safe)
        ass = build_ass(
            cues=burn,
            layout=layout,
            style=self.style,
            font_family=self._font_family(),
            title=title,
            label=label,
            duration=w.duration,
        )
        return srt, ass

    def _job(self, w: _Work, plan: ReframePlan, ass_path: str | None, out: str) -> RenderJob:
        _jobs, threads = self._pool_size()
        joined = [(p.source.path, p.start, p.duration) for p in w.parts] if len(w.parts) > 1 else []
        return RenderJob(
            src=w.source.path,
            start=w.local_start,
            duration=w.duration,
            out=out,
            platform=self.platform,
            reframe=plan,
            ass=ass_path,
            has_audio=all(p.source.info.has_audio for p in w.parts),
            threads=threads,
            title=w.clip.title,
            parts=joined,
            src_width=w.source.info.width,
            src_height=w.source.info.height,
        )

    def _pool_size(self) -> tuple[int, int]:
        w = max((s.info.width for s in self.sources), default=0)
        h = max((s.info.height for s in self.sources), default=0)
        jobs, threads = default_jobs(w, h, getattr(self, "_clip_count", None))
        if self.opts.jobs:
            cores = cpu_budget.cores()
            jobs = self.opts.jobs
            threads = max(1, cores // jobs)
        return jobs, threads

    def _commands(self, w: _Work) -> list[str]:
        plan, samples = self._reframe(w)
        _, ass = self._captions(w)
        ass_path = (
            str(Path(tempfile.gettempdir()) / "livegen-clip" / f"{w.base}.ass") if ass else None
        )
        job = self._job(w, plan, ass_path, str(w.mp4))
        env = self._ffmpeg_env() if ass else None
        base = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y"]
        t = best_time(
            w.source.path,
            w.local_start,
            w.duration,
            w.source.info.width,
            w.source.info.height,
            samples,
        )
        return [
            _shell(base + ffmpeg_args(job), env),
            _shell(base + cover_args(w.source.path, w.local_start, t, plan, str(w.cover))),
        ]

    def _render_all(
        self,
        todo: list[_Work],
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        if not todo:
            return
        self._clip_count = len(todo)
        jobs, _ = self._pool_size()
        total = sum(w.duration for w in todo)
        with self.reporter.task(
            f"rendering {len(todo)} clip{'s' * (len(todo) > 1)}", total=total, unit="s"
        ) as task:
            progress_lock = threading.Lock()

            def advance(delta: float) -> None:
                with progress_lock:
                    task.advance(delta)

            pool = ThreadPoolExecutor(
                max_workers=min(jobs, len(todo)), thread_name_prefix="livegen-clip"
            )
            futures: dict[Future[None], _Work] = {
                pool.submit(self._render_one, w, advance): w for w in todo
            }
            pending = set(futures)
            try:
                while pending:
                    done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                    for f in done:
                        w = futures[f]
                        exc = f.exception()
                        if exc is not None:
                            if isinstance(exc, Interrupted | DiskFullError):
                                raise exc
                            msg = (
                                exc.message
                                if isinstance(exc, LivegenError)
                                else f"{type(exc).__name__}: {exc}"
                            )
                            w.clip = w.clip.model_copy(update={"status": "failed", "error": msg})
                            self.reporter.warn(f"clip {w.rng.index:02d} failed: {msg}")
                        else:
                            w.clip = w.clip.model_copy(update={"status": "rendered"})
                    if done and on_finished is not None:
                        on_finished()  # a re-run after a stop keeps what is finished
            except (KeyboardInterrupt, Interrupted):
                self._stop(pool)
                raise Interrupted("interrupted: unfinished clips were removed") from None
            except DiskFullError:
                self._stop(pool)  # every other clip would fail the same way
                raise
            pool.shutdown(wait=True)

    def _stop(self, pool: ThreadPoolExecutor) -> None:
        self._cancel.set()
        self._kill_children()
        pool.shutdown(wait=True, cancel_futures=True)

    def _kill_children(self) -> None:
        with self._lock:
            procs = list(self._procs)
        for p in procs:
            with contextlib.suppress(OSError):
                p.kill()

    def _track(self, proc: Any) -> None:
        with self._lock:
            self._procs.add(proc)
        if self._cancel.is_set():
            with contextlib.suppress(OSError):
                proc.kill()

    def _ffmpeg(
        self,
        args: list[str],
        *,
        what: str,
        env: dict[str, str] | None = None,
        on_time: Callable[[float], None] | None = None,
    ) -> None:
        if self._cancel.is_set():
            raise Interrupted("interrupted")
        run_ffmpeg(args, what=what, on_time=on_time, env=env, on_start=self._track)
        if self._cancel.is_set():
            raise Interrupted("interrupted")

    def _render_one(self, w: _Work, advance: Callable[[float], None]) -> None:
        plan, samples = self._reframe(w)
        srt_text, ass_text = self._captions(w)
        tmpdir = Path(tempfile.mkdtemp(prefix="livegen-clip-"))
        signals.track_dir(tmpdir)  # the captions file goes even if livegen is stopped
        try:
            ass_path = None
            if ass_text:
                ass_path = tmpdir / "captions.ass"
                ass_path.write_text(ass_text, encoding="utf-8")
            done = [0.0]

            def on_time(t: float) -> None:
                t = min(t, w.duration)
                if t > done[0]:
                    advance(t - done[0])
                    done[0] = t

            with atomic_output(w.mp4, force=True) as tmp:
                job = self._job(w, plan, str(ass_path) if ass_path else None, str(tmp))
                self._ffmpeg(
                    ffmpeg_args(job),
                    what=f"clip {w.rng.index:02d}",
                    env=self._ffmpeg_env() if ass_path else None,
                    on_time=on_time,
                )
            advance(max(0.0, w.duration - done[0]))
            if w.srt is not None and srt_text is not None:
                with atomic_output(w.srt, force=True) as tmp:
                    tmp.write_text(srt_text, encoding="utf-8")
            t = best_time(
                w.source.path,
                w.local_start,
                w.duration,
                w.source.info.width,
                w.source.info.height,
                samples,
            )
            try:
                with atomic_output(w.cover, force=True) as tmp:
                    self._ffmpeg(
                        cover_args(w.source.path, w.local_start, t, plan, str(tmp)),
                        what=f"cover {w.rng.index:02d}",
                    )
            except LivegenError as exc:
                if isinstance(exc, Interrupted):
                    raise
                self.reporter.warn(f"clip {w.rng.index:02d}: no cover ({exc.message})")
                w.clip = w.clip.model_copy(update={"cover": None})
            note = "; ".join(w.rng.notes)
            if note:
                self.reporter.info(f"clip {w.rng.index:02d}: {note}")
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
            signals.untrack_dir(tmpdir)


def reusable(old: Clip, planned: Clip, out_dir: Path) -> bool:
    """The clip-reuse rule: a clip the manifest lists as made, with the same key (same
    source, range, preset, options and words), whose file is still there, is kept."""
    return (
        old.key == planned.key
        and old.status in ("rendered", "skipped")
        and (out_dir / planned.file).is_file()
    )


def render_clips(
    media: list[str],
    *,
    transcript: Transcript | None,
    highlights: Highlights | None,
    at: list[tuple[float, float]],
    spec: ProductSpec | None = None,
    options: ClipOptions | None = None,
    reporter: Reporter | None = None,
) -> ClipRun:
    """Plan and render the clips; see ClipOptions for the knobs."""
    return ClipRenderer(
        media,
        transcript=transcript,
        highlights=highlights,
        at=at,
        spec=spec,
        options=options or ClipOptions(),
        reporter=reporter,
    ).run()


__all__ = ["AI_LABEL", "ClipOptions", "ClipRun", "render_clips"]
