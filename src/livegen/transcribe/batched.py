"""Batched decoding of long windows: faster-whisper's `BatchedInferencePipeline`.

On two CPU cores the batched pipeline (VAD cuts a window into speech chunks of up to
30 s, and the encoder and decoder run over several chunks at once) transcribes a
minutes-long window about 1.3–1.4× faster than the sequential path with the same
weights, beam and word timestamps. On a short window there are too few chunks to batch
and it gains nothing, so windows shorter than `BATCH_MIN_SECONDS` stay sequential
(`benchmarks/transcribe.py --crossover` measures where it pays off).

What the batched pipeline does not do, this module does, so the transcript is held to
the same guards as the sequential path:

- it decodes each chunk once at temperature 0, with no fallback: a chunk whose text
  compresses too well (a repetition loop) or whose log-probability is too low is decoded
  again by the sequential path, which retries at higher temperatures (the flagged spans
  packed several to one 30-s decode, as the re-decode of missed speech packs its holes);
- it does not apply Whisper's silence rule: a segment that is likely no speech *and*
  decoded with low confidence is dropped, as the sequential path drops it;
- the decode-time bound is checked between segments, as in the sequential path.

The repetition post-filter and prompt-echo filter of `livegen.transcribe.api` run on its
output like on any engine's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.engines.base import WindowResult

if TYPE_CHECKING:
    import numpy as np

    from livegen.transcribe.deadline import DecodeDeadline
    from livegen.transcribe.options import TranscribeOptions

SAMPLE_RATE = 16_000
# Below this a window has too few 30-s speech chunks to batch. Measured (`benchmarks/
# transcribe.py --crossover`, docs/performance.md): 20–60 s windows 1.02–1.11× CPU,
# 90 s and longer 1.5–1.8×; under 60 s sequential also holds half the memory.
BATCH_MIN_SECONDS = 60.0
DEFAULT_BATCH = 8
REDO_PAD = 0.3  # seconds of context around a span decoded again sequentially
SPEECH_PAD = 0.4  # faster-whisper's VAD widens each speech region by this on both sides
EARLY = 0.1  # a word starting this much before its sound is moved to the sound

Sequential = Callable[["np.ndarray"], WindowResult]


def batch_size_for(options: TranscribeOptions, seconds: float) -> int:
    """How many chunks to decode at once for a window of `seconds`; 1 means sequential.

    `options.batch_size` 0 is automatic: batched on windows of `BATCH_MIN_SECONDS` or
    more. Without VAD there are no speech chunks to batch, so that is always sequential.
    """
    if not options.vad or options.batch_size == 1:
        return 1
    if options.batch_size > 1:
        return options.batch_size
    return DEFAULT_BATCH if seconds >= BATCH_MIN_SECONDS else 1


# Languages the batched path is not used for. Mandarin was among them while its batched
# decode scored CER 0.39 against the sequential 0.30 on the Mandarin test speech (AISHELL
# and FunASR clips looped into 4 minutes); since flagged spans are re-decoded packed and the
# decode bound counts CPU time, batched Mandarin scores CER 0.23 every run against the
# sequential path's 0.30–0.39 (which drifts into invented text on some runs), in half the
# CPU (`benchmarks/transcribe.py --stream --langs zh`, docs/performance.md). Cantonese has no
# test speech here, so it stays on the path it was measured on. A stream whose host switches
# language sentence by sentence is decoded sequentially whatever its language
# (`livegen.transcribe.api.run_engine`): batched, it loses the other language's sentences.
SEQUENTIAL_LANGUAGES = frozenset({"yue"})


def plan_window(
    model: Any, audio: np.ndarray, options: TranscribeOptions, language: str | None
) -> tuple[int, str | None, float | None]:
    """(batch size, language, its probability if detected here) for one window.

    In automatic mode a long window of unknown language has its language detected first
    (on its speech, as the sequential path would), so Mandarin stays sequential; the
    language found is then passed to whichever path decodes it.
    """
    batch = batch_size_for(options, len(audio) / SAMPLE_RATE)
    if batch == 1 or options.batch_size > 1:
        return batch, language, None
    probability = None
    if language is None:
        from faster_whisper.vad import VadOptions

        # detect_language hands vad_parameters to the VAD as is: it must be VadOptions.
        try:
            language, probability, _ = model.detect_language(
                audio=audio, vad_filter=True, vad_parameters=VadOptions(min_silence_duration_ms=500)
            )
        except ValueError:  # no speech at all in the window: nothing to concatenate
            return 1, language, None
    if language in SEQUENTIAL_LANGUAGES:
        return 1, language, probability
    return batch, language, probability


def _needs_redo(seg: Any, options: TranscribeOptions) -> bool:
    """Where the sequential path would have retried at a higher temperature."""
    silent = (
        seg.no_speech_prob > options.no_speech_threshold
        and seg.avg_logprob < options.log_prob_threshold
    )
    if silent:
        return False
    return (
        seg.compression_ratio > options.compression_ratio_threshold
        or seg.avg_logprob < options.log_prob_threshold
    )


def _is_silence(seg: Any, options: TranscribeOptions) -> bool:
    return (
        seg.no_speech_prob > options.no_speech_threshold
        and seg.avg_logprob < options.log_prob_threshold
    )


def to_segment(s: Any, offset: float = 0.0) -> Segment:
    """A faster-whisper segment as livegen's, times shifted by `offset`."""
    words = [
        Word(
            start=max(w.start + offset, 0.0),
            end=max(w.end + offset, w.start + offset, 0.0),
            word=w.word,
            probability=min(max(float(w.probability), 0.0), 1.0),
        )
        for w in (s.words or [])
    ]
    start = max(s.start + offset, 0.0)
    return Segment(
        id=0,
        start=start,
        end=max(s.end + offset, start),
        text=s.text.strip(),
        avg_logprob=s.avg_logprob,
        no_speech_prob=s.no_speech_prob,
        words=words,
    )


