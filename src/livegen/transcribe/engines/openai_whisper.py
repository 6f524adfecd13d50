"""The reference implementation (`openai-whisper` on torch), for comparison and GPUs.

It runs the same weights as faster-whisper: the CTranslate2 `model.bin` is converted
once into `<models dir>/openai-whisper-NAME.pt` (see `livegen.transcribe.convert`).
Audio is passed in as numpy windows, so no `ffmpeg` on PATH is needed. The per-window
decode-time bound cannot interrupt `whisper.transcribe`; the decoder thresholds and the
repetition post-filter still apply.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livegen.config import Config
from livegen.errors import DependencyError
from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.engines.base import WindowResult
from livegen.transcribe.models import FOLDER_PREFIX, resolve_model
from livegen.transcribe.options import TranscribeOptions

if TYPE_CHECKING:
    import numpy as np

    from livegen.transcribe.deadline import DecodeDeadline

INSTALL = "pip install 'livegen[openai-whisper]' (needs torch)"


def checkpoint_for(ct2_folder: Path, *, force: bool = False) -> Path:
    """The `.pt` beside the CTranslate2 folder, converted on first use."""
    from livegen.transcribe.convert import convert

    name = ct2_folder.name.removeprefix(FOLDER_PREFIX)
    out = ct2_folder.parent / f"openai-whisper-{name}.pt"
    if (
        out.is_file()
        and not force
        and out.stat().st_mtime >= (ct2_folder / "model.bin").stat().st_mtime
    ):
        return out
    return convert(ct2_folder, out)


@functools.lru_cache(maxsize=1)
def _load(path: str, threads: int) -> Any:
    try:
        import torch
        import whisper
        from whisper.model import ModelDimensions, Whisper
    except ImportError:
        raise DependencyError(
            "the openai-whisper engine needs the openai-whisper package", hint=INSTALL
        ) from None
    if threads > 0:
        torch.set_num_threads(threads)
    checkpoint = torch.load(path, map_location="cpu")
    model = Whisper(ModelDimensions(**checkpoint["dims"]))
    model.load_state_dict(checkpoint["model_state_dict"])
    heads = checkpoint.get("livegen_alignment_heads") or []
    if heads:
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    del whisper
    return model.to("cpu").eval()


class OpenAIWhisperEngine:
    name = "openai-whisper"
    window_seconds = 240.0

    def __init__(self, options: TranscribeOptions, config: Config) -> None:
        self.options = options
        name = options.model or str(config.get("transcribe.model") or "base")
        self.resolved = resolve_model(name, config.models_dir, allow_download=False)
        assert self.resolved.path is not None
        try:
            import whisper  # noqa: F401
        except ImportError:
            raise DependencyError(
                "the openai-whisper engine needs the openai-whisper package", hint=INSTALL
            ) from None
        self.checkpoint = checkpoint_for(self.resolved.path)

    @property
    def model_label(self) -> str:
        return self.resolved.label

    @property
    def model_identity(self) -> str:
        return self.resolved.identity

    def load(self) -> None:
        _load(str(self.checkpoint), self.options.threads)

    def detect_language(self, audio: np.ndarray) -> dict[str, float]:
        """Language probabilities of the speech in `audio` (pauses cut out by the shared
        voice-activity detector; {} when there is too little speech), so the stream-wide
        vote works as with faster-whisper."""
        import whisper

        from livegen.transcribe.vad import speech_only

        speech = speech_only(audio)
        if len(speech) < 8000:  # under half a second of speech says nothing
            return {}
        model = _load(str(self.checkpoint), self.options.threads)
        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(speech), model.dims.n_mels)
        _, probs = model.detect_language(mel)
        return {str(k): float(v) for k, v in probs.items()}

    def transcribe_window(
        self, audio: np.ndarray, *, language: str | None, deadline: DecodeDeadline | None
    ) -> WindowResult:
        import whisper

        o = self.options
        model = _load(str(self.checkpoint), o.threads)
        if language is None:
            mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), model.dims.n_mels)
            _, probs = model.detect_language(mel)
            language = max(probs, key=probs.get)
            prob: float | None = float(probs[language])
        else:
            prob = None
        result = whisper.transcribe(
            model,
            audio,
            language=language,
            fp16=False,
            verbose=None,
            beam_size=o.beam_size if o.beam_size > 1 else None,
            best_of=o.beam_size if o.beam_size > 1 else None,
            word_timestamps=o.word_timestamps,
            initial_prompt=o.prompt(),
            compression_ratio_threshold=o.compression_ratio_threshold,
            logprob_threshold=o.log_prob_threshold,
            no_speech_threshold=o.no_speech_threshold,
            condition_on_previous_text=o.condition_on_previous_text,
            temperature=o.temperatures(),
        )
        out = WindowResult(language=language, language_probability=prob)
        for s in result["segments"]:
            text = str(s["text"]).strip()
            if not text:
                continue
            words = [
                Word(
                    start=max(float(w["start"]), 0.0),
                    end=max(float(w["end"]), float(w["start"]), 0.0),
                    word=str(w["word"]),
                    probability=min(max(float(w["probability"]), 0.0), 1.0),
                )
                for w in s.get("words", [])
            ]
            start = max(float(s["start"]), 0.0)
            out.segments.append(
                Segment(
                    id=0,
                    start=start,
                    end=max(float(s["end"]), start),
                    text=text,
                    avg_logprob=float(s["avg_logprob"]),
                    no_speech_prob=float(s["no_speech_prob"]),
                    words=words,
                )
            )
        return out
