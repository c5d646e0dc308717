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
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, TYPE_CHECKING, Any

from peepshow_core import __version__
from peepshow_core.contract import arguments, boundary, outbox, settings
from peepshow_core.contract.errors import (
    ConfigError,
    ExitCode,
    PeepshowError,
    RejectedError,
    TemporaryError,
)
from peepshow_core.contract.payload import frame_url, parse
from peepshow_core.contract.settings import load_env_file
from peepshow_sinks.http import (
    DryRunDone,
    Http,
    Redactor,
    describe_body,
    json_fields,
    require_http_url,
    require_secure_url,
)

if TYPE_CHECKING:
    import requests

__all__ = [
    "COMMON_SETTINGS",
    "Context",
    "Http",
    "Redactor",
    "Setting",
    "describe_body",
    "json_object",
    "raise_for_status",
    "require_secure_url",
    "run_sink",
    "sink_main",
]


@dataclass(frozen=True)
class Setting(settings.Setting):
    """One environment variable a sink reads: required unless it says `required=False`."""

    required: bool = True


FRAME_BASE_URL = settings.FRAME_BASE_URL  # used for thumbnail_url when the payload has none
COMMON_SETTINGS = (FRAME_BASE_URL,)  # read for every sink, on top of its own settings


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

    def service_url(self, setting: str, *, sends_secret: bool = True) -> str:
        """The URL in `setting`, checked: http(s) with a host and, when a secret goes with it,
        https unless it is loopback or PEEPSHOW_ALLOW_INSECURE_HTTP=1 (ConfigError otherwise)."""
        url = str(self.config.get(setting) or "")
        if sends_secret:
            require_secure_url(url, setting, self.environ)
        else:
            require_http_url(url, setting)
        return url

    def seconds(self, setting: str) -> float:
        """The positive, finite number of seconds in `setting`; ConfigError naming it if not."""
        value = self.config.get(setting) or ""
        return settings.seconds(Setting(setting), {setting: value})

    def identifier(self, setting: str, pattern: re.Pattern[str], rule: str) -> str:
        """The name in `setting` when it matches `pattern` (it goes into a URL or a statement);
        ConfigError naming the setting, the value and `rule` otherwise."""
        value = str(self.config.get(setting) or "")
        if not pattern.match(value):
            raise ConfigError(f"{setting}={value!r}: {rule}")
        return value

    def thumbnail_url(self) -> str | None:
        """The payload's thumbnail_url, else the first frame under PEEPSHOW_FRAME_BASE_URL."""
        thumbnail, frames = self.payload.get("thumbnail_url"), self.payload.get("frames") or []
        base = self.config.get(FRAME_BASE_URL.name)
        if thumbnail or not (base and frames):
            return thumbnail
        return frame_url(base, PurePath(frames[0]["path"]).name)


DeliverFn = Callable[[Context], dict[str, Any]]


def raise_for_status(
    response: requests.Response,
    redactor: Redactor,
    service: str,
    *,
    hints: Mapping[int, str] | None = None,
    config_statuses: Collection[int] = (),
) -> None:
    """Nothing for 2xx. Otherwise TemporaryError for 429 and 5xx, ConfigError for
    `config_statuses` (e.g. a 404 meaning the URL is wrong), else RejectedError (retrying will
    not help). The message names the service, the status and the body's explanation (a JSON
    `error_code` first). `hints[status]` says what the status means and what to check:
    "<service> answered HTTP 404 (<detail>): <hint>"; without one a 401/403 reads
    "<service> refused the credentials (HTTP 401: <detail>)", another 4xx
    "<service> rejected the data (HTTP 422: <detail>)"."""
    status = response.status_code
    if 200 <= status < 300:
        return
    detail, hint = describe_body(response, with_code=True), (hints or {}).get(status)
    temporary = status == 429 or status >= 500
    if hint or temporary:
        message = f"{service} answered HTTP {status} ({detail})" + (f": {hint}" if hint else "")
    elif status in (401, 403):
        message = f"{service} refused the credentials (HTTP {status}: {detail})"
    else:
        message = f"{service} rejected the data (HTTP {status}: {detail})"
    error: type[PeepshowError] = TemporaryError if temporary else RejectedError
    if status in config_statuses:
        error = ConfigError
    raise error(redactor.redact(message))


def json_object(
    response: requests.Response,
    problem: str,
    hint: str,
    *,
    keys: Collection[str] = (),
    error: type[PeepshowError] = ConfigError,
) -> dict[str, Any]:
    """The answer's JSON object (an empty body is `{}`). When it is not one, or has none of
    `keys`: `error` saying `problem` (e.g. "not a Data API answer"), what came, and `hint`."""
    body = json_fields(response) if (response.text or "").strip() else {}
    if body is None or (keys and not any(key in body for key in keys)):
        raise error(f"{problem} ({describe_body(response)}); {hint}")
    return body


