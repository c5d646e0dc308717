"""A Stargate REST v2 and Astra Data API (tables) emulator: a real HTTP server on 127.0.0.1.

It enforces what the Cassandra sink relies on, as the services document it (sources in
docs/sinks/cassandra.md, which names the public source of each rule):

* REST v2: `POST /v2/keyspaces/{ks}/{table}` (201 echoing the body; upsert by primary key),
  `GET /v2/keyspaces/{ks}/{table}/{pk}`, `GET /v2/schemas/keyspaces/{ks}/tables/{table}`;
  errors `{"description", "code"}`; missing keyspace/table on a row write is 400, not 404;
  strings are CQL-literal-ish (outer single quotes stripped); timestamps ISO-8601 with an offset
  or integer epoch milliseconds; `X-Cassandra-Token` checked when a token is configured.
* Data API: `POST <prefix>/v1/{ks}/{table}` with `insertOne` / `findOne`, `POST <prefix>/v1/{ks}`
  with `listTables`; errors come back as HTTP 200 with an `errors` array; `Token` header. The
  prefix is `/api/json` on Astra and empty on a self-hosted Data API (HCD, DSE).
* Faults for the next requests: every mode of `peepshow_core.delivery.faultserver`.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from peepshow_core.delivery.faultserver import Answer, FaultServer, Request

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
ASTRA_DATA_API_PREFIX = "/api/json"  # a self-hosted Data API (HCD, DSE) serves /v1 at the root
ISO_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$")


class BadValue(ValueError):
    pass


@dataclass
class Table:
    columns: dict[str, str]  # name -> CQL type, e.g. "list<text>"
    primary_key: list[str]
    rows: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)


def parse_create_table(ddl: str) -> tuple[str, str, Table]:
    """`CREATE TABLE [IF NOT EXISTS] ks.t (col type, ..., PRIMARY KEY (a, b))` -> (ks, t, Table)."""
    match = re.search(
        r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\.(\w+)\s*\((.*)\)",
        ddl,
        re.IGNORECASE | re.DOTALL,
    )
    if not match:
        raise ValueError("no CREATE TABLE statement found")
    keyspace, name, body = match.groups()
    columns: dict[str, str] = {}
    primary: list[str] = []
    for part in re.split(r",\s*(?![^()<>]*[)>])", body):
        part = " ".join(part.split())
        pk = re.match(r"PRIMARY\s+KEY\s*\((.*)\)", part, re.IGNORECASE)
        if pk:
            primary = [c.strip() for c in pk.group(1).replace("(", "").replace(")", "").split(",")]
        elif part:
            col, cql_type = part.split(" ", 1)
            if cql_type.upper().endswith(" PRIMARY KEY"):
                cql_type = cql_type[: -len(" PRIMARY KEY")]
                primary = [col]
            columns[col.lower()] = cql_type.lower().replace(" ", "")
    return keyspace.lower(), name.lower(), Table(columns, primary)


def _unquote_cql(text: str) -> str:
    if len(text) > 1 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def decode(cql_type: str, value: Any, *, rest: bool, top: bool = True) -> Any:
    """JSON value -> stored Python value for a CQL type, the way the service converts it."""
    if value is None:
        return None
    if rest and top and isinstance(value, str) and not cql_type.startswith(("list", "set")):
        value = _unquote_cql(value)
    inner = re.match(r"^(list|set)<(.+)>$", cql_type)
    if inner:
        if not isinstance(value, list):
            raise BadValue(f"expected a JSON array for {cql_type}, got {value!r}")
        return [decode(inner.group(2), v, rest=rest, top=False) for v in value]
    if cql_type in ("text", "varchar", "ascii"):
        if not isinstance(value, str) and not rest:
            raise BadValue(f"no codec matching value type for {cql_type}: {value!r}")
        return value if isinstance(value, str) else str(value)
    if cql_type in ("int", "bigint", "smallint", "tinyint", "varint"):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise BadValue(f"not an integer: {value!r}")
        number = _number(value) if isinstance(value, str) and rest else value
        if isinstance(number, str) or float(number) != int(number):
            raise BadValue(f"Rounding necessary / not an integer: {value!r}")
        return int(number)
    if cql_type in ("double", "float", "decimal"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BadValue(f"not a number: {value!r}")
        return float(value)
    if cql_type in ("uuid", "timeuuid"):
        if not isinstance(value, str) or not UUID.match(value):
            raise BadValue(f"Invalid String value for type `uuid`: '{value}'")
        return value.lower()
    if cql_type == "timestamp":
        if isinstance(value, int) and not isinstance(value, bool) and rest:
            return datetime.fromtimestamp(value / 1000, UTC)
        if not isinstance(value, str) or not ISO_TS.match(value):
            raise BadValue(f"Text '{value}' could not be parsed as a timestamp")
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    if cql_type == "boolean":  # a JSON boolean; REST also parses the text true/false
        if isinstance(value, str) and rest and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, bool):
            raise BadValue(f"no codec matching value type for boolean: {value!r}")
        return value
    raise BadValue(f"type {cql_type} is not supported by this emulator")


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise BadValue(f"Invalid String value for a number: '{text}'") from None


def encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


class Emulator(FaultServer):
    """Stargate REST v2 and the Data API on one server, with the fault queue of FaultServer.
    Use `add_table`, `rows`, `requests`, `writes()` and the fault controls."""

    def __init__(self, token: str | None = None, data_api_prefix: str = "") -> None:
        super().__init__()
        self.token = token
        self.data_api_prefix = data_api_prefix.strip("/")  # Astra: api/json; HCD/DSE: none
        self.keyspaces: set[str] = set()
        self.tables: dict[tuple[str, str], Table] = {}

    def error_body(self, status: int) -> str:
        return json.dumps({"description": "injected fault", "code": status})

    def answer(self, request: Request) -> Answer:
        parts = [unquote(p) for p in request.path.strip("/").split("/")]
        prefix = self.data_api_prefix.split("/") if self.data_api_prefix else []
        data_api = parts[: len(prefix) + 1] == [*prefix, "v1"] and len(parts) >= len(prefix) + 2
        if not data_api and parts[:1] != ["v2"]:
            return Answer.of(404, {"description": "Not Found", "code": 404})
        header = "Token" if data_api else "X-Cassandra-Token"
        if self.token is not None and request.headers.get(header) != self.token:
            return _auth_refusal(request, data_api)
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            return Answer.of(400, {"description": "Invalid JSON payload", "code": 400})
        if data_api and request.method == "POST":
            status, answer = self.data_api(parts[len(prefix) :], body)
        else:
            status, answer = self.rest(request.method, parts, body)
        return Answer.of(status, answer)

    def add_table(self, ddl: str) -> Table:
        keyspace, name, table = parse_create_table(ddl)
        self.keyspaces.add(keyspace)
        self.tables[(keyspace, name)] = table
        return table

    def rows(self, keyspace: str, table: str) -> list[dict[str, Any]]:
        return list(self.tables[(keyspace, table)].rows.values())

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.method == "POST"]

    # -- REST v2 -----------------------------------------------------------------------------
    def rest(self, method: str, parts: list[str], body: Any) -> tuple[int, Any]:
        if parts[:2] == ["v2", "schemas"] and len(parts) == 6 and method == "GET":
            ks, name = parts[3], parts[5]
            if ks not in self.keyspaces:
                return 400, {"description": f"Keyspace '{ks}' not found", "code": 400}
            table = self.tables.get((ks, name))
            if table is None:
                msg = f"Table '{name}' not found (in keyspace {ks})"
                return 404, {"description": msg, "code": 404}
            definitions = [
                {"name": n, "typeDefinition": t.replace("text", "varchar"), "static": False}
                for n, t in table.columns.items()
            ]
            return 200, {
                "data": {
                    "name": name,
                    "keyspace": ks,
                    "columnDefinitions": definitions,
                    "primaryKey": {"partitionKey": table.primary_key, "clusteringKey": []},
                }
            }
        if parts[:2] != ["v2", "keyspaces"] or len(parts) not in (4, 5):
            return 404, {"description": "Not Found", "code": 404}
        ks, name = parts[2], parts[3]
        if ks not in self.keyspaces:
            return 400, {"description": f"Keyspace '{ks}' not found", "code": 400}
        table = self.tables.get((ks, name))
        if table is None:
            return 400, {
                "description": f"Table '{name}' not found (in keyspace '{ks}')",
                "code": 400,
            }
        if method == "GET" and len(parts) == 5:
            found = [
                {k: encode(v) for k, v in row.items()}
                for key, row in table.rows.items()
                if [str(p) for p in key] == [parts[4]]
            ]
            return 200, {"count": len(found), "data": found}
        if method != "POST" or len(parts) != 4:
            return 405, {"description": "Method Not Allowed", "code": 405}
        if not isinstance(body, dict):
            return 400, {"description": "Invalid JSON payload: not an object", "code": 400}
        try:
            self.upsert(table, name, body, rest=True)
        except BadValue as exc:
            return 400, {"description": str(exc), "code": 400}
        return 201, body

    def upsert(self, table: Table, name: str, body: dict[str, Any], *, rest: bool) -> None:
        unknown = [k for k in body if k not in table.columns]
        if unknown:
            raise BadValue(
                f"Unknown field name '{unknown[0]}' (table '{name}'); known fields: "
                f"{sorted(table.columns)}"
            )
        missing = [k for k in table.primary_key if body.get(k) is None]
        if missing:
            raise BadValue(
                f"Invalid argument for gRPC operation: Some partition key parts are "
                f"missing: {', '.join(missing)}"
            )
        try:
            row = {k: decode(table.columns[k], v, rest=rest) for k, v in body.items()}
        except BadValue as exc:
            raise BadValue(f"Invalid path for row to create, problem: {exc}") from None
        key = tuple(row[k] for k in table.primary_key)
        with self.lock:  # CQL INSERT: an upsert; columns not given keep their value
            table.rows.setdefault(key, {}).update(row)

    # -- Data API ----------------------------------------------------------------------------
    def data_api(self, parts: list[str], body: Any) -> tuple[int, Any]:
        def error(code: str, message: str) -> tuple[int, Any]:
            return 200, {
                "errors": [
                    {
                        "errorCode": code,
                        "message": message,
                        "family": "REQUEST",
                        "title": code.replace("_", " ").lower(),
                    }
                ]
            }

        if not isinstance(body, dict) or len(body) != 1:
            return error("REQUEST_STRUCTURE_MISMATCH", "Request must hold exactly one command")
        ((command, args),) = body.items()
        ks = parts[1]
        if ks not in self.keyspaces:
            return error("UNKNOWN_KEYSPACE", f"The keyspace used by the command: {ks}.")
        if len(parts) == 2 and command == "listTables":
            tables = [
                {
                    "name": n,
                    "definition": {
                        "columns": {c: _data_api_type(t) for c, t in table.columns.items()},
                        "primaryKey": {"partitionBy": table.primary_key, "partitionSort": {}},
                    },
                }
                for (k, n), table in self.tables.items()
                if k == ks
            ]
            return 200, {"status": {"tables": tables}}
        if len(parts) != 3:
            return error("COMMAND_UNKNOWN", f"Command '{command}' is not a keyspace command")
        name = parts[2]
        table = self.tables.get((ks, name))
        if table is None:
            return error(
                "COLLECTION_NOT_EXIST", f"Collection does not exist, collection name: {name}"
            )
        if command == "findOne":
            wanted = (args or {}).get("filter", {})
            for row in table.rows.values():
                if all(str(encode(row.get(k))) == str(v) for k, v in wanted.items()):
                    return 200, {"data": {"document": {k: encode(v) for k, v in row.items()}}}
            return 200, {"data": {"document": None}}
        if command != "insertOne":
            return error("COMMAND_UNKNOWN", f"Command '{command}' is not supported here")
        document = (args or {}).get("document")
        if not isinstance(document, dict):
            return error("REQUEST_STRUCTURE_MISMATCH", "insertOne needs a 'document' object")
        unknown = [k for k in document if k not in table.columns]
        if unknown:
            return error(
                "UNKNOWN_TABLE_COLUMNS",
                f"The table {ks}.{name} defines the columns: "
                f"{sorted(table.columns)}. The command included the following unknown "
                f"columns: {unknown}.",
            )
        if any(document.get(k) is None for k in table.primary_key):
            return error(
                "MISSING_PRIMARY_KEY_COLUMNS",
                f"The table {ks}.{name} defines the primary key columns: {table.primary_key}.",
            )
        try:
            self.upsert(table, name, document, rest=False)
        except BadValue as exc:
            return error(
                "INVALID_COLUMN_VALUES",
                f"Only values that are supported by the column "
                f"data type can be included when inserting a document into a table. {exc}",
            )
        key = [document[k] for k in table.primary_key]
        return 200, {
            "status": {
                "primaryKeySchema": {
                    k: _data_api_type(table.columns[k]) for k in table.primary_key
                },
                "insertedIds": [key],
            }
        }


def _data_api_type(cql_type: str) -> dict[str, str]:
    inner = re.match(r"^(list|set)<(.+)>$", cql_type)
    return {"type": inner.group(1), "valueType": inner.group(2)} if inner else {"type": cql_type}


def _auth_refusal(request: Request, data_api: bool) -> Answer:
    if data_api:
        message = "Authentication failed for request due to invalid token."
        return Answer.of(
            401, {"errors": [{"errorCode": "UNAUTHENTICATED_REQUEST", "message": message}]}
        )
    reason = (
        "Missing token, expecting one in the X-Cassandra-Token header."
        if "X-Cassandra-Token" not in request.headers
        else "Invalid token"
    )
    return Answer.of(
        401, {"description": f"Role unauthorized for operation: {reason}", "code": 401}
    )


@contextlib.contextmanager
def running(data_api_prefix: str = "") -> Iterator[Emulator]:
    """A running emulator with no tables (add them with `add_table(ddl)`) and auth off."""
    with Emulator(data_api_prefix=data_api_prefix) as emulator:
        yield emulator
