"""The openai-api engine against a local fake server speaking verbose_json."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_transcription import FakeTranscriptionServer, verbose_json
from transcribe_helpers import ffmpeg

from livegen.errors import BackendError
from livegen.transcribe.api import transcribe_cached
from livegen.transcribe.options import TranscribeOptions


def _chunk_answer(n: int) -> dict[str, Any]:
    """Upload n is answered "chunk n hello", said 1.0–2.0 s into its window."""
    words = [("chunk", 1.0, 1.3), (str(n), 1.3, 1.6), ("hello", 1.6, 2.0)]
    return verbose_json(f" chunk {n} hello", words, language="english", duration=10.0)


@pytest.fixture
def server() -> Iterator[FakeTranscriptionServer]:
    with FakeTranscriptionServer(_chunk_answer) as fake:
        yield fake


@pytest.fixture
def long_audio(tmp_path: Path) -> Path:
    """25 s of tone bursts with a quiet gap every 4 s, so windows can end in a pause."""
    out = tmp_path / "bursts.wav"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "sine=f=300:d=25:sample_rate=16000",
        "-af",
        "volume=enable='between(mod(t,4),3.5,4)':volume=0",
        "-ac",
        "1",
        str(out),
    )
    return out


def test_windows_are_uploaded_and_stitched_onto_one_timeline(
    server, long_audio: Path, tmp_path: Path, config
) -> None:
    from livegen.media.probe import probe

    options = TranscribeOptions(
        engine="openai-api",
        model="whisper-large",
        window_seconds=10,
        api_base_url=server.url,
        hotwords=("面霜",),
        language="en",
    )
    t = transcribe_cached([long_audio], options, config)
    n = len(server.uploads)
    assert n >= 2
    assert t.engine == "openai-api" and t.model == "whisper-large" and t.language == "en"
    assert all(f["response_format"] == ["verbose_json"] for f in server.fields)
    assert all(f["timestamp_granularities[]"] == ["word", "segment"] for f in server.fields)
    assert all(f["prompt"] == ["面霜"] for f in server.fields)
    # Each upload is a real MP3 of its window; offsets add up the windows before it.
    offsets = [0.0]
    for i, data in enumerate(server.uploads):
        mp3 = tmp_path / f"up{i}.mp3"
        mp3.write_bytes(data)
        offsets.append(offsets[-1] + probe(mp3).duration)
    assert [s.text for s in t.segments] == [f"chunk {i} hello" for i in range(1, n + 1)]
    starts = [seg.start - 1.0 for seg in t.segments]  # each answer said 1.0 s into its window
    assert starts[0] == pytest.approx(0.0, abs=0.01)
    for seg, start, mp3_offset in zip(t.segments, starts, offsets, strict=False):
        assert start == pytest.approx(mp3_offset, abs=0.2)  # MP3 padding blurs durations
        assert seg.words[0].word == "chunk"
        assert seg.words[-1].end == pytest.approx(start + 2.0, abs=0.01)
    # Windows end in the silent half-seconds of the bursts.
    for start in starts[1:]:
        assert 3.45 <= start % 4 <= 4.0


def test_an_api_error_is_a_backend_error(server, long_audio: Path, config) -> None:
    server.status = 400
    options = TranscribeOptions(engine="openai-api", api_base_url=server.url, language="en")
    with pytest.raises(BackendError, match="answered 400"):
        transcribe_cached([long_audio], options, config)


SECRET = "sk-proj-Zq8tL2vN4xR7mK1pW9sY3bC6"


@pytest.mark.parametrize(
    "echo",
    [
        f"Incorrect API key provided: {SECRET}. You can find your API key at ...",
        f"Incorrect API key provided: {SECRET[:8]}****{SECRET[-4:]}",
        f"bad header Authorization: Bearer {SECRET}",
    ],
)
def test_a_server_quoting_the_key_back_never_shows_it(
    server, long_audio: Path, config, echo: str
) -> None:
    server.status = 401
    server.message = echo
    options = TranscribeOptions(
        engine="openai-api", api_base_url=server.url, language="en", api_key=SECRET
    )
    with pytest.raises(BackendError) as info:
        transcribe_cached([long_audio], options, config)
    text = f"{info.value.message} {info.value.hint or ''}"
    assert "answered 401" in text
    assert SECRET not in text
    assert SECRET[3:15] not in text
