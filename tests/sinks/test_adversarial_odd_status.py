"""A final answer that is neither a success (2xx) nor a refusal (4xx) nor a server failure
(5xx) — an informational 1xx given as the answer, a 3xx that is no redirect peepshow follows
(300, 304, a 302 without a Location) — says nothing about the write: it is CONFIG (6), the
payload kept in the outbox, with a hint to check the URL. Before, every status outside 2xx,
408, 429 and 5xx was taken for a refusal (REJECTED, 7) and the payload dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra


@pytest.mark.parametrize("status", [300, 302, 304, 399])
def test_an_answer_that_is_no_refusal_is_kept(
    server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    monkeypatch.setenv("PEEPSHOW_STATE_DIR", str(tmp_path))
    server.replies = [Reply(status)]  # no Location
    code, out, err = run_cassandra(server, load_run("full"))
    assert code == ExitCode.CONFIG, err
    last = err.strip().splitlines()[-1]
    assert out == "" and f"HTTP {status}" in last and "kept in the outbox" in last
    assert len(list((tmp_path / "outbox").glob("*.json"))) == 1


def test_a_4xx_is_still_a_refusal(server: ScriptedServer) -> None:
    server.replies = [Reply(422, {"description": "bad row"})]
    code, _, err = run_cassandra(server, load_run("full"))
    assert code == ExitCode.REJECTED, err
