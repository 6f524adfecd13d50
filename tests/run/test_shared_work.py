"""`livegen run` decodes the soundtrack once and detects scene cuts once for all stages."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.scene_cuts import count_cut_decisions

from livegen.clip import reframe
from livegen.config import load_config
from livegen.media import audio
from livegen.pipeline import SCENES, RunOptions, earlier_stages, run_pipeline

pytestmark = pytest.mark.slow

MEDIA = Path(__file__).resolve().parents[2] / "samples" / "live-demo.en.mp4"


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, Any]]:
    decodes: list[tuple[str, Any, Any]] = []
    real_decode = audio._ffmpeg_pcm

    def counted_decode(path: str | os.PathLike[str], **kw: Any) -> Iterator[bytes]:
        decodes.append((str(path), kw.get("start"), kw.get("duration")))
        return real_decode(path, **kw)

    monkeypatch.setattr(audio, "_ffmpeg_pcm", counted_decode)
    return decodes


def test_one_run_decodes_the_audio_once_and_shares_its_scene_cuts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decodes = _count_decodes(monkeypatch)
    detections = count_cut_decisions(monkeypatch)
    tracked: list[int] = []
    real_track = reframe.track_subject

    def counted_track(samples: reframe.Samples, scenes: Any = None) -> reframe.Track:
        tracked.append(len(samples.frames))
        return real_track(samples, scenes)

    monkeypatch.setattr(reframe, "track_subject", counted_track)
    out = tmp_path / "out"
    res = run_pipeline(
        RunOptions(
            media=[str(MEDIA)], out_dir=out, top=2, size="360x640", reframe="face", title_card=False
        ),
        load_config(),
    )
    # language vote, windows and highlights all read the one decode
    assert decodes == [(str(MEDIA), None, None)]
    assert res.transcript.segments and res.highlights is not None
    assert res.clips is not None and res.clips.manifest.clips and tracked
    saved = json.loads((out / SCENES).read_text(encoding="utf-8"))
    assert saved["spans"]
    # every clip lies where the highlights stage looked: no cut is decided twice
    assert detections == []


def test_clip_on_a_bare_recording_decodes_the_audio_once_for_both_earlier_stages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decodes = _count_decodes(monkeypatch)
    transcript, highlights = earlier_stages(
        [str(MEDIA)], load_config(), need_highlights=True, top=2
    )
    assert transcript.segments and highlights is not None and highlights.highlights
    assert decodes == [(str(MEDIA), None, None)]


def test_a_run_reusing_its_transcript_streams_the_audio_without_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from livegen.media import pcm_store

    copies: list[str] = []
    real_tee = pcm_store.PcmStore._tee

    def counted_tee(self: pcm_store.PcmStore, raw: Path, source: Iterator[bytes]) -> Any:
        copies.append(raw.name)
        return real_tee(self, raw, source)

    monkeypatch.setattr(pcm_store.PcmStore, "_tee", counted_tee)
    out = tmp_path / "out"
    first = RunOptions(media=[str(MEDIA)], out_dir=out, top=2, until="highlights")
    run_pipeline(first, load_config())
    assert len(copies) == 1  # transcription reads it again, then the highlights
    decodes = _count_decodes(monkeypatch)
    again = RunOptions(media=[str(MEDIA)], out_dir=out, top=3, until="highlights")
    res = run_pipeline(again, load_config())
    assert res.stages[0].reused and res.highlights is not None
    # only the highlights read the audio now: one ffmpeg stream and no copy of it
    assert decodes == [(str(MEDIA), None, None)] and len(copies) == 1
