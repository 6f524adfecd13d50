"""The CTranslate2 → openai-whisper weight mapping (reads model.bin with numpy only)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from livegen.transcribe.convert import alignment_heads, read_ct2, whisper_state_dict

BASE_DIMS = {
    "n_mels": 80,
    "n_audio_ctx": 1500,
    "n_audio_state": 512,
    "n_audio_head": 8,
    "n_audio_layer": 6,
    "n_vocab": 51865,
    "n_text_ctx": 448,
    "n_text_state": 512,
    "n_text_head": 8,
    "n_text_layer": 6,
}


@pytest.fixture(scope="module")
def ct2(models_dir: Path):
    return read_ct2(models_dir / "faster-whisper-base" / "model.bin")


def test_the_reader_finds_every_whisper_variable(ct2) -> None:
    spec, variables = ct2
    assert spec == "WhisperSpec"
    assert variables["decoder/embeddings/weight"].shape == (51865, 512)
    assert variables["decoder/projection/weight"] is variables["decoder/embeddings/weight"]


def test_every_tensor_is_mapped_with_whisper_names_and_shapes(ct2) -> None:
    _, variables = ct2
    dims, sd = whisper_state_dict(variables)
    assert dims == BASE_DIMS
    # 6 encoder blocks x 15 tensors, 6 decoder blocks x 24, plus 11 outside the blocks.
    assert len(sd) == 6 * 15 + 6 * 24 + 11
    for side in ("attn", "cross_attn"):
        block = f"decoder.blocks.5.{side}"
        for proj in ("query", "key", "value", "out"):
            assert sd[f"{block}.{proj}.weight"].shape == (512, 512)
        assert f"{block}.key.bias" not in sd
    assert sd["encoder.conv1.weight"].shape == (512, 80, 3)
    assert sd["decoder.positional_embedding"].shape == (448, 512)
    assert sd["encoder.blocks.0.mlp.0.weight"].shape == (2048, 512)
    used = {id(a) for a in sd.values()}
    tensors = [
        k
        for k, a in variables.items()
        if a.ndim >= 1 and k != "decoder/projection/weight" and a.dtype == np.float16
    ]
    fused = [k for k in tensors if "self_attention/linear_0" in k or "/attention/linear_1" in k]
    assert len(fused) == 2 * (6 + 6 + 6)
    assert all(id(variables[k]) in used for k in tensors if k not in fused)


def test_fused_key_projection_carries_a_zero_bias(ct2) -> None:
    """Whisper's key projections have no bias; the fused CT2 bias must be zero there."""
    _, variables = ct2
    qkv = variables["encoder/layer_0/self_attention/linear_0/bias"].reshape(3, 512)
    assert not qkv[1].any() and qkv[0].any() and qkv[2].any()
    kv = variables["decoder/layer_0/attention/linear_1/bias"].reshape(2, 512)
    assert not kv[0].any() and kv[1].any()


def test_alignment_heads_come_from_the_config(models_dir: Path) -> None:
    heads = alignment_heads(models_dir / "faster-whisper-base")
    assert heads and all(0 <= layer < 6 and 0 <= head < 8 for layer, head in heads)


needs_whisper = pytest.mark.skipif(
    importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None,
    reason="openai-whisper/torch not installed (optional extra 'openai-whisper')",
)


@needs_whisper
@pytest.mark.slow
def test_the_converted_checkpoint_loads_into_openai_whisper(models_dir: Path, tmp_path) -> None:
    import torch
    from whisper.model import ModelDimensions, Whisper

    from livegen.transcribe.convert import convert

    out = convert(models_dir / "faster-whisper-base", tmp_path / "base.pt")
    ckpt = torch.load(out, map_location="cpu")
    model = Whisper(ModelDimensions(**ckpt["dims"]))
    missing, unexpected = model.load_state_dict(ckpt["model_state_dict"], strict=True)
    assert not missing and not unexpected


@needs_whisper
@pytest.mark.slow
def test_openai_whisper_engine_transcribes_with_the_converted_weights(config) -> None:
    from transcribe_helpers import REFERENCES, SPEECH, cer

    from livegen.transcribe.api import transcribe_cached
    from livegen.transcribe.options import TranscribeOptions

    name = "BAC009S0002W0123.wav"
    t = transcribe_cached([SPEECH / name], TranscribeOptions(engine="openai-whisper"), config)
    assert t.engine == "openai-whisper" and t.language == "zh"
    assert cer(REFERENCES[name], t.text) < 0.3
    assert t.segments[0].words
