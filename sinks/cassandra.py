"""peepshow-sink-cassandra: one run becomes one row of a Cassandra table, written over HTTP.

Two APIs (CASSANDRA_API): `rest` (Stargate REST v2, self-hosted Stargate or legacy Astra) and
`data` (the Astra Data API `insertOne` on a table). The row, its columns and the CREATE TABLE are
in docs/sinks/cassandra.md. Re-delivering a run overwrites the same row (primary key run_id).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import IO, Any, NamedTuple
from urllib.parse import urlsplit

from peepshow_sinks.http import RETRY_STATUSES, describe_body, require_secure_url
from peepshow_sinks.sinklib import Context, Setting, run_sink

from peepshow_core.errors import ConfigError, RejectedError, TemporaryError

SETTINGS = [
    Setting("CASSANDRA_URL", help="Stargate REST base URL, or the Astra API endpoint (data API)"),
    Setting("CASSANDRA_KEYSPACE", help="keyspace that holds the table"),
    Setting("CASSANDRA_TABLE", required=False, default="peepshow_runs"),
    Setting("CASSANDRA_TOKEN", required=False, secret=True, help="Astra token / Stargate token"),
    Setting("CASSANDRA_API", required=False, default="rest", help="rest or data"),
    Setting("PEEPSHOW_FRAME_BASE_URL", required=False, help="base URL of the frame files"),
]

# Column -> CQL type. docs/sinks/cassandra.md holds the same CREATE TABLE (a test keeps them equal).
COLUMNS: dict[str, str] = {
    "run_id": "uuid",
    "title": "text",
    "frames": "int",
    "duration": "double",
    "transcript": "text",
    "thumbnail_url": "text",
    "strategy": "text",
    "tags": "list<text>",
    "created_at": "timestamp",
    "source_name": "text",
    "codec": "text",
    "language": "text",
}
CQL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,47}$")  # an unquoted CQL identifier
MISSING_TABLE_CODES = {"COLLECTION_NOT_EXIST", "UNKNOWN_KEYSPACE", "KEYSPACE_DOES_NOT_EXIST"}
DOCS = "see the CREATE TABLE in docs/sinks/cassandra.md"


def build_row(payload: dict[str, Any], frame_base_url: str | None = None) -> dict[str, Any]:
    """The row for one run; absent values are left out (no null tombstones)."""
    frames, video = payload.get("frames") or [], payload.get("video") or {}
    transcript = payload.get("transcript") or {}
    thumbnail, duration = payload.get("thumbnail_url"), payload.get("duration_s")
    if not thumbnail and frame_base_url and frames:
        thumbnail = f"{frame_base_url.rstrip('/')}/{PurePath(frames[0]['path']).name}"
    row = {
        "run_id": payload["run_id"],
        "title": payload.get("title"),
        "frames": len(frames),
        "duration": video.get("duration_s") if duration is None else duration,
        "transcript": transcript.get("text"),
        "thumbnail_url": thumbnail,
        "strategy": payload.get("strategy"),
        "tags": list(payload.get("tags") or []),
        "created_at": payload.get("created_at"),
        "source_name": (payload.get("source") or {}).get("name"),
        "codec": video.get("codec"),
        "language": transcript.get("language"),
    }
    return {k: v for k, v in row.items() if v is not None}


def protect_quotes(row: dict[str, Any]) -> dict[str, Any]:
    """Stargate REST strips one pair of outer single quotes from a string ('x' -> x, '' -> ');
    quoting such text once more makes it arrive unchanged."""
    return {
        k: "'" + v.replace("'", "''") + "'"
        if isinstance(v, str) and len(v) > 1 and v[0] == v[-1] == "'"
        else v
        for k, v in row.items()
    }


class Target(NamedTuple):
    api: str
    base: str
    keyspace: str
    table: str
    headers: dict[str, str]


def _target(ctx: Context) -> Target:
    """The validated destination: names checked before they go into a URL, token only over TLS."""
    c = ctx.config
    base, ks, table = (
        str(c["CASSANDRA_URL"]).rstrip("/"),
        c["CASSANDRA_KEYSPACE"] or "",
        c["CASSANDRA_TABLE"] or "",
    )
    api, token = str(c["CASSANDRA_API"]).lower(), c["CASSANDRA_TOKEN"]
    if api not in ("rest", "data"):
        raise ConfigError(f"CASSANDRA_API must be 'rest' or 'data', got {api!r}")
    for setting, name in (("CASSANDRA_KEYSPACE", ks), ("CASSANDRA_TABLE", table)):
        if not CQL_NAME.match(name):
            raise ConfigError(
                f"{setting}={name!r} is not a CQL name (a letter, then letters, "
                "digits or _; at most 48)"
            )
    if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:
        raise ConfigError(f"CASSANDRA_URL must be an http(s) URL, got {base!r}")
    if token:
        require_secure_url(base, "CASSANDRA_URL", ctx.environ)
    elif api == "data" or "astra.datastax.com" in base:
        raise ConfigError(
            "CASSANDRA_TOKEN is required for Astra and for the Data API "
            "(an application token, AstraCS:...)"
        )
    header = "X-Cassandra-Token" if api == "rest" else "Token"
    return Target(api, base, ks, table, {header: token} if token else {})


def _fail(response: Any, what: str, base: str) -> None:
    """Raise the error a user can act on for a non-2xx answer."""
    status, detail = response.status_code, describe_body(response)
    if status in (401, 403):
        raise RejectedError(
            f"{what}: HTTP {status}, the token was refused ({detail}); check "
            "CASSANDRA_TOKEN (Astra: a token with a write role)"
        )
    if "not found" in detail.lower() and ("Table" in detail or "Keyspace" in detail):
        raise ConfigError(f"{what}: {detail}; create it first ({DOCS})")
    if status == 404:
        raise ConfigError(
            f"{what}: HTTP 404 at {base}: check CASSANDRA_URL (Astra REST: "
            "https://<id>-<region>.apps.astra.datastax.com/api/rest; REST on Astra "
            "is end-of-life, try CASSANDRA_API=data)"
        )
    if status >= 500:
        raise TemporaryError(f"{what}: HTTP {status}: {detail}")
    raise RejectedError(f"{what}: HTTP {status}: {detail} (does the table match? {DOCS})")


def _json(response: Any, what: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ConfigError(
            f"{what}: the answer is not the expected JSON ({describe_body(response)})"
            "; is CASSANDRA_URL the API's base URL?"
        )
    return body


def _data_api(
    ctx: Context, url: str, headers: dict[str, str], command: dict[str, Any], what: str, base: str
) -> dict[str, Any]:
    response = ctx.http.request(
        "POST", url, json=command, headers=headers, retry_statuses=RETRY_STATUSES | {500}
    )
    if response.status_code != 200:
        _fail(response, what, base)
    body = _json(response, what)
    for error in (body.get("errors") or [])[:1]:
        code, message = error.get("errorCode", "?"), " ".join(str(error.get("message")).split())
        if code in MISSING_TABLE_CODES:
            raise ConfigError(f"{what}: {code}: {message[:300]}; create it first ({DOCS})")
        if code == "UNAUTHENTICATED_REQUEST":
            raise RejectedError(f"{what}: the token was refused; check CASSANDRA_TOKEN")
        raise RejectedError(f"{what}: {code}: {message[:300]} ({DOCS})")
    if "status" not in body:
        raise ConfigError(
            f"{what}: not a Data API answer ({describe_body(response)}); is "
            "CASSANDRA_URL the database's API endpoint?"
        )
    return body


def deliver(ctx: Context) -> dict[str, Any]:
    api, base, ks, table, headers = _target(ctx)
    row = build_row(ctx.payload, ctx.config["PEEPSHOW_FRAME_BASE_URL"])
    what, receipt = f"writing to {ks}.{table}", {"keyspace": ks, "table": table, "api": api}
    if api == "data":
        url = f"{base}/api/json/v1/{ks}/{table}"
        _data_api(ctx, url, headers, {"insertOne": {"document": row}}, what, base)
        return {**receipt, "url": url, "find_one": {"filter": {"run_id": row["run_id"]}}}
    response = ctx.http.request(
        "POST",
        f"{base}/v2/keyspaces/{ks}/{table}",
        json=protect_quotes(row),
        headers=headers,
        retry_statuses=RETRY_STATUSES | {500},
    )
    if response.status_code not in (200, 201):
        _fail(response, what, base)
    return {**receipt, "url": f"{base}/v2/keyspaces/{ks}/{table}/{row['run_id']}"}


def _normal(cql_type: str) -> str:
    return re.sub(r"\s+", "", cql_type.lower()).replace("varchar", "text")


def check(ctx: Context) -> dict[str, Any]:
    """The table exists and has every column with the right type; writes nothing."""
    api, base, ks, table, headers = _target(ctx)
    what = f"checking {ks}.{table}"
    if api == "data":
        body = _data_api(
            ctx,
            f"{base}/api/json/v1/{ks}",
            headers,
            {"listTables": {"options": {"explain": True}}},
            what,
            base,
        )
        tables = {t["name"]: t for t in body.get("status", {}).get("tables", [])}
        if table not in tables:
            raise ConfigError(f"{what}: no table {table!r} in keyspace {ks!r} ({DOCS})")
        found = {
            name: c["type"] if "valueType" not in c else f"{c['type']}<{c['valueType']}>"
            for name, c in tables[table]["definition"]["columns"].items()
        }
    else:
        response = ctx.http.request(
            "GET", f"{base}/v2/schemas/keyspaces/{ks}/tables/{table}", headers=headers
        )
        if response.status_code == 404:
            raise ConfigError(f"{what}: table {table!r} not found in keyspace {ks!r} ({DOCS})")
        if response.status_code != 200:
            _fail(response, what, base)
        definitions = _json(response, what).get("data", {}).get("columnDefinitions", [])
        found = {c["name"]: c["typeDefinition"] for c in definitions}
    problems = [
        f"{name} {cql} (missing)"
        if name not in found
        else f"{name} is {found[name]}, expected {cql}"
        for name, cql in COLUMNS.items()
        if _normal(found.get(name, "")) != _normal(cql)
    ]
    if problems:
        raise ConfigError(f"{what}: the table does not match: {'; '.join(problems)} ({DOCS})")
    return {"keyspace": ks, "table": table, "api": api, "columns": sorted(COLUMNS)}


def main(
    argv: Sequence[str] | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    environ: dict[str, str] | None = None,
) -> int:
    return run_sink(
        "cassandra",
        "Write the run as one row of a Cassandra table (Stargate REST or the Astra Data API).",
        SETTINGS,
        deliver,
        check=check,
        argv=argv,
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        environ=environ,
    )


if __name__ == "__main__":
    raise SystemExit(main())
