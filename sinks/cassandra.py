"""peepshow-sink-cassandra: one run becomes one row of a Cassandra table, written over HTTP.

Two APIs (CASSANDRA_API): `rest` (Stargate REST v2, self-hosted Stargate or legacy Astra) and
`data` (the Astra Data API `insertOne` on a table). The row, its columns and the CREATE TABLE are
in docs/sinks/cassandra.md. Re-delivering a run overwrites the same row (primary key run_id).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from peepshow_core.contract.errors import ConfigError, RejectedError
from peepshow_sinks.describe import describe_body
from peepshow_sinks.http import IDEMPOTENT_RETRY_STATUSES
from peepshow_sinks.sinklib import Context, Setting, acknowledged, raise_for_status, sink_main

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
    Setting(
        "CASSANDRA_DATA_API_PATH",
        required=False,
        help="the Data API's path before /v1: /api/json for an Astra URL, none otherwise "
        "(HCD, DSE, the open-source Data API); set it to override ('/' for none)",
    ),
]
ASTRA_HOST = re.compile(r"\.apps\.astra(-dev|-test)?\.datastax\.com$", re.IGNORECASE)
ASTRA_DATA_API_PATH = "/api/json"  # as the official client (astrapy) builds Astra URLs

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
    "transcript_reliable": "boolean",
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
DATA_URL_HINT = (
    "check CASSANDRA_URL (the Data API endpoint) and CASSANDRA_DATA_API_PATH (/api/json on "
    "Astra, none on HCD, DSE or the open-source Data API)"
)
Check = Callable[[dict[str, Any]], bool]
HINTS = {400: f"does the table match? {DOCS}", 401: TOKEN_HINT, 403: TOKEN_HINT, 404: URL_HINT}
DATA_HINTS = {**HINTS, 404: DATA_URL_HINT}
KEYS_OF_COLUMN = ("name", "typeDefinition")  # Stargate's schema: one column


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
        "transcript_reliable": transcript.get("reliable"),
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
        self.base, self.query = _base_and_query(
            ctx.service_url("CASSANDRA_URL", sends_secret=bool(token))
        )
        if not token and (self.api == "data" or "astra.datastax.com" in self.base):
            raise ConfigError(
                "CASSANDRA_TOKEN is required for Astra and for the Data API "
                "(an application token, AstraCS:...)"
            )
        header = "X-Cassandra-Token" if self.api == "rest" else "Token"
        self.headers = {header: token} if token else {}
        self.data_api_base = f"{self.base}{data_api_path(self.base, ctx.config)}/v1"
        self.name = f"{self.ks}.{self.table}"
        self.receipt = {"keyspace": self.ks, "table": self.table, "api": self.api}

    def at(self, base: str, path: str) -> str:
        """`base` + `path`, then CASSANDRA_URL's query string, if it has one."""
        return f"{base}{path}?{self.query}" if self.query else f"{base}{path}"

    def request(self, what: str, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Every request here may be repeated (reads, and upserts by run_id): a 500 is retried."""
        retry = IDEMPOTENT_RETRY_STATUSES
        response = self.ctx.http.request(
            method, url, headers=self.headers, retry_statuses=retry, **kwargs
        )
        detail = describe_body(response, mask=self.ctx.redactor)  # masked, then cut
        missing = "not found" in detail.lower() and re.search("Table|Keyspace", detail)
        if missing and not response.ok:
            raise ConfigError(f"{what}: {detail}; create it first ({DOCS})")
        service, redactor = f"Cassandra ({what})", self.ctx.redactor
        hints = DATA_HINTS if self.api == "data" else HINTS
        raise_for_status(response, redactor, service, hints=hints, config_statuses={404})
        return response

    def data_api(self, what: str, url: str, command: dict[str, Any], done: Check) -> dict[str, Any]:
        """A Data API command's answer: its errors (which come with HTTP 200) raised, and its
        success (`done(status)`) required."""
        response = self.request(what, "POST", url, json=command)
        hint = "is CASSANDRA_URL the Data API endpoint (and CASSANDRA_DATA_API_PATH right)?"
        service, redactor = f"Cassandra ({what})", self.ctx.redactor

        def success_or_error(body: dict[str, Any]) -> bool:
            errors, status = body.get("errors"), body.get("status")
            return (isinstance(errors, list) and bool(errors)) or (
                isinstance(status, dict) and done(status)
            )

        body = acknowledged(response, service, hint, check=success_or_error, redactor=redactor)
        for error in (body.get("errors") or [])[:1]:
            code = str(error.get("errorCode", "?")) if isinstance(error, dict) else "?"
            text = error.get("message") if isinstance(error, dict) else error
            message = redactor.redact(" ".join(str(text).split()))[:300]
            if code in MISSING_TABLE_CODES:
                raise ConfigError(f"{what}: {code}: {message}; create it first ({DOCS})")
            if code == "UNAUTHENTICATED_REQUEST":
                raise RejectedError(f"{what}: {TOKEN_HINT}")
            raise RejectedError(f"{what}: {code}: {message} ({DOCS})")
        return body


def _base_and_query(url: str) -> tuple[str, str]:
    """CASSANDRA_URL without its query string (the sink's paths go before it, and it after
    them on every request) and without a trailing `/`; a fragment, which no request carries,
    is a ConfigError."""
    parts = urlsplit(url)
    if "#" in url:
        raise ConfigError(
            "CASSANDRA_URL holds a fragment ('#…'), which no HTTP request carries: "
            "give the API's base URL (a query string '?…' is kept)"
        )
    base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    return base, parts.query


def data_api_path(base: str, config: dict[str, str | None]) -> str:
    """The Data API's path before `/v1`: CASSANDRA_DATA_API_PATH when set ('/' means none),
    else `/api/json` for an Astra endpoint, else none (HCD, DSE and the open-source Data API
    serve `/v1` at the root). A URL that already ends with the path gets nothing added."""
    chosen = config.get("CASSANDRA_DATA_API_PATH")
    if chosen is None:
        astra = ASTRA_HOST.search(urlsplit(base).hostname or "")
        chosen = ASTRA_DATA_API_PATH if astra else ""
    chosen = "/" + chosen.strip().strip("/") if chosen.strip().strip("/") else ""
    return "" if chosen and urlsplit(base).path.rstrip("/").endswith(chosen) else chosen


def _inserted(run_id: str) -> Check:
    """The Data API's insertOne success: `status.insertedIds` holds this run's primary key
    (`[["<run_id>"]]`); an empty or other list acknowledges nothing."""

    def names_run(status: dict[str, Any]) -> bool:
        ids = status.get("insertedIds")
        keys = ids if isinstance(ids, list) else []
        return any(isinstance(k, list) and k and str(k[0]).lower() == run_id.lower() for k in keys)

    return names_run


def _listed_tables(status: dict[str, Any]) -> dict[str, Any] | None:
    """listTables' `status.tables` by name, or None when the answer holds no such list."""
    tables = status.get("tables")
    if not isinstance(tables, list):
        return None
    return {t["name"]: t for t in tables if isinstance(t, dict) and isinstance(t.get("name"), str)}


def _data_api_columns(table: Any) -> dict[str, str] | None:
    """A listed table's `definition.columns` as name -> CQL type (`list<text>` for a list), or
    None when the entry does not describe them in the documented shape."""
    definition = table.get("definition") if isinstance(table, dict) else None
    columns = definition.get("columns") if isinstance(definition, dict) else None
    if not isinstance(columns, dict):
        return None
    found = {}
    for name, column in columns.items():
        if not isinstance(column, dict) or not isinstance(column.get("type"), str):
            return None
        value = column.get("valueType")
        found[name] = column["type"] if value is None else f"{column['type']}<{value}>"
    return found


def _rest_columns(body: dict[str, Any]) -> dict[str, str] | None:
    """Stargate's table schema (`data.columnDefinitions[].{name, typeDefinition}`) as name ->
    CQL type, or None when the answer is not one."""
    data = body.get("data")
    columns = data.get("columnDefinitions", []) if isinstance(data, dict) else None
    if not isinstance(columns, list):
        return None
    found = {}
    for column in columns:
        name, cql = (column.get(k) if isinstance(column, dict) else None for k in KEYS_OF_COLUMN)
        if not isinstance(name, str) or not isinstance(cql, str):
            return None
        found[name] = cql
    return found


def _stargate_echo(run_id: str) -> Check:
    """Stargate REST answers a row write with 201 and the row (SGv2 echoes the body, older
    versions the primary key): either way it names this run."""
    return lambda body: str(body.get("run_id", "")).lower() == run_id.lower()


def deliver(ctx: Context) -> dict[str, Any]:
    t = Table(ctx)
    row, what = build_row(ctx.payload, ctx.thumbnail_url()), f"writing to {t.name}"
    if t.api == "data":
        url = t.at(t.data_api_base, f"/{t.ks}/{t.table}")
        t.data_api(what, url, {"insertOne": {"document": row}}, done=_inserted(row["run_id"]))
        return {**t.receipt, "url": url, "find_one": {"filter": {"run_id": row["run_id"]}}}
    path = f"/v2/keyspaces/{t.ks}/{t.table}"
    url = t.at(t.base, path)
    response = t.request(what, "POST", url, json=protect_quotes(row))
    hint = "is CASSANDRA_URL the Stargate REST API's base URL?"
    service, check = f"Cassandra ({what})", _stargate_echo(row["run_id"])
    acknowledged(response, service, hint, statuses=(201,), check=check, redactor=ctx.redactor)
    return {**t.receipt, "url": t.at(t.base, f"{path}/{row['run_id']}")}


def _normal(cql_type: str) -> str:
    return re.sub(r"\s+", "", cql_type.lower()).replace("varchar", "text")


def check(ctx: Context) -> dict[str, Any]:
    """The table exists and has every column with the right type; writes nothing."""
    t = Table(ctx)
    what = f"checking {t.name}"
    if t.api == "data":
        command = {"listTables": {"options": {"explain": True}}}
        url = t.at(t.data_api_base, f"/{t.ks}")
        answer = t.data_api(what, url, command, done=lambda s: _listed_tables(s) is not None)
        tables = _listed_tables(answer["status"]) or {}
        if t.table not in tables:
            raise ConfigError(f"{what}: no table {t.table!r} in keyspace {t.ks!r} ({DOCS})")
        columns = _data_api_columns(tables[t.table])
        if columns is None:
            raise ConfigError(
                f"Cassandra ({what}) listed table {t.table!r} without its columns in the Data "
                f"API's shape (definition.columns); {DATA_URL_HINT}"
            )
        found = columns
    else:
        url = t.at(t.base, f"/v2/schemas/keyspaces/{t.ks}/tables/{t.table}")
        response, hint = t.request(what, "GET", url), "is CASSANDRA_URL the API's base URL?"
        service = f"Cassandra ({what})"
        body = acknowledged(
            response,
            service,
            hint,
            check=lambda b: _rest_columns(b) is not None,
            redactor=t.ctx.redactor,
        )
        found = _rest_columns(body) or {}
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
