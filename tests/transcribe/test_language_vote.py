"""The language is voted over windows spread across the stream, with a prior and a warning."""

from __future__ import annotations

import numpy as np

from livegen.schemas.transcript import MediaPart
from livegen.transcribe.language import choose_windows, vote


def test_one_confident_window_does_not_outvote_the_rest() -> None:
    results = [(1.0, {"th": 0.48, "zh": 0.30}), (1.0, {"zh": 0.9, "th": 0.05}),
               (1.0, {"zh": 0.8, "ja": 0.1}), (0.5, {"zh": 0.6, "th": 0.2})]
    v = vote(results)
    assert v is not None and v.language == "zh" and not v.weak


def test_a_weak_vote_is_flagged_and_the_prior_decides_it() -> None:
    results = [(1.0, {"th": 0.40, "zh": 0.35}), (1.0, {"zh": 0.30, "th": 0.32})]
    plain = vote(results)
    assert plain is not None and plain.weak
    with_prior = vote(results, prior="zh")
    assert with_prior is not None and with_prior.language == "zh" and with_prior.from_prior


def test_a_prior_does_not_override_a_clear_vote() -> None:
    v = vote([(1.0, {"en": 0.97, "zh": 0.01}), (1.0, {"en": 0.95})], prior="zh")
    assert v is not None and v.language == "en" and not v.from_prior


def test_a_second_language_winning_windows_marks_a_mixed_stream() -> None:
    results = [(1.0, {"zh": 0.95})] * 5 + [(1.0, {"en": 0.92})] * 3
    v = vote(results)
    assert v is not None and v.language == "zh" and v.mixed == ("en",)
    assert vote([(1.0, {"zh": 0.95})] * 7 + [(1.0, {"en": 0.8})]).mixed == ()


def test_nothing_to_vote_on_gives_none() -> None:
    assert vote([]) is None and vote([(1.0, {})]) is None


def test_windows_are_spread_over_the_stream_and_pick_the_speech() -> None:
    parts = [MediaPart(path="a", offset=0.0, duration=200.0),
             MediaPart(path="b", offset=200.0, duration=200.0)]
    act_a = np.zeros(400, dtype=bool)
    act_a[100:160] = True  # speech at 50-80 s
    act_b = np.zeros(400, dtype=bool)
    act_b[300:380] = True  # speech at 350-390 s of the stream
    wins = choose_windows(parts, [act_a, act_b], count=4)
    assert len(wins) >= 2
    assert any(w.part == 0 and 45 <= w.start <= 55 for w in wins)
    assert any(w.part == 1 and 140 <= w.start <= 160 for w in wins)
    assert all(w.duration <= 30.0 for w in wins)
