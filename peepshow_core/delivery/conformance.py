"""`peepshow sinks check-contract`: the sink contract (docs/PLUGINS.md) checked against any sink
executable, with a fault server (delivery/faultserver.py) standing in for its service.

The sink runs as peepshow runs it (`sh -c CMD` in its own process group, the payload on stdin,
PEEPSHOW_DISPATCHED=1 and the run's context in the environment), its service URL in `url_var`
pointing at the fault server. Each check sets the server's answer, runs the sink, and holds
what it did against the contract: the exit code, a receipt only on success, one error line on
stderr and no traceback, no secret (nor 10 characters of one) in any output or at a host it was
redirected to, and an end within the time limit. FAULTS is also the matrix the built-in sinks
are tested against (tests/support/sink_matrix.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from peepshow_core.contract.errors import ExitCode, UsageError
from peepshow_core.contract.payload import SCHEMA_ID
from peepshow_core.contract.redact import SECRET_NAME, mask_patterns, mask_values
from peepshow_core.delivery.children import stop_groups
from peepshow_core.delivery.detached import popen_detached
from peepshow_core.delivery.faultserver import Answer, FaultServer, Mode

ALWAYS = 100  # a fault repeated more often than any sink retries
WINDOW = 10  # characters of a secret that must never show anywhere
DEFAULT_BUDGET_S = 5.0  # PEEPSHOW_SINK_MAX_TIME given to the sink under test
MIN_BUDGET_S = 3.0  # room for a 1 s read time-out, a retry and the answer of `slow once`
READ_TIMEOUT_S = 1.0  # PEEPSHOW_SINK_READ_TIMEOUT given to the sink (`slow once` waits 2 s)
SLACK_S = 10.0  # on top of the budget before a run counts as hanging
RUN_ID = "0b9d6a52-1c3e-4f70-8a2b-c4d5e6f70812"
INPUT_CHECKS = 8  # bad input, schema, configuration, dry run, help (before the faults)


class Outcome(StrEnum):
    delivered = "delivered"  # exit 0, one receipt line
    kept = "kept"  # a failure peepshow keeps in the outbox (6 or 8)
    refused = "refused"  # exit 7, nothing kept


@dataclass(frozen=True)
class FaultCase:
    """One answer of the service and what the contract says a sink does with it. `location`:
    `elsewhere` (another host), `https` (another scheme) or `self` (a loop)."""

    name: str
    outcome: Outcome
    mode: Mode | None = None
    times: int = ALWAYS
    params: tuple[tuple[str, Any], ...] = ()
    codes: frozenset[int] = frozenset()

    def expected_codes(self) -> frozenset[int]:
        return (
            self.codes
            or {
                Outcome.delivered: frozenset({0}),
                Outcome.kept: frozenset({int(ExitCode.TEMPORARY)}),
                Outcome.refused: frozenset({int(ExitCode.REJECTED)}),
            }[self.outcome]
        )

    def inject(self, service: FaultServer, elsewhere: FaultServer, secret: str) -> None:
        if self.mode is None:
            return
        params = dict(self.params)
        where = params.pop("location", None)
        if where == "elsewhere":
            params["location"] = elsewhere.url.replace("127.0.0.1", "localhost")
        elif where == "https":
            params["location"] = service.url.replace("http://", "https://")
        elif where == "self":
            params["location"] = service.url
        if self.mode is Mode.echo:
            params["secret"] = secret
        service.inject(self.mode, self.times, **params)


CONFIG = frozenset({int(ExitCode.CONFIG)})
FAULTS: list[FaultCase] = [
    FaultCase("no fault", Outcome.delivered),
    FaultCase("503 once", Outcome.delivered, Mode.status, 1, (("status", 503),)),
    FaultCase("dropped once", Outcome.delivered, Mode.drop, 1),
    FaultCase("cut mid-body once", Outcome.delivered, Mode.mid_body, 1),
    FaultCase("slow once", Outcome.delivered, Mode.slow, 1, (("seconds", 2.0),)),
    FaultCase("503 always", Outcome.kept, Mode.status, params=(("status", 503),)),
    FaultCase(
        "429 always", Outcome.kept, Mode.status, params=(("status", 429), ("retry_after", "0"))
    ),
    FaultCase("500 always", Outcome.kept, Mode.status, params=(("status", 500),)),
    FaultCase("dropped always", Outcome.kept, Mode.drop),
    FaultCase("cut mid-body always", Outcome.kept, Mode.mid_body),
    FaultCase("truncated answer", Outcome.kept, Mode.truncated),
    FaultCase("corrupt gzip always", Outcome.kept, Mode.bad_gzip),
    FaultCase("redirect loop", Outcome.kept, Mode.redirect, params=(("location", "self"),)),
    FaultCase("drip", Outcome.kept, Mode.drip, params=(("seconds", 0.2),)),
    FaultCase("never answers", Outcome.kept, Mode.never),
    FaultCase("HTML 200", Outcome.kept, Mode.html, codes=CONFIG),
    FaultCase(
        "redirect to another host",
        Outcome.kept,
        Mode.redirect,
        params=(("location", "elsewhere"),),
        codes=CONFIG,
    ),
    FaultCase(
        "redirect to https",
        Outcome.kept,
        Mode.redirect,
        params=(("location", "https"), ("status", 308)),
        codes=CONFIG,
    ),
    FaultCase("400", Outcome.refused, Mode.status, params=(("status", 400),)),
    FaultCase("400 echoing the token", Outcome.refused, Mode.echo),
]


def sample_payload() -> dict[str, Any]:
    """A small valid run (no video decoding needed to make one)."""
    return {
        "schema": SCHEMA_ID,
        "run_id": RUN_ID,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
        "title": "check-contract 'sample' — Ünïcode",
        "tags": ["contract"],
        "source": {
            "path": "/videos/sample.mp4",
            "name": "sample.mp4",
            "extension": "mp4",
            "size_bytes": 1024,
        },
        "video": {"codec": "h264", "width": 640, "height": 360, "fps": 25.0, "duration_s": 12.0},
        "audio": None,
        "duration_s": 12.0,
        "strategy": "interval",
        "strategy_params": {"interval_s": 10.0},
        "frames": [
            {
                "index": 0,
                "time_s": 0.0,
                "path": "/runs/sample/frame-0001.jpg",
                "width": 640,
                "height": 360,
                "score": 1.0,
            }
        ],
        "frames_dir": "/runs/sample",
        "thumbnail_url": None,
        "contact_sheet": None,
        "transcript": None,
        "transcript_reason": "no audio track",
        "warnings": [],
        "peepshow": {"version": "check-contract"},
    }


@dataclass
class Ran:
    code: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float


@dataclass
class Verdict:
    name: str
    problems: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems


@dataclass
class Kit:
    """What to run and how: `command` (a shell command line), the environment variable that
    takes the service URL, the sink's other settings, the names of extra secrets, the answer
    the service gives on success, and the delivery budget handed to the sink."""

    command: str
    url_var: str
    env: dict[str, str] = field(default_factory=dict)
    url_path: str = ""
    secret_names: Sequence[str] = ()
    ok: Answer = field(default_factory=lambda: Answer.of(200, {}))
    budget_s: float = DEFAULT_BUDGET_S

    @property
    def secrets(self) -> list[str]:
        named = {k for k in self.env if SECRET_NAME.search(k)} | set(self.secret_names)
        return [self.env[k] for k in sorted(named) if len(self.env.get(k, "")) >= 4]

    @property
    def time_limit_s(self) -> float:
        return max(self.budget_s, MIN_BUDGET_S) + SLACK_S


def check(kit: Kit, on_verdict: Callable[[Verdict], None] = lambda verdict: None) -> list[Verdict]:
    """Every check, in order; `on_verdict` hears each as it is made."""
    verdicts: list[Verdict] = []
    with (
        tempfile.TemporaryDirectory(prefix="peepshow-check-") as work,
        FaultServer(ok=kit.ok) as service,
        FaultServer() as elsewhere,
    ):
        runner = _Runner(kit, Path(work), service)
        smoke = runner.run("", ["--help"])
        if smoke.code in (126, 127):  # the shell found nothing to run
            last = (smoke.stderr.strip().splitlines() or ["?"])[-1]
            raise UsageError(f"cannot run {kit.command!r}: {last}")
        for name, check_one in _input_checks(runner):
            verdict = Verdict(name, check_one())
            verdicts.append(verdict)
            on_verdict(verdict)
        secret = kit.secrets[0] if kit.secrets else "no-secret-given"
        for case in FAULTS:
            service.clear_faults()
            case.inject(service, elsewhere, secret)
            before, away = len(service.requests), len(elsewhere.requests)
            ran = runner.run(json.dumps(sample_payload()))
            service.clear_faults()
            problems = _against(case, ran, runner) + runner.leaks(ran)
            if case.outcome is Outcome.delivered and len(service.requests) == before:
                problems.append("exit 0, but nothing reached the service")
            if len(elsewhere.requests) > away:
                problems.append("followed a redirect to another host")
                problems += runner.leaks_at(elsewhere, away)
            verdict = Verdict(case.name, problems)
            verdicts.append(verdict)
            on_verdict(verdict)
    return verdicts


class _Runner:
    def __init__(self, kit: Kit, work: Path, service: FaultServer) -> None:
        self.kit, self.work, self.service = kit, work, service
        self.env_file = work / "empty.env"
        self.env_file.write_text("", "utf-8")

    def environment(self, *, configured: bool = True) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != self.kit.url_var}
        env.update(
            {
                "PEEPSHOW_DISPATCHED": "1",
                "PEEPSHOW_RUN_ID": RUN_ID,
                "PEEPSHOW_SINK_ID": "check-contract",
                "PEEPSHOW_SOURCE": "/videos/sample.mp4",
                "PEEPSHOW_STATE_DIR": str(self.work / "state"),
                "PEEPSHOW_CONFIG_DIR": str(self.work / "config"),
                "PEEPSHOW_ENV_FILE": str(self.env_file),  # not the author's own .env
                "PEEPSHOW_SINK_MAX_TIME": f"{max(self.kit.budget_s, MIN_BUDGET_S):g}",
                "PEEPSHOW_SINK_READ_TIMEOUT": f"{READ_TIMEOUT_S:g}",
                "PEEPSHOW_SINK_MAX_ATTEMPTS": "3",
                "PEEPSHOW_SINK_BACKOFF": "0.05",
            }
        )
        if configured:
            env.update(self.kit.env)
            env[self.kit.url_var] = self.service.url + self.kit.url_path
        else:
            for key in self.kit.env:
                env.pop(key, None)
        return env

    def run(self, stdin: str, argv: Sequence[str] = (), *, configured: bool = True) -> Ran:
        command = self.kit.command + "".join(f" {arg}" for arg in argv)
        start = time.monotonic()
        proc = popen_detached(
            ["/bin/sh", "-c", command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.environment(configured=configured),
        )
        try:
            out, err = proc.communicate(stdin.encode(), timeout=self.kit.time_limit_s)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            stop_groups([proc])
            out, err = b"", b""
            code = None
        seconds = time.monotonic() - start
        return Ran(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds)

    def mask(self, text: str) -> str:
        """`text` with the sink's secrets masked: the kit quotes what the sink printed."""
        return mask_patterns(mask_values(text, self.kit.secrets))

    def leaks(self, ran: Ran) -> list[str]:
        return [
            f"a secret shows on {where}"
            for where, text in (("stdout", ran.stdout), ("stderr", ran.stderr))
            if self._shows(text)
        ]

    def leaks_at(self, server: FaultServer, since: int) -> list[str]:
        seen = [json.dumps(dict(r.headers)) + r.text for r in server.requests[since:]]
        return ["a secret reached the other host"] if any(self._shows(t) for t in seen) else []

    def _shows(self, text: str) -> bool:
        for secret in self.kit.secrets:
            size = min(WINDOW, len(secret))
            if any(secret[i : i + size] in text for i in range(len(secret) - size + 1)):
                return True
        return False


