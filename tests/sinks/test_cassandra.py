"""The Cassandra sink against the Stargate REST v2 / Astra Data API emulator (a real HTTP server).

The emulator's tables are created from the CREATE TABLE in docs/sinks/cassandra.md, so the
documented DDL is what every delivery here is checked against.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from peepshow_sinks import cassandra
from tests.emulators.stargate import Emulator, parse_create_table
from tests.support.paths import REPO, load_run

TOKEN = "AstraCS:pEEp-sekrit-7731-Zq"  # distinctive, so a leak is easy to grep for
KS, TABLE = "peepshow", "peepshow_runs"
RUN_ID = "3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f809a1b"


def documented_ddl() -> str:
    text = (REPO / "docs" / "sinks" / "cassandra.md").read_text("utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.DOTALL)
    return next(b for b in blocks if "CREATE TABLE" in b)


def ddl_with(change: str = "", drop: str = "", keyspace: str = KS) -> str:
    """The documented DDL, with one column's type changed ('frames text') or one column removed."""
    ddl = documented_ddl().replace(f"{KS}.{TABLE}", f"{keyspace}.{TABLE}")
    if change:
        name, new_type = change.split(" ", 1)
        ddl = re.sub(rf"(\n\s*{name}\s+)[^,\n]+,", rf"\g<1>{new_type},", ddl)
    if drop:
        ddl = re.sub(rf"\n\s*{drop}\s+[^,\n]+,", "", ddl)
    return ddl


@pytest.fixture
def db(stargate: Emulator) -> Emulator:
    stargate.add_table(documented_ddl())
    return stargate


def base_env(emulator: Emulator, **extra: str) -> dict[str, str]:
    env = {
        "CASSANDRA_URL": emulator.url,
        "CASSANDRA_KEYSPACE": KS,
        "PEEPSHOW_SINK_BACKOFF": "0.01",
        "PEEPSHOW_SINK_MAX_TIME": "10",
        "PEEPSHOW_SINK_MAX_ATTEMPTS": "4",
        "PEEPSHOW_DISPATCHED": "1",  # the outbox is the dispatcher's job, not these tests'
    }
    env.update(extra)
    return env


def run(env: dict[str, str], payload: Any = "full", *args: str) -> tuple[int, str, str]:
    """In-process `main(...)`; payload is a fixture name, a dict, or raw text."""
    text = payload if isinstance(payload, str) and payload.startswith(("{", "not")) else None
    if text is None:
        text = json.dumps(load_run(payload) if isinstance(payload, str) else payload)
    out, err = io.StringIO(), io.StringIO()
    code = cassandra.main(list(args), io.StringIO(text), out, err, dict(env))
    return code, out.getvalue(), err.getvalue()


def executable() -> str:
    found = shutil.which("peepshow-sink-cassandra") or shutil.which(
        "peepshow-sink-cassandra", path=str(Path(sys.executable).parent)
    )
    assert found, "peepshow-sink-cassandra is not installed (pip install -e .)"
    return found


