"""Command-line entry point and its single error boundary.

Command modules import only typer and livegen's light core at module level; anything
heavy (openai, numpy, cv2, faster_whisper, moviepy) is imported inside the command
that uses it, so `livegen --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from livegen.errors import ExitCode, LivegenError


def _wants_debug(argv: Sequence[str]) -> bool:
    return "--debug" in argv or os.environ.get("LIVEGEN_DEBUG", "") not in ("", "0")


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code instead of exiting (used by tests)."""
    from livegen import signals
    from livegen.artifacts import forget_inputs

    signals.reset()
    signals.install()
    forget_inputs()
    try:
        return _run(argv)
    finally:
        signals.shutdown()  # children still running and temporary files, on any exit
        signals.uninstall()


def _interrupted() -> int:
    from livegen import signals
    from livegen.cli.console import err_console

    signum = signals.received()
    signals.shutdown()
    err_console().print(signals.describe(signum), style="yellow", markup=False)
    return signals.exit_code(signum)


def _run(argv: Sequence[str] | None) -> int:
    import typer

    from livegen.artifacts import disk_full, is_disk_full
    from livegen.cli.app import app
    from livegen.cli.console import error_line, state
    from livegen.errors import Interrupted

    args = list(sys.argv[1:] if argv is None else argv)
    debug = _wants_debug(args)
    state.debug = debug
    try:
        rv = app(args=args, prog_name="livegen", standalone_mode=False)
    except Interrupted:
        return _interrupted()
    except LivegenError as exc:
        if debug:
            raise
        error_line(exc.message, exc.hint)
        return int(exc.exit_code)
    except typer.Exit as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            # typer turns Ctrl-C into a silent Exit(130); say why we stopped.
            return _interrupted()
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        return _interrupted()
    except BrokenPipeError:
        # The reader of our stdout went away (`livegen ... | head`): not an error.
        _silence_stdout()
        return int(ExitCode.OK)
    except OSError as exc:
        if is_disk_full(exc) and not debug:
            err = disk_full(exc.filename or ".")
            error_line(err.message, err.hint)
            return int(err.exit_code)
        return _internal(exc, debug)
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if _is_usage_error(exc):
            exc.show(file=sys.stderr)  # type: ignore[attr-defined]
            return int(getattr(exc, "exit_code", ExitCode.USAGE) or ExitCode.USAGE)
        return _internal(exc, debug)
    from livegen import signals

    if signals.received() is not None:
        # typer answers a KeyboardInterrupt by *returning* 130, whatever the signal was.
        return _interrupted()
    if isinstance(rv, int):
        return rv
    return int(ExitCode.OK)


def _internal(exc: Exception, debug: bool) -> int:
    from livegen.cli.console import error_line

    if debug:
        raise exc
    error_line(
        f"internal error: {type(exc).__name__}: {exc}",
        "re-run with --debug for the traceback and report it",
    )
    return int(ExitCode.INTERNAL)


def _is_usage_error(exc: BaseException) -> bool:
    """Click's parse errors (typer may vendor its own click, so match by shape)."""
    return callable(getattr(exc, "show", None)) and hasattr(exc, "exit_code")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def main() -> None:
    code = run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)
