"""Ranking on a recording whose highlights are known (see hl_synth.py for the layout)."""

from __future__ import annotations

import json
from pathlib import Path

from hl_synth import overlap

from livegen.artifacts import load_artifact
from livegen.schemas.transcript import Transcript


def _run(invoke, rec, *extra: str) -> dict:
    code, out, err = invoke(
        "highlights", str(rec.media), "--transcript", str(rec.transcript), "-o", "-", *extra
    )
    assert code == 0, err
    return json.loads(out)


def test_known_highlights_come_out_on_top(base_run, rec) -> None:
    top2 = base_run["data"]["highlights"][:2]
    assert any(overlap(h, rec.spans["a"]) > 10 for h in top2)
    assert any(overlap(h, rec.spans["b"]) > 10 for h in top2)
    assert {h["category"] for h in top2} == {"selling_point", "urgency_cta"}


def test_decoy_music_does_not_make_the_top(base_run, rec) -> None:
    ranked = base_run["data"]["highlights"]
    assert all(overlap(h, rec.spans["decoy"]) == 0 for h in ranked[:3])
    decoy_ranks = [i for i, h in enumerate(ranked) if overlap(h, rec.spans["decoy"]) > 5]
    assert all(r >= 2 for r in decoy_ranks)


def test_boundaries_fall_on_sentence_edges(base_run, rec) -> None:
    starts = {s.start for s in rec.sentences}
    ends = {s.end for s in rec.sentences}
    data = base_run["data"]
    for h in data["highlights"] + data["products"]:
        assert h["start"] in starts
        assert h["end"] in ends


def test_every_highlight_explains_itself(base_run) -> None:
    for h in base_run["data"]["highlights"]:
        assert h["signals"] and abs(sum(h["signals"].values()) - h["score"]) < 0.01
        assert h["text"] and h["title"] and h["hook"] and h["reason"]
    best = base_run["data"]["highlights"][0]
    assert best["hook"] in best["text"] or best["hook"].rstrip("…") in best["text"]
    assert base_run["data"]["generated_by"]["ai_generated"] is True


def test_windows_respect_min_and_max(invoke, rec) -> None:
    data = _run(invoke, rec, "--min", "8", "--max", "20", "--top", "12", "--no-visual")
    assert len(data["highlights"]) == 12
    for h in data["highlights"]:
        assert 8 <= h["end"] - h["start"] <= 20


def test_highlights_never_overlap(base_run) -> None:
    ranked = base_run["data"]["highlights"]
    assert len(ranked) == 10
    for i, a in enumerate(ranked):
        for b in ranked[i + 1 :]:
            assert min(a["end"], b["end"]) <= max(a["start"], b["start"])


def test_each_product_gets_its_best_window_in_its_own_section(base_run, rec) -> None:
    products = {h["product"]: h for h in base_run["data"]["products"]}
    assert set(products) == {"Aqua Serum", "Trail Boots"}
    assert overlap(products["Aqua Serum"], rec.spans["a"]) > 10
    assert "Aqua Serum" in products["Aqua Serum"]["text"]
    assert overlap(products["Trail Boots"], rec.spans["b"]) > 10
    assert "Trail Boots" in products["Trail Boots"]["text"]


def test_order_spike_lifts_the_moment_just_before_it(invoke, rec) -> None:
    def rank_of_c(data: dict) -> int:
        for i, h in enumerate(data["highlights"]):
            if overlap(h, rec.spans["c"]) > 5:
                return i
        return 99

    without = _run(invoke, rec, "--no-visual", "--chat", str(rec.chat))
    with_sales = _run(
        invoke, rec, "--no-visual", "--chat", str(rec.chat), "--sales", str(rec.sales)
    )
    assert rank_of_c(with_sales) < rank_of_c(without)
    c = with_sales["highlights"][rank_of_c(with_sales)]
    a = next(h for h in with_sales["highlights"] if overlap(h, rec.spans["a"]) > 10)
    assert c["signals"]["sales"] > 1.0
    assert a["signals"]["sales"] == 0.0  # orders 150 s later are not credited to it