def run_exe(env: dict[str, str], payload: str = "full", *args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [executable(), *args],
        input=json.dumps(load_run(payload)),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def assert_no_token(*outputs: str) -> None:
    for text in outputs:
        assert TOKEN not in text and "pEEp-sekrit" not in text


def stored(emulator: Emulator) -> dict[str, Any]:
    rows = emulator.rows(KS, TABLE)
    assert len(rows) == 1, rows
    return rows[0]


# -- the documented table --------------------------------------------------------------------


def test_documented_create_table_matches_the_sink_columns() -> None:
    keyspace, name, table = parse_create_table(documented_ddl())
    assert (keyspace, name, table.primary_key) == (KS, TABLE, ["run_id"])
    assert table.columns == cassandra.COLUMNS
    mapping = (REPO / "docs" / "sinks" / "cassandra.md").read_text("utf-8")
    for column, cql_type in cassandra.COLUMNS.items():
        assert f"| `{column}` | `{cql_type}`" in mapping, f"{column} missing from the mapping table"


# -- REST: the row ----------------------------------------------------------------------------


def test_executable_writes_one_correct_row(db: Emulator) -> None:
    db.token = TOKEN
    code, out, err = run_exe(base_env(db, CASSANDRA_TOKEN=TOKEN))
    assert code == 0, err
    receipt = json.loads(out)
    read_back = f"{db.url}/v2/keyspaces/{KS}/{TABLE}/{RUN_ID}"
    assert receipt == {
        "sink": "cassandra",
        "run_id": RUN_ID,
        "keyspace": KS,
        "table": TABLE,
        "api": "rest",
        "url": read_back,
    }
    row = stored(db)
    assert row == {
        "run_id": RUN_ID,
        "title": "Quarterly review — Ünïcode 'talk'",
        "frames": 3,
        "duration": 18.0,
        "transcript": load_run()["transcript"]["text"],
        "thumbnail_url": "https://cdn.example.com/run/frame-0001-00m00.00s.jpg",
        "strategy": "slides",
        "tags": ["demo", "q4"],
        "created_at": datetime(2026, 11, 21, 6, 30, 12, 345000, tzinfo=UTC),
        "source_name": "Quarterly review.mp4",
        "codec": "h264",
        "language": "en",
        "transcript_reliable": True,
    }
    assert isinstance(row["frames"], int) and isinstance(row["duration"], float)
    post = db.writes()[0]
    assert post.path == f"/v2/keyspaces/{KS}/{TABLE}"
    assert post.headers["X-Cassandra-Token"] == TOKEN
    back = requests.get(read_back, headers={"X-Cassandra-Token": TOKEN}, timeout=5).json()
    assert back["count"] == 1 and back["data"][0]["created_at"] == "2026-11-21T06:30:12.345Z"
    assert_no_token(out, err)


def test_an_unreliable_transcript_arrives_as_false_not_left_out(db: Emulator) -> None:
    payload = load_run()
    payload["transcript"]["reliable"] = False
    code, _, err = run(base_env(db), payload)
    assert code == 0, err
    assert stored(db)["transcript_reliable"] is False


def test_delivering_twice_overwrites_the_same_row(db: Emulator) -> None:
    payload = load_run()
    assert run(base_env(db), payload)[0] == 0
    payload["title"] = "renamed"
    code, _, err = run(base_env(db), payload)
    assert code == 0, err
    assert len(db.writes()) == 2
    assert stored(db)["title"] == "renamed"


def test_absent_values_are_left_out_not_sent_as_null(db: Emulator) -> None:
    code, _, err = run(base_env(db), "minimal")
    assert code == 0, err
    body = json.loads(db.writes()[0].body)
    assert None not in body.values()
    assert not {"transcript", "thumbnail_url", "language"} & set(body)
    row = stored(db)
    assert row["tags"] == [] and row["frames"] == 1 and row["duration"] == 2.0


def test_thumbnail_falls_back_to_frame_base_url(db: Emulator) -> None:
    env = base_env(db, PEEPSHOW_FRAME_BASE_URL="https://frames.example.org/clip/")
    assert run(env, "minimal")[0] == 0
    assert stored(db)["thumbnail_url"] == "https://frames.example.org/clip/frame-0001-00m00.00s.jpg"


@pytest.mark.parametrize("api", ["rest", "data"])
@pytest.mark.parametrize("title", ["'quoted'", "''", "it's 'mid' quoted"])
def test_text_in_single_quotes_arrives_unchanged(db: Emulator, api: str, title: str) -> None:
    payload = load_run()
    payload["title"] = title
    code, _, err = run(base_env(db, CASSANDRA_API=api, CASSANDRA_TOKEN=TOKEN), payload)
    assert code == 0, err
    assert stored(db)["title"] == title


# -- REST: errors -----------------------------------------------------------------------------


def test_missing_table_says_to_create_it(stargate: Emulator) -> None:
    stargate.keyspaces.add(KS)
    code, out, err = run(base_env(stargate))
    assert code == 6 and out == ""
    assert "Table 'peepshow_runs' not found" in err and "CREATE TABLE" in err


def test_missing_keyspace_says_to_create_it(db: Emulator) -> None:
    code, _, err = run(base_env(db, CASSANDRA_KEYSPACE="nope"))
    assert code == 6 and "Keyspace 'nope' not found" in err and "CREATE TABLE" in err


def test_column_of_another_type_is_rejected(stargate: Emulator) -> None:
    stargate.add_table(ddl_with(change="created_at int"))
    code, out, err = run(base_env(stargate))
    assert code == 7 and out == ""
    assert "HTTP 400" in err and "Invalid path for row to create" in err
    assert stargate.rows(KS, TABLE) == []


def test_column_missing_from_table_is_rejected(stargate: Emulator) -> None:
    stargate.add_table(ddl_with(drop="language"))
    code, _, err = run(base_env(stargate))
    assert code == 7 and "Unknown field name 'language'" in err


def test_wrong_token_is_rejected_and_never_shown(db: Emulator) -> None:
    db.token = "the-right-one"
    code, out, err = run_exe(base_env(db, CASSANDRA_TOKEN=TOKEN))
    assert code == 7 and out == ""
    assert "HTTP 401" in err and "CASSANDRA_TOKEN" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert_no_token(out, err)


def test_missing_token_is_rejected(db: Emulator) -> None:
    db.token = TOKEN
    code, _, err = run(base_env(db))
    assert code == 7 and "Missing token" in err


def test_500_is_retried_because_the_write_is_idempotent(db: Emulator) -> None:
    db.fail_next(500)
    assert run(base_env(db))[0] == 0
    assert len(db.writes()) == 2


# -- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("CASSANDRA_KEYSPACE", "peepshow/../x"),
        ("CASSANDRA_TABLE", "runs;drop"),
        ("CASSANDRA_TABLE", "1runs"),
        ("CASSANDRA_API", "graphql"),
        ("CASSANDRA_URL", "ftp://h/"),
    ],
)
def test_bad_configuration_is_refused_before_any_request(
    db: Emulator, setting: str, value: str
) -> None:
    code, _, err = run(base_env(db, **{setting: value}))
    assert code == 6 and setting in err
    assert db.requests == []


