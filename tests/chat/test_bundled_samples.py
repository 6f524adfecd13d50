"""The bundled sample recordings and logs match what their truth files say."""

from __future__ import annotations

import csv
import itertools
import json

import pytest
from tests.support.paths import SAMPLES

from livegen.chatlog import load_chat

LANGS = ("zh", "en")


def _truth(lang: str) -> dict:
    return json.loads((SAMPLES / f"live-demo.{lang}.truth.json").read_text(encoding="utf-8"))


def test_committed_sample_binaries_stay_small() -> None:
    total = sum(p.stat().st_size for p in SAMPLES.glob("*.mp4"))
    assert total < 6_000_000
    assert (SAMPLES / "live-demo.zh.mp4").stat().st_size < 3_000_000


@pytest.mark.parametrize("lang", LANGS)
def test_sample_recording_has_the_promised_streams(lang: str) -> None:
    from livegen.media.probe import probe

    info = probe(SAMPLES / f"live-demo.{lang}.mp4")
    truth = _truth(lang)
    assert (info.width, info.height) == (1280, 720)
    assert info.fps == pytest.approx(25, abs=0.1)
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.channels == 1
    assert info.duration == pytest.approx(truth["duration"], abs=0.3)
    assert 60 <= info.duration <= 100


@pytest.mark.parametrize("lang", LANGS)
def test_truth_speech_is_ordered_and_clear_of_the_music_decoy(lang: str) -> None:
    truth = _truth(lang)
    spans = [(s["start"], s["end"]) for s in truth["speech"]]
    assert spans == sorted(spans)
    for (_, end), (nxt, _) in itertools.pairwise(spans):
        assert end < nxt
    decoy = truth["decoy_music"]
    assert all(e <= decoy["start"] or s >= decoy["end"] for s, e in spans)
    assert spans[-1][1] <= truth["duration"]
    if lang == "zh":
        assert len(spans) == 7 and all(s["source"].endswith(".wav") for s in truth["speech"])


@pytest.mark.parametrize("lang", LANGS)
def test_audio_levels_follow_the_truth(lang: str) -> None:
    import numpy as np

    from livegen.media.audio import read_pcm

    truth = _truth(lang)
    x = read_pcm(SAMPLES / f"live-demo.{lang}.mp4")

    def level(a: float, b: float) -> float:
        seg = x[int(a * 16000) : int(b * 16000)]
        return float(20 * np.log10(np.sqrt(np.mean(seg**2)) + 1e-9))

    quiet = [s for s in truth["speech"] if not s["loud"]]
    normal = np.median([level(s["start"], s["end"]) for s in quiet])
    loud = level(truth["loud"]["start"] + 1, truth["loud"]["end"] - 1)
    decoy = level(truth["decoy_music"]["start"] + 1, truth["decoy_music"]["end"] - 1)
    gap_start = truth["speech"][0]["end"] + 0.3
    gap = level(gap_start, truth["speech"][1]["start"] - 0.3)
    assert loud > normal + 5
    assert decoy > gap + 20  # the decoy is sound, not silence
    assert normal > gap + 20


@pytest.mark.parametrize("lang", LANGS)
def test_sample_chat_log_loads_and_bursts_after_the_offer(lang: str) -> None:
    truth = _truth(lang)
    msgs = load_chat(SAMPLES / f"live-demo.{lang}.chat.jsonl")
    assert 150 <= len(msgs) <= 250
    assert all(0 <= m.time <= truth["duration"] for m in msgs)
    offer = truth["offer_moment"]
    after = sum(1 for m in msgs if offer <= m.time < offer + 15)
    before = sum(1 for m in msgs if offer - 15 <= m.time < offer)
    assert after > 2 * before


def test_sales_export_spikes_after_the_offer() -> None:
    truth = _truth("zh")
    with (SAMPLES / "live-demo.zh.sales.csv").open(encoding="utf-8") as fh:
        rows = [(float(r["time"]), int(r["orders"])) for r in csv.DictReader(fh)]
    offer = truth["offer_moment"]
    peak_t = max(rows, key=lambda r: r[1])[0]
    assert offer <= peak_t <= offer + 20
    assert max(o for t, o in rows if t < offer) < max(o for _, o in rows) / 2


def test_licences_name_every_speech_clip() -> None:
    text = (SAMPLES / "LICENSES.md").read_text(encoding="utf-8")
    assert "Apache" in text and "Bu" in text and "MIT" in text
    for seg in _truth("zh")["speech"]:
        assert seg["source"] in text


@pytest.mark.parametrize("lang", LANGS)
def test_committed_logs_are_what_the_generator_writes(lang: str, monkeypatch) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_samples", gen)  # dataclasses look it up
    spec.loader.exec_module(gen)
    plan = gen.zh_plan() if lang == "zh" else gen.en_plan()
    text = (SAMPLES / f"live-demo.{lang}.chat.jsonl").read_text(encoding="utf-8")
    committed = [json.loads(line) for line in text.splitlines()]
    assert committed == gen.chat_log(plan)
    truth = _truth(lang)
    assert [s["start"] for s in truth["speech"]] == [s.start for s in plan.speech]
    assert [s["text"] for s in truth["speech"]] == [s.text for s in plan.speech]
