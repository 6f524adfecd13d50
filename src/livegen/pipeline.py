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
from typing import TYPE_CHECKING, Any

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
    from livegen.schemas.highlights import Highlights
    from livegen.schemas.spec import ProductSpec
    from livegen.schemas.transcript import Transcript

STATE_FILE = ".livegen-run.json"
STATE_VERSION = "1"
TRANSCRIPT = "transcript.json"
HIGHLIGHTS = "highlights.json"
REPORT = "report.html"
CLIPS_MANIFEST = "clips.json"
STAGES = ("transcribe", "highlights", "clip")


# -- single stages ------------------------------------------------------------------------

def transcribe_stage(media: Sequence[str | os.PathLike[str]], config: Config, *,
                     language: str | None = None, model: str | None = None,
                     reporter: Reporter | None = None, prior: str | None = None) -> Transcript:
    """The (cached) transcript with the configured engine, as `livegen transcribe` makes it.

    `prior` is the language the side inputs suggest (`expected_language`): it decides a
    weak language vote, it does not force the language as `language` does."""
    from livegen.transcribe.api import default_options, transcribe_cached

    options = default_options(config, language=language, model=model)
    if prior and options.language_prior is None:
        options = replace(options, language_prior=prior)
    return transcribe_cached([str(m) for m in media], options, config,
                             reporter or NullReporter())


@dataclass
class Signals:
    """The side inputs of the highlights stage, loaded (and checked) before slow work."""

    chat: list[ChatMessage] | None = None
    sales: SalesSeries | None = None
    products: list[ProductTerms] = field(default_factory=list)
    spec: ProductSpec | None = None  # the first product spec: lint context and clip tags


def load_signals(chat: str | None = None, sales: str | None = None,
                 specs: Sequence[str] = ()) -> Signals:
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


def highlights_stage(media: Sequence[str | os.PathLike[str]], transcript: Transcript, *,
                     options: HighlightOptions | None = None, signals: Signals | None = None,
                     backend: Any = None, transcript_source: str | None = None,
                     reporter: Reporter | None = None) -> Analysis:
    from livegen.highlights.api import find_highlights

    sig = signals or Signals()
    return find_highlights(media, transcript, options=options, chat=sig.chat, sales=sig.sales,
                           products=sig.products, spec=sig.spec, backend=backend,
                           transcript_source=transcript_source, reporter=reporter)


def expected_language(signals: Signals) -> str | None:
    """The stream's language as the side inputs state it: the spec's, else the script of
    the chat log (a Chinese chat means a Chinese stream far more often than not)."""
    if signals.spec is not None:
        return signals.spec.language
    if signals.chat:
        from livegen.transcribe.language import script_language

        return script_language([m.text for m in signals.chat[:500]])
    return None


def earlier_stages(media: Sequence[str | os.PathLike[str]], config: Config, *,
                   need_highlights: bool, top: int | None = None,
                   reporter: Reporter | None = None) -> tuple[Transcript, Highlights | None]:
    """What `livegen clip` needs when given a bare recording: its transcript and, if asked,
    its highlights (default options, the configured profile)."""
    from livegen.highlights.api import Options

    transcript = transcribe_stage(media, config, reporter=reporter)
    if not need_highlights:
        return transcript, None
    opts = Options(profile=str(config.get("highlights.profile") or "default"))
    if top is not None:
        opts.top = top
    analysis = highlights_stage(media, transcript, options=opts, reporter=reporter)
    return transcript, analysis.result


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
    force: bool = False


@dataclass
class StageResult:
    name: str
    reused: bool
    seconds: float


@dataclass
class RunResult:
    out_dir: Path
    transcript: Transcript
    highlights: Highlights
    clips: ClipRun
    stages: list[StageResult]

    @property
    def failed(self) -> int:
        return len(self.clips.failed)