def test_token_is_not_sent_over_plain_http_to_another_host() -> None:
    env = {
        "CASSANDRA_URL": "http://10.255.255.1:8082",
        "CASSANDRA_KEYSPACE": KS,
        "CASSANDRA_TOKEN": TOKEN,
    }
    code, out, err = run(env)
    assert code == 6 and "PEEPSHOW_ALLOW_INSECURE_HTTP" in err
    assert_no_token(out, err)
    opted_in = {
        **env,
        "PEEPSHOW_ALLOW_INSECURE_HTTP": "1",
        "PEEPSHOW_SINK_MAX_ATTEMPTS": "1",
        "PEEPSHOW_SINK_CONNECT_TIMEOUT": "0.2",
        "PEEPSHOW_DISPATCHED": "1",
    }
    # allowed now: it tries to connect (and fails, one way or another)
    code, out, err = run(opted_in)
    assert code != 0 and "PEEPSHOW_ALLOW_INSECURE_HTTP" not in err
    assert "cannot reach 10.255.255.1" in err or "HTTP " in err
    assert_no_token(out, err)


def test_astra_without_token_is_a_config_error() -> None:
    env = {
        "CASSANDRA_URL": "https://abc-us-east1.apps.astra.datastax.com/api/rest",
        "CASSANDRA_KEYSPACE": KS,
    }
    code, _, err = run(env)
    assert code == 6 and "CASSANDRA_TOKEN is required" in err


# -- --check ----------------------------------------------------------------------------------


def test_check_ok_writes_nothing(db: Emulator) -> None:
    code, out, err = run(base_env(db), "full", "--check")
    assert code == 0, err
    assert json.loads(out)["check"] == "ok"
    assert db.writes() == [] and db.rows(KS, TABLE) == []
    assert db.requests[0].path == f"/v2/schemas/keyspaces/{KS}/tables/{TABLE}"


def test_check_reports_missing_and_mistyped_columns(stargate: Emulator) -> None:
    stargate.add_table(ddl_with(change="frames text", drop="codec"))
    code, out, err = run(base_env(stargate), "full", "--check")
    assert code == 6 and out == ""
    assert "frames is varchar, expected int" in err and "codec text (missing)" in err


