"""peepshow-sink-databricks: upsert one run into a Delta table through the SQL Statement
Execution API (`POST /api/2.0/sql/statements`, Bearer token). Docs: docs/sinks/databricks.md."""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import quote, urlsplit

from peepshow_core.contract.errors import PeepshowError, RejectedError, TemporaryError
from peepshow_sinks.sinklib import (
    Context,
    Redactor,
    Setting,
    acknowledged,
    raise_for_status,
    sink_main,
)

SETTINGS = (
    Setting(
        "DATABRICKS_URL",
        help="workspace URL, e.g. https://adb-1234.5.azuredatabricks.net",
        required=True,
    ),
    Setting("DATABRICKS_TOKEN", secret=True, help="personal access token (dapi...)", required=True),
    Setting(
        "DATABRICKS_WAREHOUSE_ID",
        help="SQL warehouse id (warehouse → Connection details)",
        required=True,
    ),
    Setting("DATABRICKS_CATALOG", required=False, default="main"),
    Setting("DATABRICKS_SCHEMA", required=False, default="default"),
    Setting("DATABRICKS_TABLE", required=False, default="peepshow_runs"),
    Setting(
        "DATABRICKS_STATEMENT_TIMEOUT",
        required=False,
        default="120",
        help="seconds to wait for a statement before cancelling it",
    ),
)
API = "/api/2.0/sql/statements"
NAME, NAME_RULE = re.compile(r"^[\w-]{1,255}$"), "use letters, digits, _ or - only"
TEMPORARY_CODES = {  # a statement FAILED with one of these may succeed later
    "ABORTED",
    "DEADLINE_EXCEEDED",
    "INTERNAL_ERROR",
    "IO_ERROR",
    "RESOURCE_EXHAUSTED",
    "SERVICE_UNDER_MAINTENANCE",
    "TEMPORARILY_UNAVAILABLE",
    "WORKSPACE_TEMPORARILY_UNAVAILABLE",
}
CREATE_TABLE = """CREATE TABLE IF NOT EXISTS {table} (
  run_id STRING NOT NULL,
  title STRING,
  frames INT,
  duration DOUBLE,
  transcript STRING,
  thumbnail_url STRING,
  strategy STRING,
  tags ARRAY<STRING>,
  created_at TIMESTAMP,
  transcript_reliable BOOLEAN
) USING DELTA"""
# A value the new delivery lacks (NULL) keeps the stored one, as a Cassandra upsert that leaves
# the column out does: re-delivering a run without PEEPSHOW_FRAME_BASE_URL keeps its thumbnail.
MERGE = """MERGE INTO {table} AS t
USING (SELECT :run_id AS run_id, :title AS title, :frames AS frames, :duration AS duration,
  :transcript AS transcript, :thumbnail_url AS thumbnail_url, :strategy AS strategy,
  from_json(:tags, 'ARRAY<STRING>') AS tags, :created_at AS created_at,
  :transcript_reliable AS transcript_reliable) AS s
ON t.run_id = s.run_id
WHEN MATCHED THEN UPDATE SET title = COALESCE(s.title, t.title),
  frames = COALESCE(s.frames, t.frames), duration = COALESCE(s.duration, t.duration),
  transcript = COALESCE(s.transcript, t.transcript),
  thumbnail_url = COALESCE(s.thumbnail_url, t.thumbnail_url),
  strategy = COALESCE(s.strategy, t.strategy), tags = COALESCE(s.tags, t.tags),
  created_at = COALESCE(s.created_at, t.created_at),
  transcript_reliable = COALESCE(s.transcript_reliable, t.transcript_reliable)
WHEN NOT MATCHED THEN INSERT (run_id, title, frames, duration, transcript, thumbnail_url,
  strategy, tags, created_at, transcript_reliable)
  VALUES (s.run_id, s.title, s.frames, s.duration, s.transcript, s.thumbnail_url, s.strategy,
  s.tags, s.created_at, s.transcript_reliable)"""
URL_HINT = "is DATABRICKS_URL the workspace URL?"
MAX_ID = 256  # a statement id longer than this (they are UUID-like) is none
UNKNOWN = "its fate is unknown, kept for a retry (the MERGE by run_id is safe to repeat)"
COUNT = "SELECT COUNT(*) AS runs FROM {table}"
HINTS = {
    400: "the request was refused",  # the detail says why
    401: "the token is missing or invalid; create a personal access token (Settings → "
    "Developer → Access tokens) and set DATABRICKS_TOKEN",
    403: "the token was refused or lacks permission; check DATABRICKS_TOKEN, CAN USE on the "
    "warehouse, and USE CATALOG, USE SCHEMA, CREATE TABLE, MODIFY on the table",
    404: "check DATABRICKS_URL (the workspace URL) and DATABRICKS_WAREHOUSE_ID",
}


