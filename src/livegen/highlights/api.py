"""`find_highlights`: the whole analysis, cheap signals first, picture last.

Order of work, cheapest first: transcript signals (free), one audio decode of the whole
stream (≈ 500× real time), chat and sales (free), score every sentence-aligned window, then
decode video only inside the shortlisted windows and rescore those.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from livegen.errors import InputError
from livegen.highlights.compose import compose, reason
from livegen.highlights.confidence import Confidence, transcript_confidence
from livegen.highlights.cues import CueBank, bank_language, load_cues
from livegen.highlights.grid import n_hops
from livegen.highlights.pauses import SPLIT_PAUSE, cut_at_pauses, long_pauses
from livegen.highlights.products import Section, best_per_product, sections
from livegen.highlights.profile import SPEECH, VISUAL, Profile, load_profile
from livegen.highlights.speech import ProductTerms, SpeechSignals, speech_signals
from livegen.highlights.stages import lint_highlight_text
from livegen.highlights.visual import Part
from livegen.highlights.windows import (
    Candidate,
    Scored,
    Scorer,
    Windows,
    grid_windows,
    segment_windows,
    suppress,
)
from livegen.media.scenes import SceneCuts, active_scenes
from livegen.progress import NullReporter, Reporter
from livegen.schemas.common import GeneratedBy
from livegen.schemas.highlights import Highlight, Highlights

if TYPE_CHECKING:
    import numpy as np

    from livegen.chatlog import ChatMessage
    from livegen.highlights.sales import SalesSeries
    from livegen.llm.base import ChatBackend
    from livegen.schemas.spec import ProductSpec
    from livegen.schemas.transcript import Segment, Transcript


@dataclass
class Options:
    top: int = 10
    min_seconds: float = 15.0
    max_seconds: float = 60.0
    profile: str | os.PathLike[str] = "default"
    cues: list[str] = field(default_factory=list)
    visual: bool = True
    shortlist: int = 0  # windows whose picture is sampled; 0 = max(2 × top, 12)
    lint: bool = True

    def check(self) -> None:
        from livegen.errors import UsageError

        if self.top < 1:
            raise UsageError(f"--top must be at least 1, got {self.top}")
        if self.min_seconds <= 0 or self.max_seconds <= 0:
            raise UsageError("--min and --max must be positive")
        if self.min_seconds > self.max_seconds:
            raise UsageError(
                f"--min ({self.min_seconds:g}) is longer than --max ({self.max_seconds:g})"
            )


@dataclass
class Analysis:
    """The artifact plus the per-hop signals behind it (for the report)."""

    result: Highlights
    timeline: dict[str, np.ndarray]  # weighted signal per hop, and "score"
    parts: list[Part]
    sections: list[Section]
    visual_seconds: float = 0.0
    scene_cuts: SceneCuts = field(default_factory=SceneCuts)  # for the clip stage


def media_parts(paths: Sequence[str | os.PathLike[str]]) -> list[Part]:
    from livegen.media.probe import probe

    parts = []
    offset = 0.0
    for p in paths:
        info = probe(p)
        parts.append(Part(str(p), offset, info.duration, info.width, info.height, info.has_video))
        offset += info.duration
    return parts


def check_transcript(transcript: Transcript, duration: float, source: str) -> None:
    """Refuse a transcript made for another recording (a wrong file is a common slip)."""
    slack = max(5.0, 0.05 * duration)
    if transcript.duration and abs(transcript.duration - duration) > slack:
        raise InputError(
            f"{source}: transcript covers {transcript.duration:.1f} s but the "
            f"media is {duration:.1f} s long",
            hint="is it the transcript of this recording?",
        )
    last = max((s.end for s in transcript.segments), default=0.0)
    if last > duration + slack:
        raise InputError(
            f"{source}: transcript has speech at {last:.1f} s, past the end of the "
            f"{duration:.1f} s media",
            hint="is it the transcript of this recording?",
        )


def shortfall(got: int, want: int, apart: int, floor: float) -> str:
    """Why `got` windows came back when `want` were asked for; `apart` is how many
    non-overlapping windows exist at all, whatever their score."""
    other = "other " if got else ""
    if apart <= got:
        return (
            f"{got} of {want}: no {other}window fits without overlapping a kept one "
            f"(the stream is too short for more at this --min)"
        )
    return f"{got} of {want}: no {other}window scored above the floor {floor:g}"


def _audio_chunks(parts: list[Part]) -> Iterable[np.ndarray]:
    """Each file's audio padded or cut to its probed length, so fragments stay aligned."""
    import numpy as np

    from livegen.highlights.audio import SAMPLE_RATE
    from livegen.media.audio import pcm_chunks
    from livegen.media.probe import probe

    for p in parts:
        want = round(p.duration * SAMPLE_RATE)
        got = 0
        if probe(p.path).has_audio:
            for chunk in pcm_chunks(p.path, chunk_seconds=60.0):
                if got + chunk.size > want:
                    chunk = chunk[: max(0, want - got)]
                got += chunk.size
                if chunk.size:
                    yield chunk
        while got < want:
            k = min(want - got, SAMPLE_RATE * 60)
            got += k
            yield np.zeros(k, dtype=np.float32)


