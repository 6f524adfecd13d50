"""How long `livegen chat` analysis takes as logs grow, against counting exact wordings.

    python benchmarks/chat_grouping.py [--sizes 2000 20000] [--repeat 3]

The log is the bundled Chinese sample repeated along a 2-hour timeline, with a random
prefix on half of the questions so that distinct wordings grow with the log (as in a real
stream). The baseline is the cheapest possible "most asked questions": a Counter over
exact texts, run in the same process. Prints medians and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from livegen.chat import analyze_chat
from livegen.chat.text import is_question
from livegen.chatlog import ChatMessage, load_chat

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "live-demo.zh.chat.jsonl"
PREFIXES = ["请问", "主播", "姐妹们", "想问下", "那个", "宝宝", "我想知道", "问一下"]


def make_log(n: int, seed: int = 1) -> list[ChatMessage]:
    rng = random.Random(seed)
    base = load_chat(SAMPLE)
    out = []
    for i in range(n):
        m = base[i % len(base)]
        text = m.text
        if is_question(text) and rng.random() < 0.5:
            text = rng.choice(PREFIXES) + text
        out.append(ChatMessage(rng.uniform(0, 7200), f"u{rng.randrange(3000)}", text))
    return sorted(out, key=lambda m: m.time)


def median_seconds(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    analyze_chat(make_log(200), source="warm-up")  # imports numpy, loads the data files
    print(
        f"{'messages':>9} {'questions':>9} {'wordings':>9} {'groups':>7} "
        f"{'baseline s':>10} {'chat s':>8} {'ratio':>8}"
    )
    for n in args.sizes:
        log = make_log(n)
        questions = [m for m in log if is_question(m.text)]
        base = median_seconds(
            lambda q=questions: Counter(m.text for m in q).most_common(10), args.repeat
        )
        report = analyze_chat(log, source="bench")
        secs = median_seconds(lambda lg=log: analyze_chat(lg, source="bench"), args.repeat)
        wordings = len({m.text for m in questions})
        print(
            f"{n:>9} {len(questions):>9} {wordings:>9} {len(report.questions):>7} "
            f"{base:>10.4f} {secs:>8.2f} {secs / base:>8.0f}×"
        )


if __name__ == "__main__":
    main()
