"""A Databricks SQL Statement Execution API emulator: a real HTTP server on 127.0.0.1 running the
statements on a real SQL engine (DuckDB), after sqlglot parsed them as Databricks SQL.

What it enforces (sources: docs/sinks/databricks.md, which names the public documentation):

* `POST /api/2.0/sql/statements`, `GET /api/2.0/sql/statements/{id}`,
  `POST /api/2.0/sql/statements/{id}/cancel`; `Authorization: Bearer <token>` on every request
  (none → 401 JSON `UNAUTHENTICATED`; wrong → 403 Jetty HTML page "Invalid access token.", as
  workspaces answer); an unknown `warehouse_id` → 404 `RESOURCE_DOES_NOT_EXIST` (the real status
  is UNCONFIRMED); `wait_timeout` must be `0s` or `5s`..`50s`; `on_wait_timeout` CONTINUE/CANCEL.
* The statement is parsed with `sqlglot` (`read="databricks"`): text Databricks would not parse
  ends FAILED with `[PARSE_SYNTAX_ERROR]`; one statement per request.
* Named parameters `{name, value, type}`: every `:name` marker becomes `CAST($name AS <type>)`
  bound as a DuckDB parameter (never spliced into SQL); a marker without a parameter →
  `[UNBOUND_SQL_PARAMETER]`; markers inside DDL → `[UNSUPPORTED_FEATURE...]`; ARRAY/MAP/STRUCT
  parameter types → HTTP 400. `from_json(x, '<type>')` runs as a cast of JSON to that type.
* MERGE assignments follow Databricks' ANSI store assignment where DuckDB would cast silently:
  a STRING into a non-string column, or a non-array into an ARRAY column, fails with
  `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION]`.
* `catalog.schema.table` maps to DuckDB database `uc_<catalog>`, schema `<schema>` (DuckDB
  reserves the name `main` for a database). Missing tables fail like Databricks:
  `[TABLE_OR_VIEW_NOT_FOUND] The table or view ... cannot be found` (error_code `BAD_REQUEST`,
  sql_state 42P01). SQL failures are HTTP 200 with `status.state = FAILED`.
* Lifecycle: `behave(match, polls=N, outcome=...)` makes matching statements answer
  PENDING/RUNNING for N status answers before finishing (run, close, cancel, hang, or a service
  error); a `hang` statement runs until cancelled.
* Faults for the next requests: every mode of `peepshow_core.delivery.faultserver` (a status with
  any body, 429 + Retry-After, HTML, a dropped, cut or dripping answer, a redirect, ...).
"""

from __future__ import annotations

import contextlib
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from peepshow_core.delivery.faultserver import Answer, FaultServer, Request
from tests.emulators.databricks_sql import (
    StatementError,
    check_merge_types,
    duck_type,
    sql_error,
    translate,
)

API = "/api/2.0/sql/statements"
INVALID_TOKEN_PAGE = (
    '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n'
    "<title>Error 403 Invalid access token.</title>\n</head>\n<body><h2>HTTP ERROR 403</h2>\n"
    "<p>Problem accessing {path}. Reason:\n<pre>    Invalid access token.</pre></p>\n"
    "</body>\n</html>"
)


