"""Transcribe one stream (one or more files) once, and serve it from the cache after.

`transcribe_cached` is what every stage calls: `livegen transcribe`, and highlights or
clip when they need the words of a recording. The cache key is the media content hashes
plus the engine, the model weights and every option that changes the result, so moving
or renaming a recording still hits the cache, and changing `--lang` does not.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from livegen.cache import Cache, file_hash, key_of
from livegen.config import Config
from livegen.errors import InputError, UsageError
from livegen.progress import NullReporter, Reporter
from livegen.schemas.transcript import MediaPart, Segment, Transcript, Word
from livegen.transcribe.chinese import convert_segments, prompt_for
from livegen.transcribe.coverage import fill_holes
from livegen.transcribe.deadline import window_deadline
from livegen.transcribe.engines import create_engine
from livegen.transcribe.engines.base import Engine
from livegen.transcribe.guard import (
    drop_prompt_echoes,
    drop_squeezed_repeats,
    filter_repetitions,
)
from livegen.transcribe.language import LanguageVote, detect_stream_language
from livegen.transcribe.local import LanguageDetector, language_detector
from livegen.transcribe.options import TranscribeOptions
from livegen.transcribe.timing import repair_timing
from livegen.transcribe.vad import speech_spans
from livegen.transcribe.windows import audio_windows

if TYPE_CHECKING:
    from livegen.transcribe.chinese import ChineseScript

CACHE_NAMESPACE = "transcripts"


def default_options(config: Config, **overrides: Any) -> TranscribeOptions:
    """Options from the configuration (engine, model, threads, API endpoint) plus overrides.

    Stages that need a transcript build their options here, so they ask for the same
    cache entry that `livegen transcribe` with the same flags produced.
    """
    engine = overrides.pop("engine", None) or str(
        config.get("transcribe.engine") or "faster-whisper"
    )
    model = overrides.pop("model", None)
    if model is None and engine != "openai-api":
        model = str(config.get("transcribe.model") or "base")
    values: dict[str, Any] = {
        "engine": engine,
        "model": model,
        "compute_type": str(config.get("transcribe.compute_type") or "int8"),
        "threads": int(config.get("transcribe.threads") or 0),
        "batch_size": int(config.get("transcribe.batch_size") or 0),
        "language_prior": config.get("transcribe.language") or None,
        "chinese": str(config.get("transcribe.chinese") or "simplified"),
        "api_base_url": config.get("transcribe.base_url") or config.get("llm.base_url"),
        "api_key": config.get("transcribe.api_key") or config.get("llm.api_key"),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return TranscribeOptions(**values)


def media_parts(paths: Sequence[str | os.PathLike[str]]) -> list[MediaPart]:
    """Probe every file (fail fast on bad input) and lay them on one timeline."""
    from livegen.media.probe import check_decodable, probe, require_audio

    if not paths:
        raise UsageError("no media file given")
    parts: list[MediaPart] = []
    offset = 0.0
    for raw in paths:
        info = probe(raw)
        require_audio(info)
        check_decodable(raw)
        if info.duration <= 0:
            raise InputError(f"{raw}: has no measurable duration (truncated or still recording?)")
        try:
            sha = file_hash(raw)
        except OSError as exc:
            raise InputError(f"{raw}: cannot read ({exc.strerror})") from None
        parts.append(
            MediaPart(
                path=str(raw), offset=round(offset, 3), duration=round(info.duration, 3), sha=sha
            )
        )
        offset += info.duration
    return parts


def _shift(seg: Segment, offset: float) -> Segment:
    return seg.model_copy(
        update={
            "start": round(seg.start + offset, 3),
            "end": round(seg.end + offset, 3),
            "words": [
                Word(
                    start=round(w.start + offset, 3),
                    end=round(w.end + offset, 3),
                    word=w.word,
                    probability=round(w.probability, 4),
                )
                for w in seg.words
            ],
        }
    )


def run_engine(
    engine: Engine,
    parts: Sequence[MediaPart],
    options: TranscribeOptions,
    reporter: Reporter,
    detector: LanguageDetector | None = None,
) -> tuple[list[Segment], str, float | None]:
    """Feed windows through `engine`; returns (segments on the timeline, language, prob).

    Every engine's output passes through the same steps here: the language vote over the
    stream (with `detector`, by default the engine's own), the re-decode of missed speech,
    the word-timing repair against the shared voice-activity detector, the repetition
    filters and the Chinese script conversion.
    """
    language = options.language
    probability: float | None = None
    segments: list[Segment] = []
    total = sum(p.duration for p in parts)
    window_seconds = options.window_seconds or engine.window_seconds
    load = getattr(engine, "load", None)
    if callable(load):
        # Load before the bar starts, so its speed is decoding speed.
        with reporter.task(f"loading {engine.model_label}"):
            load()
    mixed = False
    voted: LanguageVote | None = None
    if language is None:
        language, probability, mixed, voted = _vote_language(
            detector or language_detector(engine, options, None), parts, options, reporter
        )
        if voted is not None and voted.weak and not mixed and not _english_only(engine):
            settled = settle_weak_vote(engine, voted, reporter)
            if settled != language:
                language, probability = settled, voted.probability_of(settled)
            voted = None  # settled: the decoded text is not checked again
    # A vote the user's language did not decide is checked once against what the first
    # decoded window looks like (pinyin under `en`, Han characters under `th`, ...). Not a
    # bilingual one: its sentences were identified one by one, and the first window's
    # text holds the other language's sentences too.
    check = (
        voted is not None
        and not mixed
        and not voted.bilingual
        and language is not None
        and language != options.language_prior
        and not _english_only(engine)
    )
    # A host who switches language sentence by sentence: the batched path, locked to the
    # majority language, drops most of the other language's sentences (on the benchmark
    # stream's 10-minute unit locked to zh: 969 characters against the sequential path's
    # 1,946), so such a stream is decoded sequentially.
    bilingual = voted is not None and bool(voted.bilingual)
    _set_decode_hints(engine, options, language, mixed, sequential=bilingual)
    started = time.monotonic()
    echoed = refilled = 0
    with reporter.task("transcribing", total=total, unit="s") as task:
        for window in audio_windows(parts, window_seconds=window_seconds):
            deadline = window_deadline(options.decode_time_factor, window.duration, options.threads)
            result = engine.transcribe_window(
                window.audio, language=None if mixed else language, deadline=deadline
            )
            if check and voted is not None and language is not None and result.segments:
                check = False
                settled = check_decoded_text(
                    engine, window.audio, result.segments, language, voted, reporter
                )
                if settled != language:
                    language, probability = settled, voted.probability_of(settled)
                    _set_decode_hints(engine, options, language, mixed)
                    result = engine.transcribe_window(
                        window.audio, language=language, deadline=deadline
                    )
            if result.stopped_early:
                reporter.warn(
                    f"decoding the window at {window.offset:.0f} s took too long; "
                    "kept what was decoded (a likely repetition loop)"
                )
            if language is None and result.segments:
                # No vote was possible: lock the language of the first speech instead.
                language, probability = result.language, result.language_probability
                _set_decode_hints(engine, options, language, mixed)
            kept_here, n = drop_prompt_echoes(result.segments, _bias_phrases(engine, options))
            echoed += n
            speech = _speech_spans(engine, window.audio)
            kept_here, n = _fill_speech_holes(
                engine, window.audio, kept_here, language, mixed, speech
            )
            refilled += n
            kept_here = repair_timing(kept_here, speech)
            for seg in kept_here:
                end = min(seg.end, window.duration)
                seg = seg.model_copy(update={"end": max(end, seg.start)})
                segments.append(_shift(seg, window.offset))
                task.update(completed=min(window.offset + seg.end, total))
            task.update(completed=min(window.offset + window.duration, total))
    kept, changed = filter_repetitions(segments, options.max_repeats)
    kept, squeezed = drop_squeezed_repeats(kept)
    changed += squeezed
    if echoed:
        reporter.warn(f"dropped {echoed} segment(s) that only repeated the hotwords/prompt")
    if refilled:
        reporter.info(f"re-decoded {refilled} stretch(es) of speech the first pass missed")
    if changed:
        reporter.warn(
            f"dropped or shortened {changed} repeated segment(s) (Whisper repetition loop)"
        )
    kept = convert_segments(kept, language, options.chinese)  # type: ignore[arg-type]
    for i, seg in enumerate(kept):
        kept[i] = seg.model_copy(update={"id": i})
    reporter.info(f"transcribed {total:.0f} s in {time.monotonic() - started:.1f} s")
    return kept, language or "en", probability


def _bias_phrases(engine: Engine, options: TranscribeOptions) -> list[str]:
    """The hotwords and prompt phrases a decode may echo back."""
    prompt = getattr(engine, "options", options).initial_prompt
    return [*options.hotwords, *re.split(r"[,，、。.;；\s]+", prompt or "")]


# A second-chance decode is kept only when Whisper itself is fairly sure it heard words:
# VAD also fires on music and crowd noise, where an unprompted decode can hallucinate.
REFILL_MIN_LOGPROB = -0.8
REFILL_MAX_NO_SPEECH = 0.5


def _speech_spans(engine: Engine, audio: Any) -> list[tuple[float, float]]:
    """Where the window has speech: the engine's own detector when it has one, else the
    shared one (`livegen.transcribe.vad`), the same for every engine."""
    spans = getattr(engine, "speech_spans", None)
    return list(spans(audio)) if callable(spans) else speech_spans(audio)


def _fill_speech_holes(
    engine: Engine,
    audio: Any,
    segments: list[Segment],
    language: str | None,
    mixed: bool,
    speech: list[tuple[float, float]],
) -> tuple[list[Segment], int]:
    """Decode again, without hotwords or prompt, the detected speech no word covers."""
    # An engine may opt out (a paid remote API: each re-decode is another upload).
    if not getattr(engine, "refill_holes", True) or _options_of(engine) is None:
        return segments, 0

    def decode(piece: Any) -> list[Segment]:
        # Greedy only: a sampled retry on a short hole is where Whisper makes text up.
        with decoding_with(
            engine,
            hotwords=(),
            initial_prompt=None,
            condition_on_previous_text=False,
            temperature_fallback=False,
        ):
            got = engine.transcribe_window(
                piece, language=None if mixed else language, deadline=None
            )
        return [
            s
            for s in got.segments
            if (s.avg_logprob is None or s.avg_logprob >= REFILL_MIN_LOGPROB)
            and (s.no_speech_prob is None or s.no_speech_prob <= REFILL_MAX_NO_SPEECH)
        ]

    # Holes of one language share a decode; a mixed stream detects it per hole.
    return fill_holes(audio, segments, speech, decode, pack=language is not None and not mixed)


def _vote_language(
    detector: LanguageDetector,
    parts: Sequence[MediaPart],
    options: TranscribeOptions,
    reporter: Reporter,
) -> tuple[str | None, float | None, bool, LanguageVote | None]:
    """(language, vote score, mixed) from windows spread over the stream; (prior, None,
    False) when there is no language detector or nothing sounds like speech (without a
    prior the first decoded window then decides, as before)."""
    prior = options.language_prior
    if detector.detect is None:
        if detector.source == "none" and detector.label:
            if prior:
                reporter.info(
                    f"language: {prior}, the expected language (from the spec, "
                    f"config or chat); no local language detector "
                    f"({detector.label})"
                )
            else:
                reporter.warn(
                    f"no local language detector ({detector.label}) and no "
                    "expected language: the engine detects it per window; pass "
                    "--lang CODE to be sure"
                )
        return prior, None, False, None
    if detector.source == "local":
        reporter.info(
            f"language: identified on this machine with {detector.label} "
            f"(the {options.engine} engine cannot identify it per window)"
        )
    with reporter.task("detecting the language"):
        result = detect_stream_language(parts, detector.detect, prior=prior)
    if result is None:
        return prior, None, False, None
    how = (
        (" (the expected language, from the spec, config or chat; the vote did not overrule it)")
        if result.from_prior
        else ""
    )
    reporter.info(f"language: {result.language}{how}; vote {result.describe()}")
    if result.weak:
        reporter.warn(
            f"the language vote is weak ({result.describe()}); "
            f"pass --lang CODE (e.g. --lang {result.language}) if "
            f"'{result.language}' is wrong"
        )
    if result.bilingual:
        reporter.info(
            f"the stream alternates {result.language} and "
            f"{', '.join(result.bilingual)} sentence by sentence: decoded in "
            f"{result.language} (the larger share of {result.sentences} identified "
            f"sentences); its language probability is its confidence on its own "
            f"sentences; pass --lang to choose another"
        )
    if result.mixed:
        reporter.warn(
            f"the stream mixes languages ({result.language} and "
            f"{', '.join(result.mixed)}): each part is decoded in its own language; "
            "pass --lang to force one"
        )
    return result.language, result.probability_of(result.language), bool(result.mixed), result


def _english_only(engine: Engine) -> bool:
    """An English-only model (`tiny.en`) decodes English whatever it is asked."""
    return str(getattr(engine, "model_label", "")).endswith(".en")


class _WithOptions(Protocol):
    """An engine whose decoding options can be swapped for one decode."""

    options: TranscribeOptions


def _options_of(engine: Engine) -> TranscribeOptions | None:
    """The decoding options a local engine carries (None for one without them)."""
    current = getattr(engine, "options", None)
    return current if isinstance(current, TranscribeOptions) else None


@contextmanager
def decoding_with(engine: Engine, **changes: Any) -> Iterator[TranscribeOptions | None]:
    """Inside the block `engine` decodes with `changes` applied to its options, and after
    it with its own options again (also when the decode raises).

    Yields the options in force, or None when the engine carries no options to change
    (a remote API): it then decodes as it always does. The language check and the
    re-decode of missed speech both decode "like the transcript, but without the bias",
    and both go through here so the swap and its undoing live in one place.
    """
    current = _options_of(engine)
    if current is None:
        yield None
        return
    holder = cast("_WithOptions", engine)
    holder.options = replace(current, **changes)
    try:
        yield holder.options
    finally:
        holder.options = current


def _unbiased_decode(engine: Engine, audio: Any, language: str | None) -> list[Segment]:
    """`audio` decoded in `language` as the transcript would decode it (its script prompt
    for Chinese), without hotwords, the user's prompt or previous text."""
    current = _options_of(engine)
    prompt = (
        prompt_for(language, cast("ChineseScript", current.chinese))
        if current is not None
        else None
    )
    with decoding_with(
        engine,
        hotwords=(),
        initial_prompt=prompt,
        condition_on_previous_text=False,
        multilingual=False,
        temperature_fallback=False,
    ):
        got = engine.transcribe_window(audio, language=language, deadline=None).segments
    # The prompt read back is not what the audio says: it must not count as Han text.
    phrases = [p for p in re.split(r"[,，、。.;；\s]+", prompt or "") if len(p) >= 2]
    out = []
    for seg in got:
        text = seg.text
        for phrase in phrases:
            text = text.replace(phrase, "")
        out.append(seg.model_copy(update={"text": text}))
    return out


def check_decoded_text(
    engine: Engine,
    audio: Any,
    decoded: Sequence[Segment],
    language: str,
    voted: LanguageVote,
    reporter: Reporter,
) -> str:
    """`language`, unless the decoded text shows another one (`reads_as`): then a probe
    of the window's start is decoded in each candidate and the best reading wins."""
    from livegen.transcribe.arbitrate import PROBE_SECONDS, arbitrate, reads_as

    shown = reads_as(" ".join(s.text for s in decoded))
    if shown is None or shown == language:
        return language
    probe = audio[: int(PROBE_SECONDS * 16000)]
    with reporter.task("checking the language by decoding"):
        decision = arbitrate(
            language, voted.scores, lambda lang: _unbiased_decode(engine, probe, lang)
        )
    if decision.changed:
        reporter.warn(
            f"language: {decision.language}, not {language}: the {language} decode "
            f"reads as {shown}, and a {len(probe) / 16000:.0f}-s probe decodes best "
            f"in {decision.language} ({decision.why()}); pass --lang to override"
        )
    else:
        reporter.info(
            f"language: {language} kept although its decode reads as {shown} ({decision.why()})"
        )
    return decision.language


def settle_weak_vote(engine: Engine, voted: LanguageVote, reporter: Reporter) -> str:
    """A weak vote without a stated language, settled by decoding a short probe in each
    candidate language (`livegen.transcribe.arbitrate`); stderr says what and why."""
    from livegen.media.audio import read_pcm
    from livegen.transcribe.arbitrate import PROBE_SECONDS, arbitrate

    if voted.probe is None:
        return voted.language
    path, start, seconds = voted.probe
    audio = read_pcm(path, start=start, duration=min(seconds, PROBE_SECONDS))
    with reporter.task("checking the language by decoding"):
        decision = arbitrate(
            voted.language, voted.scores, lambda lang: _unbiased_decode(engine, audio, lang)
        )
    if decision.changed:
        reporter.warn(
            f"language: {decision.language}, not {voted.language}: the vote was "
            f"weak and a {len(audio) / 16000:.0f}-s probe decodes best in "
            f"{decision.language} ({decision.why()}); pass --lang to override"
        )
    else:
        reporter.info(
            f"language: {decision.language} confirmed by decoding a probe ({decision.why()})"
        )
    return decision.language


def _set_decode_hints(
    engine: Engine,
    options: TranscribeOptions,
    language: str | None,
    mixed: bool,
    *,
    sequential: bool = False,
) -> None:
    """Give the engine the decode hints that depend on the detected language: the initial
    prompt in the wanted Chinese script, per-segment detection for a mixed stream, and the
    sequential path for a bilingual one (`sequential`) unless the user chose a batch size.

    A prompt only reaches the first 30-s segment of each window; for Chinese, later
    segments are conditioned on the (Simplified) text before them so the script and the
    vocabulary carry over (measured on the Mandarin test speech: raw CER 0.26 → 0.16).
    The repetition guards (compression ratio, prompt reset on temperature fallback, the
    decode deadline and the post-filter) still apply.
    """
    current = _options_of(engine)
    if current is None:
        return
    prompt = options.initial_prompt
    script_prompt = None if mixed else prompt_for(language, options.chinese)  # type: ignore[arg-type]
    if prompt is None:
        prompt = script_prompt
    condition = options.condition_on_previous_text or script_prompt is not None
    batch = 1 if sequential and options.batch_size == 0 else current.batch_size
    cast("_WithOptions", engine).options = replace(
        current,
        initial_prompt=prompt,
        multilingual=mixed,
        condition_on_previous_text=condition,
        batch_size=batch,
    )


def transcribe(
    media_paths: Sequence[str | os.PathLike[str]],
    options: TranscribeOptions,
    config: Config,
    reporter: Reporter | None = None,
    parts: list[MediaPart] | None = None,
) -> Transcript:
    """Transcribe without the cache."""
    reporter = reporter or NullReporter()
    parts = parts if parts is not None else media_parts(media_paths)
    engine = create_engine(options, config)
    segments, language, prob = run_engine(
        engine, parts, options, reporter, language_detector(engine, options, config)
    )
    return Transcript(
        media=parts,
        duration=round(sum(p.duration for p in parts), 3),
        language=language,
        language_probability=None if prob is None else round(prob, 4),
        engine=engine.name,
        model=engine.model_label,
        options=options.recorded(),
        segments=segments,
    )


def cache_key(parts: Sequence[MediaPart], options: TranscribeOptions, engine: Engine) -> str:
    return key_of(
        "transcript", [p.sha for p in parts], engine.name, engine.model_identity, options.key_dict()
    )


def transcribe_cached(
    media_paths: Sequence[str | os.PathLike[str]],
    options: TranscribeOptions,
    config: Config,
    reporter: Reporter | None = None,
    *,
    use_cache: bool = True,
) -> Transcript:
    """The transcript of `media_paths` (one stream, in order), from the cache when possible."""
    reporter = reporter or NullReporter()
    parts = media_parts(media_paths)
    engine = create_engine(options, config)
    cache = Cache(Path(config.cache_dir), enabled=use_cache)
    key = cache_key(parts, options, engine)
    cached = cache.get_text(CACHE_NAMESPACE, key)
    if cached is not None:
        try:
            hit = Transcript.model_validate_json(cached)
        except ValueError:
            hit = None
        if hit is not None:
            reporter.info("using the cached transcript")
            # Same content, maybe another name or folder: report today's paths.
            return hit.model_copy(update={"media": parts})
    segments, language, prob = run_engine(
        engine, parts, options, reporter, language_detector(engine, options, config)
    )
    transcript = Transcript(
        media=parts,
        duration=round(sum(p.duration for p in parts), 3),
        language=language,
        language_probability=None if prob is None else round(prob, 4),
        engine=engine.name,
        model=engine.model_label,
        options=options.recorded(),
        segments=segments,
    )
    cache.put_text(CACHE_NAMESPACE, key, transcript.model_dump_json())
    return transcript