@dataclass
class _Stream:
    """The recording and its transcript, checked, with what the transcript's quality
    changes about the scoring (a weak transcript weighs its speech cues less)."""

    parts: list[Part]
    duration: float
    transcript: Transcript  # only the sentences with text and a positive length
    confidence: Confidence
    profile: Profile
    bank: CueBank
    language: str  # the cue bank's: "zh" or "en"
    notes: list[str] = field(default_factory=list)
    speech_note: str = ""  # added to each highlight's reason when speech was discounted

    @property
    def segments(self) -> list[Segment]:
        return self.transcript.segments

    @property
    def weak(self) -> bool:
        """A transcript that must neither decide which windows exist nor outvote the rest."""
        return bool(self.segments) and not self.confidence.trusted

    @property
    def on_grid(self) -> bool:
        """Windows also come from the time grid: with no speech segments (a silent host, a
        failed or empty transcript) the audio, picture, chat and sales signals still mark
        moments, and a weak transcript must not decide alone; the score floor keeps a
        stream with no signal at all from giving any."""
        return not self.segments or self.weak


def _read_stream(
    media: Sequence[str | os.PathLike[str]], transcript: Transcript, opts: Options, source: str
) -> _Stream:
    profile = load_profile(opts.profile)
    parts = media_parts(media)
    duration = sum(p.duration for p in parts)
    if duration <= 0:
        raise InputError(f"{parts[0].path}: media has no duration")
    check_transcript(transcript, duration, source)
    bank = load_cues(transcript.language, list(opts.cues))
    segments = [s for s in transcript.segments if s.end > s.start and s.text.strip()]
    spoken = transcript.model_copy(update={"segments": segments})
    stream = _Stream(
        parts,
        duration,
        spoken,
        transcript_confidence(spoken, duration),
        profile,
        bank,
        bank_language(transcript.language),
    )
    if not segments:
        stream.notes.append(
            "the transcript has no speech segments: windows taken on a time "
            "grid and scored by the audio, picture, chat and sales signals alone"
        )
    if stream.weak:
        conf = stream.confidence
        stream.profile = stream.profile.scaled(SPEECH, conf.speech_factor)
        stream.speech_note = f"speech cues ×{conf.speech_factor:g} (weak transcript: {conf.why})"
        stream.notes.append(
            f"transcript is weak ({conf.why}, confidence {conf.score:.2f}): "
            f"windows also taken on a time grid, speech cues weighted "
            f"×{conf.speech_factor:g}"
        )
    return stream


