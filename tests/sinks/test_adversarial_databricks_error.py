"""A Databricks statement answered FAILED whose `status.error` is not the documented object
(a bare string, a list) is a refusal with that text (exit 7), as any FAILED statement with an
error code the sink does not know; before, the sink died with exit 1 ("unexpected failure
(AttributeError ...); rerun with --debug"), a bug's exit code, with no word of what Databricks
said."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_sinks import databricks
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer

TOKEN = "dapi-adv-sekrit-4411"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


@pytest.mark.parametrize(
    ("error", "shown"),
    [("the warehouse said no", "UNKNOWN: the warehouse said no"), (["no", 1], "UNKNOWN: ['no'")],
)
def test_a_failed_statement_with_an_error_of_another_shape_is_a_refusal(
    server: ScriptedServer, error: Any, shown: str
) -> None:
    failed = {"statement_id": "s1", "status": {"state": "FAILED", "error": error}}
    server.replies = [Reply(200, failed)]
    env = {
        "DATABRICKS_URL": server.url,
        "DATABRICKS_TOKEN": TOKEN,
        "DATABRICKS_WAREHOUSE_ID": "wh",
        "PEEPSHOW_SINK_BACKOFF": "0.01",
    }
    out, err = io.StringIO(), io.StringIO()
    code = databricks.main([], io.StringIO(json.dumps(load_run("full"))), out, err, env)
    assert code == ExitCode.REJECTED and out.getvalue() == "", (code, err.getvalue())
    assert f"statement s1 FAILED: {shown}" in err.getvalue(), err.getvalue()
