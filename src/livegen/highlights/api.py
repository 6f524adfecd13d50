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
from typing import TYPE_CHECKING, Any

from livegen.errors import InputError
from livegen.highlights.compose import compose, reason
from livegen.highlights.confidence import transcript_confidence
from livegen.highlights.cues import bank_language, load_cues
from livegen.highlights.grid import n_hops
from livegen.highlights.pauses import SPLIT_PAUSE, cut_at_pauses, long_pauses
from livegen.highlights.products import Section, best_per_product, sections
from livegen.highlights.profile import SPEECH, VISUAL, Profile, load_profile
from livegen.highlights.speech import ProductTerms, speech_signals
from livegen.highlights.stages import lint_highlight_text
from livegen.highlights.visual import Part
from livegen.highlights.windows import (
    Candidate,
    Scorer,
    grid_windows,
    segment_windows,
    suppress,
)
from livegen.progress import NullReporter, Reporter
from livegen.schemas.common import GeneratedBy
from livegen.schemas.highlights import Highlight, Highlights

if TYPE_CHECKING:
    import numpy as np

    from livegen.chatlog import ChatMessage
    from livegen.highlights.sales import SalesSeries
    from livegen.llm.base import ChatBackend
    from livegen.schemas.transcript import Transcript


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
            raise UsageError(f"--min ({self.min_seconds:g}) is longer than --max "
                             f"({self.max_seconds:g})")


@dataclass
class Analysis:
    """The artifact plus the per-hop signals behind it (for the report)."""

    result: Highlights
    timeline: dict[str, np.ndarray]  # weighted signal per hop, and "score"
    parts: list[Part]
    sections: list[Section]
    visual_seconds: float = 0.0


def media_parts(paths: Sequence[str | os.PathLike[str]]) -> list[Part]:
    from livegen.media.probe import probe

    parts = []
    offset = 0.0
    for p in paths:
        info = probe(p)
        parts.append(Part(str(p), offset, info.duration, info.width, info.height,
                          info.has_video))
        offset += info.duration
    return parts


def check_transcript(transcript: Transcript, duration: float, source: str) -> None:
    """Refuse a transcript made for another recording (a wrong file is a common slip)."""
    slack = max(5.0, 0.05 * duration)
    if transcript.duration and abs(transcript.duration - duration) > slack:
        raise InputError(f"{source}: transcript covers {transcript.duration:.1f} s but the "
                         f"media is {duration:.1f} s long",
                         hint="is it the transcript of this recording?")
    last = max((s.end for s in transcript.segments), default=0.0)
    if last > duration + slack:
        raise InputError(f"{source}: transcript has speech at {last:.1f} s, past the end of the "
                         f"{duration:.1f} s media", hint="is it the transcript of this recording?")


def shortfall(got: int, want: int, apart: int, floor: float) -> str:
    """Why `got` windows came back when `want` were asked for; `apart` is how many
    non-overlapping windows exist at all, whatever their score."""
    other = "other " if got else ""
    if apart <= got:
        return (f"{got} of {want}: no {other}window fits without overlapping a kept one "
                f"(the stream is too short for more at this --min)")
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


