"""Databricks SQL on DuckDB, for the Databricks emulator: parse with sqlglot as Databricks SQL,
bind named parameters as typed DuckDB parameters, map three-part names, and turn DuckDB errors
into Databricks error classes (`[TABLE_OR_VIEW_NOT_FOUND] ...`)."""

from __future__ import annotations

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


def translate(
    sql: str, params: list[dict[str, Any]], catalog: str, schema: str
) -> tuple[str, dict[str, str | None], str]:
    """Databricks SQL + parameters -> (DuckDB SQL, DuckDB named values, first table's name)."""
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
    return tree.sql(dialect="duckdb"), values, first


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
