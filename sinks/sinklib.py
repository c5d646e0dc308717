"""The small library every built-in sink stands on (the sink contract of docs/PLUGINS.md).

A sink module declares its settings and a `deliver(ctx) -> receipt` function, then calls
`run_sink(...)`. This module does the rest: arguments (`--dry-run`, `--check`, `--debug`),
`.env`, configuration with one message naming every missing variable, reading and validating the
payload, an HTTP session with timeouts and bounded retries, exit codes, secret redaction,
the receipt line, and keeping a payload in the outbox when delivery failed for a temporary reason.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from peepshow_core.errors import (
    ConfigError,
    ExitCode,
    PeepshowError,
    RejectedError,
    TemporaryError,
)
from peepshow_sinks.http import DryRunDone, Http, Redactor, describe_body, require_secure_url

if TYPE_CHECKING:
    import requests

__all__ = [
    "Context",
    "Http",
    "Redactor",
    "Setting",
    "raise_for_status",
    "require_secure_url",
    "run_sink",
]


@dataclass(frozen=True)
class Setting:
    """One environment variable a sink reads."""

    name: str
    required: bool = True
    default: str | None = None
    secret: bool = False
    help: str = ""


@dataclass
class Context:
    """What `deliver`/`check` get: the payload, the configuration, HTTP and a stderr logger."""

    sink: str
    payload: dict[str, Any]
    config: dict[str, str | None]
    http: Http
    redactor: Redactor
    stderr: IO[str]
    dry_run: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    environ: Mapping[str, str] = field(default_factory=dict)  # e.g. for require_secure_url

    def log(self, message: str) -> None:
        print(f"peepshow-sink-{self.sink}: {self.redactor.redact(message)}", file=self.stderr)


DeliverFn = Callable[[Context], dict[str, Any]]


def raise_for_status(response: requests.Response, redactor: Redactor, service: str) -> None:
    """Nothing for 2xx; RejectedError for other 1xx-4xx (retrying will not help), TemporaryError
    for 429 and 5xx. The message names the service, the status and the body's explanation."""
    status = response.status_code
    if 200 <= status < 300:
        return
    detail = describe_body(response)
    if status == 429 or status >= 500:
        raise TemporaryError(redactor.redact(f"{service} answered HTTP {status}: {detail}"))
    if status in (401, 403):
        raise RejectedError(
            redactor.redact(f"{service} refused the credentials (HTTP {status}: {detail})")
        )
    raise RejectedError(redactor.redact(f"{service} rejected the data (HTTP {status}: {detail})"))


def read_settings(settings: Sequence[Setting], environ: Mapping[str, str]) -> dict[str, str | None]:
    """Values of `settings` from `environ`; one ConfigError naming every missing required one."""
    values: dict[str, str | None] = {}
    missing = []
    for setting in settings:
        value = environ.get(setting.name, "").strip() or setting.default
        if setting.required and not value:
            missing.append(setting.name)
        values[setting.name] = value
    if missing:
        raise ConfigError(
            f"missing configuration: {', '.join(missing)} "
            "(set in the environment or in a .env file; see the sink's docs)"
        )
    return values


def _parser(sink: str, description: str, can_check: bool) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"peepshow-sink-{sink}",
        description=f"{description} Reads one peepshow run payload (JSON) on stdin; prints one "
        "JSON receipt line on stdout after the service accepted it. Exit codes: docs/PLUGINS.md.",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the request that would be sent (secrets masked); send nothing",
    )
    if can_check:
        parser.add_argument(
            "--check",
            action="store_true",
            help="verify configuration and the destination; write nothing",
        )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    return parser


def run_sink(
    sink: str,
    description: str,
    settings: Sequence[Setting],
    deliver: DeliverFn,
    *,
    check: DeliverFn | None = None,
    argv: Sequence[str] | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    environ: dict[str, str] | None = None,
) -> int:
    """Run one sink invocation; returns the exit code (never raises, never prints a traceback
    unless --debug)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    assert environ is not None
    parser = _parser(sink, description, check is not None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage or help
        return ExitCode.OK if exc.code == 0 else ExitCode.USAGE

    redactor = Redactor()
    payload: dict[str, Any] | None = None
    try:
        from peepshow_core.envfile import load_env_file

        load_env_file(environ)
        config = read_settings(settings, environ)
        redactor.add(*(config[s.name] for s in settings if s.secret))
        http = Http(redactor, sink=sink, dry_run=args.dry_run, stdout=stdout, environ=environ)
        if check is not None and args.check:
            ctx = Context(sink, {}, config, http, redactor, stderr, environ=environ)
            _print_receipt(stdout, {"sink": sink, "check": "ok", **check(ctx)})
            return ExitCode.OK
        from peepshow_core.payload import parse

        payload = parse(stdin.read())
        ctx = Context(
            sink, payload, config, http, redactor, stderr, dry_run=args.dry_run, environ=environ
        )
        receipt = deliver(ctx)
        if not args.dry_run:
            _print_receipt(stdout, {"sink": sink, "run_id": payload["run_id"], **receipt})
        return ExitCode.OK
    except DryRunDone:
        return ExitCode.OK
    except KeyboardInterrupt:
        print(f"peepshow-sink-{sink}: interrupted", file=stderr)
        return ExitCode.INTERRUPTED
    except PeepshowError as exc:
        if args.debug:
            _print_traceback(redactor, stderr)
        message = redactor.redact(exc.message)
        if isinstance(exc, TemporaryError) and payload is not None and not args.dry_run:
            message += _keep_in_outbox(sink, payload, message, environ)
        print(f"peepshow-sink-{sink}: error: {message}", file=stderr)
        return exc.code
    except Exception as exc:  # a bug: one line, the traceback only on request
        if args.debug:
            _print_traceback(redactor, stderr)
        detail = redactor.redact(f"{exc.__class__.__name__}: {exc}")
        print(
            f"peepshow-sink-{sink}: error: unexpected failure ({detail}); rerun with --debug",
            file=stderr,
        )
        return ExitCode.INTERNAL


def _print_receipt(stdout: IO[str], receipt: dict[str, Any]) -> None:
    stdout.write(json.dumps(receipt, sort_keys=True, default=str) + "\n")
    stdout.flush()


def _print_traceback(redactor: Redactor, stderr: IO[str]) -> None:
    import traceback

    stderr.write(redactor.redact(traceback.format_exc()))


def _keep_in_outbox(
    sink: str, payload: dict[str, Any], error: str, environ: Mapping[str, str]
) -> str:
    """Standalone runs keep the payload for `peepshow sinks retry`; under `peepshow` dispatch
    (PEEPSHOW_DISPATCHED=1) the parent keeps it instead, so it is never stored twice."""
    if environ.get("PEEPSHOW_DISPATCHED") == "1":
        return ""
    try:
        from peepshow_core import outbox

        path = outbox.store(sink, payload, error=error)
    except Exception as exc:  # the outbox itself failing must not hide the delivery error
        return f" (and it could not be kept in the outbox: {exc.__class__.__name__})"
    return f" (kept in the outbox as {path.name}; deliver later with 'peepshow sinks retry')"