def parameters(payload: dict[str, Any], thumbnail: str | None = None) -> list[dict[str, str]]:
    """The MERGE's named parameters: values as strings, typed; no value means SQL NULL."""
    values = (
        ("run_id", payload["run_id"], "STRING"),
        ("title", payload.get("title"), "STRING"),
        ("frames", len(payload.get("frames") or []), "INT"),
        ("duration", payload.get("duration_s"), "DOUBLE"),
        ("transcript", (payload.get("transcript") or {}).get("text"), "STRING"),
        ("thumbnail_url", thumbnail, "STRING"),
        ("strategy", payload.get("strategy"), "STRING"),
        ("tags", json.dumps(payload.get("tags") or [], ensure_ascii=False), "STRING"),
        ("created_at", payload["created_at"], "TIMESTAMP"),
        (
            "transcript_reliable",
            _sql_bool((payload.get("transcript") or {}).get("reliable")),
            "BOOLEAN",
        ),
    )
    return [
        {"name": n, "type": t, **({} if v is None else {"value": str(v)})} for n, v, t in values
    ]


def _sql_bool(value: object) -> str | None:
    return None if value is None else ("true" if value else "false")


class Warehouse:
    """One statement at a time: submit, poll until terminal within a time budget, or cancel."""

    def __init__(self, ctx: Context) -> None:
        c, parts = ctx.config, urlsplit(ctx.service_url("DATABRICKS_URL"))
        host = parts.netloc.rpartition("@")[2]  # a pasted browser URL; never user:password@
        self.ctx, self.base = ctx, f"{parts.scheme}://{host}"
        parts_of_name = ("CATALOG", "SCHEMA", "TABLE")
        self.names = [ctx.identifier(f"DATABRICKS_{p}", NAME, NAME_RULE) for p in parts_of_name]
        self.table = ".".join("`" + n.replace("`", "``") + "`" for n in self.names)
        self.link = f"{self.base}/explore/data/" + "/".join(quote(n, safe="") for n in self.names)
        self.warehouse = str(c["DATABRICKS_WAREHOUSE_ID"])
        self.budget = ctx.seconds("DATABRICKS_STATEMENT_TIMEOUT")
        ctx.http.allow(self.budget)  # a statement may run that long on purpose
        self.headers = {"Authorization": f"Bearer {c['DATABRICKS_TOKEN']}"}

    def _call(self, method: str, path: str, wait_s: int = 0, **kwargs: Any) -> dict[str, Any]:
        """The answer of one API call: a statement (with its `status.state`), or `{}` for a
        cancel; anything else is not a Databricks answer."""
        url, headers, redactor = self.base + path, self.headers, self.ctx.redactor
        response = self.ctx.http.request(
            method, url, headers=headers, server_wait_s=wait_s, **kwargs
        )
        raise_for_status(response, redactor, "Databricks", hints=HINTS)
        if path.endswith("/cancel"):
            return acknowledged(response, "Databricks", URL_HINT, empty_ok=True, redactor=redactor)
        return acknowledged(response, "Databricks", URL_HINT, check=has_state, redactor=redactor)

    def run(self, sql: str, params: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """The statement's final response (SUCCEEDED, CLOSED, FAILED or CANCELED)."""
        deadline = time.monotonic() + self.budget
        wait_s = 30 if self.budget >= 30 else int(self.budget) if self.budget >= 5 else 0
        body = {
            "statement": sql,
            "warehouse_id": self.warehouse,
            "parameters": params or [],
            "wait_timeout": f"{wait_s}s",
            "on_wait_timeout": "CONTINUE",
            "disposition": "INLINE",
            "format": "JSON_ARRAY",
        }
        answer, delay = self._call("POST", API, wait_s, json=body), 0.25
        sid = statement_id(answer)
        if sid is None:
            raise TemporaryError(
                f"Databricks answered {state(answer)[:40]} under no statement_id; {UNKNOWN}"
            )
        try:
            while state(answer) in ("PENDING", "RUNNING"):
                if time.monotonic() + delay > deadline:
                    self._cancel(sid)
                    raise TemporaryError(
                        f"statement {sid} still {state(answer)} after "
                        f"{self.budget:g}s (warehouse starting or busy?); "
                        "cancelled it, try again later"
                    )
                time.sleep(delay)
                answer, delay = self._follow(sid), min(delay * 2, 5.0)
        except KeyboardInterrupt:
            self._cancel(sid)
            raise
        return answer

    def _follow(self, sid: str) -> dict[str, Any]:
        """The accepted statement's answer now. Until an answer says how it ended, the write's
        fate is unknown: a refusal while following it (the statement gone: 404), or an answer
        naming another statement (or none), keeps the delivery for a retry, which the MERGE (by
        run_id) makes safe to repeat."""
        try:
            answer = self._call("GET", f"{API}/{quote(sid, safe='')}")
        except RejectedError as exc:
            raise TemporaryError(f"following statement {sid}: {exc.message}; {UNKNOWN}") from None
        named = statement_id(answer)
        if named != sid:
            said = "no statement_id" if named is None else f"statement {named[:80]}"
            raise TemporaryError(
                f"following statement {sid}, Databricks answered {said}; {UNKNOWN}"
            )
        return answer

    def _cancel(self, sid: str) -> None:
        try:
            self._call("POST", f"{API}/{quote(sid, safe='')}/cancel")
        except PeepshowError as exc:
            self.ctx.log(f"could not cancel statement {sid}: {exc.message}")


def statement_id(answer: dict[str, Any]) -> str | None:
    """The answer's `statement_id` when it is one (a non-empty string of printable characters,
    no spaces, at most MAX_ID long), else None: only an answer naming the statement acknowledges
    a write, and only the same id while it is followed."""
    sid = answer.get("statement_id")
    if not isinstance(sid, str) or not 0 < len(sid) <= MAX_ID or not sid.isprintable():
        return None
    return None if any(c.isspace() for c in sid) else sid


def has_state(answer: dict[str, Any]) -> bool:
    """A statement answer: a `statement_id` and a `status.state` (SUCCEEDED, FAILED, ...)."""
    status = answer.get("status")
    return isinstance(status, dict) and isinstance(status.get("state"), str)


def state(answer: dict[str, Any]) -> str:
    return str((answer.get("status") or {}).get("state", "UNKNOWN"))


def error_of(answer: dict[str, Any]) -> tuple[str, str]:
    """A failed statement's `status.error` as (error_code, message); an error that is not the
    documented object (a bare string, a list) is its message, with the code UNKNOWN."""
    error = (answer.get("status") or {}).get("error") or {}
    if not isinstance(error, dict):
        error = {"message": error}
    return str(error.get("error_code") or "UNKNOWN"), " ".join(
        str(error.get("message", "")).split()
    )


def succeeded(answer: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    sid, current = answer.get("statement_id", "?"), state(answer)
    if current in ("SUCCEEDED", "CLOSED"):
        return answer
    code, message = error_of(answer)
    if current == "FAILED":
        retry = code in TEMPORARY_CODES or "[DELTA_CONCURRENT" in message  # write conflicts
        cls = TemporaryError if retry else RejectedError
        raise cls(f"statement {sid} FAILED: {code}: {redactor.redact(message)[:500]}")
    if current == "CANCELED":
        raise TemporaryError(
            f"statement {sid} was CANCELED (cancelled by someone, or the warehouse "
            "stopped); try again later"
        )
    raise TemporaryError(
        f"statement {sid} ended in state {current!r}, which this sink does not know; "
        "kept for a retry"
    )


def table_missing(answer: dict[str, Any]) -> bool:
    return state(answer) == "FAILED" and "TABLE_OR_VIEW_NOT_FOUND" in " ".join(error_of(answer))


def deliver(ctx: Context) -> dict[str, Any]:
    wh = Warehouse(ctx)
    params = parameters(ctx.payload, ctx.thumbnail_url())
    answer, created = wh.run(MERGE.format(table=wh.table), params), False
    if table_missing(answer):
        ctx.log(f"table {'.'.join(wh.names)} does not exist yet; creating it")
        succeeded(wh.run(CREATE_TABLE.format(table=wh.table)), ctx.redactor)
        answer, created = wh.run(MERGE.format(table=wh.table), params), True
    succeeded(answer, ctx.redactor)
    return {
        "statement_id": answer.get("statement_id"),
        "table": ".".join(wh.names),
        "url": wh.link,
        "created_table": created,
    }


def check(ctx: Context) -> dict[str, Any]:
    wh = Warehouse(ctx)
    answer = wh.run(COUNT.format(table=wh.table))
    found = {"table": ".".join(wh.names), "url": wh.link, "warehouse_id": wh.warehouse}
    if table_missing(answer):
        return {**found, "table_exists": False, "note": "created on the first delivery"}
    return {
        **found,
        "table_exists": True,
        "runs": count_of(first_cell(succeeded(answer, ctx.redactor))),
    }


def first_cell(answer: dict[str, Any]) -> Any:
    """`result.data_array[0][0]` of a statement answer; None when it holds no such cell."""
    result = answer.get("result")
    rows = result.get("data_array") if isinstance(result, dict) else None
    row = rows[0] if isinstance(rows, list) and rows else None
    return row[0] if isinstance(row, list) and row else None


def count_of(value: Any) -> int:
    """COUNT(*) as a number: JSON_ARRAY results are strings ("0"), but a number is taken too."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not number.is_integer() or number < 0:
        raise RejectedError(f"COUNT(*) came back as {value!r}, which is no count")
    return int(number)


DESCRIPTION = "Upsert the run into a Databricks Delta table (MERGE by run_id)."
main = sink_main("databricks", DESCRIPTION, SETTINGS, deliver, check=check)

if __name__ == "__main__":
    raise SystemExit(main())
