"""A 2xx whose body is a whole JSON array where the service documents an object is another
service's answer, not one cut short: CONFIG (6) with the hint to check the URL, and the payload
kept in the outbox (docs/PLUGINS.md, "what counts as a success"). Before, any body starting with
`[` that was not an object was reported "cut short" (TEMPORARY, 8), as if retrying could help."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra

TOKEN = "AstraCS:test-token-5678"


@pytest.mark.parametrize(
    ("api", "status", "body"),
    [("rest", 201, []), ("data", 200, [{"status": {"insertedIds": []}}]), ("rest", 201, [1])],
)
def test_a_whole_array_is_a_config_error_and_kept(
    server: ScriptedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    api: str,
    status: int,
    body: list[object],
) -> None:
    monkeypatch.setenv("PEEPSHOW_STATE_DIR", str(tmp_path))
    server.replies = [Reply(status, body)]
    code, out, err = run_cassandra(
        server, load_run("full"), CASSANDRA_API=api, CASSANDRA_TOKEN=TOKEN
    )
    assert code == ExitCode.CONFIG, err
    last = err.strip().splitlines()[-1]
    assert out == "" and "cut short" not in last and "CASSANDRA_URL" in last
    assert "kept in the outbox" in last and len(list((tmp_path / "outbox").glob("*.json"))) == 1
