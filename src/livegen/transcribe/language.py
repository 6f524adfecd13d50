"""Which language a recording is in, decided by the whole recording, not its first words.

Locking the language of the first window with speech fails on live streams: the first
speech may be a jingle, crowd noise or a robotic voice-over, and one wrong guess (Thai at
p 0.48 on a noisy Mandarin stream) turns the whole transcript into garbage. Instead:

1. one cheap pass over the audio (16 kHz mono via ffmpeg, RMS per 0.5 s) finds where the
   speech-like energy is;
2. the timeline is cut into `count` equal spans and, in each, the 30-s window with the most
   active frames is taken, so the sample is spread over the whole stream;
3. the engine's language identification (Whisper's, on the VAD-kept speech of the window)
   gives each window a probability per language;
4. the windows vote: each language scores its probability summed over windows, weighted by
   how much of the window is speech, and divided by the total weight.

A vote is weak when the winner scores below `WEAK_SCORE` or leads by a narrow margin, and
no majority of windows gives it `SURE_PROBABILITY` (one noisy window does not make it weak). A
prior language (the spec's, `transcribe.language`, or the script of a Chinese chat log) wins
a weak vote, and any vote it is competitive in (`PRIOR_SHARE` of the winner's score): a
user-stated language is better evidence than an unsure detector, and on speech Whisper cannot
understand (robotic TTS, heavy noise) language identification is near chance, so a
confident-looking 0.75 for the wrong language is common. Only a strong vote overrules the
prior. A weak vote without a prior is reported so the CLI can name `--lang`. When a second
language wins several windows outright, the stream is mixed, and the caller decodes with
per-segment detection instead of forcing one language onto the minority's speech.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livegen.media.audio import SAMPLE_RATE, pcm_chunks, read_pcm
from livegen.schemas.transcript import MediaPart

if TYPE_CHECKING:
    import numpy as np

FRAME_SECONDS = 0.5
WINDOW_SECONDS = 30.0
DEFAULT_COUNT = 8
# Winner's weighted probability below this: weak. Real speech scores 0.93-1.00 (measured on
# the Mandarin and English test speech); robotic espeak-ng Mandarin over crowd noise and
# music scored "en" 0.75 over 8 windows, with zh under 0.01.
WEAK_SCORE = 0.8
WEAK_MARGIN = 0.15  # or ahead of the runner-up by less than this
SURE_PROBABILITY = 0.9  # ... unless most windows give the winner at least this
PRIOR_SHARE = 0.5  # the prior wins when it scores at least this share of the winner
MIXED_WINDOWS = 2  # a second language winning this many windows outright ...
MIXED_PROBABILITY = 0.7  # ... each with at least this probability: a mixed stream
MIXED_SHARE = 0.2  # ... and at least this share of the windows

Detector = Callable[["np.ndarray"], dict[str, float]]


@dataclass(frozen=True)
class SampleWindow:
    part: int
    start: float  # seconds into the part's file
    offset: float  # seconds on the joined timeline
    duration: float
    activity: float  # share of active (speech-like) frames, 0..1


@dataclass
class LanguageVote:
    language: str
    score: float  # the winner's weighted probability, 0..1
    scores: dict[str, float] = field(default_factory=dict)
    windows: int = 0
    weak: bool = False
    mixed: tuple[str, ...] = ()  # other languages that clearly won windows of their own
    from_prior: bool = False  # the prior decided a vote it did not win outright
    # The most speech-like sampled window (path, start in the file, seconds): where a weak
    # vote is settled by decoding (`livegen.transcribe.arbitrate`).
    probe: tuple[str, float, float] | None = None

    def runner_up(self) -> tuple[str, float] | None:
        rest = [(k, v) for k, v in self.scores.items() if k != self.language]
        return max(rest, key=lambda kv: kv[1]) if rest else None

    def describe(self) -> str:
        top = sorted(self.scores.items(), key=lambda kv: -kv[1])[:3]
        shown = ", ".join(f"{k} {v:.2f}" for k, v in top)
        return f"{shown} over {self.windows} window(s)"


def frame_activity(parts: Sequence[MediaPart]) -> list[np.ndarray]:
    """Per part, a boolean per 0.5-s frame: louder than the part's own noise floor.

    The threshold adapts to the recording (a quantile-based floor, not a fixed level), so a
    quiet phone recording and a loud room both find their speech.
    """
    import numpy as np

    out: list[np.ndarray] = []
    frame = int(FRAME_SECONDS * SAMPLE_RATE)
    for part in parts:
        levels: list[np.ndarray] = []
        carry = np.zeros(0, dtype=np.float32)
        for chunk in pcm_chunks(part.path, chunk_seconds=30.0):
            audio = np.concatenate([carry, chunk]) if len(carry) else chunk
            n = len(audio) // frame
            if n:
                block = audio[: n * frame].reshape(n, frame)
                levels.append(np.sqrt((block**2).mean(axis=1) + 1e-12))
            carry = audio[n * frame :]
        rms = np.concatenate(levels) if levels else np.zeros(0)
        if len(rms) == 0:
            out.append(np.zeros(0, dtype=bool))
            continue
        db = 20 * np.log10(rms + 1e-9)
        floor = float(np.quantile(db, 0.1))
        peak = float(np.quantile(db, 0.95))
        threshold = floor + max(6.0, 0.35 * (peak - floor))
        out.append((db > threshold) & (db > -55))
    return out


def choose_windows(
    parts: Sequence[MediaPart],
    activity: Sequence[np.ndarray],
    count: int = DEFAULT_COUNT,
    window_seconds: float = WINDOW_SECONDS,
) -> list[SampleWindow]:
    """Up to `count` windows spread over the timeline, each the most active of its span."""
    import numpy as np

    total = sum(p.duration for p in parts)
    if total <= 0:
        return []
    per = int(window_seconds / FRAME_SECONDS)
    spans = max(1, min(count, int(total // window_seconds) or 1))
    edges = [total * i / spans for i in range(spans + 1)]
    chosen: list[SampleWindow] = []
    for lo, hi in itertools.pairwise(edges):
        best: SampleWindow | None = None
        for index, (part, act) in enumerate(zip(parts, activity, strict=True)):
            a, b = max(lo, part.offset), min(hi, part.offset + part.duration)
            if b - a <= 0 or len(act) == 0:
                continue
            first = int((a - part.offset) / FRAME_SECONDS)
            last = max(first + 1, min(len(act), int(np.ceil((b - part.offset) / FRAME_SECONDS))))
            # A window starts inside the span and may run past its end (not past the file).
            csum = np.concatenate([[0], np.cumsum(act)])
            starts = np.arange(first, min(last, len(act)))
            if len(starts) == 0:
                continue
            ends = np.minimum(starts + per, len(act))
            counts = csum[ends] - csum[starts]
            k = int(np.argmax(counts))
            s = int(starts[k]) - first
            width = max(1, per)
            share = float(counts[k]) / width
            start = (first + s) * FRAME_SECONDS
            win = SampleWindow(
                part=index,
                start=start,
                offset=part.offset + start,
                duration=min(window_seconds, part.duration - start),
                activity=share,
            )
            if best is None or win.activity > best.activity:
                best = win
        if best is not None and best.activity > 0:
            chosen.append(best)
    return chosen


def vote(
    results: Sequence[tuple[float, dict[str, float]]], prior: str | None = None
) -> LanguageVote | None:
    """Combine (weight, {language: probability}) per window into one decision."""
    weights = sum(w for w, probs in results if probs)
    if weights <= 0:
        return None
    scores: dict[str, float] = {}
    wins: dict[str, int] = {}
    sure: dict[str, int] = {}
    for w, probs in results:
        if not probs:
            continue
        for lang, p in probs.items():
            scores[lang] = scores.get(lang, 0.0) + w * p / weights
        top, p_top = max(probs.items(), key=lambda kv: kv[1])
        if p_top >= MIXED_PROBABILITY:
            wins[top] = wins.get(top, 0) + 1
        if p_top >= SURE_PROBABILITY:
            sure[top] = sure.get(top, 0) + 1
    winner = max(scores, key=lambda k: scores[k])
    counted = sum(1 for _, probs in results if probs)
    from_prior = False
    others = sorted((s for k, s in scores.items() if k != winner), reverse=True)
    margin = scores[winner] - (others[0] if others else 0.0)
    weak = (scores[winner] < WEAK_SCORE or margin < WEAK_MARGIN) and sure.get(
        winner, 0
    ) * 2 <= counted
    if (
        prior
        and prior != winner
        and (weak or scores.get(prior, 0.0) >= PRIOR_SHARE * scores[winner])
    ):
        winner, from_prior = prior, True
    if prior == winner:
        weak = False  # the user's language, not contradicted by a strong vote
    mixed = tuple(
        k
        for k, n in sorted(wins.items(), key=lambda kv: -kv[1])
        if k != winner and n >= MIXED_WINDOWS and n >= MIXED_SHARE * counted
    )
    scores = {
        k: round(v, 4) for k, v in sorted(scores.items(), key=lambda kv: -kv[1]) if v >= 0.005
    }
    return LanguageVote(
        language=winner,
        score=round(scores.get(winner, 0.0), 4),
        scores=scores,
        windows=counted,
        weak=weak,
        mixed=mixed,
        from_prior=from_prior,
    )


def detect_stream_language(
    parts: Sequence[MediaPart],
    detector: Detector,
    *,
    prior: str | None = None,
    count: int = DEFAULT_COUNT,
) -> LanguageVote | None:
    """The vote over up to `count` windows of the stream (None when nothing sounds like
    speech, and then the caller falls back to the decoder's own detection)."""
    activity = frame_activity(parts)
    windows = choose_windows(parts, activity, count=count)
    results: list[tuple[float, dict[str, float]]] = []
    best: SampleWindow | None = None
    for win in windows:
        audio = read_pcm(parts[win.part].path, start=win.start, duration=win.duration)
        if len(audio) < int(0.5 * SAMPLE_RATE):
            continue
        probs = detector(audio)
        results.append((max(win.activity, 0.05), probs))
        if probs and (best is None or win.activity > best.activity):
            best = win
    decided = vote(results, prior=prior)
    if decided is not None and best is not None:
        decided.probe = (parts[best.part].path, best.start, best.duration)
    return decided