def test_check_missing_table_and_keyspace(stargate: Emulator) -> None:
    stargate.keyspaces.add(KS)
    code, _, err = run(base_env(stargate), "full", "--check")
    assert code == 6 and "not found" in err and "CREATE TABLE" in err
    code, _, err = run(base_env(stargate, CASSANDRA_KEYSPACE="other"), "full", "--check")
    assert code == 6 and "Keyspace 'other' not found" in err


# -- Data API mode ----------------------------------------------------------------------------


def data_env(emulator: Emulator, **extra: str) -> dict[str, str]:
    return base_env(emulator, CASSANDRA_API="data", CASSANDRA_TOKEN=TOKEN, **extra)


def test_data_api_writes_the_same_row_and_upserts(db: Emulator) -> None:
    db.token = TOKEN
    code, out, err = run(data_env(db))
    assert code == 0, err
    receipt = json.loads(out)
    url = f"{db.url}/v1/{KS}/{TABLE}"  # a self-hosted Data API: no /api/json
    assert receipt["url"] == url and receipt["api"] == "data"
    post = db.writes()[0]
    assert post.headers["Token"] == TOKEN and "X-Cassandra-Token" not in post.headers
    assert set(json.loads(post.body)) == {"insertOne"}
    first = dict(stored(db))
    assert first["tags"] == ["demo", "q4"] and first["frames"] == 3
    payload = load_run()
    payload["tags"] = ["again"]
    assert run(data_env(db), payload)[0] == 0
    assert stored(db)["tags"] == ["again"]
    found = requests.post(
        url, json={"findOne": receipt["find_one"]}, headers={"Token": TOKEN}, timeout=5
    ).json()
    assert found["data"]["document"]["run_id"] == RUN_ID
    assert_no_token(out, err)


def test_data_api_errors_in_a_200_answer(stargate: Emulator) -> None:
    stargate.add_table(ddl_with(drop="language"))
    code, out, err = run(data_env(stargate))
    assert code == 7 and out == "" and "UNKNOWN_TABLE_COLUMNS" in err
    code, _, err = run(data_env(stargate, CASSANDRA_TABLE="absent"))
    assert code == 6 and "COLLECTION_NOT_EXIST" in err and "CREATE TABLE" in err
    code, _, err = run(data_env(stargate, CASSANDRA_KEYSPACE="absent"))
    assert code == 6 and "UNKNOWN_KEYSPACE" in err


def test_data_api_invalid_value_is_rejected(stargate: Emulator) -> None:
    stargate.add_table(ddl_with(change="title int"))
    code, _, err = run(data_env(stargate))
    assert code == 7 and "INVALID_COLUMN_VALUES" in err


def test_data_api_bad_token(db: Emulator) -> None:
    db.token = "another"
    code, out, err = run(data_env(db))
    assert code == 7 and "CASSANDRA_TOKEN" in err
    assert_no_token(out, err)


def test_data_api_answer_that_is_not_one_is_not_a_success(db: Emulator) -> None:
    db.fail_next(200)  # HTTP 200 with a JSON body that is not a Data API answer
    code, out, err = run(data_env(db))
    assert code == 6 and out == "" and "not its success answer (injected fault)" in err
    assert db.rows(KS, TABLE) == []


@pytest.mark.parametrize(
    ("url", "setting", "path"),
    [
        ("https://0123-eu-west1.apps.astra.datastax.com", None, "/api/json"),
        ("https://0123-us-east1.apps.astra-dev.datastax.com/", None, "/api/json"),
        ("https://0123-us-east1.apps.astra.datastax.com/api/json", None, ""),  # already there
        ("https://0123-us-east1.apps.astra.datastax.com", "/", ""),  # overridden: none
        ("http://hcd.internal:8181", None, ""),  # HCD, DSE, the open-source Data API
        ("http://127.0.0.1:8181", "api/json/", "/api/json"),
    ],
)
def test_data_api_path_follows_the_environment(url: str, setting: str | None, path: str) -> None:
    assert cassandra.data_api_path(url, {"CASSANDRA_DATA_API_PATH": setting}) == path