def _failure_shape(ran: Ran, runner: _Runner) -> list[str]:
    problems = []
    if ran.stdout.strip():
        shown = runner.mask(ran.stdout.strip())[:120]
        problems.append(f"a failure printed on stdout: {shown!r}")
    last = runner.mask((ran.stderr.strip().splitlines() or [""])[-1])
    if ": error: " not in last:
        problems.append(f"the last stderr line is no 'NAME: error: …' line: {last[:120]!r}")
    if "Traceback" in ran.stderr:
        problems.append("a traceback on stderr")
    return problems


def _expect(ran: Ran, codes: frozenset[int], runner: _Runner) -> list[str]:
    if ran.code is None:
        return [f"still running after {runner.kit.time_limit_s:g} s (killed)"]
    if ran.code not in codes:
        last = runner.mask((ran.stderr.strip().splitlines() or ["(no stderr)"])[-1])
        wanted = " or ".join(map(str, sorted(codes)))
        return [f"exit {ran.code}, expected {wanted} — {last[:160]}"]
    return []


def _against(case: FaultCase, ran: Ran, runner: _Runner) -> list[str]:
    problems = _expect(ran, case.expected_codes(), runner)
    if problems or case.outcome is not Outcome.delivered:
        return problems + (_failure_shape(ran, runner) if ran.code else [])
    lines = ran.stdout.splitlines()
    try:
        receipt = json.loads(lines[0]) if len(lines) == 1 else None
    except ValueError:
        receipt = None
    if not isinstance(receipt, dict) or receipt.get("run_id") != RUN_ID or not receipt.get("sink"):
        shown = runner.mask(ran.stdout)[:160]
        problems.append(f"no one-line JSON receipt with sink and run_id: {shown!r}")
    return problems


