"""The per-window decode bound counts this process's CPU time, not the wall clock."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from transcribe_helpers import ffmpeg

from livegen.progress import NullReporter
from livegen.schemas.transcript import Segment, Word
from livegen.transcribe import deadline as deadline_module
from livegen.transcribe.api import media_parts, run_engine
from livegen.transcribe.deadline import DecodeDeadline, window_deadline
from livegen.transcribe.engines.base import WindowResult
from livegen.transcribe.options import TranscribeOptions


class FakeCpu:
    """A CPU-seconds clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_budget_is_cpu_seconds_scaled_by_the_thread_count() -> None:
    cpu = FakeCpu()
    bound = DecodeDeadline(10.0, threads=2, clock=cpu)
    cpu.now += 19.0  # two threads busy for 9.5 s
    assert not bound.passed() and bound.remaining() == pytest.approx(0.5)
    cpu.now += 2.0
    assert bound.passed() and bound.remaining() == 0.0


def test_time_waiting_for_the_cores_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    cpu = FakeCpu()
    bound = DecodeDeadline(10.0, threads=1, clock=cpu)
    # An hour passes on the wall clock while other processes hold the cores.
    later = time.monotonic() + 3600
    monkeypatch.setattr(time, "monotonic", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later)
    cpu.now += 1.0
    assert not bound.passed()


def test_the_window_bound_follows_the_factor_the_window_and_the_threads() -> None:
    cpu = FakeCpu()
    bound = window_deadline(4.0, 30.0, 2, clock=cpu)
    assert bound is not None and (bound.seconds, bound.threads) == (180.0, 2)
    assert window_deadline(0.0, 30.0, 2, clock=cpu) is None
    auto = window_deadline(4.0, 30.0, 0, clock=cpu)
    assert auto is not None and auto.threads >= 1


class CpuBurningEngine:
    """Each window 'decodes' by spending the CPU seconds it is given, checking the bound
    between segments as the real engines do; the wall clock jumps a day per window."""

    name = "burning"
    window_seconds = 10.0
    model_label = "none"
    model_identity = "none"

    def __init__(self, cpu: FakeCpu, costs: list[float]) -> None:
        self.cpu = cpu
        self.costs = costs
        self.calls = 0

    def transcribe_window(self, audio, *, language, deadline) -> WindowResult:
        cost = self.costs[self.calls]
        self.calls += 1
        out = WindowResult(language="en", language_probability=0.9)
        for k in range(4):
            self.cpu.now += cost / 4
            out.segments.append(
                Segment(
                    id=0,
                    start=k + 0.1,
                    end=k + 0.9,
                    text=f"w{k}",
                    words=[Word(start=k + 0.1, end=k + 0.9, word=f" w{k}")],
                )
            )
            if deadline is not None and deadline.passed():
                out.stopped_early = True
                break
        return out


def test_a_decode_slowed_by_load_is_not_cut_but_a_loop_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wav = tmp_path / "tone.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=f=200:d=8:sample_rate=16000", "-ac", "1", str(wav))
    parts = media_parts([wav])
    cpu = FakeCpu()
    monkeypatch.setattr(deadline_module, "cpu_seconds", cpu)
    real_monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real_monotonic() + 86400 * cpu.now)
    options = TranscribeOptions(language="en", threads=2, decode_time_factor=4.0)
    # Bound: 4 × 8 s + 60 s = 92 s on two threads = 184 CPU-s.
    slow = CpuBurningEngine(cpu, [180.0])
    reporter = NullReporter()
    segments, _, _ = run_engine(slow, parts, options, reporter)
    assert len(segments) == 4 and not any("took too long" in w for w in reporter.warnings)
    looping = CpuBurningEngine(cpu, [400.0])
    reporter = NullReporter()
    segments, _, _ = run_engine(looping, parts, options, reporter)
    assert len(segments) == 2 and any("took too long" in w for w in reporter.warnings)
