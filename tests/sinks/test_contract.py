"""The sink contract (docs/PLUGINS.md), checked on every sink in tests/sink_contract_cases.py.

Each sink runs in-process through its `main(argv, stdin, stdout, stderr, environ)`; HTTP is
answered by `responses` (the per-sink tests use real local emulators)."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import responses

from peepshow_core.contract import outbox
from peepshow_core.contract.errors import ExitCode
from tests.support.contract_cases import CASES, ContractCase
from tests.support.paths import FIXTURES

FULL = (FIXTURES / "runs" / "full.json").read_text("utf-8")
MINIMAL = (FIXTURES / "runs" / "minimal.json").read_text("utf-8")
FUTURE = (FIXTURES / "runs" / "future-major.json").read_text("utf-8")
FAST = {"PEEPSHOW_SINK_BACKOFF": "0", "PEEPSHOW_SINK_MAX_ATTEMPTS": "2"}


def load_main(case: ContractCase) -> Callable[..., int]:
    try:
        if "/" in case.module:
            loader = importlib.machinery.SourceFileLoader(
                Path(case.module).name.replace("-", "_"), case.module
            )
            spec = importlib.util.spec_from_loader(loader.name, loader)
            assert spec is not None
            module = importlib.util.module_from_spec(spec)
            loader.exec_module(module)
        else:
            module = importlib.import_module(case.module)
    except (ImportError, FileNotFoundError) as exc:  # a sink listed in CASES must exist
        pytest.fail(f"{case.module} cannot be loaded ({exc})")
    main: Callable[..., int] = module.main
    return main


class Ran:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr


@pytest.fixture(params=sorted(CASES))
def sink(request: pytest.FixtureRequest) -> tuple[str, ContractCase, Callable[..., Ran], list[Ran]]:
    case = CASES[request.param]
    main = load_main(case)
    runs: list[Ran] = []

    def run(
        stdin: str,
        environ: dict[str, str] | None = None,
        argv: list[str] | None = None,
        outcome: str | None = None,
    ) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        env = {**FAST, **case.env, **case.extra_env} if environ is None else environ
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            if outcome is not None:
                case.fake(rsps, outcome)
            code = main(
                argv=argv or [], stdin=io.StringIO(stdin), stdout=out, stderr=err, environ=dict(env)
            )
        ran = Ran(int(code), out.getvalue(), err.getvalue())
        runs.append(ran)
        return ran

    yield request.param, case, run, runs
    for ran in runs:  # whatever happened, no secret was ever printed
        for secret in case.secrets:
            assert secret not in ran.stdout + ran.stderr


Sink = tuple[str, ContractCase, Callable[..., Ran], list[Ran]]


def one_error_line(ran: Ran) -> str:
    lines = ran.stderr.strip().splitlines()
    assert lines, "a failure must say why on stderr"
    assert "Traceback" not in ran.stderr
    return lines[-1]


def test_bad_json_is_bad_input(sink: Sink) -> None:
    _, _, run, _ = sink
    for garbage in ("{not json", "", "[1, 2]", '{"schema": "something.else/1"}'):
        ran = run(garbage, outcome="ok")
        assert ran.code == ExitCode.BAD_INPUT and ran.stdout == ""
        assert ": error: " in one_error_line(ran)


def test_future_major_schema_is_refused(sink: Sink) -> None:
    _, _, run, _ = sink
    ran = run(FUTURE, outcome="ok")
    assert ran.code == ExitCode.UNSUPPORTED_SCHEMA and ran.stdout == ""
    assert "peepshow.run/2" in one_error_line(ran)


def test_missing_configuration_names_the_variables(sink: Sink) -> None:
    _, case, run, _ = sink
    ran = run(FULL, environ={})
    assert ran.code == ExitCode.CONFIG and ran.stdout == ""
    line = one_error_line(ran)
    for name in case.required:
        assert name in line


@pytest.mark.parametrize("payload", [FULL, MINIMAL], ids=["full", "minimal"])
def test_success_prints_exactly_one_receipt(sink: Sink, payload: str) -> None:
    name, _, run, _ = sink
    ran = run(payload, outcome="ok")
    assert ran.code == ExitCode.OK, ran.stderr
    (line,) = ran.stdout.splitlines()
    receipt: dict[str, Any] = json.loads(line)
    assert receipt["run_id"] == json.loads(payload)["run_id"]
    assert receipt["sink"] in (name, name.removeprefix("example-"))
    assert outbox.items() == ([], [])


def test_rejection_is_rejected_and_prints_no_receipt(sink: Sink) -> None:
    _, _, run, _ = sink
    ran = run(FULL, outcome="rejected")
    assert ran.code == ExitCode.REJECTED and ran.stdout == ""
    one_error_line(ran)
    assert outbox.items() == ([], [])  # retrying would not help: nothing is kept


def test_unavailable_service_is_temporary_and_kept(sink: Sink) -> None:
    _, case, run, _ = sink
    ran = run(FULL, outcome="unavailable")
    assert ran.code == ExitCode.TEMPORARY and ran.stdout == ""
    assert "outbox" in one_error_line(ran)
    (item,) = outbox.items()[0]
    assert item.payload == json.loads(FULL)
    for secret in case.secrets:
        assert secret not in item.path.read_text("utf-8")


def test_under_dispatch_the_sink_keeps_no_outbox_entry(sink: Sink) -> None:
    _, case, run, _ = sink
    env = {**FAST, **case.env, **case.extra_env, "PEEPSHOW_DISPATCHED": "1"}
    ran = run(FULL, environ=env, outcome="unavailable")
    assert ran.code == ExitCode.TEMPORARY and outbox.items() == ([], [])


def test_dry_run_sends_nothing_and_masks_secrets(sink: Sink) -> None:
    _, _, run, _ = sink
    ran = run(FULL, argv=["--dry-run"])  # no fake answers: a real request would fail the run
    assert ran.code == ExitCode.OK, ran.stderr
    assert ran.stdout.strip()  # it shows what it would send
