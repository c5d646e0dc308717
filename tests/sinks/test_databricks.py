"""peepshow-sink-databricks against the Statement Execution API emulator (real HTTP, DuckDB engine).

Most tests run the INSTALLED executable; the fault-injection ones call `main()` in-process."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from peepshow_core.contract.errors import ExitCode
from peepshow_sinks.databricks import CREATE_TABLE, MERGE, main
from tests.emulators.databricks import API, Emulator
from tests.support.paths import REPO, load_run

TABLE_SQL = "`main`.`default`.`peepshow_runs`"
ROWS = (
    "SELECT run_id, title, frames, duration, transcript, thumbnail_url, strategy, tags, "
    "transcript_reliable, created_at AT TIME ZONE 'UTC' AS created_at, typeof(frames) AS t_frames, "
    "typeof(duration) AS t_duration, typeof(tags) AS t_tags, typeof(created_at) AS t_created "
    'FROM uc_main."default".peepshow_runs ORDER BY run_id'
)


class Ran:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def receipt(self) -> dict[str, Any]:
        (line,) = self.stdout.splitlines()
        data: dict[str, Any] = json.loads(line)
        return data

    def error(self) -> str:
        lines = self.stderr.strip().splitlines()
        assert lines and "Traceback" not in self.stderr
        assert lines[-1].startswith("peepshow-sink-databricks: error: ")
        return lines[-1]


def config(emu: Emulator, **extra: str) -> dict[str, str]:
    return {
        "DATABRICKS_URL": emu.url,
        "DATABRICKS_TOKEN": emu.token,
        "DATABRICKS_WAREHOUSE_ID": emu.warehouse_id,
        "PEEPSHOW_SINK_BACKOFF": "0.01",
        "PEEPSHOW_SINK_MAX_TIME": "5",
        **extra,
    }


def sink_exe() -> str:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("peepshow-sink-databricks", path=path)
    assert found, "peepshow-sink-databricks is not installed in this environment"
    return found


def run_exe(emu: Emulator, payload: dict[str, Any] | None, *args: str, **extra: str) -> Ran:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABRICKS_")}
    proc = subprocess.run(
        [sink_exe(), *args],
        input="" if payload is None else json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, **config(emu, **extra)},
    )
    assert emu.token not in proc.stdout + proc.stderr
    return Ran(proc.returncode, proc.stdout, proc.stderr)


def run_main(emu: Emulator, payload: dict[str, Any] | None, *args: str, **extra: str) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("" if payload is None else json.dumps(payload))
    code = main(list(args), stdin, out, err, config(emu, **extra))
    assert emu.token not in out.getvalue() + err.getvalue()
    return Ran(int(code), out.getvalue(), err.getvalue())


def kinds(emu: Emulator) -> list[str]:
    return [sql.split()[0] for sql in emu.submitted()]


def posts(emu: Emulator) -> list[dict[str, Any]]:
    return [r for r in emu.requests if r.method == "POST" and r.path == API]


def test_first_delivery_creates_the_table_and_one_typed_row(databricks: Emulator) -> None:
    ran = run_exe(databricks, load_run("full"))
    assert ran.code == ExitCode.OK, ran.stderr
    receipt = ran.receipt()
    merge_id = [s.id for s in databricks.statements.values() if s.sql.startswith("MERGE")][-1]
    assert receipt == {
        "sink": "databricks",
        "run_id": "3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f809a1b",
        "statement_id": merge_id,
        "table": "main.default.peepshow_runs",
        "created_table": True,
        "url": f"{databricks.url}/explore/data/main/default/peepshow_runs",
    }
    assert kinds(databricks) == ["MERGE", "CREATE", "MERGE"]  # write first, DDL only when missing
    assert "does not exist yet; creating it" in ran.stderr
    body = posts(databricks)[0].json()
    assert (body["wait_timeout"], body["on_wait_timeout"]) == ("30s", "CONTINUE")
    assert body["warehouse_id"] == databricks.warehouse_id
    (row,) = databricks.fetch(ROWS)
    assert row == {
        "run_id": "3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f809a1b",
        "title": "Quarterly review — Ünïcode 'talk'",
        "frames": 3,
        "duration": 18.0,
        "strategy": "slides",
        "tags": ["demo", "q4"],
        "transcript": load_run("full")["transcript"]["text"],
        "thumbnail_url": "https://cdn.example.com/run/frame-0001-00m00.00s.jpg",
        "transcript_reliable": True,
        "created_at": datetime(2026, 11, 21, 6, 30, 12, 345000),
        "t_frames": "INTEGER",
        "t_duration": "DOUBLE",
        "t_tags": "VARCHAR[]",
        "t_created": "TIMESTAMP WITH TIME ZONE",
    }


def test_redelivery_updates_the_same_row_without_ddl(databricks: Emulator) -> None:
    payload = load_run("full")
    assert run_exe(databricks, payload).code == ExitCode.OK
    before = len(databricks.submitted())
    payload["title"], payload["tags"] = "Renamed", ["again"]
    ran = run_exe(databricks, payload)
    assert ran.code == ExitCode.OK, ran.stderr
    assert ran.receipt()["created_table"] is False
    assert kinds(databricks)[before:] == ["MERGE"]
    (row,) = databricks.fetch(ROWS)
    assert (row["title"], row["tags"]) == ("Renamed", ["again"])
    payload["transcript"]["reliable"] = False  # a flag that turns false is written as false
    assert run_exe(databricks, payload).code == ExitCode.OK
    (row,) = databricks.fetch(ROWS)
    assert row["transcript_reliable"] is False


def test_hostile_text_is_stored_verbatim_and_never_spliced(databricks: Emulator) -> None:
    payload = load_run("minimal")
    title = 'Robert\'); DROP TABLE x;-- `tick` "dq" :run_id $1 \\ ünï 日本 🎬\nline2'
    tags = ["a,b", 'q"uote', "]", "back`tick", "'; DELETE FROM t; --", "\\n"]
    payload.update(title=title, tags=tags)
    databricks.fetch('CREATE TABLE uc_main."default".x (a INT)')  # what a splice would drop
    ran = run_main(databricks, payload)
    assert ran.code == ExitCode.OK, ran.stderr
    (row,) = databricks.fetch(ROWS)
    assert (row["title"], row["tags"]) == (title, tags)
    assert all("Robert" not in sql and "DELETE" not in sql for sql in databricks.submitted())
    assert databricks.fetch("SELECT count(*) AS n FROM duckdb_tables()") == [{"n": 2}]


def test_missing_values_become_nulls_and_frame_base_url_fills_the_thumbnail(
    databricks: Emulator,
) -> None:
    payload = load_run("minimal")  # no transcript, no thumbnail, no tags
    assert run_main(databricks, payload).code == ExitCode.OK
    (row,) = databricks.fetch(ROWS)
    assert (row["transcript"], row["thumbnail_url"], row["tags"]) == (None, None, [])
    assert row["transcript_reliable"] is None
    based = run_main(databricks, payload, PEEPSHOW_FRAME_BASE_URL="https://cdn.test/f/")
    assert based.code == ExitCode.OK
    (row,) = databricks.fetch(ROWS)
    assert row["thumbnail_url"] == "https://cdn.test/f/frame-0001-00m00.00s.jpg"


def test_redelivery_without_a_frame_base_url_keeps_what_the_row_holds(
    databricks: Emulator,
) -> None:
    """As in Cassandra (a column left out keeps its value), a NULL never blanks a column."""
    payload = load_run("minimal")
    based = run_main(databricks, payload, PEEPSHOW_FRAME_BASE_URL="https://cdn.test/f/")
    assert based.code == ExitCode.OK, based.stderr
    again = run_main(databricks, {**payload, "title": "renamed"})  # no PEEPSHOW_FRAME_BASE_URL
    assert again.code == ExitCode.OK, again.stderr
    (row,) = databricks.fetch(ROWS)
    assert row["thumbnail_url"] == "https://cdn.test/f/frame-0001-00m00.00s.jpg"
    assert row["title"] == "renamed"  # a value that is there still replaces the old one


def test_pending_statement_is_polled_until_it_succeeds(databricks: Emulator) -> None:
    payload = load_run("full")
    assert run_main(databricks, payload).code == ExitCode.OK
    databricks.behave("MERGE", polls=2)
    payload["title"] = "after a cold start"
    start = len(databricks.requests)
    ran = run_main(databricks, payload)
    assert ran.code == ExitCode.OK, ran.stderr
    sid = ran.receipt()["statement_id"]
    assert [(r.method, r.path) for r in databricks.requests[start:]] == [
        ("POST", API),
        *[("GET", f"{API}/{sid}")] * 2,
    ]
    assert databricks.fetch(ROWS)[0]["title"] == "after a cold start"


def test_failed_statement_is_surfaced_with_its_error(databricks: Emulator) -> None:
    ran = run_exe(databricks, load_run("full"), DATABRICKS_SCHEMA="no_such_schema")
    assert ran.code == ExitCode.REJECTED and ran.stdout == ""
    line = ran.error()
    assert "FAILED: BAD_REQUEST: [SCHEMA_NOT_FOUND]" in line and "no_such_schema" in line
    assert kinds(databricks) == ["MERGE", "CREATE"]


@pytest.mark.parametrize(
    ("outcome", "code", "fragment"),
    [
        ("error:TEMPORARILY_UNAVAILABLE", ExitCode.TEMPORARY, "FAILED: TEMPORARILY_UNAVAILABLE"),
        ("error:INVALID_STATE", ExitCode.REJECTED, "FAILED: INVALID_STATE"),
        (
            "error:BAD_REQUEST:[DELTA_CONCURRENT_APPEND] Files were added by a concurrent update.",
            ExitCode.TEMPORARY,
            "FAILED: BAD_REQUEST: [DELTA_CONCURRENT_APPEND]",
        ),
        ("cancel", ExitCode.TEMPORARY, "was CANCELED"),
        ("close", ExitCode.OK, ""),
    ],
)
def test_terminal_states(databricks: Emulator, outcome: str, code: int, fragment: str) -> None:
    databricks.behave("MERGE", polls=1, outcome=outcome)
    ran = run_main(databricks, load_run("full"), PEEPSHOW_DISPATCHED="1")
    assert ran.code == code, ran.stderr
    if fragment:
        assert fragment in ran.error() and ran.stdout == ""


def test_a_statement_that_never_finishes_is_cancelled(databricks: Emulator) -> None:
    databricks.behave("MERGE", outcome="hang")
    ran = run_main(
        databricks, load_run("full"), DATABRICKS_STATEMENT_TIMEOUT="1", PEEPSHOW_DISPATCHED="1"
    )
    assert ran.code == ExitCode.TEMPORARY and ran.stdout == ""
    (statement,) = databricks.statements.values()
    assert "still RUNNING after 1s" in ran.error() and statement.id in ran.error()
    assert posts(databricks)[0].json()["wait_timeout"] == "0s"  # a budget under 5 s: async
    assert databricks.requests[-1].path == f"{API}/{statement.id}/cancel"
    assert statement.state == "CANCELED"


def test_bad_token_is_rejected_with_advice(databricks: Emulator) -> None:
    ran = run_exe(databricks, load_run("full"), DATABRICKS_TOKEN="dapi-not-the-right-one")
    assert ran.code == ExitCode.REJECTED
    line = ran.error()
    assert "HTTP 403" in line and "Invalid access token" in line and "DATABRICKS_TOKEN" in line
    assert "dapi-not-the-right-one" not in ran.stderr


@pytest.mark.parametrize(
    ("status", "body", "content_type", "code", "fragments"),
    [
        (
            401,
            '{"error_code": "UNAUTHENTICATED", "message": "Token expired"}',
            "application/json",
            ExitCode.REJECTED,
            ["HTTP 401 (UNAUTHENTICATED: Token expired)", "personal access token"],
        ),
        (
            400,
            '{"error_code": "INVALID_PARAMETER_VALUE", "message": "bad wait"}',
            "application/json",
            ExitCode.REJECTED,
            ["HTTP 400 (INVALID_PARAMETER_VALUE: bad wait)"],
        ),
        (
            400,
            "INVALID_PARAMETER_VALUE: warehouse is stopped",
            "text/plain",
            ExitCode.REJECTED,
            ["INVALID_PARAMETER_VALUE: warehouse is stopped"],
        ),
        (
            500,
            "<html><head><title>500 Internal Server Error</title></head><body>x</body></html>",
            "text/html",
            ExitCode.TEMPORARY,
            ["HTTP 500 (HTML page: 500 Internal Server Error)"],
        ),
        (404, "", "text/plain", ExitCode.REJECTED, ["(empty body)", "DATABRICKS_URL"]),
    ],
)
def test_error_bodies_give_useful_messages(
    databricks: Emulator,
    status: int,
    body: str,
    content_type: str,
    code: int,
    fragments: list[str],
) -> None:
    databricks.fail_next(status, body=body, content_type=content_type)
    ran = run_main(databricks, load_run("full"), PEEPSHOW_DISPATCHED="1")
    assert ran.code == code and ran.stdout == ""
    line = ran.error()
    for fragment in fragments:
        assert fragment in line


def test_unknown_warehouse_is_a_404_naming_the_setting(databricks: Emulator) -> None:
    ran = run_exe(databricks, load_run("full"), DATABRICKS_WAREHOUSE_ID="0123456789abcdef")
    assert ran.code == ExitCode.REJECTED
    line = ran.error()
    assert "HTTP 404 (RESOURCE_DOES_NOT_EXIST" in line and "DATABRICKS_WAREHOUSE_ID" in line


def test_slow_answer_is_resent_and_the_merge_keeps_one_row(databricks: Emulator) -> None:
    payload = load_run("full")
    assert run_main(databricks, payload).code == ExitCode.OK
    databricks.slow_next(2.5)  # the first answer comes after the client gave up waiting
    before = len(databricks.submitted())
    ran = run_main(  # a read timeout a loaded machine keeps for an answer that is not slowed
        databricks, payload, PEEPSHOW_SINK_READ_TIMEOUT="1", DATABRICKS_STATEMENT_TIMEOUT="4"
    )
    assert ran.code == ExitCode.OK, ran.stderr
    databricks.wait_idle()  # the first, abandoned MERGE has run too
    assert kinds(databricks)[before:] == ["MERGE", "MERGE"]
    merges = [s for s in databricks.statements.values() if s.sql.startswith("MERGE")]
    assert [s.state for s in merges[-2:]] == ["SUCCEEDED", "SUCCEEDED"]
    assert len(databricks.fetch(ROWS)) == 1


def test_dry_run_sends_nothing_and_masks_the_token(databricks: Emulator) -> None:
    ran = run_exe(databricks, load_run("full"), "--dry-run")
    assert ran.code == ExitCode.OK, ran.stderr
    shown = json.loads(ran.stdout)
    assert shown["method"] == "POST" and shown["url"] == databricks.url + API
    assert shown["headers"]["Authorization"] == "***"
    assert shown["json"]["statement"] == MERGE.format(table=TABLE_SQL)
    params = {p["name"]: p for p in shown["json"]["parameters"]}
    assert params["created_at"] == {
        "name": "created_at",
        "type": "TIMESTAMP",
        "value": "2026-11-21T06:30:12.345Z",
    }
    assert params["tags"] == {"name": "tags", "type": "STRING", "value": '["demo", "q4"]'}
    assert params["frames"]["type"] == "INT" and params["duration"]["type"] == "DOUBLE"
    assert databricks.requests == []


def test_a_token_echoed_by_the_server_is_masked_even_with_debug(databricks: Emulator) -> None:
    body = json.dumps({"error_code": "BAD_REQUEST", "message": f"token {databricks.token} bad"})
    databricks.fail_next(400, body=body)
    ran = run_exe(databricks, load_run("full"), "--debug")  # run_exe greps for the token
    assert ran.code == ExitCode.REJECTED and "token *** bad" in ran.stderr


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"DATABRICKS_TABLE": "runs; DROP TABLE x"}, "DATABRICKS_TABLE='runs; DROP TABLE x'"),
        ({"DATABRICKS_CATALOG": "a`b"}, "DATABRICKS_CATALOG='a`b'"),
        ({"DATABRICKS_URL": "http://databricks.example.com"}, "refusing to send a token"),
        ({"DATABRICKS_STATEMENT_TIMEOUT": "soon"}, "DATABRICKS_STATEMENT_TIMEOUT"),
        ({"DATABRICKS_STATEMENT_TIMEOUT": "nan"}, "DATABRICKS_STATEMENT_TIMEOUT"),  # polled forever
        ({"DATABRICKS_STATEMENT_TIMEOUT": "inf"}, "DATABRICKS_STATEMENT_TIMEOUT"),
    ],
)
def test_bad_configuration(databricks: Emulator, extra: dict[str, str], fragment: str) -> None:
    ran = run_main(databricks, load_run("full"), **extra)
    assert ran.code == ExitCode.CONFIG and fragment in ran.error()
    assert databricks.requests == []


def test_check_reads_the_table_and_writes_nothing(databricks: Emulator) -> None:
    before = run_exe(databricks, None, "--check")
    assert before.code == ExitCode.OK, before.stderr
    assert before.receipt()["table_exists"] is False
    assert run_main(databricks, load_run("full")).code == ExitCode.OK
    after = run_exe(databricks, None, "--check")
    assert (after.receipt()["table_exists"], after.receipt()["runs"]) == (True, 1)
    assert kinds(databricks) == ["SELECT", "MERGE", "CREATE", "MERGE", "SELECT"]


@pytest.mark.parametrize("numbers_as_json", [False, True], ids=["string", "number"])
def test_check_reads_the_count_as_a_number(databricks: Emulator, numbers_as_json: bool) -> None:
    databricks.numbers_as_json = numbers_as_json  # "0" as JSON_ARRAY sends it, or a bare 0
    assert run_main(databricks, load_run("full")).code == ExitCode.OK
    databricks.fetch('DELETE FROM uc_main."default".peepshow_runs')
    ran = run_main(databricks, None, "--check")
    assert ran.code == ExitCode.OK, ran.stderr
    assert ran.receipt()["runs"] == 0 and ran.receipt()["table_exists"] is True


def test_docs_show_the_exact_sql() -> None:
    docs = (REPO / "docs" / "sinks" / "databricks.md").read_text("utf-8")
    assert CREATE_TABLE.format(table=TABLE_SQL) in docs
    assert MERGE.format(table=TABLE_SQL) in docs


def test_emulator_refuses_what_databricks_refuses(databricks: Emulator) -> None:
    """The emulator is only worth its tests if it fails where Databricks would."""

    def post(statement: str, **fields: Any) -> Any:
        body = {"statement": statement, "warehouse_id": databricks.warehouse_id, **fields}
        return requests.post(
            databricks.url + API,
            json=body,
            timeout=10,
            headers={"Authorization": f"Bearer {databricks.token}"},
        )

    def failure(answer: Any) -> str:
        assert answer.status_code == 200 and answer.json()["status"]["state"] == "FAILED"
        return str(answer.json()["status"]["error"]["message"])

    assert "[PARSE_SYNTAX_ERROR]" in failure(post("MERGE INTO t USING s ON WHEN"))
    assert "[UNBOUND_SQL_PARAMETER]" in failure(post("SELECT :missing AS x"))
    assert "[TABLE_OR_VIEW_NOT_FOUND]" in failure(post("SELECT * FROM `main`.`default`.`nope`"))
    assert "PARAMETER_MARKER" in failure(
        post("CREATE TABLE t (a STRING DEFAULT :d)", parameters=[{"name": "d", "value": "x"}])
    )
    assert "[CAST_INVALID_INPUT]" in failure(
        post("SELECT :n AS n", parameters=[{"name": "n", "value": "three", "type": "INT"}])
    )
    assert post(CREATE_TABLE.format(table=TABLE_SQL)).json()["status"]["state"] == "SUCCEEDED"
    untyped = MERGE.format(table=TABLE_SQL).replace("from_json(:tags, 'ARRAY<STRING>')", ":tags")
    params = [{"name": n, "value": "x"} for n in ("run_id", "title", "transcript", "tags")]
    params += [{"name": n} for n in ("thumbnail_url", "strategy", "transcript_reliable")]
    params += [{"name": "frames", "value": "1", "type": "INT"}]
    params += [{"name": "duration", "value": "1.5", "type": "DOUBLE"}]
    params += [{"name": "created_at", "value": "2026-01-02T03:04:05Z", "type": "TIMESTAMP"}]
    mismatch = failure(post(untyped, parameters=params))  # a STRING into an ARRAY column
    assert '[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "tags"' in mismatch
    array = post("SELECT :a", parameters=[{"name": "a", "value": "[]", "type": "ARRAY<STRING>"}])
    assert array.status_code == 400
    assert post("SELECT 1", wait_timeout="3s").status_code == 400
    ok = post("SELECT :n + 1 AS n", parameters=[{"name": "n", "value": "41", "type": "INT"}])
    assert ok.json()["result"]["data_array"] == [["42"]]
    missing = requests.post(databricks.url + API, json={}, timeout=10)
    assert missing.status_code == 401 and missing.json()["error_code"] == "UNAUTHENTICATED"


@pytest.fixture(scope="module")
def small_talk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from devtools.synthvideo import SlideState, Talk, render_talk

    video = tmp_path_factory.mktemp("talk") / "quarterly talk.mp4"
    states = [SlideState(0, "One"), SlideState(2.0, "Two")]
    render_talk(Talk(states, duration_s=4.0, width=320, height=180, fps=10), video)
    return video


def test_peepshow_delivers_to_databricks_end_to_end(databricks: Emulator, small_talk: Path) -> None:
    peepshow = Path(sink_exe()).with_name("peepshow")
    bin_dir = str(peepshow.parent)
    env = {**os.environ, **config(databricks), "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    args = [str(small_talk), "--no-transcript", "--sink", "databricks", "--emit", "json"]
    done = subprocess.run(
        [str(peepshow), *args, "--tag", "e2e"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert databricks.token not in done.stdout + done.stderr
    run = json.loads(done.stdout)
    (delivery,) = run["deliveries"]
    assert delivery["ok"] and delivery["receipt"]["table"] == "main.default.peepshow_runs"
    (row,) = databricks.fetch(ROWS)
    assert (row["run_id"], row["title"], row["tags"]) == (run["run_id"], "quarterly talk", ["e2e"])
    assert (row["frames"], row["transcript"]) == (len(run["frames"]), None)
    assert row["duration"] == pytest.approx(run["duration_s"])
