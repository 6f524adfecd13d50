"""How far the transcript can be trusted, so speech signals count only as much as it can.

Whisper says how sure it was: the language probability of the whole file, and per segment
the mean log-probability of its tokens and the probability that there was no speech at all.
A garbled Mandarin stream shows up as a low language probability, segments near Whisper's
own `logprob_threshold` (−1.0), or very little of the stream covered by segments. A weak or
sparse transcript must not decide which windows exist nor outvote the audio, chat, picture
and sales signals.
"""

from __future__ import annotations

from dataclasses import dataclass

from livegen.schemas.transcript import Transcript

# avg_logprob mapped linearly onto 0..1 between these (fluent speech sits near −0.3).
LOGPROB_BAD, LOGPROB_GOOD = -1.2, -0.3
# language_probability mapped onto 0..1 between these (a clear detection is above 0.9).
LANG_BAD, LANG_GOOD = 0.3, 0.9
WEAK_BELOW = 0.5  # a confidence under this is a weak transcript
SPARSE_BELOW = 0.25  # segments covering less of the stream than this are sparse


@dataclass(frozen=True)
class Confidence:
    score: float  # 0..1, the weakest of the measures that were present
    coverage: float  # share of the stream inside segments
    weak: bool
    sparse: bool
    why: str  # the measure that set the score, for notes and reasons

    @property
    def speech_factor(self) -> float:
        """Multiplier for the speech-derived weights (1.0 for a sound transcript)."""
        factor = self.score if self.weak else 1.0
        if self.sparse:
            factor = min(factor, self.coverage / SPARSE_BELOW)
        return round(max(0.0, min(1.0, factor)), 2)

    @property
    def trusted(self) -> bool:
        return not (self.weak or self.sparse)


def _ramp(value: float, bad: float, good: float) -> float:
    return max(0.0, min(1.0, (value - bad) / (good - bad)))


def transcript_confidence(transcript: Transcript, duration: float) -> Confidence:
    """The transcript's confidence from whichever of Whisper's measures it carries."""
    segs = [s for s in transcript.segments if s.end > s.start and s.text.strip()]
    spoken = sum(s.end - s.start for s in segs)
    coverage = min(1.0, spoken / duration) if duration > 0 else 0.0
    measures: list[tuple[float, str]] = []
    if transcript.language_probability is not None:
        p = transcript.language_probability
        measures.append((_ramp(p, LANG_BAD, LANG_GOOD), f"language probability {p:.2f}"))
    timed = [(s.end - s.start, s) for s in segs]
    lp = [(d, s.avg_logprob) for d, s in timed if s.avg_logprob is not None]
    if lp:
        mean = sum(d * v for d, v in lp) / sum(d for d, _ in lp)
        measures.append((_ramp(mean, LOGPROB_BAD, LOGPROB_GOOD), f"avg log-probability {mean:.2f}"))
    ns = [(d, s.no_speech_prob) for d, s in timed if s.no_speech_prob is not None]
    if ns:
        mean = sum(d * v for d, v in ns) / sum(d for d, _ in ns)
        measures.append((1.0 - mean, f"no-speech probability {mean:.2f}"))
    score, why = min(measures, default=(1.0, "no confidence recorded"))
    sparse = coverage < SPARSE_BELOW
    if sparse and (score >= WEAK_BELOW or not measures):
        why = f"segments cover {coverage:.0%} of the stream"
    return Confidence(round(score, 3), round(coverage, 3), score < WEAK_BELOW, sparse, why)
