"""Each signal on its own: cue banks, audio, chat, sales, picture, grid helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from livegen.chatlog import ChatMessage
from livegen.errors import InputError
from livegen.highlights.audio import audio_signals
from livegen.highlights.chat import chat_signals
from livegen.highlights.cues import load_cues
from livegen.highlights.grid import HOP, credit_back, hop_of, lag_kernel, rolling_median
from livegen.highlights.sales import load_sales, sales_signal
from livegen.highlights.stages import lint_highlight_text
from livegen.highlights.visual import Part, visual_signals
from livegen.media.audio import pcm_chunks


def _mean(arr: np.ndarray, span: tuple[float, float]) -> float:
    return float(np.nanmean(arr[hop_of(span[0]) : hop_of(span[1])]))


def test_english_cues_match_whole_words_only() -> None:
    bank = load_cues("en")
    hits = bank.match("The link is up, hurry! Only 5 left. Nobody linked it.")
    assert hits["urgency_cta"] == ["link", "hurry", "Only 5 left"]  # `only * left`
    assert "price_offer" not in bank.match("offset printing")
    assert bank.match("20% OFF today")["price_offer"] == ["OFF"]


def test_chinese_cues_match_inside_running_text() -> None:
    bank = load_cues("zh-CN")
    hits = bank.match("家人们上链接了，到手价只要99块钱，赶紧拍")
    assert "上链接" in hits["urgency_cta"] and "赶紧" in hits["urgency_cta"]
    assert "到手价" in hits["price_offer"]
    assert bank.count("intent", "主播多少钱？已下单") == 2


def test_user_cue_file_extends_the_shipped_bank(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "categories:\n  selling_point: [hydro-lock]\n  giveaway: [lucky draw]\n"
        "intent: [take my money]\n"
    )
    bank = load_cues("en", [extra])
    hits = bank.match("Our Hydro-Lock formula, and a lucky draw tonight")
    assert hits["selling_point"] == ["Hydro-Lock"] and hits["giveaway"] == ["lucky draw"]
    assert bank.count("intent", "TAKE MY MONEY") == 1
    other = tmp_path / "zh-only.yaml"
    other.write_text("language: zh\ncategories:\n  qa: [hydro-lock]\n")
    assert "qa" not in load_cues("en", [other]).match("hydro-lock")


def test_broken_cue_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("categories:\n  qa: yes please\n")
    with pytest.raises(InputError, match=r"categories\.qa must be a list"):
        load_cues("en", [bad])


def test_rolling_median_follows_a_slow_level_change() -> None:
    x = np.concatenate([np.full(2000, -30.0), np.full(2000, -20.0)])
    med = rolling_median(x, 180.0)
    assert med[100] == -30.0 and med[-100] == -20.0


def test_a_reaction_is_credited_to_the_moment_before_it() -> None:
    x = np.zeros(400)
    x[hop_of(100.0)] = 1.0
    out = credit_back(x, lag_kernel([(0, 0.3), (5, 1), (30, 1), (120, 0)], 120))
    assert out[hop_of(90.0)] == pytest.approx(1.0)
    assert out[hop_of(100.0)] == pytest.approx(0.3)
    assert out[hop_of(101.0)] == 0.0  # nothing after the spike is credited
    assert out[hop_of(25.0)] == pytest.approx(1 - (75 - 30) / 90, abs=0.02)


def test_loud_cheering_scores_bursts_but_loud_tones_only_energy(rec) -> None:
    sig = audio_signals(pcm_chunks(rec.media), 240.0)
    a, decoy = rec.spans["a"], rec.spans["decoy"]
    quiet = (140.0, 160.0)
    assert _mean(sig.energy, a) > 0.3 and _mean(sig.energy, decoy) > 0.3
    assert _mean(sig.energy, quiet) < 0.1
    assert _mean(sig.bursts, a) > 0.08  # 0.8 s cheers every 2.5 s: about a third of hops
    assert _mean(sig.bursts, decoy) < 0.02 and _mean(sig.bursts, quiet) < 0.02


def test_chat_burst_with_buying_words_is_found(rec) -> None:
    from livegen.chatlog import load_chat

    sig = chat_signals(load_chat(rec.chat), load_cues("en"), 240.0)
    b = rec.spans["b"]
    assert _mean(sig.chat_rate, b) > 0.5 and _mean(sig.chat_intent, b) > 0.5
    assert _mean(sig.chat_rate, (40.0, 60.0)) < 0.05
    assert _mean(sig.chat_intent, (40.0, 60.0)) == 0.0


def test_chat_sentiment_is_net_positive_words() -> None:
    bank = load_cues("zh")
    msgs = [ChatMessage(t, "u", "太好看了爱了") for t in np.arange(10, 20, 0.5)]
    msgs += [ChatMessage(t, "u", "好贵，骗人") for t in np.arange(60, 70, 0.5)]
    sig = chat_signals(msgs, bank, 100.0)
    assert _mean(sig.chat_sentiment, (8, 18)) > 0.5
    assert _mean(sig.chat_sentiment, (58, 68)) == 0.0


def test_sales_columns_are_matched_loosely_and_running_totals_differenced(tmp_path) -> None:
    f = tmp_path / "s.jsonl"
    f.write_text(
        '{"ts": "00:00:10", "累计订单": 3}\n{"ts": "00:00:20", "累计订单": 5}\n'
        '{"ts": "00:00:30", "累计订单": 12}\n'
    )
    s = load_sales(f)
    assert s.metric == "orders" and s.times == [10.0, 20.0, 30.0] and s.values == [3, 2, 7]
    g = tmp_path / "g.csv"
    g.write_text("timestamp,GMV\n2026-01-01T20:00:00,100\n2026-01-01T20:01:00,50\n")
    s = load_sales(g)
    assert s.metric == "gmv" and s.times == [0.0, 60.0] and s.values == [100.0, 50.0]
    bad = tmp_path / "b.csv"
    bad.write_text("time,orders\n1,many\n")
    with pytest.raises(InputError, match="row 1: orders value 'many' is not a number"):
        load_sales(bad)


def test_sales_spike_credits_the_preceding_two_minutes_only(rec) -> None:
    per_min, credit = sales_signal(load_sales(rec.sales), 240.0)
    assert per_min.max() > 10 * float(np.median(per_min))
    assert _mean(credit, rec.spans["c"]) > 0.9
    assert _mean(credit, rec.spans["a"]) == 0.0


def test_moving_picture_scores_motion_and_still_picture_does_not(rec) -> None:
    part = Part(str(rec.media), 0.0, 240.0, 320, 180, True)
    a, quiet = rec.spans["a"], (140.0, 160.0)
    sig = visual_signals([part], [a, quiet], 240.0)
    assert _mean(sig.motion, a) > 0.3
    assert _mean(sig.motion, quiet) < 0.02
    assert np.isnan(sig.motion[hop_of(100.0)])  # never decoded outside the spans
    assert sig.sampled_seconds == pytest.approx((a[1] - a[0]) + 20.0, abs=0.1)
    assert np.nanmax(sig.faces) == 0.0  # no face in a test pattern
    # entering the moving overlay from the still picture is a scene cut
    both = visual_signals([part], [(a[0] - 6, a[0] + 6)], 240.0)
    assert np.nanmax(both.scene_cuts) > 0


def test_what_was_said_in_a_highlight_is_linted() -> None:
    hits = lint_highlight_text("This cream is the best in the world and cures acne.", "en")
    rules = {h.rule for h in hits}
    assert any(r.startswith("en.") for r in rules), rules
    assert {h.severity for h in hits} & {"error", "warning"}
    assert any("best" in h.phrase.lower() for h in hits)


def test_clean_highlight_text_has_no_lint_hits() -> None:
    assert lint_highlight_text("今天第一次给大家介绍这款面霜的质地。", "zh") == []


def test_grid_is_half_a_second() -> None:
    assert HOP == 0.5 and hop_of(10.0) == 20
