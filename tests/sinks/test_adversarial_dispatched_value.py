"""An invalid PEEPSHOW_DISPATCHED (a sink run by hand with a stray value in its environment)
is a clear CONFIG (6) error naming the variable, and the payload is kept in the outbox: it
decides who keeps a failed delivery, so when in doubt the sink keeps it. Before, the value was
read only once the delivery had failed: its error replaced the delivery's (a 503 became
"PEEPSHOW_DISPATCHED='banana' is not a yes/no value", exit 6) and the payload was not kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra

UNAVAILABLE = 503
BAD_VALUE = "banana"


def kept(state_dir: Path) -> list[Path]:
    return list((state_dir / "outbox").glob("*.json"))


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PEEPSHOW_STATE_DIR", str(tmp_path))  # the outbox's folder
    return tmp_path


def test_a_bad_value_is_a_clear_error_and_the_payload_is_kept(
    server: ScriptedServer, state_dir: Path
) -> None:
    server.replies = [Reply(UNAVAILABLE, {"message": "down"})]
    code, out, err = run_cassandra(
        server, load_run("full"), PEEPSHOW_DISPATCHED=BAD_VALUE, PEEPSHOW_SINK_MAX_ATTEMPTS="1"
    )
    assert code == ExitCode.CONFIG, err
    assert out == "" and "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert "PEEPSHOW_DISPATCHED" in last and "kept in the outbox" in last
    assert len(kept(state_dir)) == 1


def test_a_bad_value_sends_nothing(server: ScriptedServer, state_dir: Path) -> None:
    """The value is checked before the delivery, so what the sink would do with a failure is
    known before anything is sent."""
    run_id = load_run("full")["run_id"]
    server.replies = [Reply(201, {"run_id": run_id})]
    code, _, err = run_cassandra(server, load_run("full"), PEEPSHOW_DISPATCHED=BAD_VALUE)
    assert code == ExitCode.CONFIG, err
    assert server.seen == [] and len(kept(state_dir)) == 1


def test_a_good_value_still_leaves_keeping_to_peepshow(
    server: ScriptedServer, state_dir: Path
) -> None:
    server.replies = [Reply(UNAVAILABLE, {"message": "down"})]
    code, _, err = run_cassandra(
        server, load_run("full"), PEEPSHOW_DISPATCHED="1", PEEPSHOW_SINK_MAX_ATTEMPTS="1"
    )
    assert code == ExitCode.TEMPORARY, err
    assert kept(state_dir) == []