class RequestError(Exception):
    """The request itself is refused with an HTTP error status."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error_code = status, error_code


@dataclass
class Behaviour:
    match: str
    polls: int = 0
    outcome: str = "run"  # run | close | cancel | hang | error:<CODE>[:<message>]
    times: int | None = None


@dataclass
class Statement:
    id: str
    sql: str
    params: list[dict[str, Any]]
    catalog: str
    schema: str
    behaviour: Behaviour
    answers_left: int
    state: str = "PENDING"
    error: dict[str, str] | None = None
    sql_state: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)

    def answer(self) -> dict[str, Any]:
        status: dict[str, Any] = {"state": self.state}
        if self.error:
            status["error"] = self.error
        if self.sql_state:
            status["sql_state"] = self.sql_state
        answer: dict[str, Any] = {"statement_id": self.id, "status": status}
        if self.state == "SUCCEEDED":
            answer["manifest"] = {
                "format": "JSON_ARRAY",
                "total_row_count": len(self.rows),
                "schema": {
                    "column_count": len(self.columns),
                    "columns": [{"name": c, "position": i} for i, c in enumerate(self.columns)],
                },
            }
            answer["result"] = {"row_count": len(self.rows), "data_array": self.rows}
        return answer


class Emulator(FaultServer):
    def __init__(
        self,
        token: str = "dapi-emulator-token",
        warehouse_id: str = "wh-emulator",
        catalogs: dict[str, list[str]] | None = None,
    ) -> None:
        import duckdb

        super().__init__()
        self.token, self.warehouse_id = token, warehouse_id
        self.db = duckdb.connect(":memory:")
        for catalog, schemas in (catalogs or {"main": ["default"]}).items():
            self.db.execute(f"ATTACH ':memory:' AS \"uc_{catalog}\"")
            for schema in schemas:
                self.db.execute(f'CREATE SCHEMA IF NOT EXISTS "uc_{catalog}"."{schema}"')
        self.db_lock = threading.Lock()
        self.statements: dict[str, Statement] = {}
        self.behaviours: list[Behaviour] = []
        self.numbers_as_json = False  # result values as JSON numbers instead of strings

    # --- test controls -------------------------------------------------------------------
    def behave(
        self, match: str, polls: int = 0, outcome: str = "run", times: int | None = None
    ) -> None:
        self.behaviours.append(Behaviour(match.upper(), polls, outcome, times))

    def submitted(self) -> list[str]:
        """Every statement text POSTed, in order."""
        bodies = [_json(r) for r in self.requests if r.method == "POST" and r.path == API]
        return [b["statement"] for b in bodies if isinstance(b, dict)]

    def fetch(self, duck_sql: str) -> list[dict[str, Any]]:
        """Run DuckDB SQL on the engine directly (tests read rows back with it)."""
        with self.db_lock:
            cursor = self.db.execute(duck_sql)
            names = [d[0] for d in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- the API ---------------------------------------------------------------------------
    def answer(self, request: Request) -> Answer:
        status, answer = self.handle(
            request.method, request.path, request.headers.get("Authorization"), _json(request)
        )
        if isinstance(answer, str):
            return Answer(status, answer.encode(), "text/html;charset=utf-8")
        return Answer.of(status, answer)

    def handle(self, method: str, path: str, auth: str | None, body: Any) -> tuple[int, Any]:
        if not auth or not auth.startswith("Bearer "):
            return 401, {
                "error_code": "UNAUTHENTICATED",
                "message": "Credential was not sent or was of an unsupported type for this API.",
            }
        if auth.removeprefix("Bearer ") != self.token:
            return 403, INVALID_TOKEN_PAGE.format(path=path)
        try:
            if method == "POST" and path == API:
                return 200, self.execute(body).answer()
            match = re.fullmatch(rf"{API}/([\w-]+)(/cancel)?", path)
            if not match or (method == "GET") == bool(match.group(2)):
                raise RequestError(404, "ENDPOINT_NOT_FOUND", f"No API found for '{method} {path}'")
            statement = self.statements.get(match.group(1))
            if statement is None:
                raise RequestError(
                    404, "RESOURCE_DOES_NOT_EXIST", f"Statement {match.group(1)} not found"
                )
            if match.group(2):
                if statement.state in ("PENDING", "RUNNING"):
                    statement.state = "CANCELED"
                return 200, {}
            self.advance(statement)
            return 200, statement.answer()
        except RequestError as exc:
            return exc.status, {"error_code": exc.error_code, "message": str(exc)}

    def execute(self, body: Any) -> Statement:
        if not isinstance(body, dict) or not isinstance(body.get("statement"), str):
            raise RequestError(400, "INVALID_PARAMETER_VALUE", "statement is required")
        if not body.get("warehouse_id"):
            raise RequestError(400, "INVALID_PARAMETER_VALUE", "warehouse_id is required")
        if body["warehouse_id"] != self.warehouse_id:
            raise RequestError(
                404, "RESOURCE_DOES_NOT_EXIST", f"Warehouse {body['warehouse_id']} does not exist."
            )
        wait = re.fullmatch(r"(\d+)s", str(body.get("wait_timeout", "10s")))
        if not wait or not (int(wait.group(1)) == 0 or 5 <= int(wait.group(1)) <= 50):
            raise RequestError(
                400, "INVALID_PARAMETER_VALUE", "wait_timeout must be 0s or between 5s and 50s"
            )
        on_wait_timeout = body.get("on_wait_timeout", "CONTINUE")
        if on_wait_timeout not in ("CONTINUE", "CANCEL"):
            raise RequestError(
                400, "INVALID_PARAMETER_VALUE", "on_wait_timeout: CONTINUE or CANCEL"
            )
        params = body.get("parameters") or []
        for p in params:
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                raise RequestError(400, "INVALID_PARAMETER_VALUE", "each parameter needs a name")
            if p.get("value") is not None and not isinstance(p["value"], str):
                raise RequestError(400, "INVALID_PARAMETER_VALUE", "parameter values are strings")
            kind = str(p.get("type") or "STRING").upper()
            if duck_type(kind) is None or kind.startswith(("ARRAY", "MAP", "STRUCT")):
                raise RequestError(
                    400,
                    "INVALID_PARAMETER_VALUE",
                    f"Unsupported parameter type {kind} for {p['name']}",
                )
        behaviour = next(
            (b for b in self.behaviours if b.match in body["statement"].upper() and b.times != 0),
            Behaviour(""),
        )
        if behaviour.times is not None:
            behaviour.times -= 1
        statement = Statement(
            uuid.uuid4().hex,
            body["statement"],
            params,
            body.get("catalog") or "main",
            body.get("schema") or "default",
            behaviour,
            behaviour.polls,
        )
        self.statements[statement.id] = statement
        self.advance(statement)
        if on_wait_timeout == "CANCEL" and statement.state in ("PENDING", "RUNNING"):
            statement.state = "CANCELED"
        return statement

    def advance(self, st: Statement) -> None:
        """One status answer: still pending/running, or finish the statement now."""
        if st.state not in ("PENDING", "RUNNING"):
            return
        if st.answers_left > 0 or st.behaviour.outcome == "hang":
            st.state = "PENDING" if st.answers_left == st.behaviour.polls else "RUNNING"
            st.answers_left -= 1
            return
        outcome = st.behaviour.outcome
        if outcome == "cancel":
            st.state = "CANCELED"
        elif outcome.startswith("error:"):
            code, _, message = outcome.removeprefix("error:").partition(":")
            st.state = "FAILED"
            st.error = {"error_code": code, "message": message or f"{code}: injected"}
        else:
            self.run_sql(st)
            if outcome == "close" and st.state == "SUCCEEDED":
                st.state = "CLOSED"

    def _value(self, value: Any) -> Any:
        """JSON_ARRAY results are strings; `numbers_as_json` sends numbers as numbers (a proxy
        or another client library may), which a reader must take as well."""
        if self.numbers_as_json and isinstance(value, (int, float)):
            return value
        return str(value)

    def run_sql(self, st: Statement) -> None:
        import duckdb

        try:
            sql = translate(st.sql, st.params, st.catalog, st.schema)
            with self.db_lock:
                try:
                    if sql.merge is not None:
                        check_merge_types(self.db, sql.merge, sql.values)
                    cursor = self.db.execute(sql.sql, sql.values)
                    st.columns = [d[0] for d in cursor.description or []]
                    st.rows = [
                        [None if v is None else self._value(v) for v in row]
                        for row in (cursor.fetchall() if cursor.description else [])
                    ]
                except duckdb.Error as exc:
                    raise sql_error(exc, sql.table) from None
            st.state = "SUCCEEDED"
        except StatementError as exc:
            st.state, st.sql_state = "FAILED", exc.sql_state
            st.error = {"error_code": "BAD_REQUEST", "message": str(exc)}


def _json(request: Request) -> Any:
    try:
        return request.json()
    except ValueError:
        return request.text


@contextlib.contextmanager
def running() -> Iterator[Emulator]:
    """A running emulator; `.url`, `.token` and `.warehouse_id` configure the sink."""
    import logging

    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # "Unsupported property" for USING DELTA
    emulator = Emulator(token=f"dapi{uuid.uuid4().hex}-SECRET")
    try:
        with emulator:
            yield emulator
    finally:
        emulator.db.close()
