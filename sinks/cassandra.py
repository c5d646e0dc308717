"""peepshow-sink-cassandra: one run becomes one row of a Cassandra table, written over HTTP.

Two APIs (CASSANDRA_API): `rest` (Stargate REST v2, self-hosted Stargate or legacy Astra) and
`data` (the Astra Data API `insertOne` on a table). The row, its columns and the CREATE TABLE are
in docs/sinks/cassandra.md. Re-delivering a run overwrites the same row (primary key run_id).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from peepshow_core.contract.errors import ConfigError, RejectedError
from peepshow_sinks.http import IDEMPOTENT_RETRY_STATUSES, describe_body
from peepshow_sinks.sinklib import Context, Setting, json_object, raise_for_status, sink_main

if TYPE_CHECKING:
    import requests

SETTINGS = [
    Setting(
        "CASSANDRA_URL",
        help="Stargate REST base URL, or the Astra API endpoint (data API)",
        required=True,
    ),
    Setting("CASSANDRA_KEYSPACE", help="keyspace that holds the table", required=True),
    Setting("CASSANDRA_TABLE", required=False, default="peepshow_runs"),
    Setting("CASSANDRA_TOKEN", required=False, secret=True, help="Astra token / Stargate token"),
    Setting("CASSANDRA_API", required=False, default="rest", help="rest or data"),
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
CQL_RULE = "not a CQL name (a letter, then letters, digits or _; at most 48)"
MISSING_TABLE_CODES = {"COLLECTION_NOT_EXIST", "UNKNOWN_KEYSPACE", "KEYSPACE_DOES_NOT_EXIST"}
DOCS = "see the CREATE TABLE in docs/sinks/cassandra.md"
TOKEN_HINT = "the token was refused; check CASSANDRA_TOKEN (Astra: a token with a write role)"
URL_HINT = (
    "check CASSANDRA_URL (Astra REST: https://<id>-<region>.apps.astra.datastax.com/api/rest; "
    "REST on Astra is end-of-life, try CASSANDRA_API=data)"
)
HINTS = {400: f"does the table match? {DOCS}", 401: TOKEN_HINT, 403: TOKEN_HINT, 404: URL_HINT}


def build_row(payload: dict[str, Any], thumbnail_url: str | None = None) -> dict[str, Any]:
    """The row for one run; absent values are left out (no null tombstones)."""
    frames, video = payload.get("frames") or [], payload.get("video") or {}
    transcript, duration = payload.get("transcript") or {}, payload.get("duration_s")
    row = {
        "run_id": payload["run_id"],
        "title": payload.get("title"),
        "frames": len(frames),
        "duration": video.get("duration_s") if duration is None else duration,
        "transcript": transcript.get("text"),
        "thumbnail_url": thumbnail_url,
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


class Table:
    """The validated destination (names checked before they go into a URL, a token only over
    TLS) and its two APIs' requests."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.api = ctx, str(ctx.config["CASSANDRA_API"]).lower()
        if self.api not in ("rest", "data"):
            raise ConfigError(f"CASSANDRA_API must be 'rest' or 'data', got {self.api!r}")
        self.ks = ctx.identifier("CASSANDRA_KEYSPACE", CQL_NAME, CQL_RULE)
        self.table = ctx.identifier("CASSANDRA_TABLE", CQL_NAME, CQL_RULE)
        token = ctx.config["CASSANDRA_TOKEN"]
        self.base = ctx.service_url("CASSANDRA_URL", sends_secret=bool(token)).rstrip("/")
        if not token and (self.api == "data" or "astra.datastax.com" in self.base):
            raise ConfigError(
                "CASSANDRA_TOKEN is required for Astra and for the Data API "
                "(an application token, AstraCS:...)"
            )
        header = "X-Cassandra-Token" if self.api == "rest" else "Token"
        self.headers = {header: token} if token else {}
        self.name = f"{self.ks}.{self.table}"
        self.receipt = {"keyspace": self.ks, "table": self.table, "api": self.api}

    def request(self, what: str, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Every request here may be repeated (reads, and upserts by run_id): a 500 is retried."""
        retry = IDEMPOTENT_RETRY_STATUSES
        response = self.ctx.http.request(
            method, url, headers=self.headers, retry_statuses=retry, **kwargs
        )
        detail = describe_body(response)
        missing = "not found" in detail.lower() and re.search("Table|Keyspace", detail)
        if missing and not response.ok:
            raise ConfigError(f"{what}: {detail}; create it first ({DOCS})")
        service, redactor = f"Cassandra ({what})", self.ctx.redactor
        raise_for_status(response, redactor, service, hints=HINTS, config_statuses={404})
        return response

    def data_api(self, what: str, url: str, command: dict[str, Any]) -> dict[str, Any]:
        """A Data API command's answer; its errors (which come with HTTP 200) raised."""
        response = self.request(what, "POST", url, json=command)
        problem, hint = f"{what}: not a Data API answer", "is CASSANDRA_URL its API endpoint?"
        body = json_object(response, problem, hint, keys=("status", "errors"))
        for error in (body.get("errors") or [])[:1]:
            code, message = error.get("errorCode", "?"), " ".join(str(error.get("message")).split())
            if code in MISSING_TABLE_CODES:
                raise ConfigError(f"{what}: {code}: {message[:300]}; create it first ({DOCS})")
            if code == "UNAUTHENTICATED_REQUEST":
                raise RejectedError(f"{what}: {TOKEN_HINT}")
            raise RejectedError(f"{what}: {code}: {message[:300]} ({DOCS})")
        return body


def deliver(ctx: Context) -> dict[str, Any]:
    t = Table(ctx)
    row, what = build_row(ctx.payload, ctx.thumbnail_url()), f"writing to {t.name}"
    if t.api == "data":
        url = f"{t.base}/api/json/v1/{t.ks}/{t.table}"
        t.data_api(what, url, {"insertOne": {"document": row}})
        return {**t.receipt, "url": url, "find_one": {"filter": {"run_id": row["run_id"]}}}
    url = f"{t.base}/v2/keyspaces/{t.ks}/{t.table}"
    t.request(what, "POST", url, json=protect_quotes(row))
    return {**t.receipt, "url": f"{url}/{row['run_id']}"}


def _normal(cql_type: str) -> str:
    return re.sub(r"\s+", "", cql_type.lower()).replace("varchar", "text")


def check(ctx: Context) -> dict[str, Any]:
    """The table exists and has every column with the right type; writes nothing."""
    t = Table(ctx)
    what = f"checking {t.name}"
    if t.api == "data":
        command = {"listTables": {"options": {"explain": True}}}
        answer = t.data_api(what, f"{t.base}/api/json/v1/{t.ks}", command)
        tables = {found["name"]: found for found in answer.get("status", {}).get("tables", [])}
        if t.table not in tables:
            raise ConfigError(f"{what}: no table {t.table!r} in keyspace {t.ks!r} ({DOCS})")
        found = {
            name: c["type"] if "valueType" not in c else f"{c['type']}<{c['valueType']}>"
            for name, c in tables[t.table]["definition"]["columns"].items()
        }
    else:
        url = f"{t.base}/v2/schemas/keyspaces/{t.ks}/tables/{t.table}"
        response, hint = t.request(what, "GET", url), "is CASSANDRA_URL the API's base URL?"
        body = json_object(response, f"{what}: not a REST API answer", hint, keys=("data",))
        found = {c["name"]: c["typeDefinition"] for c in body["data"].get("columnDefinitions", [])}
    problems = [
        f"{name} {cql} (missing)"
        if name not in found
        else f"{name} is {found[name]}, expected {cql}"
        for name, cql in COLUMNS.items()
        if _normal(found.get(name, "")) != _normal(cql)
    ]
    if problems:
        raise ConfigError(f"{what}: the table does not match: {'; '.join(problems)} ({DOCS})")
    return {**t.receipt, "columns": sorted(COLUMNS)}


DESCRIPTION = "Write the run as one row of a Cassandra table (Stargate REST or the Astra Data API)."
main = sink_main("cassandra", DESCRIPTION, SETTINGS, deliver, check=check)

if __name__ == "__main__":
    raise SystemExit(main())