def merge_ranges(ranges: Iterable[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def energy_onset(audio: np.ndarray, start: float, end: float) -> float | None:
    """First 10-ms frame in [start, end) clearly louder than the quietest one there."""
    import numpy as np

    frame = SAMPLE_RATE // 100
    span = audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
    n = len(span) // frame
    if n < 3:
        return None
    rms = np.sqrt((span[: n * frame].reshape(n, frame).astype(np.float64) ** 2).mean(axis=1))
    lo, hi = float(rms.min()), float(rms.max())
    if hi < 4 * lo + 1e-4:  # no clear silence-to-speech step inside the word
        return None
    return start + int(np.argmax(rms > lo + 0.25 * (hi - lo))) * frame / SAMPLE_RATE


def repair_word_starts(
    seg: Segment, regions: list[tuple[float, float]], audio: np.ndarray
) -> Segment:
    """Move a word that starts inside a pause to where its sound starts.

    The batched pipeline decodes speech regions glued together with the pauses cut out,
    then maps times back; the first word after a pause tends to start up to a second
    early, inside the pause. Only words starting outside the core of every VAD region
    (the region less the VAD's padding) are looked at, and only moved later.
    """
    if not seg.words or not regions:
        return seg
    words: list[Word] = []
    changed = False
    for w in seg.words:
        core = any(a + SPEECH_PAD <= w.start < b - SPEECH_PAD for a, b in regions)
        if not core:
            onset = energy_onset(audio, w.start, w.end)
            if onset is not None and onset > w.start + EARLY and onset < w.end:
                w = w.model_copy(update={"start": round(onset, 3)})
                changed = True
        words.append(w)
    if not changed:
        return seg
    return seg.model_copy(update={"words": words, "start": max(seg.start, words[0].start)})


def transcribe_batched(
    model: Any,
    audio: np.ndarray,
    options: TranscribeOptions,
    *,
    language: str | None,
    deadline: DecodeDeadline | None,
    batch_size: int,
    sequential: Sequential,
) -> WindowResult:
    """One window through the batched pipeline, held to the sequential path's guards.

    `sequential(audio_span)` decodes a span the sequential way; it is used for the spans
    the batched pass flagged, and its segments replace the batched ones there.
    """
    from faster_whisper import BatchedInferencePipeline

    o = options
    pipeline = BatchedInferencePipeline(model)
    segments, info = pipeline.transcribe(
        audio,
        language=language,
        beam_size=o.beam_size,
        best_of=max(o.beam_size, 1),
        vad_filter=True,
        vad_parameters={"min_silence_duration_ms": 500},
        word_timestamps=o.word_timestamps,
        # Timestamp tokens split a 30-s chunk into sentences, as the sequential path does.
        without_timestamps=False,
        initial_prompt=o.initial_prompt,
        hotwords=o.hotword_text(),
        compression_ratio_threshold=o.compression_ratio_threshold,
        log_prob_threshold=o.log_prob_threshold,
        no_speech_threshold=o.no_speech_threshold,
        condition_on_previous_text=False,
        batch_size=batch_size,
    )
    result = WindowResult(language=info.language, language_probability=info.language_probability)
    # The speech regions the pipeline's VAD found (sample indices), to repair word starts.
    found = getattr(getattr(info, "transcription_options", None), "clip_timestamps", None) or []
    regions = [
        (c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE) for c in found if isinstance(c, dict)
    ]
    kept: list[Segment] = []
    redo: list[tuple[float, float]] = []
    for s in segments:
        if _is_silence(s, o):
            continue
        if _needs_redo(s, o):
            redo.append((s.start, s.end))
        else:
            kept.append(repair_word_starts(to_segment(s), regions, audio))
        if deadline is not None and deadline.passed():
            result.stopped_early = True
            break
    if redo and not result.stopped_early:
        from livegen.transcribe.coverage import decode_packed

        duration = len(audio) / SAMPLE_RATE
        ranges: list[tuple[float, float]] = []
        for a, b in merge_ranges(redo, gap=REDO_PAD):
            lo, hi = max(0.0, a - REDO_PAD), min(duration, b + REDO_PAD)
            # The batched segments around the span may overlap it at the edges.
            kept = [k for k in kept if not (lo <= (k.start + k.end) / 2 < hi)]
            ranges.append((lo, hi))

        def again(span: np.ndarray) -> list[Segment]:
            if result.stopped_early:
                return []
            redone = sequential(span)
            result.stopped_early = redone.stopped_early
            return redone.segments

        # Flagged spans are short (a sentence or two): several share one 30-s decode
        # instead of each costing a whole encoder pass (`coverage.decode_packed`).
        pieces = [audio[int(lo * SAMPLE_RATE) : int(hi * SAMPLE_RATE)] for lo, hi in ranges]
        for (lo, hi), segs in zip(ranges, decode_packed(pieces, again), strict=True):
            kept += [_shift(seg, lo) for seg in segs if lo + seg.start < hi]
    kept.sort(key=lambda seg: seg.start)
    result.segments = kept
    return result


def _shift(seg: Segment, offset: float) -> Segment:
    return seg.model_copy(
        update={
            "start": seg.start + offset,
            "end": seg.end + offset,
            "words": [
                w.model_copy(update={"start": w.start + offset, "end": w.end + offset})
                for w in seg.words
            ],
        }
    )
