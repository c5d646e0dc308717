"""HTTP 408 Request Timeout (a proxy or load balancer that gave up waiting for the request) is
transient: it is retried, and when it persists the delivery is TEMPORARY (8) and kept in the
outbox. It was taken for a refusal (7) and the payload dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra

REQUEST_TIMEOUT = 408


def deliver(server: ScriptedServer) -> tuple[int, str, str]:
    return run_cassandra(server, load_run("full"), PEEPSHOW_SINK_MAX_ATTEMPTS="3")


def test_a_408_is_retried(server: ScriptedServer) -> None:
    run_id = load_run("full")["run_id"]
    server.replies = [
        Reply(REQUEST_TIMEOUT, {"message": "timeout"}),
        Reply(201, {"run_id": run_id}),
    ]
    code, out, err = deliver(server)
    assert code == ExitCode.OK, err
    assert json.loads(out)["run_id"] == run_id and len(server.seen) == 2


def test_a_persistent_408_is_kept(
    server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEEPSHOW_STATE_DIR", str(tmp_path))  # the outbox's folder
    server.replies = [Reply(REQUEST_TIMEOUT, {"message": "timeout"})]
    code, out, err = deliver(server)
    assert code == ExitCode.TEMPORARY, err
    assert out == "" and "kept in the outbox" in err
    assert len(list((tmp_path / "outbox").glob("*.json"))) == 1
