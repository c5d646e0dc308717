"""A CASSANDRA_URL with a query string (a gateway that takes a key or a route there:
`https://host/api/rest?x=1`) keeps it on every request, after the path the sink adds; one with
a fragment (`#…`, which no HTTP request carries) is CONFIG (6). Before, the paths were appended
to the end of the URL, into the query: the row went to `/api/rest` with the query
`x=1/v2/keyspaces/ks/peepshow_runs` (Stargate's answer to its root then read as a refusal or
a wrong URL), and with a fragment to `/api/rest` itself."""

from __future__ import annotations

import io
import json

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_sinks import cassandra
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra

QUERY = "route=eu&x=1"


def test_the_query_is_kept_after_the_rest_path(server: ScriptedServer) -> None:
    payload = load_run("full")
    server.replies = [Reply(201, {"run_id": payload["run_id"]})]
    code, out, err = run_cassandra(server, payload, CASSANDRA_URL=f"{server.url}/api/rest?{QUERY}")
    assert code == ExitCode.OK, err
    request = server.seen[-1]
    assert request.path == "/api/rest/v2/keyspaces/ks/peepshow_runs" and request.query == QUERY
    assert json.loads(out)["url"].endswith(f"/peepshow_runs/{payload['run_id']}?{QUERY}")


def test_the_query_is_kept_after_the_data_api_path(server: ScriptedServer) -> None:
    payload = load_run("full")
    server.replies = [Reply(200, {"status": {"insertedIds": [[payload["run_id"]]]}})]
    code, _, err = run_cassandra(
        server,
        payload,
        CASSANDRA_URL=f"{server.url}/?{QUERY}",
        CASSANDRA_API="data",
        CASSANDRA_TOKEN="AstraCS:test-token-1234",
    )
    assert code == ExitCode.OK, err
    request = server.seen[-1]
    assert request.path == "/v1/ks/peepshow_runs" and request.query == QUERY


def test_the_check_keeps_it_too(server: ScriptedServer) -> None:
    server.replies = [Reply(404, {"description": "not found"})]
    env = {"CASSANDRA_URL": f"{server.url}/api/rest?{QUERY}", "CASSANDRA_KEYSPACE": "ks"}
    cassandra.main(["--check"], io.StringIO(""), io.StringIO(), io.StringIO(), env)
    request = server.seen[-1]
    assert request.path == "/api/rest/v2/schemas/keyspaces/ks/tables/peepshow_runs"
    assert request.query == QUERY


@pytest.mark.parametrize("tail", ["#section", "?x=1#section"])
def test_a_fragment_is_a_config_error(server: ScriptedServer, tail: str) -> None:
    code, out, err = run_cassandra(server, load_run("full"), CASSANDRA_URL=f"{server.url}{tail}")
    assert code == ExitCode.CONFIG and out == ""
    assert "CASSANDRA_URL" in err.strip().splitlines()[-1] and "#" in err
    assert server.seen == []
