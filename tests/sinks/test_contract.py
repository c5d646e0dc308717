"""The sink contract (docs/PLUGINS.md), checked once for every built-in sink and the example
webhook, each against its emulator (a real HTTP server): the fault matrix (every fault mode ×
every sink: exit code, outbox, no secret anywhere, bounded time), bad input, missing
configuration, dry runs, --help. Service semantics live in each sink's own suite."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from peepshow_core.contract import outbox
from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery.conformance import FAULTS, FaultCase
from peepshow_core.delivery.faultserver import Mode
from tests.support.paths import REPO, load_run
from tests.support.sink_matrix import (
    BUDGET,
    SETUPS,
    SLACK_S,
    SinkSetup,
    check_cell,
    fresh_payload,
    run_sink,
)

BY_NAME = {setup.name: setup for setup in SETUPS}
SECRET = "contract-secret-0123456789abcdef"
FUTURE = (REPO / "tests" / "fixtures" / "runs" / "future-major.json").read_text("utf-8")


@pytest.mark.parametrize("case", FAULTS, ids=lambda c: c.name)
@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.name)
def test_fault_matrix(setup: SinkSetup, case: FaultCase, tmp_path: Path) -> None:
    assert check_cell(setup, case, tmp_path) == []


@pytest.fixture(params=SETUPS, ids=lambda s: s.name)
def sink(request: pytest.FixtureRequest) -> Any:
    setup: SinkSetup = request.param
    with setup.start(SECRET) as service:
        yield setup, service, {**BUDGET, **setup.env(service, SECRET)}


def one_error_line(stderr: str, setup: SinkSetup) -> str:
    lines = stderr.strip().splitlines()
    assert lines and "Traceback" not in stderr
    assert lines[-1].startswith(f"peepshow-sink-{setup.sink}: error: "), lines[-1]
    return lines[-1]


def nested(depth: int) -> str:
    return '{"schema": "peepshow.run/1", "x": ' + "[" * depth + "]" * depth + "}"


def payload_with(**changes: Any) -> str:
    payload = {**load_run("full"), **changes}
    return json.dumps(payload)


BAD_INPUTS = {
    "not JSON": "{not json",
    "empty": "",
    "an array": "[1, 2]",
    "another schema": '{"schema": "something.else/1"}',
    "two documents": json.dumps(load_run("full")) * 2,
    "NaN": payload_with(duration_s=float("nan")),  # json.dumps writes NaN
    "1e999": payload_with().replace('"duration_s": 18.0', '"duration_s": 1e999'),
    "no such date": payload_with(created_at="2026-13-45T99:99:99Z"),
    "a lone surrogate": payload_with(title="talk \udcff"),
    "100 000 levels deep": nested(100_000),
    "wrong types": payload_with(frames="three"),
}


@pytest.mark.usefixtures("gc_paused")
@pytest.mark.parametrize("text", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_is_bad_input_and_sends_nothing(sink: Any, text: str) -> None:
    setup, service, env = sink
    ran = run_sink(setup.main(), text, env)
    assert ran.code == ExitCode.BAD_INPUT and ran.stdout == "", ran.stderr
    one_error_line(ran.stderr, setup)
    assert service.server.requests == [] and outbox.items() == ([], [])


def test_future_major_schema_is_refused(sink: Any) -> None:
    setup, service, env = sink
    ran = run_sink(setup.main(), FUTURE, env)
    assert ran.code == ExitCode.UNSUPPORTED_SCHEMA and ran.stdout == ""
    assert "peepshow.run/2" in one_error_line(ran.stderr, setup)
    assert service.server.requests == []


def test_missing_configuration_names_every_variable_and_keeps_the_run(sink: Any) -> None:
    setup, service, _ = sink
    payload = fresh_payload()
    ran = run_sink(setup.main(), json.dumps(payload), {})
    assert ran.code == ExitCode.CONFIG and ran.stdout == ""
    line = one_error_line(ran.stderr, setup)
    assert all(name in line for name in setup.required), line
    (item,) = outbox.items()[0]  # fix the configuration, then `peepshow sinks retry`
    assert item.payload == payload and service.server.requests == []


def test_an_unreachable_service_is_temporary_and_kept(sink: Any) -> None:
    setup, service, env = sink
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens once closed
    url_setting = next(k for k in env if k.endswith(("_URL", "_ENDPOINT")))
    env[url_setting] = env[url_setting].replace(service.server.url, closed)
    ran = run_sink(setup.main(), json.dumps(fresh_payload()), env)
    assert ran.code == ExitCode.TEMPORARY and ran.stdout == ""
    assert "cannot reach 127.0.0.1" in one_error_line(ran.stderr, setup)
    assert len(outbox.items()[0]) == 1


def test_under_dispatch_the_sink_keeps_no_outbox_entry(sink: Any) -> None:
    setup, service, env = sink
    service.server.fail_next(503, times=100)
    ran = run_sink(setup.main(), json.dumps(fresh_payload()), {**env, "PEEPSHOW_DISPATCHED": "1"})
    assert ran.code == ExitCode.TEMPORARY and outbox.items() == ([], [])


def test_dry_run_shows_the_request_masks_secrets_and_sends_nothing(sink: Any) -> None:
    setup, service, env = sink
    query_secret = "q-secret-9876543210"
    if "EVENT_TRACK_ENDPOINT" in env:  # a second secret in the URL's query string
        env["EVENT_TRACK_ENDPOINT"] += f"/x?api_key={query_secret}"
    ran = run_sink(setup.main(), json.dumps(fresh_payload()), env, ["--dry-run"])
    assert ran.code == ExitCode.OK, ran.stderr
    shown = json.loads(ran.stdout)
    assert shown["dry_run"] is True and service.server.requests == []
    assert SECRET not in ran.stdout + ran.stderr and query_secret not in ran.stdout


def test_dry_run_with_missing_settings_shows_the_request_and_names_them(sink: Any) -> None:
    setup, service, _ = sink
    ran = run_sink(setup.main(), json.dumps(fresh_payload()), {}, ["--dry-run"])
    assert ran.code == ExitCode.CONFIG, ran.stderr
    shown = json.loads(ran.stdout)  # the request, with placeholders where settings are missing
    assert shown["dry_run"] is True and set(setup.required) <= set(shown["missing_settings"])
    line = one_error_line(ran.stderr, setup)
    assert all(name in line for name in setup.required)
    assert service.server.requests == []


def test_a_password_in_the_service_url_is_never_shown(sink: Any) -> None:
    setup, service, env = sink
    url_setting = next(k for k in env if k.endswith(("_URL", "_ENDPOINT")))
    password = "url-pw-5566778899"
    env[url_setting] = env[url_setting].replace("http://", f"http://admin:{password}@")
    delivered = run_sink(setup.main(), json.dumps(fresh_payload()), env)  # the receipt
    assert password not in delivered.stdout + delivered.stderr
    service.server.fail_next(503, times=100)
    payload = fresh_payload()
    for argv in ([], ["--dry-run"]):
        ran = run_sink(setup.main(), json.dumps(payload), env, argv)
        assert password not in ran.stdout + ran.stderr
    files = [p.read_text("utf-8") for p in Path(os.environ["PEEPSHOW_STATE_DIR"]).rglob("*.json")]
    assert files and all(password not in text for text in files)


def test_a_token_with_a_line_break_is_a_config_error_that_does_not_show_it(sink: Any) -> None:
    setup, service, env = sink
    token_setting = next(k for k, v in env.items() if v == SECRET)
    env[token_setting] = "line-one-secret-4242\nline-two-secret-4242"
    ran = run_sink(setup.main(), json.dumps(fresh_payload()), env)
    assert ran.code == ExitCode.CONFIG and token_setting in one_error_line(ran.stderr, setup)
    assert "secret-4242" not in ran.stdout + ran.stderr and service.server.requests == []


def test_a_token_the_headers_cannot_carry_is_a_config_error(sink: Any) -> None:
    setup, _, env = sink
    token_setting = next(k for k, v in env.items() if v == SECRET)
    env[token_setting] = "token-\u20ac-unicode-4242"  # the euro sign is not Latin-1
    ran = run_sink(setup.main(), json.dumps(fresh_payload()), env)
    assert ran.code in (ExitCode.CONFIG, ExitCode.REJECTED), ran.stderr  # body tokens: refused
    assert "Traceback" not in ran.stderr and "unicode-4242" not in ran.stdout + ran.stderr


KNOBS = (
    [("PEEPSHOW_SINK_MAX_ATTEMPTS", value) for value in ("0", "-1", "inf", "nan", "2.5")]
    + [("PEEPSHOW_SINK_READ_TIMEOUT", value) for value in ("0", "-1", "nan")]
    + [
        ("PEEPSHOW_SINK_CONNECT_TIMEOUT", "inf"),
        ("PEEPSHOW_SINK_MAX_TIME", "inf"),
        ("PEEPSHOW_SINK_BACKOFF", "-1"),
    ]
)


@pytest.mark.parametrize(("knob", "value"), KNOBS, ids=[f"{k}={v}" for k, v in KNOBS])
def test_a_numeric_setting_that_cannot_be_used_is_a_config_error(
    sink: Any, knob: str, value: str
) -> None:
    setup, service, env = sink
    ran = run_sink(setup.main(), json.dumps(fresh_payload()), {**env, knob: value})
    assert ran.code == ExitCode.CONFIG and knob in one_error_line(ran.stderr, setup)
    assert service.server.requests == []


def test_a_dripping_server_cannot_hold_the_installed_sink(tmp_path: Path) -> None:
    """The issue's numbers: PEEPSHOW_SINK_READ_TIMEOUT=2, PEEPSHOW_SINK_MAX_TIME=5 took 40-45 s
    against a server that sends one byte a second; the budget bounds the whole delivery."""
    setup = BY_NAME["cassandra-rest"]
    with setup.start(SECRET) as service:
        service.server.inject(Mode.drip, 100, seconds=1.0)
        env = {
            **os.environ,
            **setup.env(service, SECRET),
            "PEEPSHOW_SINK_READ_TIMEOUT": "2",
            "PEEPSHOW_SINK_MAX_TIME": "5",
        }
        start = time.monotonic()
        proc = subprocess.run(
            _executable(setup),
            input=json.dumps(fresh_payload()),
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        took = time.monotonic() - start
        service.server.closing.set()
    assert proc.returncode == ExitCode.TEMPORARY, proc.stderr
    assert took < 5 + SLACK_S and "within the time budget" in proc.stderr


@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.name)
def test_help_lists_every_setting_and_names_the_docs(setup: SinkSetup) -> None:
    ran = run_sink(setup.main(), "", {}, ["--help"])
    assert ran.code == ExitCode.OK
    for name in setup.required:
        assert f"{name} " in ran.stdout and "required" in ran.stdout
    assert "PEEPSHOW_SINK_MAX_TIME" in ran.stdout and "\nDocumentation:\n" in ran.stdout
    described = json.loads(run_sink(setup.main(), "", {}, ["--describe"]).stdout)
    required = {s["name"] for s in described["settings"] if s["required"]}
    assert required == set(setup.required)
    if not setup.module.startswith("peepshow_sinks."):
        return
    docs = run_sink(setup.main(), "", {}, ["--docs"])
    page = REPO / "docs" / "sinks" / f"{setup.sink}.md"
    assert docs.code == ExitCode.OK and docs.stdout == page.read_text("utf-8")
    assert f"peepshow-sink-{setup.sink} --docs" in ran.stdout


def _executable(setup: SinkSetup) -> list[str]:
    if "/" in setup.module:
        return [sys.executable, setup.module]
    name = f"peepshow-sink-{setup.sink}"
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed"
    return [found]


@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.name)
def test_closed_stdin_is_bad_input(setup: SinkSetup) -> None:
    """`sink <&-`: one line and BAD_INPUT, not an unexpected failure. (A directory on stdin
    never reaches the sink: the Python interpreter itself refuses to start.)"""
    command = " ".join(_executable(setup)) + " <&-"
    proc = subprocess.run(
        ["/bin/sh", "-c", command], capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert proc.returncode == ExitCode.BAD_INPUT, proc.stderr
    one_error_line(proc.stderr, setup)
