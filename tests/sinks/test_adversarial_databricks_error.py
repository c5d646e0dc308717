"""A Databricks statement answered FAILED whose `status.error` is not the documented object
(a bare string, a list) is a refusal with that text (exit 7), as any FAILED statement with an
error code the sink does not know; before, the sink died with exit 1 ("unexpected failure
(AttributeError ...); rerun with --debug"), a bug's exit code, with no word of what Databricks
said. A statement accepted and then lost while followed (404), or accepted under no
statement_id, is kept for a retry (exit 8): its fate is unknown, and the MERGE is safe to
repeat (it was a refusal, exit 7, the payload dropped)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_sinks import databricks
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer

TOKEN = "dapi-adv-sekrit-4411"


@pytest.mark.parametrize(
    ("error", "shown"),
    [("the warehouse said no", "UNKNOWN: the warehouse said no"), (["no", 1], "UNKNOWN: ['no'")],
)
def test_a_failed_statement_with_an_error_of_another_shape_is_a_refusal(
    server: ScriptedServer, error: Any, shown: str
) -> None:
    failed = {"statement_id": "s1", "status": {"state": "FAILED", "error": error}}
    server.replies = [Reply(200, failed)]
    code, out, err = _deliver(server)
    assert code == ExitCode.REJECTED and out == "", (code, err)
    assert f"statement s1 FAILED: {shown}" in err, err


@pytest.mark.parametrize(
    ("accepted", "followed", "said"),
    [
        ({"statement_id": "s1"}, Reply(404, {"message": "no such statement"}), "following s"),
        ({}, Reply(200, {}), "under no statement_id"),
    ],
    ids=["lost-while-followed", "no-statement-id"],
)
def test_a_statement_whose_fate_is_unknown_is_kept_for_a_retry(
    server: ScriptedServer, accepted: dict[str, Any], followed: Reply, said: str
) -> None:
    pending = {**accepted, "status": {"state": "PENDING"}}
    server.replies = [Reply(200, pending), followed]
    code, out, err = _deliver(server)
    assert code == ExitCode.TEMPORARY and out == "", (code, err)
    assert said in err and "kept for a retry" in err and TOKEN not in err, err


@pytest.mark.parametrize(
    "sid",
    [None, "", 123, "   ", "s1\nx", "MISSING"],
    ids=["null", "empty", "number", "blank", "control", "missing"],
)
def test_a_succeeded_answer_naming_no_statement_is_no_receipt(
    server: ScriptedServer, sid: Any
) -> None:
    """A 200 SUCCEEDED that names no statement (no id, null, "", a number) acknowledges no
    write of ours: kept for a retry (8), no receipt; before, a receipt with
    `"statement_id": null` and exit 0, the delivery forgotten."""
    answer: dict[str, Any] = {"status": {"state": "SUCCEEDED"}}
    if sid != "MISSING":
        answer["statement_id"] = sid
    server.replies = [Reply(200, answer)]
    code, out, err = _deliver(server)
    assert code == ExitCode.TEMPORARY and out == "", (code, out, err)
    assert "no statement_id" in err and "kept for a retry" in err, err


@pytest.mark.parametrize(
    "followed",
    [
        {"statement_id": "OTHER", "status": {"state": "SUCCEEDED"}},
        {"status": {"state": "SUCCEEDED"}},
    ],
    ids=["another-statement", "no-statement"],
)
def test_a_followed_statement_must_come_back_under_its_own_id(
    server: ScriptedServer, followed: dict[str, Any]
) -> None:
    """Following statement s1, an answer about another statement (or none) says nothing of s1:
    kept for a retry (8); before, it was taken as s1's success."""
    server.replies = [
        Reply(200, {"statement_id": "s1", "status": {"state": "PENDING"}}),
        Reply(200, followed),
    ]
    code, out, err = _deliver(server)
    assert code == ExitCode.TEMPORARY and out == "", (code, out, err)
    assert "following statement s1" in err and "kept for a retry" in err, err
    assert [r.path for r in server.seen][1].endswith("/statements/s1")


def test_a_statement_followed_under_its_own_id_is_delivered(server: ScriptedServer) -> None:
    server.replies = [
        Reply(200, {"statement_id": "s/1", "status": {"state": "PENDING"}}),
        Reply(200, {"statement_id": "s/1", "status": {"state": "SUCCEEDED"}}),
    ]
    code, out, err = _deliver(server)
    assert code == ExitCode.OK and json.loads(out)["statement_id"] == "s/1", (code, err)
    assert server.seen[1].path.endswith("/statements/s%2F1")  # the id is one path segment


def _deliver(server: ScriptedServer) -> tuple[int, str, str]:
    env = {
        "DATABRICKS_URL": server.url,
        "DATABRICKS_TOKEN": TOKEN,
        "DATABRICKS_WAREHOUSE_ID": "wh",
        "PEEPSHOW_SINK_BACKOFF": "0.01",
    }
    out, err = io.StringIO(), io.StringIO()
    code = databricks.main([], io.StringIO(json.dumps(load_run("full"))), out, err, env)
    return code, out.getvalue(), err.getvalue()
