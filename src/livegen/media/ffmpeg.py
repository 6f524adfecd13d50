"""Locate and run ffmpeg.

ffmpeg is always called with an argument list, never a shell string. On failure the
error carries the last lines of ffmpeg's stderr so the user sees what ffmpeg said.
The binary is, in order: `ffmpeg.path` (config file or `LIVEGEN_FFMPEG`), the static build
shipped by the `imageio-ffmpeg` package (it has libx264, libass, drawtext), then an
`ffmpeg` on PATH.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from livegen.errors import DependencyError, Interrupted, MediaError

INSTALL_HINT = "pip install 'livegen[media]' (ships a static ffmpeg), or install ffmpeg"


@functools.cache
def ffmpeg_exe() -> str:
    from livegen.config import load_config

    config = load_config()
    explicit = config.get("ffmpeg.path")
    if explicit:
        if not Path(explicit).is_file():
            raise DependencyError(
                f"ffmpeg.path ({config.source('ffmpeg.path')}) points to {explicit}, "
                "which does not exist"
            )
        return str(explicit)
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
        if exe and Path(exe).is_file():
            return exe
    except (ImportError, RuntimeError):
        pass
    found = shutil.which("ffmpeg")
    if found:
        return found
    raise DependencyError("ffmpeg not found", hint=INSTALL_HINT)


def tail(text: str, lines: int = 6) -> str:
    kept = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " | ".join(kept[-lines:])


NO_SPACE = "No space left on device"
_TIME = re.compile(r"out_time_(?:us|ms)=(\d+)")


def run_ffmpeg(
    args: Sequence[str],
    *,
    what: str = "ffmpeg",
    on_time: Callable[[float], None] | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
    on_start: Callable[[subprocess.Popen[str]], None] | None = None,
) -> None:
    """Run ffmpeg with `args` (without the binary). `on_time(seconds)` gets encode progress.

    `env` adds variables for this process only (e.g. FONTCONFIG_FILE for libass);
    `on_start(proc)` lets a caller running several ffmpegs in threads stop them on Ctrl-C.

    Raises MediaError with ffmpeg's last stderr lines on failure; Ctrl-C stops ffmpeg and
    raises Interrupted.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y"]
    if on_time is not None:
        cmd += ["-progress", "pipe:1", "-nostats"]
    cmd += list(args)
    from livegen import signals

    try:
        proc = signals.popen(
            cmd,
            stdout=subprocess.PIPE if on_time else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            env={**os.environ, **env} if env else None,
        )
    except OSError as exc:
        raise DependencyError(f"cannot start ffmpeg: {exc.strerror}", hint=INSTALL_HINT) from None
    try:
        _wait(
            proc,
            what=what,
            on_time=on_time,
            timeout=timeout,
            on_start=on_start,
            output=output_path(args),
        )
    finally:
        signals.untrack(proc)


def output_path(args: Sequence[str]) -> str | None:
    """The file ffmpeg writes: the last argument, unless it is a pipe."""
    last = str(args[-1]) if args else ""
    return None if not last or last.startswith(("pipe:", "-")) else last


def _wait(
    proc: subprocess.Popen[str],
    *,
    what: str,
    on_time: Callable[[float], None] | None,
    timeout: float | None,
    on_start: Callable[[subprocess.Popen[str]], None] | None,
    output: str | None,
) -> None:
    if on_start is not None:
        on_start(proc)
    try:
        if on_time is not None and proc.stdout is not None:
            import threading

            err_chunks: list[str] = []

            def _drain() -> None:
                assert proc.stderr is not None
                err_chunks.append(proc.stderr.read())

            t = threading.Thread(target=_drain, daemon=True)
            t.start()
            for line in proc.stdout:
                m = _TIME.match(line.strip())
                if m:
                    on_time(int(m.group(1)) / 1_000_000)
            proc.wait(timeout=timeout)
            t.join()
            stderr = "".join(err_chunks)
        else:
            _, stderr = proc.communicate(timeout=timeout)
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise Interrupted("interrupted") from None
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise MediaError(f"{what}: ffmpeg timed out after {timeout:.0f} s") from None
    if proc.returncode != 0:
        if NO_SPACE in stderr:
            from livegen.artifacts import disk_full

            raise disk_full(output or ".", None)
        if proc.returncode < 0:
            name = (
                signal.Signals(-proc.returncode).name
                if -proc.returncode in signal.valid_signals()
                else str(-proc.returncode)
            )
            raise MediaError(f"{what}: ffmpeg was killed ({name})")
        raise MediaError(f"{what} failed: {tail(stderr)}")