def test_an_astra_endpoint_gets_the_api_json_prefix(
    stargate: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Astra host name, reached through the emulator acting as an HTTP proxy (no DNS)."""
    astra = Emulator(token=TOKEN, data_api_prefix="/api/json")
    with astra:
        astra.add_table(documented_ddl())
        monkeypatch.setenv("HTTP_PROXY", astra.url)
        for name in ("NO_PROXY", "no_proxy", "http_proxy"):
            monkeypatch.delenv(name, raising=False)
        host = f"http://0123-eu-west1.apps.astra.datastax.com:{astra.url.rsplit(':', 1)[1]}"
        env = data_env(astra, CASSANDRA_URL=host, PEEPSHOW_ALLOW_INSECURE_HTTP="1")
        code, out, err = run(env)
        assert code == 0, err
        assert astra.writes()[0].path == f"/api/json/v1/{KS}/{TABLE}"
        assert json.loads(out)["url"] == f"{host}/api/json/v1/{KS}/{TABLE}"
        assert stored(astra)["run_id"] == RUN_ID


def test_a_self_hosted_data_api_path_can_be_set(stargate: Emulator) -> None:
    prefixed = Emulator(token=TOKEN, data_api_prefix="/api/json")
    with prefixed:
        prefixed.add_table(documented_ddl())
        env = data_env(prefixed, CASSANDRA_DATA_API_PATH="/api/json")
        assert run(env)[0] == 0 and len(prefixed.rows(KS, TABLE)) == 1
        code, _, err = run(data_env(prefixed))  # no prefix: the service has nothing at /v1
        assert code == 6 and "CASSANDRA_DATA_API_PATH" in err


def test_data_api_needs_a_token(db: Emulator) -> None:
    code, _, err = run(base_env(db, CASSANDRA_API="data"))
    assert code == 6 and "CASSANDRA_TOKEN is required" in err and db.requests == []


def test_data_api_check(stargate: Emulator) -> None:
    stargate.add_table(documented_ddl())
    code, out, err = run(data_env(stargate), "full", "--check")
    assert code == 0, err
    assert json.loads(out)["api"] == "data" and stargate.writes()[0].path == f"/v1/{KS}"
    stargate.add_table(ddl_with(change="tags list<int>"))
    code, _, err = run(data_env(stargate), "full", "--check")
    assert code == 6 and "tags is list<int>, expected list<text>" in err
    assert stargate.rows(KS, TABLE) == []


# -- through the extractor ------------------------------------------------------------------


def test_peepshow_delivers_a_real_video_to_cassandra(db: Emulator, tmp_path: Path) -> None:
    from devtools.synthvideo import SlideState, Talk, render_talk

    video = tmp_path / "db talk.mp4"
    slides = [SlideState(0, "One"), SlideState(2.0, "Two")]
    render_talk(Talk(slides, duration_s=4.0, width=320, height=180, fps=10), video)
    peepshow = shutil.which("peepshow", path=str(Path(executable()).parent))
    assert peepshow, "peepshow is not installed next to the sink"
    env = {**os.environ, **base_env(db, CASSANDRA_TOKEN=TOKEN)}
    env["PATH"] = os.pathsep.join([str(Path(executable()).parent), env.get("PATH", "")])
    db.token = TOKEN
    args = [str(video), "--no-transcript", "--sink", "cassandra", "--emit", "json"]
    proc = subprocess.run(
        [peepshow, *args, "--tag", "e2e", "--strict-sinks"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    delivery = payload["deliveries"][0]
    assert delivery["sink"] == "cassandra" and delivery["ok"], delivery
    row = stored(db)
    assert row["run_id"] == payload["run_id"] == delivery["receipt"]["run_id"]
    assert row["frames"] == len(payload["frames"]) >= 1
    assert row["source_name"] == "db talk.mp4" and row["tags"] == ["e2e"]
    assert row["strategy"] == "auto" and row["codec"] == payload["video"]["codec"]
    assert row["duration"] == payload["duration_s"] and "transcript" not in row
    assert_no_token(proc.stdout, proc.stderr)
