"""Property tests (hypothesis): whatever the input, the readers give a documented exit code,
never a traceback. Payload parsing and validation (as every sink reads stdin), `--when` rules,
the sinks registry file and outbox files."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peepshow_core.contract import outbox, paths
from peepshow_core.contract.errors import ExitCode, PeepshowError
from peepshow_core.contract.payload import parse
from peepshow_core.delivery import registry
from peepshow_core.delivery.when import parse_when
from peepshow_sinks.cassandra import main as cassandra
from tests.support.paths import load_run

QUICK = settings(  # how many examples: the profile's (tests/conftest.py)
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FULL = load_run("full")

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def mutated_payloads() -> st.SearchStrategy[str]:
    """The canned run with one field (top level or nested) replaced by any JSON value, or cut."""

    def mutate(path: list[str | int], value: Any, cut: int | None) -> str:
        payload = json.loads(json.dumps(FULL))
        target: Any = payload
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        text = json.dumps(payload)  # NaN/Infinity written as JSON never has them
        return text[:cut] if cut is not None else text

    paths_into = st.sampled_from(
        [
            ["schema"],
            ["run_id"],
            ["created_at"],
            ["title"],
            ["tags"],
            ["source"],
            ["source", "path"],
            ["source", "size_bytes"],
            ["video"],
            ["duration_s"],
            ["strategy"],
            ["frames"],
            ["frames", 0],
            ["frames", 0, "time_s"],
            ["transcript"],
            ["peepshow"],
        ]
    )
    return st.builds(mutate, paths_into, json_values, st.none() | st.integers(0, 4000))


def documented(code: int) -> bool:
    return code in {int(c) for c in ExitCode}


@QUICK
@given(st.text() | mutated_payloads())
def test_any_stdin_is_a_payload_or_bad_input(text: str) -> None:
    try:
        payload = parse(text)
    except PeepshowError as exc:
        assert exc.code in (ExitCode.BAD_INPUT, ExitCode.UNSUPPORTED_SCHEMA), exc
        return
    # what passes is a run a sink can use: finite numbers, text that encodes as UTF-8
    json.dumps(payload, allow_nan=False, ensure_ascii=False).encode("utf-8")


@QUICK
@given(st.text() | mutated_payloads())
def test_a_sink_given_any_stdin_ends_with_a_documented_code(text: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    env = {"CASSANDRA_URL": "http://127.0.0.1:9", "CASSANDRA_KEYSPACE": "ks"}
    code = cassandra(["--dry-run"], io.StringIO(text), out, err, env)
    assert documented(code) and code != ExitCode.INTERNAL, err.getvalue()
    assert "Traceback" not in err.getvalue()
    if code != ExitCode.OK:
        assert out.getvalue() == "" and len(err.getvalue().strip().splitlines()) == 1


when_texts = st.lists(
    st.text()
    | st.builds(
        lambda k, v: f"{k}={v}",
        st.sampled_from(["extension", "path", "tag", "strategy", "EXTENSION", "other", ""]),
        st.text(),
    ),
    max_size=4,
)


@QUICK
@given(when_texts)
def test_any_when_rule_parses_or_is_a_usage_error(options: list[str]) -> None:
    try:
        rules = parse_when(options)
    except PeepshowError as exc:
        assert exc.code == ExitCode.USAGE
        return
    again = parse_when([str(rule) for rule in rules])  # what is stored reads back the same
    assert [(r.key, r.values) for r in again] == [(r.key, r.values) for r in rules]
    for rule in rules:
        assert rule.check(FULL) is None or isinstance(rule.check(FULL), str)


def test_a_when_path_with_a_nul_is_a_usage_error() -> None:
    try:
        parse_when(["path=\0"])
    except PeepshowError as exc:
        assert exc.code == ExitCode.USAGE and "NUL" in str(exc)
    else:
        raise AssertionError("a NUL in a path rule was accepted")


registry_documents = st.binary(max_size=300) | st.builds(
    lambda v: json.dumps(v, allow_nan=True).encode(),
    st.fixed_dictionaries(
        {"format": st.just(1) | json_values, "sinks": st.lists(json_values, max_size=3)}
    )
    | json_values,
)


@QUICK
@given(registry_documents)
def test_any_registry_file_is_read_or_is_a_config_error(data: bytes) -> None:
    path = paths.registry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        entries = registry.load()
    except PeepshowError as exc:
        assert exc.code == ExitCode.CONFIG and str(path) in exc.message
        return
    assert all(entry.id and entry.target for entry in entries)


@QUICK
@given(st.binary(max_size=300) | st.builds(lambda v: json.dumps(v).encode(), json_values))
def test_any_outbox_file_is_listed_or_reported_never_fatal(data: bytes) -> None:
    directory = paths.outbox_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.json"):
        old.unlink()
    (directory / "odd.json").write_bytes(data)
    good = outbox.store("good", FULL, error="x")
    items, problems = outbox.items()
    assert good in [item.path for item in items]
    odd = Path(directory / "odd.json")
    assert odd in [item.path for item in items] or any(str(odd) in p for p in problems)
    outbox.select([])  # selecting everything works too


@settings(max_examples=50, deadline=None, database=None)
@given(st.floats(min_value=0) | st.sampled_from([math.nan, math.inf, -math.inf]))
def test_numbers_that_are_not_finite_never_pass(number: float) -> None:
    text = json.dumps({**FULL, "duration_s": number})
    if math.isfinite(number):
        assert parse(text)["duration_s"] == number
        return
    try:
        parse(text)
    except PeepshowError as exc:
        assert exc.code == ExitCode.BAD_INPUT
    else:
        raise AssertionError(f"{number} passed")
