"""Errors the core raises; the CLI turns them into one line on stderr and an exit code.

Core code never prints or exits: it raises one of these and lets the single error
boundary in `livegen.cli` decide how the user sees it.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes. Documented in the README; scripts rely on them."""

    OK = 0
    FINDINGS = 1  # lint findings at/above --fail-on, or some items of a batch failed
    USAGE = 2  # bad flags, bad input file, invalid spec or artifact
    DEPENDENCY = 3  # a missing optional package, model weights, ffmpeg or font
    BACKEND = 4  # the LLM or transcription API failed (auth, timeouts, bad answers)
    MEDIA = 5  # ffmpeg or a media stage failed on input that looked valid
    INTERNAL = 70  # a bug: please report it with --debug output
    IO = 74  # an output could not be written: the disk (or quota) is full
    HANGUP = 129  # SIGHUP: the terminal or session went away
    INTERRUPTED = 130  # Ctrl-C / SIGINT
    TERMINATED = 143  # SIGTERM (timeout, systemd, docker stop, CI)


class LivegenError(Exception):
    """Base of every error meant for the user: a message, an optional hint, an exit code."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str | None = None, exit_code: ExitCode | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(LivegenError):
    """Flags that make no sense together, or an unknown choice."""

    exit_code = ExitCode.USAGE


class InputError(LivegenError):
    """An input file is missing, unreadable or malformed."""

    exit_code = ExitCode.USAGE


class SpecError(InputError):
    """A product spec failed validation."""


class ArtifactError(InputError):
    """A stage artifact (JSON) is invalid or of an unknown schema version."""


class OutputExistsError(LivegenError):
    """Refusing to overwrite an existing output without --force."""

    exit_code = ExitCode.USAGE


class DependencyError(LivegenError):
    """A missing optional package, binary, font or model; the hint says how to install it."""

    exit_code = ExitCode.DEPENDENCY


class BackendError(LivegenError):
    """An LLM or remote API call failed after retries."""

    exit_code = ExitCode.BACKEND


class MediaError(LivegenError):
    """ffmpeg or a media stage failed."""

    exit_code = ExitCode.MEDIA


class DiskFullError(LivegenError):
    """No space left (or quota exceeded) while writing an output; nothing half-written."""

    exit_code = ExitCode.IO


class Interrupted(LivegenError):
    """The user pressed Ctrl-C (or SIGTERM/SIGHUP arrived); partial outputs were removed.

    The CLI boundary turns it into 128 + the signal number (see livegen.signals).
    """

    exit_code = ExitCode.INTERRUPTED
