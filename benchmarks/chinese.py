"""Mandarin output as a mainland editor receives it: detected language, script, raw CER.

The seven real Mandarin clips of tests/fixtures/speech (AISHELL-1 + the FunASR example) are
joined with 0.5 s gaps and transcribed WITHOUT a language, through livegen's own
`transcribe` (faster-whisper base int8, beam 1, word timestamps on), in two settings:

- `keep`: whatever Whisper writes, no Simplified prompt (livegen before this change);
- `simplified` (the default): Simplified initial prompt for zh + OpenCC conversion.

CER is scored on the raw output: no conversion in the scorer, only digits → Chinese
numerals and punctuation/space removal. Also counted: Traditional-only characters left.

    .venv/bin/python benchmarks/chinese.py [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the test helpers import tests.support
sys.path.insert(0, str(REPO / "tests" / "transcribe"))

from transcribe_helpers import REFERENCES, SPEECH, ZH_CLIPS, cer_raw, join_clips  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("LIVEGEN_MODELS_DIR", str(REPO / ".venv" / "models"))

    from livegen.config import load_config
    from livegen.transcribe.api import transcribe
    from livegen.transcribe.chinese import traditional_only
    from livegen.transcribe.options import TranscribeOptions

    cfg = load_config()
    reference = "".join(REFERENCES[n] for n in ZH_CLIPS)
    with tempfile.TemporaryDirectory() as tmp:
        wav = join_clips([SPEECH / n for n in ZH_CLIPS], Path(tmp) / "zh.wav")
        rows = {}
        for mode in ("keep", "simplified"):
            times, cers = [], []
            for _ in range(args.repeat):
                started = time.monotonic()
                t = transcribe([wav], TranscribeOptions(chinese=mode), cfg)
                times.append(time.monotonic() - started)
                cers.append(cer_raw(reference, t.text))
            rows[mode] = (
                t.language,
                t.language_probability,
                statistics.median(cers),
                len(traditional_only(t.text)),
                statistics.median(times),
                t.text,
            )
    print(
        f"{'setting':<11} {'lang':<5} {'vote':>5} {'raw CER':>8} {'trad chars':>10} {'wall s':>7}"
    )
    for mode, (lang, prob, c, trad, wall, _) in rows.items():
        print(f"{mode:<11} {lang:<5} {prob or 0:>5.2f} {c:>8.3f} {trad:>10} {wall:>7.1f}")
    base = rows["keep"][2]
    print(f"raw CER ratio simplified/keep: {rows['simplified'][2] / max(base, 1e-9):.2f}")
    for mode, row in rows.items():
        print(f"{mode}: {row[5]}")


if __name__ == "__main__":
    main()
