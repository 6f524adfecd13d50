"""Hit rate of `livegen highlights` on the synthetic recording the tests use.

The recording (tests/highlights/hl_synth.py) has two true highlights (a selling-point demo
and a link/urgency moment), a loud music decoy and small talk. Every combination of
profile, comment log and picture signals is run; a hit is a true highlight overlapped by
10 s or more of one of the top two windows; a decoy hit is any top-two window touching
the decoy.

    python benchmarks/highlights_hits.py [--dir /tmp/livegen-hits]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the helpers import tests.support
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "highlights"))

import hl_synth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=Path("/tmp/livegen-hits"))
    args = ap.parse_args()
    from livegen.chatlog import load_chat
    from livegen.highlights.api import Options, find_highlights
    from livegen.schemas.transcript import Transcript

    rec = hl_synth.build(args.dir)
    tr = Transcript.model_validate_json(rec.transcript.read_text())
    chat = load_chat(rec.chat)
    hits = total = decoys = 0
    print(f"{'profile':<8} {'chat':<5} {'picture':<8} {'top 2 windows':<28} hits  decoy")
    # An ablation: what the sound, chat and picture find when the words are ignored.
    no_words = args.dir / "no-words.yaml"
    no_words.write_text(
        "name: no-words\nweights: {energy: 1.0, excitement: 0.5, bursts: 0.8, "
        "pace: 0.5, pauses: -1.0, chat_rate: 1.0, chat_intent: 1.5, "
        "chat_sentiment: 0.3, motion: 0.6, scene_cuts: 0.2, faces: 0.4}\n"
    )
    for profile, with_chat, visual in itertools.product(
        ("default", "talk", "sale", str(no_words)), (False, True), (False, True)
    ):
        res = find_highlights(
            [rec.media],
            tr,
            chat=chat if with_chat else None,
            options=Options(top=2, profile=profile, visual=visual, lint=False),
        ).result
        top = [h.model_dump() for h in res.highlights]
        got = sum(any(hl_synth.overlap(h, rec.spans[k]) >= 10 for h in top) for k in "ab")
        bad = sum(hl_synth.overlap(h, rec.spans["decoy"]) > 0 for h in top)
        hits, total, decoys = hits + got, total + 2, decoys + bad
        spans = ", ".join(f"{h['start']:.0f}–{h['end']:.0f}" for h in top)
        flags = f"{'yes' if with_chat else 'no':<5} {'yes' if visual else 'no':<8}"
        print(f"{Path(profile).stem:<8} {flags} {spans:<28} {got}/2   {bad}")
    print(f"hit rate @2: {hits}/{total} = {hits / total:.0%}; decoy in top 2: {decoys} times")


if __name__ == "__main__":
    main()
