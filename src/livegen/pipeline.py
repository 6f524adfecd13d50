"""The one place that chains the stages: transcribe → highlights → clip.

Stages never import each other's internals; `livegen highlights` on a bare recording,
`livegen clip` without highlights and `livegen run` all come through here, so each of
them asks the transcript cache for the same entry `livegen transcribe` would write.

`run_pipeline` is the resumable whole run behind `livegen run`: every stage writes its
artifact into one folder, and a small state file there records the key of each finished
stage's inputs, so a re-run skips what is done and redoes only what changed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from livegen.cache import file_hash, key_of
from livegen.errors import InputError, OutputExistsError
from livegen.progress import NullReporter, Reporter

if TYPE_CHECKING:
    from livegen.chatlog import ChatMessage
    from livegen.clip.api import ClipRun
    from livegen.config import Config
    from livegen.highlights.api import Analysis
    from livegen.highlights.api import Options as HighlightOptions
    from livegen.highlights.products import ProductTerms
    from livegen.highlights.sales import SalesSeries
    from livegen.media.pcm_store import PcmStore
    from livegen.media.scenes import SceneCuts
    from livegen.schemas.highlights import Highlights
    from livegen.schemas.spec import ProductSpec
    from livegen.schemas.transcript import Transcript

STATE_FILE = ".livegen-run.json"
STATE_VERSION = "1"
TRANSCRIPT = "transcript.json"
HIGHLIGHTS = "highlights.json"
REPORT = "report.html"
CLIPS_MANIFEST = "clips.json"
SCENES = ".livegen-scenes.json"  # the highlights stage's scene cuts, for face reframing
STAGES = ("transcribe", "highlights", "clip")


# -- single stages ------------------------------------------------------------------------


def transcribe_stage(
    media: Sequence[str | os.PathLike[str]],
    config: Config,
    *,
    language: str | None = None,
    model: str | None = None,
    reporter: Reporter | None = None,
    prior: str | None = None,
) -> Transcript:
    """The (cached) transcript with the configured engine, as `livegen transcribe` makes it.

    `prior` is the language the side inputs suggest (`expected_language`): it decides a
    weak language vote, it does not force the language as `language` does."""
    from livegen.transcribe.api import default_options, transcribe_cached

    options = default_options(config, language=language, model=model)
    if prior and options.language_prior is None:
        options = replace(options, language_prior=prior)
    return transcribe_cached([str(m) for m in media], options, config, reporter or NullReporter())


@dataclass
class Signals:
    """The side inputs of the highlights stage, loaded (and checked) before slow work."""

    chat: list[ChatMessage] | None = None
    sales: SalesSeries | None = None
    products: list[ProductTerms] = field(default_factory=list)
    spec: ProductSpec | None = None  # the first product spec: lint context and clip tags


def load_signals(
    chat: str | None = None, sales: str | None = None, specs: Sequence[str] = ()
) -> Signals:
    from livegen.errors import LivegenError

    signals = Signals()
    if chat:
        from livegen.chatlog import load_chat

        signals.chat = load_chat(chat)
    if sales:
        from livegen.highlights.sales import load_sales

        signals.sales = load_sales(sales)
    for s in specs:
        from livegen.highlights.products import products_from_file

        signals.products += products_from_file(s)
        if signals.spec is None:
            from livegen.spec import load_spec

            try:
                signals.spec = load_spec(s)  # a product list is not a spec: no lint context
            except LivegenError:
                signals.spec = None
    return signals


def highlights_stage(
    media: Sequence[str | os.PathLike[str]],
    transcript: Transcript,
    *,
    options: HighlightOptions | None = None,
    signals: Signals | None = None,
    backend: Any = None,
    transcript_source: str | None = None,
    reporter: Reporter | None = None,
) -> Analysis:
    from livegen.highlights.api import find_highlights

    sig = signals or Signals()
    return find_highlights(
        media,
        transcript,
        options=options,
        chat=sig.chat,
        sales=sig.sales,
        products=sig.products,
        spec=sig.spec,
        backend=backend,
        transcript_source=transcript_source,
        reporter=reporter,
    )


def expected_language(signals: Signals) -> str | None:
    """The stream's language as the side inputs state it: the spec's, else the script of
    the chat log (a Chinese chat means a Chinese stream far more often than not)."""
    if signals.spec is not None:
        return signals.spec.language
    if signals.chat:
        from livegen.text import script_language

        return script_language([m.text for m in signals.chat[:500]])
    return None


def earlier_stages(
    media: Sequence[str | os.PathLike[str]],
    config: Config,
    *,
    need_highlights: bool,
    top: int | None = None,
    reporter: Reporter | None = None,
) -> tuple[Transcript, Highlights | None]:
    """What `livegen clip` needs when given a bare recording: its transcript and, if asked,
    its highlights (default options, the configured profile)."""
    from livegen.highlights.api import Options
    from livegen.media.pcm_store import shared_decode

    if not need_highlights:
        return transcribe_stage(media, config, reporter=reporter), None
    opts = Options(profile=str(config.get("highlights.profile") or "default"))
    if top is not None:
        opts.top = top
    with shared_decode() as store:  # both stages read the same soundtrack
        transcript = transcribe_stage(media, config, reporter=reporter)
        store.seal()  # the highlights are the last to read it
        analysis = highlights_stage(media, transcript, options=opts, reporter=reporter)
    return transcript, analysis.result


def clip_inputs(
    media: Sequence[str | os.PathLike[str]],
    config: Config,
    *,
    highlights: str | None = None,
    transcript: str | None = None,
    need_highlights: bool = True,
    need_transcript: bool = True,
    reporter: Reporter | None = None,
) -> tuple[Transcript | None, Highlights | None]:
    """The transcript and highlights `livegen clip` cuts from: the files given; else the
    transcript the highlights name (beside where they were written); else what the
    earlier stages make of the recording. `need_highlights` is False when the ranges are
    given; `need_transcript` is False when no captions are asked for."""
    from livegen.artifacts import is_stdio, load_artifact
    from livegen.schemas.highlights import Highlights
    from livegen.schemas.transcript import Transcript

    hl = load_artifact(highlights, Highlights, kind="highlights") if highlights else None
    tr = load_artifact(transcript, Transcript, kind="transcript") if transcript else None
    if tr is None and hl is not None and hl.transcript and highlights and not is_stdio(highlights):
        # the highlights remember their transcript, relative to where they were written
        for candidate in (Path(hl.transcript), Path(highlights).parent / hl.transcript):
            if candidate.is_file():
                tr = load_artifact(candidate, Transcript, kind="transcript")
                break
    if hl is None and need_highlights:
        return earlier_stages(media, config, need_highlights=True, reporter=reporter)
    if tr is None and need_transcript:
        tr, _ = earlier_stages(media, config, need_highlights=False, reporter=reporter)
    return tr, hl


# -- the whole, resumable run ----------------------------------------------------------------


@dataclass
class RunOptions:
    media: list[str]
    out_dir: Path
    chat: str | None = None
    sales: str | None = None
    specs: list[str] = field(default_factory=list)
    platform: str = "douyin"
    top: int = 5
    language: str | None = None
    model: str | None = None
    jobs: int = 0
    reframe: str = "face"
    size: str | None = None
    subtitles: str = "burn"
    subtitle_style: str | None = None
    title_card: bool = True
    ai_label: bool = False
    aspect: str | None = None
    exports: list[str] = field(default_factory=list)
    force: bool = False
    until: str = "clip"  # the last stage to run: a batch transcribes apart from the rest


@dataclass
class StageResult:
    name: str
    reused: bool
    seconds: float


@dataclass
class RunResult:
    out_dir: Path
    transcript: Transcript
    highlights: Highlights | None  # None only when the run stopped early (`until`)
    clips: ClipRun | None
    stages: list[StageResult]

    @property
    def failed(self) -> int:
        return len(self.clips.failed) if self.clips is not None else 0


class RunState:
    """`.livegen-run.json`: per stage, the key of its inputs and the hashes of the files it
    wrote. A file in the folder whose hash the state does not record is someone else's."""

    def __init__(self, out_dir: Path) -> None:
        import threading

        self._lock = threading.RLock()  # the report is recorded from its own thread
        self.path = out_dir / STATE_FILE
        self.stages: dict[str, dict[str, Any]] = {}
        self.files: dict[str, str] = {}
        # name -> hash of a version being written: recorded *before* the rename, so a run
        # stopped between the rename and the next state save still knows the file.
        self.pending: dict[str, str] = {}
        if self.path.is_file():
            from livegen.errors import LivegenError
            from livegen.safeload import load_json

            try:
                data = load_json(self.path.read_text(encoding="utf-8"), str(self.path))
            except (OSError, UnicodeDecodeError, LivegenError):
                data = {}  # unreadable: nothing is trusted, every stage is redone
            if isinstance(data, dict) and data.get("schema_version") == STATE_VERSION:
                self.stages = _str_dict(data.get("stages"))
                self.files = _str_dict(data.get("files"))
                self.pending = _str_dict(data.get("pending"))

    def owns(self, path: Path) -> bool:
        """True if `path` is missing or still holds what an earlier run wrote there."""
        if not path.exists():
            return True
        if not path.is_file():
            return False
        digest = file_hash(path)
        return digest in (self.files.get(path.name), self.pending.get(path.name))

    def write(self, path: Path, text: str) -> None:
        """Write one of the run's files atomically, known to the state at every moment."""
        from livegen.artifacts import atomic_output

        data = text.encode("utf-8")
        with self._lock:
            with atomic_output(path, force=True, size_hint=len(data)) as tmp:
                tmp.write_bytes(data)
                digest = file_hash(tmp)
                self.pending[path.name] = digest
                self.save()
            self.files[path.name] = digest
            self.pending.pop(path.name, None)
            self.save()

    def done(self, stage: str, key: str, outputs: Sequence[Path]) -> bool:
        entry = self.stages.get(stage)
        return (
            entry is not None
            and entry.get("key") == key
            and all(p.is_file() and self.files.get(p.name) == file_hash(p) for p in outputs)
        )

    def record(self, stage: str, key: str, outputs: Sequence[Path], **extra: Any) -> None:
        with self._lock:
            self._record(stage, key, outputs, **extra)

    def _record(self, stage: str, key: str, outputs: Sequence[Path], **extra: Any) -> None:
        for p in outputs:
            self.files[p.name] = file_hash(p)
        self.stages[stage] = {
            "key": key,
            "outputs": [p.name for p in outputs],
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **extra,
        }
        self.save()

    def invalidate(self, stage: str) -> None:
        with self._lock:
            if self.stages.pop(stage, None) is not None:
                self.save()

    def save(self) -> None:
        from livegen.artifacts import write_text

        with self._lock:
            data = {
                "schema_version": STATE_VERSION,
                "stages": self.stages,
                "files": self.files,
                "pending": self.pending,
            }
            write_text(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n", force=True)


def _str_dict(value: Any) -> dict[str, Any]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _hashes(paths: Sequence[str | None]) -> list[str | None]:
    out: list[str | None] = []
    for p in paths:
        if p is None:
            out.append(None)
            continue
        try:
            out.append(file_hash(p))
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return out


def _previous_clip_files(state: RunState, out: Path) -> list[str]:
    """The clip files the last run's manifest lists, if that manifest is the run's own."""
    mpath = out / CLIPS_MANIFEST
    if not mpath.is_file() or not state.owns(mpath):
        return []
    names: list[str] = []
    for c in _manifest_entries(mpath):
        names += [
            n
            for n in (c.get("file"), c.get("srt"), c.get("cover"))
            if isinstance(n, str) and n and Path(n).name == n
        ]  # never outside DIR
    return names


def _manifest_entries(mpath: Path) -> list[dict[str, Any]]:
    return [c for c in _manifest_clips(mpath) or [] if isinstance(c, dict)]


def _manifest_clips(mpath: Path) -> list[Any] | None:
    """The `clips` list of a clip manifest as written, or None when it cannot be read."""
    from livegen.errors import LivegenError
    from livegen.safeload import load_json

    try:
        data = load_json(mpath.read_text(encoding="utf-8"), str(mpath))
    except (OSError, UnicodeDecodeError, LivegenError):
        return None
    clips = data.get("clips") if isinstance(data, dict) else None
    return clips if isinstance(clips, list) else None


def run_complete(out_dir: Path) -> bool:
    """A finished `livegen run` folder: its state records every stage, and every clip its
    manifest lists is there and did not fail (what a batch keeps without running again)."""
    if set(STAGES) - set(RunState(out_dir).stages):
        return False
    clips = _manifest_clips(out_dir / CLIPS_MANIFEST)
    if clips is None:
        return False
    return all(
        isinstance(c, dict)
        and c.get("status") != "failed"
        and c.get("file")
        and (out_dir / str(c["file"])).is_file()
        for c in clips
    )


def run_pipeline(
    opts: RunOptions,
    config: Config,
    *,
    reporter: Reporter | None = None,
    notify: Callable[[str], None] | None = None,
) -> RunResult:
    """Transcribe, find highlights (plus the HTML report) and cut clips into `opts.out_dir`.

    A stage whose key (its inputs and options) matches the state file and whose outputs
    are intact is reused; a stage is written only as a whole, and the state records it
    after its files are in place, so an interrupted run resumes at the unfinished stage.
    """
    from livegen.clip.api import ClipOptions, validate_options
    from livegen.highlights.api import Options
    from livegen.highlights.profile import load_profile
    from livegen.transcribe.api import default_options

    rep = reporter or NullReporter()
    say = notify or rep.info
    if opts.until not in STAGES:
        raise ValueError(f"until must be one of {STAGES}, got {opts.until!r}")
    from livegen.media.probe import require_files

    media = require_files(opts.media)
    # Every option and side input is checked before the first slow step.
    t_opts = default_options(config, language=opts.language, model=opts.model)
    h_opts = Options(top=opts.top, profile=str(config.get("highlights.profile") or "default"))
    h_opts.check()
    load_profile(h_opts.profile)
    c_opts = ClipOptions(
        platform=opts.platform,
        size=opts.size,
        reframe=opts.reframe,
        subtitles=opts.subtitles,
        jobs=opts.jobs,
        out_dir=opts.out_dir,
        force=opts.force,
        subtitle_style=opts.subtitle_style,
        title_card=opts.title_card,
        ai_label=opts.ai_label,
        aspect=opts.aspect,
        exports=list(opts.exports),
    )
    validate_options(c_opts)
    signals = load_signals(opts.chat, opts.sales, opts.specs)
    prior = expected_language(signals)
    if prior and t_opts.language is None and t_opts.language_prior is None:
        t_opts = replace(t_opts, language_prior=prior)
    from livegen.media.probe import probe

    for m in media:
        probe(m)  # not media at all: fail before the output folder is made

    out = opts.out_dir
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    if not os.access(out, os.W_OK):
        raise InputError(f"{out}: output folder is not writable")
    from livegen.media.pcm_store import shared_decode
    from livegen.runlock import RunLock

    # Transcription and highlights read the same 16 kHz soundtrack: decoded once.
    with RunLock(out), shared_decode() as store:
        return _run_locked(
            opts, config, out, media, t_opts, h_opts, c_opts, signals, rep, say, store
        )


T = TypeVar("T")


@dataclass
class _Run:
    """What every stage of one run shares: its inputs, the folder and its state, the log."""

    opts: RunOptions
    config: Config
    out: Path
    media: list[str]
    media_hashes: list[str | None]
    state: RunState
    signals: Signals
    rep: Reporter
    say: Callable[[str], None]
    stages: list[StageResult] = field(default_factory=list)
    report: _ReportWriter | None = None  # written beside the clip renders

    def stage(
        self,
        name: str,
        key: str,
        outputs: Sequence[Path],
        *,
        make: Callable[[], T],
        reuse: Callable[[], T] | None = None,
        note: str = "",
        reused: Callable[[T], bool] | None = None,
        after: Callable[[T, float], None] | None = None,
    ) -> T:
        """Run one stage, or reuse it when `reuse` is given and the state holds its key and
        intact outputs. `make` writes the stage's files and records it in the state (when
        the stage is whole: the highlights stage records once its report is in place);
        `reused` tells whether what `make` did was only checking earlier work; `after`
        reports on the made stage with its seconds."""
        t0 = time.monotonic()
        label = f"[{STAGES.index(name) + 1}/{len(STAGES)}] {name}"
        if reuse is not None and self.state.done(name, key, outputs):
            self.say(f"{label}: reusing {outputs[0]}")
            value = reuse()
            self.stages.append(StageResult(name, True, time.monotonic() - t0))
            return value
        self.say(label + note)
        self.state.invalidate(name)
        value = make()
        seconds = time.monotonic() - t0
        self.stages.append(StageResult(name, bool(reused and reused(value)), seconds))
        if after is not None:
            after(value, seconds)
        return value


def _run_locked(
    opts: RunOptions,
    config: Config,
    out: Path,
    media: list[str],
    t_opts: Any,
    h_opts: Any,
    c_opts: Any,
    signals: Signals,
    rep: Reporter,
    say: Callable[[str], None],
    store: PcmStore,
) -> RunResult:
    """The stages, with the folder's lock held (see run_pipeline)."""
    state = RunState(out)
    own_files = [out / n for n in (TRANSCRIPT, HIGHLIGHTS, REPORT, CLIPS_MANIFEST, SCENES)]
    if not opts.force:
        for p in own_files:
            if not state.owns(p):
                raise OutputExistsError(
                    f"{p}: already exists and was not written by `livegen run` in this folder",
                    hint="pass --force to overwrite it",
                )
    run = _Run(opts, config, out, media, _hashes(media), state, signals, rep, say)
    transcript = _transcribe(run, t_opts)
    # Highlights read the soundtrack last: what transcription decoded is read again, but
    # a reused transcript decoded nothing, and nothing reads a new copy after highlights.
    store.seal()
    if opts.until == "transcribe":
        return RunResult(out, transcript, None, None, run.stages)
    highlights = _highlights(run, transcript, h_opts, c_opts)
    if opts.until == "highlights":
        return RunResult(out, transcript, highlights, None, run.stages)
    clips = _clip(run, transcript, highlights, c_opts)
    return RunResult(out, transcript, highlights, clips, run.stages)


def _transcribe(run: _Run, t_opts: Any) -> Transcript:
    """Stage 1: the transcript, from the configured engine (and its cache)."""
    from livegen.artifacts import load_artifact, to_json
    from livegen.schemas.transcript import Transcript

    opts, state, media = run.opts, run.state, run.media
    tpath = run.out / TRANSCRIPT
    t_key = key_of("run-transcribe", run.media_hashes, t_opts.engine, t_opts.key_dict())

    def make() -> Transcript:
        transcript = transcribe_stage(
            media,
            run.config,
            language=opts.language,
            model=opts.model,
            reporter=run.rep,
            prior=t_opts.language_prior,
        )
        state.write(tpath, to_json(transcript))
        state.record("transcribe", t_key, [tpath])
        return transcript

    def wrote(transcript: Transcript, seconds: float) -> None:
        run.say(
            f"      wrote {tpath} ({len(transcript.segments)} segments, "
            f"{transcript.language}, {seconds:.1f} s)"
        )

    return run.stage(
        "transcribe",
        t_key,
        [tpath],
        make=make,
        after=wrote,
        reuse=lambda: load_artifact(tpath, Transcript, kind="transcript"),
    )


def _highlights(run: _Run, transcript: Transcript, h_opts: Any, c_opts: Any) -> Highlights:
    """Stage 2: highlights.json, and the report (finished while the clips render)."""
    from livegen.artifacts import load_artifact, to_json
    from livegen.schemas.highlights import Highlights

    opts, state, out = run.opts, run.state, run.out
    hpath, rpath = out / HIGHLIGHTS, out / REPORT
    h_key = key_of(
        "run-highlights",
        run.media_hashes,
        state.files.get(TRANSCRIPT),
        _hashes([opts.chat, opts.sales, *opts.specs]),
        {
            "top": h_opts.top,
            "min": h_opts.min_seconds,
            "max": h_opts.max_seconds,
            "profile": str(h_opts.profile),
            "visual": h_opts.visual,
        },
    )

    def reuse() -> Highlights:
        c_opts.scene_cuts = _saved_scene_cuts(state, out / SCENES, h_key)
        return load_artifact(hpath, Highlights, kind="highlights")

    def make() -> Highlights:
        analysis = highlights_stage(
            run.media,
            transcript,
            options=h_opts,
            signals=run.signals,
            transcript_source=str(out / TRANSCRIPT),
            reporter=run.rep,
        )
        highlights = analysis.result.model_copy(update={"transcript": TRANSCRIPT})
        analysis.result = highlights
        state.write(hpath, to_json(highlights))
        state.write(out / SCENES, analysis.scene_cuts.to_json(h_key))
        c_opts.scene_cuts = analysis.scene_cuts
        # The report (thumbnails: one seek each) is written while the clips render.
        run.report = _ReportWriter(rpath, analysis, state, h_key, hpath)
        if opts.until == "highlights":
            run.report.finish()
        else:
            run.report.start()
        return highlights

    def wrote(highlights: Highlights, seconds: float) -> None:
        run.say(
            f"      wrote {hpath} ({len(highlights.highlights)} highlights); "
            + (
                f"and {rpath}"
                if opts.until == "highlights"
                else f"{rpath} follows while the clips render"
            )
        )

    return run.stage("highlights", h_key, [hpath, rpath], make=make, reuse=reuse, after=wrote)


def _clip(run: _Run, transcript: Transcript, highlights: Highlights, c_opts: Any) -> ClipRun:
    """Stage 3: the clips and clips.json; the clip renderer reuses unchanged clips."""
    from livegen.clip.api import render_clips

    opts, state, out, media, signals = run.opts, run.state, run.out, run.media, run.signals
    hpath, rpath, mpath = out / HIGHLIGHTS, out / REPORT, out / CLIPS_MANIFEST
    report, rep, say = run.report, run.rep, run.say
    c_key = key_of(
        "run-clip",
        run.media_hashes,
        state.files.get(TRANSCRIPT),
        file_hash(hpath),
        _hashes(opts.specs[:1]),
        {
            "platform": c_opts.platform,
            "size": c_opts.size,
            "reframe": c_opts.reframe,
            "subtitles": c_opts.subtitles,
            "style": c_opts.subtitle_style,
            "title_card": c_opts.title_card,
            "ai_label": c_opts.ai_label,
            "aspect": c_opts.aspect,
            "exports": sorted(c_opts.exports),
        },
    )
    previous = _previous_clip_files(state, out)
    manifest_done = state.done("clip", c_key, [mpath])

    def make() -> ClipRun:
        # Clips the run rendered before are its own outputs: the renderer re-uses those
        # whose inputs are unchanged; the others are cleared so it can write them again.
        c_opts.force = opts.force
        c_opts.manifest_writer = lambda path, text: state.write(path, text)
        if not opts.force:
            c_opts.replaceable = frozenset(previous)
        try:
            clips = render_clips(
                media,
                transcript=transcript,
                highlights=highlights,
                at=[],
                spec=signals.spec,
                options=c_opts,
                reporter=rep,
            )
        finally:
            if report is not None:
                report.finish()  # records the highlights stage once the report is in place
        if report is not None:
            say(f"      wrote {rpath}")
        kept = {n for c in clips.manifest.clips for n in (c.file, c.srt, c.cover) if n}
        for name in previous:
            if name not in kept:  # a clip of the last run that this run no longer makes
                (out / name).unlink(missing_ok=True)
        state.record("clip", c_key, [mpath])
        counts = {
            k: sum(c.status == k for c in clips.manifest.clips)
            for k in ("rendered", "skipped", "failed")
        }
        say(
            f"      {counts['rendered']} rendered, {counts['skipped']} unchanged (kept), "
            f"{counts['failed']} failed; wrote {mpath}"
        )
        return clips

    def only_checked(clips: ClipRun) -> bool:
        return bool(clips.manifest.clips) and all(
            c.status == "skipped" for c in clips.manifest.clips
        )

    # Always made: the renderer itself decides clip by clip what is still valid.
    return run.stage(
        "clip",
        c_key,
        [mpath],
        make=make,
        reused=only_checked,
        note=": checking the clips already rendered" if manifest_done else "",
    )


def _saved_scene_cuts(state: RunState, path: Path, key: str) -> SceneCuts | None:
    """The scene cuts the reused highlights stage found, if the run wrote them for it."""
    from livegen.media.scenes import SceneCuts

    if not path.is_file() or not state.owns(path):
        return None
    try:
        return SceneCuts.from_json(path.read_text(encoding="utf-8"), key)
    except (OSError, UnicodeDecodeError):
        return None


class _ReportWriter:
    """Writes report.html in a thread beside the clip renders, then records the highlights
    stage. The clip manifest is written into the state from the render side meanwhile;
    the state's lock keeps the two apart, and `finish` joins the thread before the clip
    stage records, so the state file stays consistent (also when the renders are
    interrupted)."""

    def __init__(
        self, path: Path, analysis: Analysis, state: RunState, key: str, highlights_path: Path
    ) -> None:
        self.path, self.analysis, self.state, self.key = path, analysis, state, key
        self.highlights_path = highlights_path
        self.error: BaseException | None = None
        self.thread: Any = None

    def _run(self) -> None:
        from livegen.highlights.report import render_report

        try:
            self.state.write(self.path, render_report(self.analysis))
            self.state.record("highlights", self.key, [self.highlights_path, self.path])
        except BaseException as exc:  # re-raised in the calling thread by finish()
            self.error = exc

    def start(self) -> None:
        import threading

        # Not a daemon: an error elsewhere still lets the report and its record finish.
        self.thread = threading.Thread(target=self._run, name="livegen-report")
        self.thread.start()

    def finish(self) -> None:
        if self.thread is None:
            self._run()
        else:
            self.thread.join()
        if self.error is not None:
            raise self.error
