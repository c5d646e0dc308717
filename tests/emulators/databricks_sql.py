"""Databricks SQL on DuckDB, for the Databricks emulator: parse with sqlglot as Databricks SQL,
bind named parameters as typed DuckDB parameters, map three-part names, and turn DuckDB errors
into Databricks error classes (`[TABLE_OR_VIEW_NOT_FOUND] ...`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class StatementError(Exception):
    """A SQL failure: the statement ends FAILED with `[error_class] message`."""

    def __init__(self, error_class: str, message: str, sql_state: str) -> None:
        super().__init__(f"[{error_class}] {message} SQLSTATE: {sql_state}")
        self.sql_state = sql_state


def duck_type(type_text: str) -> Any:
    import sqlglot
    from sqlglot import exp

    try:
        data_type = exp.DataType.build(type_text, dialect="databricks")
    except sqlglot.errors.ParseError:
        return None
    return None if data_type.is_type(exp.DataType.Type.USERDEFINED) else data_type


@dataclass
class Merge:
    target: str  # DuckDB name of the MERGE target
    source: str  # DuckDB SQL of its USING (subquery)
    pairs: list[tuple[str, str]]  # (target column, source column) written by the WHEN clauses


@dataclass
class Translated:
    sql: str  # DuckDB SQL with $name parameters
    values: dict[str, str | None]
    table: str  # the first table named, Databricks-style, for error messages
    merge: Merge | None


def translate(sql: str, params: list[dict[str, Any]], catalog: str, schema: str) -> Translated:
    """Databricks SQL + parameters -> DuckDB SQL + named values (never spliced into the text)."""
    import sqlglot
    from sqlglot import exp

    try:
        trees = [t for t in sqlglot.parse(sql, read="databricks") if t is not None]
    except sqlglot.errors.ParseError as exc:
        detail = exc.errors[0] if exc.errors else {}
        raise StatementError(
            "PARSE_SYNTAX_ERROR",
            "Syntax error at or near "
            f"'{detail.get('highlight', '')}': {detail.get('description', exc)}.",
            "42601",
        ) from None
    if len(trees) != 1:
        raise StatementError("PARSE_SYNTAX_ERROR", "expected exactly one statement.", "42601")
    tree = trees[0]
    if isinstance(tree, exp.Create) and tree.find(exp.Placeholder):
        raise StatementError(
            "UNSUPPORTED_FEATURE.PARAMETER_MARKER_IN_UNEXPECTED_STATEMENT",
            "Parameter markers are not allowed in DDL.",
            "0A000",
        )
    by_name = {p["name"]: p for p in params}
    values: dict[str, str | None] = {}

    def bind(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Placeholder):
            return node
        name = node.name
        if not name or name not in by_name:
            raise StatementError(
                "UNBOUND_SQL_PARAMETER", f"Found the unbound parameter: {name or '?'}.", "42P02"
            )
        values[name] = by_name[name].get("value")
        return exp.cast(
            exp.Placeholder(this=name), duck_type(by_name[name].get("type") or "STRING")
        )

    def from_json(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.FromJson) and isinstance(node.expression, exp.Literal):
            target = duck_type(node.expression.name)
            if target is None:
                raise StatementError(
                    "INVALID_SCHEMA",
                    f"The input schema {node.expression.name!r} is not a valid schema string.",
                    "42K07",
                )
            return exp.cast(exp.cast(node.this, "JSON"), target)
        return node

    tree = tree.transform(bind).transform(from_json)
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    first = ""
    for table in tree.find_all(exp.Table):
        if not table.name or (not table.db and table.name in ctes):
            continue
        parts = (table.catalog or catalog, table.db or schema, table.name)
        first = first or ".".join(f"`{p}`" for p in parts)
        table.set("catalog", exp.to_identifier(f"uc_{parts[0]}", quoted=True))
        table.set("db", exp.to_identifier(parts[1], quoted=True))
    return Translated(tree.sql(dialect="duckdb"), values, first, _merge(tree))


def _merge(tree: Any) -> Merge | None:
    from sqlglot import exp

    using = tree.args.get("using") if isinstance(tree, exp.Merge) else None
    if not isinstance(using, exp.Subquery):
        return None
    pairs: list[tuple[str, Any]] = []
    for when in tree.args["whens"].expressions:
        then = when.args.get("then")
        if isinstance(then, exp.Insert) and isinstance(then.this, exp.Tuple):
            names = [c.name for c in then.this.expressions]
            pairs += zip(names, then.expression.expressions, strict=False)
        elif isinstance(then, exp.Update):
            pairs += [(eq.this.name, eq.expression) for eq in then.expressions]
    target = tree.this.copy()
    target.set("alias", None)
    return Merge(
        target.sql(dialect="duckdb"),
        using.this.sql(dialect="duckdb"),
        [
            (column, value.name)
            for column, value in pairs
            if isinstance(value, exp.Column) and value.table == using.alias
        ],
    )


def check_merge_types(db: Any, merge: Merge, values: dict[str, str | None]) -> None:
    """Databricks writes with ANSI store assignment: no STRING into a non-string column and
    nothing but an array into an ARRAY column, where DuckDB would cast silently."""
    used = {k: v for k, v in values.items() if re.search(rf"\${k}\b", merge.source)}
    source = {r[0].lower(): r[1] for r in db.execute(f"DESCRIBE {merge.source}", used).fetchall()}
    target = {r[0].lower(): r[1] for r in db.execute(f"DESCRIBE {merge.target}").fetchall()}
    for column, name in merge.pairs:
        have, want = source.get(name.lower()), target.get(column.lower())
        if have is None or want is None or have == want:
            continue
        if have == "VARCHAR" or have.endswith("[]") or want.endswith("[]"):
            raise StatementError(
                "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
                f'Cannot resolve "{column}" due to data type mismatch: cannot cast "{have}" to '
                f'"{want}".',
                "42K09",
            )


def sql_error(exc: Exception, table: str) -> StatementError:
    import duckdb

    text = str(exc).splitlines()[0]
    if isinstance(exc, duckdb.CatalogException) and "Table with name" in text:
        return StatementError(
            "TABLE_OR_VIEW_NOT_FOUND",
            f"The table or view {table} cannot be "
            "found. Verify the spelling and correctness of the schema and "
            "catalog.",
            "42P01",
        )
    if isinstance(exc, duckdb.CatalogException) and "Schema with name" in text:
        return StatementError(
            "SCHEMA_NOT_FOUND", f"The schema of {table} cannot be found.", "42704"
        )
    if isinstance(exc, duckdb.ConversionException):
        return StatementError("CAST_INVALID_INPUT", text, "22018")
    if isinstance(exc, duckdb.ConstraintException):
        return StatementError("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", text, "23502")
    return StatementError("INTERNAL_ERROR", f"emulator engine: {text}", "XX000")
