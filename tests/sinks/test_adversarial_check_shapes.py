"""`--check` against a service whose 200 is not in the documented shape (a listed table
without `definition.columns`, a Stargate schema whose columns lack a type, a COUNT(*) result
that is no table of rows) says so with a documented exit code: 6 for Cassandra (not the
service's success answer), 7 for Databricks (no count came back). Before, each of these died
with exit 1, "unexpected failure (KeyError / TypeError / AttributeError)", a bug's code."""

from __future__ import annotations

import io
from typing import Any

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_sinks import cassandra, databricks
from tests.support.scripted import Reply, ScriptedServer

TOKEN = "AstraCS:adv-check-sekrit-4411"
TABLE = "peepshow_runs"


def check(main: Any, server: ScriptedServer, body: Any, env: dict[str, str]) -> tuple[int, str]:
    server.replies = [Reply(200, body)]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--check"], io.StringIO(""), out, err, env)
    assert out.getvalue() == "" and TOKEN not in err.getvalue()
    return code, err.getvalue()


@pytest.mark.parametrize(
    ("api", "body"),
    [
        ("data", {"status": {"tables": [{"name": TABLE}]}}),
        ("data", {"status": {"tables": [{"name": TABLE, "definition": {"columns": []}}]}}),
        ("data", {"status": {"tables": [{"name": TABLE, "definition": {"columns": {"a": "x"}}}]}}),
        ("rest", {"data": {"columnDefinitions": [{"name": "run_id"}]}}),
        ("rest", {"data": {"columnDefinitions": "run_id uuid"}}),
        ("rest", {"data": {"columnDefinitions": None}}),
    ],
)
def test_a_cassandra_schema_of_another_shape_is_a_config_error(
    server: ScriptedServer, api: str, body: Any
) -> None:
    env = {
        "CASSANDRA_URL": server.url,
        "CASSANDRA_KEYSPACE": "ks",
        "CASSANDRA_TOKEN": TOKEN,
        "CASSANDRA_API": api,
    }
    code, err = check(cassandra.main, server, body, env)
    assert code == ExitCode.CONFIG, err
    assert "unexpected failure" not in err


def test_a_data_api_list_of_bare_names_does_not_list_the_table(server: ScriptedServer) -> None:
    env = {"CASSANDRA_URL": server.url, "CASSANDRA_KEYSPACE": "ks", "CASSANDRA_TOKEN": TOKEN}
    env["CASSANDRA_API"] = "data"
    code, err = check(cassandra.main, server, {"status": {"tables": [TABLE]}}, env)
    assert code == ExitCode.CONFIG and f"no table '{TABLE}'" in err, err


@pytest.mark.parametrize("result", [{"data_array": [5]}, [1], {"data_array": "5"}])
def test_a_databricks_count_of_another_shape_is_no_count(
    server: ScriptedServer, result: Any
) -> None:
    answer = {"statement_id": "s1", "status": {"state": "SUCCEEDED"}, "result": result}
    env = {"DATABRICKS_URL": server.url, "DATABRICKS_TOKEN": TOKEN, "DATABRICKS_WAREHOUSE_ID": "w"}
    code, err = check(databricks.main, server, answer, env)
    assert code == ExitCode.REJECTED and "which is no count" in err, err