class RunState:
    """`.livegen-run.json`: per stage, the key of its inputs and the hashes of the files it
    wrote. A file in the folder whose hash the state does not record is someone else's."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_FILE
        self.stages: dict[str, dict[str, Any]] = {}
        self.files: dict[str, str] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # unreadable: nothing is trusted, every stage is redone
            if isinstance(data, dict) and data.get("schema_version") == STATE_VERSION:
                self.stages = dict(data.get("stages") or {})
                self.files = dict(data.get("files") or {})

    def owns(self, path: Path) -> bool:
        """True if `path` is missing or still holds what an earlier run wrote there."""
        if not path.exists():
            return True
        recorded = self.files.get(path.name)
        return recorded is not None and path.is_file() and file_hash(path) == recorded

    def done(self, stage: str, key: str, outputs: Sequence[Path]) -> bool:
        entry = self.stages.get(stage)
        return (entry is not None and entry.get("key") == key
                and all(p.is_file() and self.files.get(p.name) == file_hash(p)
                        for p in outputs))

    def record(self, stage: str, key: str, outputs: Sequence[Path], **extra: Any) -> None:
        for p in outputs:
            self.files[p.name] = file_hash(p)
        self.stages[stage] = {"key": key, "outputs": [p.name for p in outputs],
                              "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                              **extra}
        self.save()

    def invalidate(self, stage: str) -> None:
        if self.stages.pop(stage, None) is not None:
            self.save()

    def save(self) -> None:
        from livegen.artifacts import write_text

        data = {"schema_version": STATE_VERSION, "stages": self.stages, "files": self.files}
        write_text(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n", force=True)


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
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    names: list[str] = []
    for c in data.get("clips") or []:
        names += [n for n in (c.get("file"), c.get("srt"), c.get("cover")) if n]
    return names


def run_pipeline(opts: RunOptions, config: Config, *, reporter: Reporter | None = None,
                 notify: Callable[[str], None] | None = None) -> RunResult:
    """Transcribe, find highlights (plus the HTML report) and cut clips into `opts.out_dir`.

    A stage whose key (its inputs and options) matches the state file and whose outputs
    are intact is reused; a stage is written only as a whole, and the state records it
    after its files are in place, so an interrupted run resumes at the unfinished stage.
    """
    from livegen.artifacts import load_artifact, save_artifact, write_text
    from livegen.clip.api import ClipOptions, render_clips, validate_options
    from livegen.highlights.api import Options
    from livegen.highlights.profile import load_profile
    from livegen.highlights.report import render_report
    from livegen.schemas.highlights import Highlights
    from livegen.schemas.transcript import Transcript
    from livegen.transcribe.api import default_options

    rep = reporter or NullReporter()
    say = notify or rep.info
    media = [str(m) for m in opts.media]
    for m in media:
        if not Path(m).is_file():
            raise InputError(f"{m}: no such file" if not Path(m).exists()
                             else f"{m}: is not a media file")
    # Every option and side input is checked before the first slow step.
    t_opts = default_options(config, language=opts.language, model=opts.model)
    h_opts = Options(top=opts.top, profile=str(config.get("highlights.profile") or "default"))
    h_opts.check()
    load_profile(h_opts.profile)
    c_opts = ClipOptions(platform=opts.platform, size=opts.size, reframe=opts.reframe,
                         subtitles=opts.subtitles, jobs=opts.jobs, out_dir=opts.out_dir,
                         force=opts.force)
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
    state = RunState(out)
    own_files = [out / n for n in (TRANSCRIPT, HIGHLIGHTS, REPORT, CLIPS_MANIFEST)]
    if not opts.force:
        for p in own_files:
            if not state.owns(p):
                raise OutputExistsError(f"{p}: already exists and was not written by "
                                        "`livegen run` in this folder",
                                        hint="pass --force to overwrite it")
    stages: list[StageResult] = []
    media_hashes = _hashes(media)

    # 1. transcribe
    t0 = time.monotonic()
    tpath = out / TRANSCRIPT
    t_key = key_of("run-transcribe", media_hashes, t_opts.engine, t_opts.key_dict())
    if state.done("transcribe", t_key, [tpath]):
        say(f"[1/3] transcribe: reusing {tpath}")
        transcript = load_artifact(tpath, Transcript, kind="transcript")
        stages.append(StageResult("transcribe", True, time.monotonic() - t0))
    else:
        say("[1/3] transcribe")
        state.invalidate("transcribe")
        transcript = transcribe_stage(media, config, language=opts.language, model=opts.model,
                                      reporter=rep, prior=prior)
        save_artifact(transcript, tpath, force=True)
        state.record("transcribe", t_key, [tpath])
        stages.append(StageResult("transcribe", False, time.monotonic() - t0))
        say(f"      wrote {tpath} ({len(transcript.segments)} segments, "
            f"{transcript.language}, {stages[-1].seconds:.1f} s)")

    # 2. highlights + report
    t0 = time.monotonic()
    hpath, rpath = out / HIGHLIGHTS, out / REPORT
    h_key = key_of("run-highlights", media_hashes, state.files.get(TRANSCRIPT),
                   _hashes([opts.chat, opts.sales, *opts.specs]),
                   {"top": h_opts.top, "min": h_opts.min_seconds, "max": h_opts.max_seconds,
                    "profile": str(h_opts.profile), "visual": h_opts.visual})
    if state.done("highlights", h_key, [hpath, rpath]):
        say(f"[2/3] highlights: reusing {hpath}")
        highlights = load_artifact(hpath, Highlights, kind="highlights")
        stages.append(StageResult("highlights", True, time.monotonic() - t0))
    else:
        say("[2/3] highlights")
        state.invalidate("highlights")
        analysis = highlights_stage(media, transcript, options=h_opts, signals=signals,
                                    transcript_source=str(tpath), reporter=rep)
        highlights = analysis.result.model_copy(update={"transcript": TRANSCRIPT})
        analysis.result = highlights
        save_artifact(highlights, hpath, force=True)
        write_text(rpath, render_report(analysis), force=True)
        state.record("highlights", h_key, [hpath, rpath])
        stages.append(StageResult("highlights", False, time.monotonic() - t0))
        say(f"      wrote {hpath} ({len(highlights.highlights)} highlights) and {rpath}")

    # 3. clip
    t0 = time.monotonic()
    mpath = out / CLIPS_MANIFEST
    c_key = key_of("run-clip", media_hashes, state.files.get(TRANSCRIPT),
                   state.files.get(HIGHLIGHTS), _hashes(opts.specs[:1]),
                   {"platform": c_opts.platform, "size": c_opts.size, "reframe": c_opts.reframe,
                    "subtitles": c_opts.subtitles})
    previous = _previous_clip_files(state, out)
    manifest_done = state.done("clip", c_key, [mpath])
    say("[3/3] clip" + (": checking the clips already rendered" if manifest_done else ""))
    state.invalidate("clip")
    # Clips the run rendered before are its own outputs: the renderer re-uses those whose
    # inputs are unchanged; the others are cleared so it can write them again.
    c_opts.force = opts.force
    if not opts.force:
        _clear_stale_clips(out, previous, highlights, transcript, media, c_opts, signals)
    clips = render_clips(media, transcript=transcript, highlights=highlights, at=[],
                         spec=signals.spec, options=c_opts, reporter=rep)
    kept = {n for c in clips.manifest.clips for n in (c.file, c.srt, c.cover) if n}
    for name in previous:
        if name not in kept:  # a clip of the last run that this run no longer makes
            (out / name).unlink(missing_ok=True)
    state.record("clip", c_key, [mpath])
    counts = {k: sum(c.status == k for c in clips.manifest.clips)
              for k in ("rendered", "skipped", "failed")}
    say(f"      {counts['rendered']} rendered, {counts['skipped']} unchanged (kept), "
        f"{counts['failed']} failed; wrote {mpath}")
    reused = bool(clips.manifest.clips) and all(c.status == "skipped"
                                                for c in clips.manifest.clips)
    stages.append(StageResult("clip", reused, time.monotonic() - t0))
    return RunResult(out, transcript, highlights, clips, stages)


def _clear_stale_clips(out: Path, previous: list[str], highlights: Highlights,
                       transcript: Transcript, media: list[str], c_opts: Any,
                       signals: Signals) -> None:
    """Remove the run's own earlier clip files that the renderer would make again from
    other inputs (it refuses to overwrite them otherwise). Files it can skip are kept."""
    if not previous:
        return
    from livegen.clip.api import ClipRenderer

    planned = ClipRenderer(media, transcript=transcript, highlights=highlights, at=[],
                           spec=signals.spec, options=c_opts).planned_clips()
    old = set(previous)
    mpath = out / CLIPS_MANIFEST
    skippable: set[str] = set()
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
        keys = {c.get("file"): c.get("key") for c in data.get("clips") or []}
    except (OSError, ValueError):
        keys = {}
    for c in planned:
        if keys.get(c.file) == c.key and c.key:
            skippable.add(c.file)
    for c in planned:
        if c.file in skippable:
            continue
        for name in (c.file, c.srt, c.cover, Path(c.file).with_suffix(".srt").name,
                     Path(c.file).with_suffix(".jpg").name):
            if name and name in old:
                (out / name).unlink(missing_ok=True)
