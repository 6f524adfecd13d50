"""How fast `livegen` answers, and how fast the offline composer writes scripts.

Startup: wall time of `livegen --help`, `livegen --version` and a whole offline
`livegen script` run (compiled templates cached after the first run; median of N runs) against
a baseline in the same run that imports the heavy libraries eagerly, the way a CLI
without lazy imports would start, and against a bare interpreter start.

Throughput: offline 60-minute run-of-show scripts per second (in-process, warm, titles
and CTAs included), and the same with Markdown rendering.

    .venv/bin/python benchmarks/startup.py [--runs 15] [--scripts 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _median_wall(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def startup(runs: int) -> None:
    py = sys.executable
    cases = {
        "python -c pass (interpreter only)": [py, "-c", "pass"],
        "livegen --version": [py, "-m", "livegen", "--version"],
        "livegen --help": [py, "-m", "livegen", "--help"],
        "livegen script face-cream (30 min, offline)": [
            py,
            "-m",
            "livegen",
            "script",
            str(REPO / "samples" / "face-cream.zh.yaml"),
        ],
        "baseline: eager import openai+jinja2+pydantic+cli": [
            py,
            "-c",
            "import openai, jinja2, pydantic, yaml, livegen.cli.app",
        ],
    }
    results = {name: _median_wall(cmd, runs) for name, cmd in cases.items()}
    base = results["baseline: eager import openai+jinja2+pydantic+cli"]
    print(f"startup, median of {runs} runs (wall clock, seconds)")
    for name, value in results.items():
        print(f"  {name:<52} {value:6.3f} s   {value / base:5.2f}x baseline")


def throughput(count: int) -> None:
    sys.path.insert(0, str(REPO / "src"))
    from livegen.script import ScriptOptions, compose
    from livegen.script.render import script_markdown
    from livegen.spec import load_spec
    from livegen.templating import Templates

    print(f"offline composer, 60-minute script, {count} scripts per sample (warm)")
    for sample in ("face-cream.zh.yaml", "phone-stand.en.yaml"):
        spec = load_spec(REPO / "samples" / sample)
        tpl = Templates()
        opts = [ScriptOptions(duration_minutes=60, seed=s) for s in range(count)]
        compose(spec, opts[0], tpl)  # compile templates once
        t0 = time.perf_counter()
        scripts = [compose(spec, o, tpl) for o in opts]
        composed = time.perf_counter() - t0
        t0 = time.perf_counter()
        for s in scripts:
            script_markdown(s, tpl)
        rendered = time.perf_counter() - t0
        segments = statistics.median(len(s.segments) for s in scripts)
        print(
            f"  {sample:<22} {count / composed:6.1f} scripts/s "
            f"({segments:.0f} segments each); with Markdown "
            f"{count / (composed + rendered):6.1f} scripts/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scripts", type=int, default=30)
    args = parser.parse_args()
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f} (shared machine: expect noise)"
    )
    startup(args.runs)
    throughput(args.scripts)


if __name__ == "__main__":
    main()
