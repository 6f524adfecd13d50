"""Chat activity from a comment log: rate above baseline, buying intent, sentiment.

Viewers type a few seconds after what they react to, so each chat signal is credited back
to the 0–15 s before it (full weight for 2–10 s of lag).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from livegen.highlights.cues import CueBank
from livegen.highlights.grid import (
    clip01,
    credit_back,
    hop_of,
    lag_kernel,
    n_hops,
    rolling_median,
    smooth,
)

if TYPE_CHECKING:
    import numpy as np

    from livegen.chatlog import ChatMessage

CHAT_LAG = [(0.0, 0.5), (2.0, 1.0), (10.0, 1.0), (15.0, 0.0)]
BASELINE_SECONDS = 300.0


@dataclass
class ChatSignals:
    rate: np.ndarray  # messages per second, smoothed
    chat_rate: np.ndarray  # rate above the rolling baseline, 0..1, credited back
    chat_intent: np.ndarray  # buying-intent comments, 0..1, credited back
    chat_sentiment: np.ndarray  # net positive comments, 0..1, credited back


def chat_signals(messages: list[ChatMessage], bank: CueBank, duration: float) -> ChatSignals:
    import numpy as np

    n = n_hops(duration)
    count = np.zeros(n)
    intent = np.zeros(n)
    mood = np.zeros(n)
    for m in messages:
        h = hop_of(m.time)
        if h >= n:
            continue
        count[h] += 1
        intent[h] += min(1, bank.count("intent", m.text))
        mood[h] += min(1, bank.count("positive", m.text)) - min(1, bank.count("negative", m.text))
    rate = smooth(count, 10.0) / 0.5
    overall = max(float(rate.mean()), 1e-3)
    base = np.maximum(rolling_median(rate, BASELINE_SECONDS), overall * 0.5)
    # Below 1.4× the usual rate is noise; 4× the usual rate or more counts fully.
    excess = clip01((np.log2(np.maximum(rate, 1e-9) / base) - 0.5) / 1.5)
    intent_rate = smooth(intent, 5.0) / 0.5
    intent_sig = clip01(intent_rate / max(4.0 * overall, 0.2))
    mood_sig = clip01(smooth(mood, 5.0) / 0.5 / max(2.0 * overall, 0.2))
    kernel = lag_kernel(CHAT_LAG, 15.0)
    return ChatSignals(
        rate,
        credit_back(excess, kernel),
        credit_back(intent_sig, kernel),
        credit_back(mood_sig, kernel),
    )