def _input_checks(runner: _Runner) -> list[tuple[str, Callable[[], list[str]]]]:
    payload = sample_payload()
    text = json.dumps(payload)
    future = json.dumps({**payload, "schema": "peepshow.run/2"})
    nan = text.replace('"duration_s": 12.0', '"duration_s": NaN', 1)

    def refused(stdin: str, code: ExitCode) -> Callable[[], list[str]]:
        def run() -> list[str]:
            before = len(runner.service.requests)
            ran = runner.run(stdin)
            problems = _expect(ran, frozenset({int(code)}), runner) + _failure_shape(ran, runner)
            if len(runner.service.requests) > before:
                problems.append("it sent something to the service anyway")
            return problems + runner.leaks(ran)

        return run

    def unconfigured() -> list[str]:
        ran = runner.run(text, configured=False)
        problems = _expect(ran, frozenset({int(ExitCode.CONFIG)}), runner)
        names = [runner.kit.url_var, *runner.kit.env]
        if not any(name in ran.stderr for name in names):
            problems.append(f"the error line names none of {', '.join(names)}")
        return problems + _failure_shape(ran, runner)

    def dry_run() -> list[str]:
        before = len(runner.service.requests)
        ran = runner.run(text, ["--dry-run"])
        problems = _expect(ran, frozenset({0}), runner) + runner.leaks(ran)
        if not ran.stdout.strip():
            problems.append("--dry-run printed nothing")
        if len(runner.service.requests) > before:
            problems.append("--dry-run sent a request")
        return problems

    def help_text() -> list[str]:
        ran = runner.run("", ["--help"])
        return _expect(ran, frozenset({0}), runner)

    return [
        ("not JSON: exit 4", refused("{not json", ExitCode.BAD_INPUT)),
        ("two documents: exit 4", refused(text + text, ExitCode.BAD_INPUT)),
        ("NaN in the payload: exit 4", refused(nan, ExitCode.BAD_INPUT)),
        ("not a peepshow run: exit 4", refused('{"schema": "other/1"}', ExitCode.BAD_INPUT)),
        ("an unknown schema major: exit 5", refused(future, ExitCode.UNSUPPORTED_SCHEMA)),
        ("no configuration: exit 6 naming it", unconfigured),
        ("--dry-run: shows the request, sends nothing", dry_run),
        ("--help: exit 0", help_text),
    ]