def read_settings(
    declared: Sequence[settings.Setting], environ: Mapping[str, str]
) -> dict[str, str | None]:
    """Values of `declared` from `environ`; one ConfigError naming every missing required one."""
    values: dict[str, str | None] = {}
    missing = []
    for setting in declared:
        value = setting.raw(environ) or None
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
    prog = f"peepshow-sink-{sink}"
    parser = arguments.Parser(
        prog,
        f"{description} Reads one peepshow run payload (JSON) on stdin; prints one "
        "JSON receipt line on stdout after the service accepted it. Exit codes: docs/PLUGINS.md.",
        examples=[
            f"peepshow talk.mp4 --sink {sink}       # peepshow runs the sink after the run",
            f"peepshow clip.mov --emit json | {prog}",
            f"{prog} --dry-run < run.json    # the request, secrets masked; nothing sent",
        ],
        version=__version__,
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
    declared: Sequence[settings.Setting],
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
    unless --debug). Failures go through the shared error boundary, masked."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    env: dict[str, str] = os.environ if environ is None else environ  # type: ignore[assignment]
    own = {s.name for s in declared}
    declared = [*declared, *(s for s in COMMON_SETTINGS if s.name not in own)]
    parser = _parser(sink, description, check is not None)
    args = arguments.parse(parser, argv)
    if isinstance(args, int):  # -h, --version, or a usage mistake (already printed)
        return args

    redactor = Redactor()
    checking = check is not None and args.check

    def work() -> None:
        load_env_file(env)
        # the payload first, so a delivery that fails on configuration can be kept
        payload = None if checking else parse(stdin.read())
        try:
            config = read_settings(declared, env)
            redactor.add(*(config[s.name] for s in declared if s.secret))
            http = Http(redactor, sink=sink, dry_run=args.dry_run, stdout=stdout, environ=env)
            if checking:
                assert check is not None
                ctx = Context(sink, {}, config, http, redactor, stderr, environ=env)
                _print_receipt(stdout, {"sink": sink, "check": "ok", **check(ctx)})
                return
            assert payload is not None
            ctx = Context(
                sink, payload, config, http, redactor, stderr, dry_run=args.dry_run, environ=env
            )
            receipt = deliver(ctx)
        except (TemporaryError, ConfigError) as exc:
            if payload is None or args.dry_run:
                raise
            message = redactor.redact(exc.message)
            raise type(exc)(message + _keep_in_outbox(sink, payload, message, env)) from None
        if not args.dry_run:
            _print_receipt(stdout, {"sink": sink, "run_id": payload["run_id"], **receipt})

    try:
        work()
    except DryRunDone:
        return ExitCode.OK
    except BaseException as exc:
        prog = f"peepshow-sink-{sink}"
        return boundary.report(exc, prog, debug=args.debug, mask=redactor.redact, stderr=stderr)
    return ExitCode.OK


MainFn = Callable[..., int]


def sink_main(
    sink: str,
    description: str,
    declared: Sequence[settings.Setting],
    deliver: DeliverFn,
    *,
    check: DeliverFn | None = None,
) -> MainFn:
    """The sink's `main(argv, stdin, stdout, stderr, environ) -> exit code` (its console script;
    tests pass their own streams and environment)."""

    def main(
        argv: Sequence[str] | None = None,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        environ: dict[str, str] | None = None,
    ) -> int:
        return run_sink(
            sink,
            description,
            declared,
            deliver,
            check=check,
            argv=argv,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            environ=environ,
        )

    return main


def _print_receipt(stdout: IO[str], receipt: dict[str, Any]) -> None:
    stdout.write(json.dumps(receipt, sort_keys=True, default=str) + "\n")
    stdout.flush()


def _keep_in_outbox(
    sink: str, payload: dict[str, Any], error: str, environ: Mapping[str, str]
) -> str:
    """Standalone runs keep the payload for `peepshow sinks retry`; under `peepshow` dispatch
    (PEEPSHOW_DISPATCHED=1) the parent keeps it instead, so it is never stored twice."""
    if settings.flag(settings.DISPATCHED, environ):
        return ""
    try:
        path = outbox.store(sink, payload, error=error)
    except Exception as exc:  # the outbox itself failing must not hide the delivery error
        return f" (and it could not be kept in the outbox: {exc.__class__.__name__})"
    return f" (kept in the outbox as {path.name}; deliver later with 'peepshow sinks retry')"
