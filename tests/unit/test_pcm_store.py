"""Inside `shared_decode()` each file's soundtrack is decoded by ffmpeg once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from livegen.media import audio
from livegen.media.audio import pcm_chunks, read_pcm
from livegen.media.pcm_store import active_store, shared_decode

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "live-demo.en.mp4"


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float | None]]:
    calls: list[tuple[str, float | None]] = []
    real = audio._ffmpeg_pcm

    def counted(path: str | os.PathLike[str], **kw: Any) -> Iterator[bytes]:
        calls.append((str(path), kw.get("start")))
        return real(path, **kw)

    monkeypatch.setattr(audio, "_ffmpeg_pcm", counted)
    return calls


def _whole(path: Path) -> np.ndarray:
    return np.concatenate(list(pcm_chunks(path, chunk_seconds=30.0)))


def test_every_read_after_the_first_whole_one_comes_from_the_shared_decode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = _whole(SAMPLE)
    calls = _count_decodes(monkeypatch)
    with shared_decode():
        first = _whole(SAMPLE)
        again = np.concatenate(list(pcm_chunks(SAMPLE, chunk_seconds=60.0)))
        span = read_pcm(SAMPLE, start=10.0, duration=5.0)
    assert calls == [(str(SAMPLE), None)]
    assert np.array_equal(first, plain) and np.array_equal(again, plain)
    assert np.array_equal(span, plain[160_000:240_000])


def test_without_the_scope_each_read_decodes_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_decodes(monkeypatch)
    _whole(SAMPLE)
    _whole(SAMPLE)
    assert len(calls) == 2 and active_store() is None


def test_a_reader_that_stops_early_leaves_nothing_to_reuse(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_decodes(monkeypatch)
    with shared_decode() as store:
        chunks = pcm_chunks(SAMPLE, chunk_seconds=10.0)
        next(chunks)
        chunks.close()
        assert not list(store.folder.iterdir())
        whole = _whole(SAMPLE)
        _whole(SAMPLE)
    assert len(calls) == 2 and whole.size == pytest.approx(88.0 * 16_000, abs=1_600)


def test_a_span_read_before_the_whole_file_decodes_only_that_span(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _count_decodes(monkeypatch)
    with shared_decode() as store:
        span = read_pcm(SAMPLE, start=2.0, duration=1.0)
        assert not list(store.folder.iterdir())
    assert calls == [(str(SAMPLE), 2.0)] and span.size == 16_000


def test_the_decode_is_removed_when_the_scope_ends(tmp_path: Path) -> None:
    with shared_decode(tmp_path) as store:
        _whole(SAMPLE)
        assert [p.suffix for p in store.folder.iterdir()] == [".s16le"]
        with shared_decode() as inner:  # an enclosing run's store is the one used
            assert inner is store
    assert not store.folder.exists() and active_store() is None


def test_a_missing_file_still_fails_as_a_media_error(tmp_path: Path) -> None:
    from livegen.errors import MediaError

    with shared_decode(), pytest.raises(MediaError):
        read_pcm(tmp_path / "gone.mp4")


def test_a_sealed_store_reads_finished_decodes_but_makes_no_new_copy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = _count_decodes(monkeypatch)
    other = tmp_path / "copy.mp4"
    other.write_bytes(SAMPLE.read_bytes())
    with shared_decode() as store:
        first = _whole(SAMPLE)
        store.seal()
        again = _whole(SAMPLE)  # decoded before the seal: read from the copy
        _whole(other)  # never decoded: streamed from ffmpeg, nothing kept
        assert [p.suffix for p in store.folder.iterdir()] == [".s16le"]
        _whole(other)
    assert np.array_equal(first, again)
    assert [c[0] for c in calls] == [str(SAMPLE), str(other), str(other)]
