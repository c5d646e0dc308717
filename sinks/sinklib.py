"""The small library every built-in sink stands on (the sink contract of docs/PLUGINS.md).

A sink module declares its settings and a `deliver(ctx) -> receipt` function, then calls
`run_sink(...)`. This module does the rest: arguments (`--dry-run`, `--check`, `--debug`),
`.env`, configuration with one message naming every missing variable, reading and validating the
payload, an HTTP session with timeouts and bounded retries, exit codes, secret redaction,
the receipt line, and keeping a payload in the outbox when delivery failed for a temporary reason.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from peepshow_core.contract import arguments, boundary, outbox, settings
from peepshow_core.contract.errors import (
    ConfigError,
    ExitCode,
    TemporaryError,
)
from peepshow_core.contract.payload import frame_url, parse, read_document
from peepshow_core.contract.redact import url_secrets
from peepshow_core.contract.settings import load_env_file
from peepshow_sinks import usage
from peepshow_sinks.answers import acknowledged, raise_for_status
from peepshow_sinks.describe import describe_body
from peepshow_sinks.http import DryRunDone, Http, Redactor
from peepshow_sinks.urls import require_http_url, require_secure_url

__all__ = [
    "COMMON_SETTINGS",
    "Context",
    "Http",
    "Redactor",
    "Setting",
    "acknowledged",
    "describe_body",
    "raise_for_status",
    "require_secure_url",
    "run_sink",
    "sink_main",
]


@dataclass(frozen=True)
class Setting(settings.Setting):
    """One environment variable a sink reads: required unless it says `required=False`.
    `example`: what a dry run shows when the variable is missing (default: a placeholder made
    from its name)."""

    required: bool = True
    example: str | None = None

    def placeholder(self) -> str:
        if self.example is not None:
            return self.example
        if self.name.endswith(("_URL", "_ENDPOINT")):
            return f"https://missing-{self.name.lower().replace('_', '-')}.invalid"
        return self.name


# A secret never holds a line break, a tab or another control character (a value pasted with
# its newline would be sent, or printed, whole by an HTTP library's error).
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


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
        """One line on stderr, masked; what a service said in it (a statement id) is shown
        escaped, never driving the terminal."""
        line = boundary.one_line(self.redactor.redact(message))
        print(f"peepshow-sink-{self.sink}: {line}", file=self.stderr)

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
        if thumbnail or not frames:
            return thumbnail
        base = settings.frame_base_url(
            None, {FRAME_BASE_URL.name: self.config.get(FRAME_BASE_URL.name) or ""}
        )
        if not base:
            return thumbnail
        return frame_url(base, PurePath(frames[0]["path"]).name)


DeliverFn = Callable[[Context], dict[str, Any]]


def missing_message(missing: Sequence[str]) -> str:
    return (
        f"missing configuration: {', '.join(missing)} "
        "(set in the environment or in a .env file; see the sink's --help)"
    )


def read_settings(
    declared: Sequence[settings.Setting], environ: Mapping[str, str], *, placeholders: bool = False
) -> tuple[dict[str, str | None], list[str]]:
    """Values of `declared` from `environ`, and the required ones that are missing. Without
    `placeholders` a missing one is a ConfigError naming every missing variable at once; with
    it (a dry run) each gets its placeholder. A secret with a control character (a pasted line
    break) is a ConfigError naming it, never showing it."""
    values: dict[str, str | None] = {}
    missing = []
    for setting in declared:
        value = setting.raw(environ) or None
        if setting.secret and value and CONTROL_CHARS.search(value):
            raise ConfigError(
                f"{setting.name} holds a line break or another control character, which no "
                "token has; set it again"
            )
        if setting.required and not value:
            missing.append(setting.name)
            if placeholders and isinstance(setting, Setting):
                value = setting.placeholder()
        values[setting.name] = value
    if missing and not placeholders:
        raise ConfigError(missing_message(missing))
    return values, missing


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
    boundary.ensure_stderr()  # a sink started with `2>&-`: its messages never reach stdout
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    env: dict[str, str] = os.environ if environ is None else environ  # type: ignore[assignment]
    own = {s.name for s in declared}
    declared = [*declared, *(s for s in COMMON_SETTINGS if s.name not in own)]
    parser = usage.parser(sink, description, declared, check is not None, stdout, stderr)
    args = arguments.parse(parser, argv)
    if isinstance(args, int):  # -h, --version, or a usage mistake (already printed)
        return args
    if args.describe or args.docs:
        return _self_description(sink, description, declared, check is not None, args, stdout)

    redactor = Redactor()
    checking = check is not None and args.check
    missing: list[str] = []

    def work() -> None:
        load_env_file(env)
        # the payload first, so a delivery that fails on configuration can be kept
        payload = None if checking else parse(read_stdin(stdin))
        try:
            settings.flag(settings.DISPATCHED, env)  # a bad value: said now, and kept (below)
            config, missing[:] = read_settings(declared, env, placeholders=args.dry_run)
            redactor.add(*(config[s.name] for s in declared if s.secret and s.name not in missing))
            for value in config.values():  # a password in a URL, a key in its query string
                redactor.add(*url_secrets(value or ""))
            http = Http(redactor, sink=sink, dry_run=args.dry_run, stdout=stdout, environ=env)
            http.dry_run_notes = {"missing_settings": missing} if missing else {}
            if checking:
                assert check is not None
                ctx = Context(sink, {}, config, http, redactor, stderr, environ=env)
                _print_receipt(stdout, redactor, {"sink": sink, "check": "ok", **check(ctx)})
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
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the delivery is kept, then 130
            if payload is not None and not args.dry_run:
                kept = _keep_in_outbox(sink, payload, "interrupted", env)
                raise boundary.Stopped(f"stopped before it finished{kept}") from None
            raise
        if not args.dry_run:
            _print_receipt(stdout, redactor, {"sink": sink, "run_id": payload["run_id"], **receipt})

    prog = f"peepshow-sink-{sink}"
    try:
        with boundary.sigterm_as_interrupt():  # stopped by SIGTERM: kept, as after Ctrl-C
            work()
    except DryRunDone:
        pass
    except BaseException as exc:
        if not (missing and isinstance(exc, ConfigError)):  # else: what to fix first, below
            return boundary.report(exc, prog, debug=args.debug, mask=redactor.redact, stderr=stderr)
    if missing:  # a dry run that showed its request with placeholders for them
        return boundary.report(ConfigError(missing_message(missing)), prog, stderr=stderr)
    return ExitCode.OK


def read_stdin(stdin: IO[str] | None) -> str:
    """The whole payload document (contract/payload.read_document)."""
    return read_document(stdin)


def _self_description(
    sink: str,
    description: str,
    declared: Sequence[settings.Setting],
    can_check: bool,
    args: Any,
    stdout: IO[str],
) -> int:
    """`--describe` (the settings as JSON) or `--docs` (the documentation page)."""
    if args.describe:
        stdout.write(usage.describe_json(sink, description, declared, can_check) + "\n")
        return ExitCode.OK
    page = usage.docs_page(sink)
    if page is None:
        stdout.write(f"peepshow-sink-{sink} ships no documentation page; see docs/PLUGINS.md\n")
        return ExitCode.CONFIG
    stdout.write(page)
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


def _print_receipt(stdout: IO[str], redactor: Redactor, receipt: dict[str, Any]) -> None:
    """One JSON line, masked like every other output (a URL may carry a password)."""
    masked = redactor.redact_obj(receipt)
    stdout.write(json.dumps(masked, sort_keys=True, default=str) + "\n")
    stdout.flush()


def _dispatched(environ: Mapping[str, str]) -> bool:
    """Whether peepshow runs this sink (and keeps its failed deliveries); False when unsure."""
    try:
        return settings.flag(settings.DISPATCHED, environ)
    except ConfigError:
        return False


def _keep_in_outbox(
    sink: str, payload: dict[str, Any], error: str, environ: Mapping[str, str]
) -> str:
    """Standalone runs keep the payload for `peepshow sinks retry`; under `peepshow` dispatch
    (PEEPSHOW_DISPATCHED=1) the parent keeps it instead, so it is never stored twice. A value
    that is no yes/no (run_sink reports it; peepshow always sets 1, so it was set by hand)
    keeps it here: when unsure, a payload kept is better than one nobody kept."""
    if _dispatched(environ):
        return ""
    try:
        path = outbox.store(sink, payload, error=error)
    except Exception as exc:  # the outbox itself failing must not hide the delivery error
        return f" (and it could not be kept in the outbox: {exc.__class__.__name__})"
    return f" (kept in the outbox as {path.name}; deliver later with 'peepshow sinks retry')"
