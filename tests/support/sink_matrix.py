"""Every built-in sink (and the example webhook) configured against its emulator, crossed with
the faults of the contract kit (peepshow_core.delivery.conformance.FAULTS): the contract of
docs/PLUGINS.md as one matrix, run by tests/sinks/test_contract.py (once per cell) and by
`make soak` (many rounds).

A cell runs the sink in process, standalone (it keeps its own outbox), with a small time budget,
and checks what the contract promises for the fault's outcome:

- DELIVERED: exit 0, one receipt line naming the run, the service holds the run, outbox empty;
- KEPT: exit in the fault's codes (6 or 8), no receipt, the outbox holds exactly this payload;
- REFUSED: exit 7, no receipt, nothing kept;
- always: no traceback, the last stderr line is the sink's one error line, no secret (nor any
  10 characters of its random part) in stdout, stderr, the outbox, the config dir or anything a
  redirect target received, and the wall time within the budget.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.machinery
import importlib.util
import io
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peepshow_core.delivery.conformance import FaultCase, Outcome
from peepshow_core.delivery.faultserver import Answer, FaultServer
from tests.emulators import analytics, databricks, stargate
from tests.support.paths import REPO, load_run

# Small enough to keep the matrix quick, large enough for a loaded 2-core machine: an answer
# that is merely slow (a SQL engine parsing a MERGE) must not look like a fault.
BUDGET = {
    "PEEPSHOW_SINK_MAX_TIME": "3",
    "PEEPSHOW_SINK_READ_TIMEOUT": "1",
    "PEEPSHOW_SINK_CONNECT_TIMEOUT": "1",
    "PEEPSHOW_SINK_MAX_ATTEMPTS": "2",
    "PEEPSHOW_SINK_BACKOFF": "0.01",
}
SLACK_S = 3.0  # start-up, the last attempt's backoff and a loaded machine, on top of the budget
WINDOW = 10  # characters of a secret's random part that must never show anywhere


@dataclass
class Service:
    server: FaultServer
    stored: Callable[[str], bool]  # the service holds this run id


@dataclass
class SinkSetup:
    name: str
    module: str  # import name, or the path of a script (the examples)
    sink: str  # what the receipt's `sink` and the outbox call it
    start: Callable[[str], contextlib.AbstractContextManager[Service]]  # (secret) -> running
    env: Callable[[Service, str], dict[str, str]]  # (service, secret) -> configuration
    required: list[str]
    secret_prefix: str = ""
    budget_s: float = 3.0  # the delivery's time budget with this configuration

    def main(self) -> Callable[..., int]:
        return load_main(self.module)


# --- the sinks ---------------------------------------------------------------------------------

KS = "peepshow"


@contextlib.contextmanager
def _stargate(secret: str) -> Iterator[Service]:
    with stargate.Emulator(token=secret) as server:
        server.secret = secret  # type: ignore[attr-defined]
        ddl = (REPO / "docs" / "sinks" / "cassandra.md").read_text("utf-8")
        block = ddl.split("```sql\n", 1)[1].split("```", 1)[0]
        server.add_table(block)

        def stored(run_id: str) -> bool:
            return any(row.get("run_id") == run_id for row in server.rows(KS, "peepshow_runs"))

        yield Service(server, stored)


def _cassandra_env(api: str) -> Callable[[Service, str], dict[str, str]]:
    def env(service: Service, secret: str) -> dict[str, str]:
        return {
            "CASSANDRA_URL": service.server.url,
            "CASSANDRA_KEYSPACE": KS,
            "CASSANDRA_TOKEN": secret,
            "CASSANDRA_API": api,
        }

    return env


@contextlib.contextmanager
def _databricks(secret: str) -> Iterator[Service]:
    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # "Unsupported property" for USING DELTA
    server = databricks.Emulator(token=secret)
    server.secret = secret  # type: ignore[attr-defined]
    try:
        with server:

            def stored(run_id: str) -> bool:
                try:
                    rows = server.fetch('SELECT run_id FROM uc_main."default".peepshow_runs')
                except Exception:  # no table yet
                    return False
                return any(row["run_id"] == run_id for row in rows)

            yield Service(server, stored)
            server.closing.set()  # an answer the sink gave up on is finished before the db goes
            with contextlib.suppress(AssertionError):
                server.wait_idle(10.0)
    finally:
        server.db.close()


def _databricks_env(service: Service, secret: str) -> dict[str, str]:
    server = service.server
    assert isinstance(server, databricks.Emulator)
    return {
        "DATABRICKS_URL": server.url,
        "DATABRICKS_TOKEN": secret,
        "DATABRICKS_WAREHOUSE_ID": server.warehouse_id,
        "DATABRICKS_STATEMENT_TIMEOUT": "1",
    }


def _analytics(provider: str) -> Callable[[str], contextlib.AbstractContextManager[Service]]:
    @contextlib.contextmanager
    def start(secret: str) -> Iterator[Service]:
        with analytics.AnalyticsEmulator() as server:
            server.secret = secret  # type: ignore[attr-defined]
            server.mixpanel_token = server.amplitude_key = server.segment_write_key = secret

            def stored(run_id: str) -> bool:
                events = server.accepted[provider]
                return any(run_id in json.dumps(event) for event in events)

            yield Service(server, stored)

    return start


def _analytics_env(provider: str) -> Callable[[Service, str], dict[str, str]]:
    def env(service: Service, secret: str) -> dict[str, str]:
        return {
            "EVENT_TRACK_PROVIDER": provider,
            "EVENT_TRACK_TOKEN": secret,
            "EVENT_TRACK_USER_ID": "user-42",
            "EVENT_TRACK_ENDPOINT": service.server.url,
        }

    return env


@contextlib.contextmanager
def _webhook(secret: str) -> Iterator[Service]:
    with FaultServer(ok=Answer.of(201, {"id": "hook-1"})) as server:
        server.secret = secret  # type: ignore[attr-defined]

        def stored(run_id: str) -> bool:
            return any(run_id in r.text for r in server.requests if r.method == "POST")

        yield Service(server, stored)


def _webhook_env(service: Service, secret: str) -> dict[str, str]:
    return {"WEBHOOK_URL": f"{service.server.url}/hook", "WEBHOOK_TOKEN": secret}


SETUPS: list[SinkSetup] = [
    SinkSetup(
        "cassandra-rest",
        "peepshow_sinks.cassandra",
        "cassandra",
        _stargate,
        _cassandra_env("rest"),
        ["CASSANDRA_URL", "CASSANDRA_KEYSPACE"],
        "AstraCS:",
    ),
    SinkSetup(
        "cassandra-data",
        "peepshow_sinks.cassandra",
        "cassandra",
        _stargate,
        _cassandra_env("data"),
        ["CASSANDRA_URL", "CASSANDRA_KEYSPACE"],
        "AstraCS:",
    ),
    SinkSetup(
        "databricks",
        "peepshow_sinks.databricks",
        "databricks",
        _databricks,
        _databricks_env,
        ["DATABRICKS_URL", "DATABRICKS_TOKEN", "DATABRICKS_WAREHOUSE_ID"],
        "dapi",
        budget_s=4.0,  # the budget plus DATABRICKS_STATEMENT_TIMEOUT
    ),
    *(
        SinkSetup(
            f"event-track-{provider}",
            "peepshow_sinks.event_track",
            "event-track",
            _analytics(provider),
            _analytics_env(provider),
            ["EVENT_TRACK_PROVIDER", "EVENT_TRACK_TOKEN", "EVENT_TRACK_USER_ID"],
        )
        for provider in ("mixpanel", "amplitude", "segment")
    ),
    SinkSetup(
        "example-webhook",
        str(REPO / "examples" / "sinks" / "peepshow-sink-webhook"),
        "webhook",
        _webhook,
        _webhook_env,
        ["WEBHOOK_URL"],
    ),
]


# --- running one cell --------------------------------------------------------------------------


def load_main(module: str) -> Callable[..., int]:
    if "/" in module:
        loader = importlib.machinery.SourceFileLoader(Path(module).name.replace("-", "_"), module)
        spec = importlib.util.spec_from_loader(loader.name, loader)
        assert spec is not None
        loaded = importlib.util.module_from_spec(spec)
        loader.exec_module(loaded)
    else:
        loaded = importlib.import_module(module)
    main: Callable[..., int] = loaded.main
    return main


def fresh_payload() -> dict[str, Any]:
    """The full canned run with a new id, stamped now (Mixpanel's /track refuses old events)."""
    payload = load_run("full")
    payload["run_id"] = str(uuid.uuid4())
    now = datetime.now(UTC)
    payload["created_at"] = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    return payload


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str
    seconds: float


def run_sink(
    main: Callable[..., int],
    stdin: str,
    env: dict[str, str],
    argv: list[str] | None = None,
) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    code = main(argv or [], stdin=io.StringIO(stdin), stdout=out, stderr=err, environ=dict(env))
    return Ran(int(code), out.getvalue(), err.getvalue(), time.monotonic() - start)


@contextlib.contextmanager
def user_dirs(root: Path) -> Iterator[tuple[Path, Path]]:
    """Config and state dirs of their own for one cell (os.environ: the outbox reads it)."""
    config, state = root / "config", root / "state"
    saved = {k: os.environ.get(k) for k in ("PEEPSHOW_CONFIG_DIR", "PEEPSHOW_STATE_DIR")}
    os.environ["PEEPSHOW_CONFIG_DIR"], os.environ["PEEPSHOW_STATE_DIR"] = str(config), str(state)
    try:
        yield config, state
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def check_cell(setup: SinkSetup, case: FaultCase, root: Path) -> list[str]:
    """Run one cell; the broken promises (empty when the contract held)."""
    secret = f"{setup.secret_prefix}{uuid.uuid4().hex}{uuid.uuid4().hex[:8]}"
    problems: list[str] = []
    payload = fresh_payload()
    with (
        user_dirs(root) as (config, state),
        setup.start(secret) as service,
        FaultServer() as elsewhere,
    ):
        case.inject(service.server, elsewhere, secret)
        env = {**BUDGET, **setup.env(service, secret)}
        ran = run_sink(setup.main(), json.dumps(payload), env)
        service.server.clear_faults()
        service.server.closing.set()  # end answers still dripping or held
        problems += _expectations(setup, case, ran, payload, service, state)
        problems += _leaks(secret[len(setup.secret_prefix) :], ran, [config, state], elsewhere)
        if case.name.startswith("redirect") and elsewhere.requests:
            problems.append("a redirect to another host was followed")
    return problems


def _expectations(
    setup: SinkSetup,
    case: FaultCase,
    ran: Ran,
    payload: dict[str, Any],
    service: Service,
    state: Path,
) -> list[str]:
    problems = []
    if ran.code not in case.expected_codes():
        problems.append(
            f"exit {ran.code}, expected {sorted(case.expected_codes())}: {ran.stderr!r}"
        )
    if "Traceback" in ran.stderr:
        problems.append("a traceback on stderr")
    if ran.seconds > setup.budget_s + SLACK_S:
        problems.append(f"took {ran.seconds:.1f} s (budget {setup.budget_s:g} s)")
    outbox = sorted((state / "outbox").glob("*.json")) if (state / "outbox").is_dir() else []
    kept = [json.loads(p.read_text("utf-8")) for p in outbox]
    if case.outcome is Outcome.delivered:
        lines = ran.stdout.splitlines()
        receipt = json.loads(lines[0]) if len(lines) == 1 else {}
        if receipt.get("run_id") != payload["run_id"] or receipt.get("sink") != setup.sink:
            problems.append(f"no receipt for this run: {ran.stdout!r}")
        if not service.stored(payload["run_id"]):
            problems.append("exit 0, but the service does not hold the run")
    else:
        if ran.stdout:
            problems.append(f"a failure printed on stdout: {ran.stdout!r}")
        last = (ran.stderr.strip().splitlines() or [""])[-1]
        if not last.startswith(f"peepshow-sink-{setup.sink}: error: "):
            problems.append(f"the last stderr line is not the error line: {last!r}")
    if case.outcome is Outcome.kept:
        if [k.get("payload") for k in kept] != [payload] or kept[0].get("sink") != setup.sink:
            problems.append(f"not kept in the outbox exactly once ({len(kept)} entries)")
    elif kept:
        problems.append(f"{len(kept)} outbox entries for a run that was {case.outcome}")
    return problems


def _leaks(random_part: str, ran: Ran, dirs: list[Path], elsewhere: FaultServer) -> list[str]:
    """Where any WINDOW characters of the secret's random part show up."""
    windows = {random_part[i : i + WINDOW] for i in range(len(random_part) - WINDOW + 1)}
    places = {"stdout": ran.stdout, "stderr": ran.stderr}
    for directory in dirs:
        for path in directory.rglob("*") if directory.is_dir() else []:
            if path.is_file():
                places[str(path.name)] = path.read_text("utf-8", "replace")
    for request in elsewhere.requests:
        places["a redirect target"] = json.dumps(dict(request.headers)) + request.text
    return [
        f"the secret shows in {where}"
        for where, text in places.items()
        if any(w in text for w in windows)
    ]