def _cheap_signals(
    stream: _Stream,
    speech: SpeechSignals,
    chat: list[ChatMessage] | None,
    sales: SalesSeries | None,
    rep: Reporter,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per-hop signals of everything but the picture (speech, sound, chat, sales), and
    the sound level per hop in dB, which the candidate windows are cut at."""
    import numpy as np

    from livegen.highlights.audio import audio_signals

    cues = sum(
        (stream.profile.category_weight(c) * a for c, a in speech.categories.items()),
        start=np.zeros_like(speech.product),
    )
    arrays: dict[str, np.ndarray] = {
        "cues": cues,
        "product": speech.product,
        "pace": speech.pace,
        "pauses": speech.pauses,
    }
    with rep.task("audio signals", total=stream.duration, unit="s") as task:
        sound = audio_signals(
            _audio_chunks(stream.parts),
            stream.duration,
            on_progress=lambda s: task.update(completed=s),
        )
    arrays.update(energy=sound.energy, excitement=sound.excitement, bursts=sound.bursts)
    if chat:
        from livegen.highlights.chat import chat_signals

        talk = chat_signals(chat, stream.bank, stream.duration)
        arrays.update(
            chat_rate=talk.chat_rate,
            chat_intent=talk.chat_intent,
            chat_sentiment=talk.chat_sentiment,
        )
    if sales is not None:
        from livegen.highlights.sales import sales_signal

        arrays["sales"] = sales_signal(sales, stream.duration)[1]
    return arrays, sound.level_db


def _candidate_windows(
    stream: _Stream, opts: Options, level_db: np.ndarray, rep: Reporter
) -> Windows:
    """Runs of whole sentences, plus a time grid when the transcript is weak or empty; no
    window spans a long silence (found in `level_db`, the sound level per hop)."""
    segs = stream.segments
    wins = segment_windows(segs, opts.min_seconds, opts.max_seconds)
    if stream.on_grid:
        wins = wins.plus(grid_windows(segs, stream.duration, opts.min_seconds, opts.max_seconds))
    # No clip stalls on dead air: windows are cut at long silences (highlights/pauses).
    pauses = long_pauses(level_db, segs)
    cut = cut_at_pauses(wins, segs, pauses, opts.min_seconds)
    if len(cut) < len(wins):
        stream.notes.append(
            f"{len(pauses)} silence(s) of {SPLIT_PAUSE:g} s or longer: "
            f"windows spanning one were trimmed or left out"
            + ("" if len(cut) else "; try a shorter --min")
        )
    wins = cut
    if not len(wins) and segs:
        rep.warn(
            f"no run of whole sentences lasts between {opts.min_seconds:g} and "
            f"{opts.max_seconds:g} s; try other --min/--max"
        )
    return wins


COARSE_EVERY = 10.0  # seconds between the keyframe pairs of a whole-stream look, at least


@dataclass
class _Picture:
    """What looking at the shortlist's picture gave: the rescored windows and cuts."""

    scored: Scored
    seconds: float = 0.0  # of video sampled
    cuts: SceneCuts = field(default_factory=SceneCuts)


def _look_at_shortlist(
    stream: _Stream,
    opts: Options,
    speech: SpeechSignals,
    arrays: dict[str, np.ndarray],
    wins: Windows,
    scored: Scored,
    product_sections: list[Section],
    rep: Reporter,
) -> _Picture:
    """Sample the picture inside the best windows only and rescore those (adds the
    visual signals to `arrays`); everything is left as it is when the picture does not
    count or there is none."""
    want = (
        opts.visual
        and any(p.has_video for p in stream.parts)
        and any(stream.profile.weights.get(k, 0.0) for k in VISUAL)
    )
    if not want or not len(scored):
        return _Picture(scored)
    import numpy as np

    from livegen.highlights.visual import merge_spans, visual_signals

    coarse = None
    if stream.on_grid:
        # The cheap signals lean on the transcript to pick the shortlist; without a
        # trustworthy one the picture has to be looked at everywhere to carry a moment:
        # first coarsely, one keyframe pair per shortest window (so each window holds one)
        # but no closer than COARSE_EVERY, then the shortlist that gives as closely as any.
        with rep.task("visual signals (coarse)", total=stream.duration, unit="s") as task:
            coarse = visual_signals(
                stream.parts,
                [(0.0, stream.duration)],
                stream.duration,
                on_progress=lambda s: task.update(completed=s),
                every=max(COARSE_EVERY, opts.min_seconds),
            )
        arrays.update(motion=coarse.motion, scene_cuts=coarse.scene_cuts, faces=coarse.faces)
        scored = Scorer(arrays, speech.categories, stream.profile).score_windows(wins)
    k = opts.shortlist or max(2 * opts.top, 12)
    short = suppress(scored, k, tolerance=opts.min_seconds / 2)
    short += [c for _, c in best_per_product(scored, product_sections, speech.segment_products)]
    spans = merge_spans([(c.start, c.end) for c in short], gap=0.0)
    total = sum(b - a for a, b in spans)
    with rep.task("visual signals (shortlist)", total=total, unit="s") as task:
        vis = visual_signals(
            stream.parts, spans, stream.duration, on_progress=lambda s: task.update(completed=s)
        )
    fine = {"motion": vis.motion, "scene_cuts": vis.scene_cuts, "faces": vis.faces}
    if coarse is not None:
        for name, arr in fine.items():  # the close look wherever it was taken
            fine[name] = np.where(np.isnan(arr), arrays[name], arr)
    arrays.update(fine)
    keep = scored.within(spans) if coarse is None else np.ones(len(wins), dtype=bool)
    rescored = Scorer(arrays, speech.categories, stream.profile).score_windows(wins.subset(keep))
    seconds = vis.sampled_seconds + (coarse.sampled_seconds if coarse is not None else 0.0)
    return _Picture(rescored, seconds, vis.found_cuts)


class _Writer:
    """Turns a scored window into a `Highlight`: its text, a title and hook that no other
    highlight of the stream already has, the reason and the compliance findings."""

    def __init__(
        self,
        stream: _Stream,
        speech: SpeechSignals,
        product_sections: list[Section],
        spec: ProductSpec | None,
        lint: bool,
    ) -> None:
        self.stream, self.speech, self.spec, self.lint = stream, speech, spec, lint
        self.owner = {k: s.product for s in product_sections for k in range(s.first, s.last + 1)}
        self.used: set[str] = set()

    def highlight(self, c: Candidate, rank: int, product: str | None = None) -> Highlight:
        segs, speech, lang = self.stream.segments, self.speech, self.stream.language
        sentences = range(c.first, c.last + 1)
        texts = [segs[k].text.strip() for k in sentences]
        hits = [sum(len(v) for v in speech.segment_hits[k].values()) for k in sentences]
        words = [w for k in sentences for w in speech.segment_hits[k].get(c.category, [])]
        named = Counter(n for k in sentences for n in speech.segment_products[k])
        prod = product or (named.most_common(1)[0][0] if named else self.owner.get(c.first))
        title, hook = compose(
            c.category, texts, hits, prod, lang, seed=rank, avoid=self.used, signals=c.signals
        )
        self.used.add(title)
        joiner = "" if lang == "zh" else " "
        text = joiner.join(texts)
        return Highlight(
            start=round(c.start, 3),
            end=round(c.end, 3),
            score=round(c.score, 4),
            category=c.category,
            signals=c.signals,
            text=text,
            title=title,
            hook=hook,
            product=prod,
            reason="; ".join(
                r for r in (reason(c.signals, c.category, words), self.stream.speech_note) if r
            ),
            lint=lint_highlight_text(text, lang, self.spec, also=(title, hook))
            if self.lint
            else [],
        )


def _timeline(
    arrays: dict[str, np.ndarray], profile: Profile, duration: float
) -> dict[str, np.ndarray]:
    """The weighted signals that count, per hop, and their sum as "score" (the report)."""
    import numpy as np

    timeline: dict[str, np.ndarray] = {}
    score = np.zeros(n_hops(duration))
    for name, arr in arrays.items():
        w = profile.weights.get(name, 0.0)
        if w == 0.0:
            continue
        timeline[name] = arr
        score += w * np.nan_to_num(arr)
    timeline["score"] = score
    return timeline


def find_highlights(
    media: Sequence[str | os.PathLike[str]],
    transcript: Transcript,
    *,
    options: Options | None = None,
    chat: list[ChatMessage] | None = None,
    sales: SalesSeries | None = None,
    products: list[ProductTerms] | None = None,
    spec: ProductSpec | None = None,
    backend: ChatBackend | None = None,
    transcript_source: str | None = None,
    reporter: Reporter | None = None,
) -> Analysis:
    """The highlights of one stream, cheapest evidence first (see the module)."""
    opts = options or Options()
    opts.check()
    rep = reporter or NullReporter()
    stream = _read_stream(media, transcript, opts, transcript_source or "transcript")
    segs, profile = stream.segments, stream.profile
    speech = speech_signals(stream.transcript, stream.bank, products or [], stream.duration)
    arrays, level_db = _cheap_signals(stream, speech, chat, sales, rep)
    wins = _candidate_windows(stream, opts, level_db, rep)
    scored = Scorer(arrays, speech.categories, profile).score_windows(wins)
    product_sections = sections(
        speech.segment_products, [s.start for s in segs], [s.end for s in segs]
    )
    picture = _look_at_shortlist(stream, opts, speech, arrays, wins, scored, product_sections, rep)
    scored = picture.scored
    shared = active_scenes()
    if shared is not None:  # a later `livegen clip` on this recording reframes with them
        shared.add(picture.cuts)

    top = suppress(scored, opts.top, floor=profile.floor)
    if len(top) < opts.top and len(scored):
        stream.notes.append(
            shortfall(len(top), opts.top, len(suppress(scored, opts.top)), profile.floor)
        )
    per_product = best_per_product(scored, product_sections, speech.segment_products)
    writer = _Writer(stream, speech, product_sections, spec, opts.lint)
    highlights = [writer.highlight(c, i) for i, c in enumerate(top)]
    product_hl = [writer.highlight(c, i, name) for i, (name, c) in enumerate(per_product)]
    if backend is not None and highlights:
        from livegen.highlights.rerank import rerank

        with rep.task("rerank (LLM)"):
            highlights = rerank(highlights, backend)

    result = Highlights(
        media=[str(Path(p.path)) for p in stream.parts],
        duration=round(stream.duration, 3),
        profile=profile.name,
        transcript=transcript_source,
        highlights=highlights,
        products=product_hl,
        generated_by=GeneratedBy(
            backend=getattr(backend, "name", None) or "offline",
            model=getattr(backend, "model", None),
            template="highlights/compose.yaml",
        ),
        notes=stream.notes,
    )
    return Analysis(
        result,
        _timeline(arrays, profile, stream.duration),
        stream.parts,
        product_sections,
        picture.seconds,
        picture.cuts,
    )