def test_profile_weights_change_the_ranking(invoke, rec, out_dir: Path) -> None:
    demo = out_dir / "demo.yaml"
    demo.write_text(
        "weights: {cues: 3, energy: 1, motion: 0.5}\n"
        "categories: {selling_point: 2, price_offer: 2, urgency_cta: 0.1}\n"
    )
    deal = out_dir / "deal.yaml"
    deal.write_text(
        "weights: {cues: 3, chat_intent: 3, chat_rate: 2}\n"
        "categories: {selling_point: 0.1, price_offer: 0.1, urgency_cta: 2}\n"
    )
    first_demo = _run(invoke, rec, "--profile", str(demo), "--chat", str(rec.chat))
    first_deal = _run(invoke, rec, "--profile", str(deal), "--chat", str(rec.chat))
    assert overlap(first_demo["highlights"][0], rec.spans["a"]) > 10
    assert overlap(first_deal["highlights"][0], rec.spans["b"]) > 10
    assert first_demo["profile"] == "demo"


def test_builtin_profiles_load_by_name(invoke, rec) -> None:
    for name in ("default", "talk", "sale"):
        data = _run(invoke, rec, "--profile", name, "--no-visual", "--top", "3")
        assert data["profile"] == name and len(data["highlights"]) == 3


def test_audio_only_recording_ranks_without_picture(invoke, rec, out_dir: Path) -> None:
    code, out, err = invoke(
        "highlights",
        str(rec.audio_only),
        "--transcript",
        str(rec.transcript),
        "--chat",
        str(rec.chat),
        "--json",
        "-o",
        str(out_dir / "h.json"),
    )
    assert code == 0, err
    data = json.loads(out)
    top2 = data["highlights"][:2]
    assert any(overlap(h, rec.spans["b"]) > 10 for h in top2)
    assert all("motion" not in h["signals"] for h in data["highlights"])


def test_transcript_read_from_stdin_matches_the_file(cli, rec, out_dir: Path) -> None:
    res = cli(
        "highlights",
        str(rec.media),
        "-t",
        "-",
        "--top",
        "2",
        "--no-visual",
        "-o",
        str(out_dir / "h.json"),
        input=rec.transcript.read_text(),
    )
    assert res.returncode == 0, res.stderr
    data = json.loads((out_dir / "h.json").read_text())
    assert data["transcript"] == "<stdin>"
    assert load_artifact(rec.transcript, Transcript, kind="transcript").duration > 0


def test_a_product_list_file_works_like_several_specs(invoke, rec, out_dir: Path) -> None:
    plist = out_dir / "products.yaml"
    plist.write_text(
        "products:\n  - {name: Aqua Serum, keywords: [serum]}\n"
        "  - name: Trail Boots\n    keywords: [boots]\n"
    )
    data = _run(invoke, rec, "--spec", str(plist), "--no-visual", "--top", "2")
    products = {h["product"]: h for h in data["products"]}
    assert set(products) == {"Aqua Serum", "Trail Boots"}
    assert overlap(products["Aqua Serum"], rec.spans["a"]) > 10
    assert {h["product"] for h in data["highlights"]} == {"Aqua Serum", "Trail Boots"}


def test_parts_of_one_stream_are_joined_on_one_timeline(invoke, rec, out_dir: Path) -> None:
    from livegen.media.ffmpeg import run_ffmpeg

    first, second = out_dir / "part1.mp4", out_dir / "part2.mp4"
    run_ffmpeg(["-i", str(rec.media), "-t", "120", "-c", "copy", str(first)], what="split")
    run_ffmpeg(["-ss", "120", "-i", str(rec.media), "-c", "copy", str(second)], what="split")
    code, out, err = invoke(
        "highlights",
        str(first),
        str(second),
        "-t",
        str(rec.transcript),
        "--chat",
        str(rec.chat),
        "--top",
        "2",
        "-o",
        "-",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["media"] == [str(first), str(second)]
    assert abs(data["duration"] - 240.0) < 1.0
    top2 = data["highlights"]
    assert any(overlap(h, rec.spans["b"]) > 10 for h in top2)  # lies in the second file
    assert any(overlap(h, rec.spans["a"]) > 10 for h in top2)
    b = next(h for h in top2 if overlap(h, rec.spans["b"]) > 10)
    assert b["signals"]["motion"] > 0.2  # the picture was sampled in the right file
