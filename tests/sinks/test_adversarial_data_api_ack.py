"""The Cassandra Data API counts a write as delivered only when its answer names this run in
`status.insertedIds` (docs/sinks/cassandra.md, "Success"): an empty `errors` list or an
`insertedIds` that names nothing (or another row) is no acknowledgement."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra

TOKEN = "AstraCS:adv-sekrit-4411"


def deliver(server: ScriptedServer, body: Any) -> tuple[int, str, str, str]:
    server.replies = [Reply(200, body)]
    payload = load_run("full")
    code, out, err = run_cassandra(
        server,
        payload,
        CASSANDRA_API="data",
        CASSANDRA_TOKEN=TOKEN,
        PEEPSHOW_DISPATCHED="1",
        PEEPSHOW_SINK_MAX_TIME="5",
    )
    return code, out, err, payload["run_id"]


@pytest.mark.parametrize(
    "body",
    [
        {"errors": []},
        {"status": {"insertedIds": []}},
        {"status": {"insertedIds": None}},
        {"status": {"insertedIds": [["00000000-0000-0000-0000-000000000000"]]}},
    ],
)
def test_an_answer_that_does_not_name_the_run_is_not_a_delivery(
    server: ScriptedServer, body: Any
) -> None:
    code, out, err, _ = deliver(server, body)
    assert code == 6 and out == "", (code, out, err)
    assert "not its success answer" in err and TOKEN not in err


def test_the_documented_answer_is_a_delivery(server: ScriptedServer) -> None:
    run_id = load_run("full")["run_id"]
    body = {
        "status": {
            "primaryKeySchema": {"run_id": {"type": "uuid"}},
            "insertedIds": [[run_id.upper()]],
        }
    }
    code, out, err, _ = deliver(server, body)
    assert code == 0, err
    assert json.loads(out)["run_id"] == run_id