def find_highlights(
    media: Sequence[str | os.PathLike[str]],
    transcript: Transcript,
    *,
    options: Options | None = None,
    chat: list[ChatMessage] | None = None,
    sales: SalesSeries | None = None,
    products: list[ProductTerms] | None = None,
    spec: Any = None,
    backend: ChatBackend | None = None,
    transcript_source: str | None = None,
    reporter: Reporter | None = None,
) -> Analysis:
    import numpy as np

    opts = options or Options()
    opts.check()
    rep = reporter or NullReporter()
    profile: Profile = load_profile(opts.profile)
    parts = media_parts(media)
    duration = sum(p.duration for p in parts)
    if duration <= 0:
        raise InputError(f"{parts[0].path}: media has no duration")
    check_transcript(transcript, duration, transcript_source or "transcript")
    bank = load_cues(transcript.language, list(opts.cues))
    lang = bank_language(transcript.language)
    prods = products or []
    segs = [s for s in transcript.segments if s.end > s.start and s.text.strip()]
    tr = transcript.model_copy(update={"segments": segs})
    conf = transcript_confidence(tr, duration)
    notes: list[str] = []
    speech_note = ""
    # No speech segments (a silent host, a failed or empty transcript): the audio, picture,
    # chat and sales signals still mark moments, so windows come from the time grid; the
    # score floor keeps a stream with no signal at all from giving any.
    on_grid = not segs or not conf.trusted
    if not segs:
        notes.append("the transcript has no speech segments: windows taken on a time grid "
                     "and scored by the audio, picture, chat and sales signals alone")
    if segs and not conf.trusted:
        # A garbled transcript must not decide which windows exist nor outvote the rest.
        profile = profile.scaled(SPEECH, conf.speech_factor)
        speech_note = f"speech cues ×{conf.speech_factor:g} (weak transcript: {conf.why})"
        notes.append(f"transcript is weak ({conf.why}, confidence {conf.score:.2f}): "
                     f"windows also taken on a time grid, speech cues weighted "
                     f"×{conf.speech_factor:g}")
    sp = speech_signals(tr, bank, prods, duration)
    cat_total = sum(profile.category_weight(c) * a for c, a in sp.categories.items())
    arrays: dict[str, np.ndarray] = {"cues": cat_total, "product": sp.product,
                                     "pace": sp.pace, "pauses": sp.pauses}

    from livegen.highlights.audio import audio_signals

    with rep.task("audio signals", total=duration, unit="s") as task:
        au = audio_signals(_audio_chunks(parts), duration,
                           on_progress=lambda s: task.update(completed=s))
    arrays.update(energy=au.energy, excitement=au.excitement, bursts=au.bursts)
    if chat:
        from livegen.highlights.chat import chat_signals

        ch = chat_signals(chat, bank, duration)
        arrays.update(chat_rate=ch.chat_rate, chat_intent=ch.chat_intent,
                      chat_sentiment=ch.chat_sentiment)
    if sales is not None:
        from livegen.highlights.sales import sales_signal

        arrays["sales"] = sales_signal(sales, duration)[1]

    wins = segment_windows(segs, opts.min_seconds, opts.max_seconds)
    if on_grid:
        wins = wins.plus(grid_windows(segs, duration, opts.min_seconds, opts.max_seconds))
    # No clip stalls on dead air: windows are cut at long silences (see highlights/pauses).
    pauses = long_pauses(au.level_db, segs)
    cut = cut_at_pauses(wins, segs, pauses, opts.min_seconds)
    if len(cut) < len(wins):
        notes.append(f"{len(pauses)} silence(s) of {SPLIT_PAUSE:g} s or longer: windows "
                     f"spanning one were trimmed or left out"
                     + ("" if len(cut) else "; try a shorter --min"))
    wins = cut
    if not len(wins) and segs:
        rep.warn(f"no run of whole sentences lasts between {opts.min_seconds:g} and "
                 f"{opts.max_seconds:g} s; try other --min/--max")
    scorer = Scorer(arrays, sp.categories, profile)
    cands = scorer.score_windows(wins)
    secs = sections(sp.segment_products, [s.start for s in segs], [s.end for s in segs])

    visual_seconds = 0.0
    want_visual = opts.visual and any(p.has_video for p in parts) and any(
        profile.weights.get(k, 0.0) for k in VISUAL)
    if want_visual and len(cands):
        from livegen.highlights.visual import merge_spans, visual_signals

        k = opts.shortlist or max(2 * opts.top, 12)
        short = suppress(cands, k, tolerance=opts.min_seconds / 2)
        short += [c for _, c in best_per_product(cands, secs, sp.segment_products)]
        spans = merge_spans([(c.start, c.end) for c in short], gap=0.0)
        if on_grid:
            # The cheap signals lean on the transcript to pick the shortlist; without a
            # trustworthy one the picture has to be looked at everywhere to carry a moment.
            spans = [(0.0, duration)]
        total = sum(b - a for a, b in spans)
        with rep.task("visual signals (shortlist)", total=total, unit="s") as task:
            vis = visual_signals(parts, spans, duration,
                                 on_progress=lambda s: task.update(completed=s))
        visual_seconds = vis.sampled_seconds
        arrays.update(motion=vis.motion, scene_cuts=vis.scene_cuts, faces=vis.faces)
        keep = cands.within(spans)
        scorer = Scorer(arrays, sp.categories, profile)
        cands = scorer.score_windows(wins.subset(keep))

    top = suppress(cands, opts.top, floor=profile.floor)
    if len(top) < opts.top and len(cands):
        notes.append(shortfall(len(top), opts.top, len(suppress(cands, opts.top)),
                               profile.floor))
    per_product = best_per_product(cands, secs, sp.segment_products)
    owner = {k: s.product for s in secs for k in range(s.first, s.last + 1)}
    used: set[str] = set()

    def build(c: Candidate, rank: int, product: str | None = None) -> Highlight:
        texts = [segs[k].text.strip() for k in range(c.first, c.last + 1)]
        hits = [sum(len(v) for v in sp.segment_hits[k].values())
                for k in range(c.first, c.last + 1)]
        words = [w for k in range(c.first, c.last + 1)
                 for w in sp.segment_hits[k].get(c.category, [])]
        named = Counter(n for k in range(c.first, c.last + 1) for n in sp.segment_products[k])
        prod = product or (named.most_common(1)[0][0] if named else owner.get(c.first))
        title, hook = compose(c.category, texts, hits, prod, lang, seed=rank, avoid=used,
                              signals=c.signals)
        used.add(title)
        joiner = "" if lang == "zh" else " "
        text = joiner.join(texts)
        return Highlight(
            start=round(c.start, 3), end=round(c.end, 3), score=round(c.score, 4),
            category=c.category, signals=c.signals, text=text, title=title, hook=hook,
            product=prod, reason="; ".join(r for r in (reason(c.signals, c.category, words),
                                                         speech_note) if r),
            lint=lint_highlight_text(text, lang, spec, also=(title, hook)) if opts.lint
            else [],
        )

    highlights = [build(c, i) for i, c in enumerate(top)]
    product_hl = [build(c, i, name) for i, (name, c) in enumerate(per_product)]
    if backend is not None and highlights:
        from livegen.highlights.rerank import rerank

        with rep.task("rerank (LLM)"):
            highlights = rerank(highlights, backend)

    timeline: dict[str, np.ndarray] = {}
    score = np.zeros(n_hops(duration))
    for name, arr in arrays.items():
        w = profile.weights.get(name, 0.0)
        if w == 0.0:
            continue
        timeline[name] = arr
        score += w * np.nan_to_num(arr)
    timeline["score"] = score
    result = Highlights(
        media=[str(Path(p.path)) for p in parts], duration=round(duration, 3),
        profile=profile.name, transcript=transcript_source, highlights=highlights,
        products=product_hl,
        generated_by=GeneratedBy(backend=getattr(backend, "name", None) or "offline",
                                 model=getattr(backend, "model", None),
                                 template="highlights/compose.yaml"),
        notes=notes,
    )
    return Analysis(result, timeline, parts, secs, visual_seconds)

