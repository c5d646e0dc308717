"""Exit codes shared by the `peepshow` core and every sink, and the exceptions that carry them.

The table is part of the sink contract (docs/PLUGINS.md); a test keeps the two in step.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1  # unexpected failure (a bug): rerun with --debug for the traceback
    USAGE = 2  # bad command-line arguments
    NO_INPUT = 3  # input file missing, a directory, or not readable
    BAD_INPUT = 4  # input unusable: not a video / corrupt; for sinks, stdin is not a valid payload
    UNSUPPORTED_SCHEMA = 5  # payload has a major schema version this program does not know
    CONFIG = 6  # configuration missing or invalid (env variables, registry file, names)
    REJECTED = 7  # the service refused the data for good (auth, validation); don't retry
    TEMPORARY = 8  # failed after retries (network, timeout, 429, 5xx); kept in the outbox
    SINKS_FAILED = 9  # core only: a sink failed (--strict-sinks) or broke the contract
    FILES_FAILED = 10  # `peepshow batch` only: at least one file failed (each has its own code)
    INTERRUPTED = 130  # Ctrl-C


EXIT_CODE_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.INTERNAL: "unexpected failure (a bug); rerun with --debug for the traceback",
    ExitCode.USAGE: "bad command-line arguments",
    ExitCode.NO_INPUT: "input file missing, a directory, or not readable",
    ExitCode.BAD_INPUT: "input unusable: not a video, corrupt; for a sink: not a valid payload",
    ExitCode.UNSUPPORTED_SCHEMA: "payload has an unknown major schema version",
    ExitCode.CONFIG: "configuration missing or invalid",
    ExitCode.REJECTED: "the service refused the data; retrying will not help",
    ExitCode.TEMPORARY: "temporary failure after retries; safe to retry later",
    ExitCode.SINKS_FAILED: "a sink failed (--strict-sinks) or broke the contract (check-contract)",
    ExitCode.FILES_FAILED: "peepshow batch: some file failed; its record has its own code",
    ExitCode.INTERRUPTED: "interrupted",
}


class PeepshowError(Exception):
    """An expected failure: printed as one line, exits with `code`."""

    code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, code: ExitCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class UsageError(PeepshowError, ValueError):
    """An option with a value peepshow cannot use (from any caller: CLI, MCP, library)."""

    code = ExitCode.USAGE


class NoInputError(PeepshowError):
    code = ExitCode.NO_INPUT


class BadInputError(PeepshowError):
    code = ExitCode.BAD_INPUT


class UnsupportedSchemaError(PeepshowError):
    code = ExitCode.UNSUPPORTED_SCHEMA


class ConfigError(PeepshowError):
    code = ExitCode.CONFIG


class RejectedError(PeepshowError):
    code = ExitCode.REJECTED


class TemporaryError(PeepshowError):
    code = ExitCode.TEMPORARY


class OutputError(PeepshowError):
    """The frame images can't be written (folder not writable, disk full): fix --out and rerun."""

    code = ExitCode.CONFIG
