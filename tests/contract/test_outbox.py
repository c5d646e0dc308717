"""The outbox: keeping failed payloads safely, listing, selecting and removing them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from peepshow_core.contract import outbox, paths
from peepshow_core.contract.errors import ExitCode, PeepshowError
from tests.support.paths import load_run


def test_store_and_read_back(run_payload: dict[str, Any]) -> None:
    path = outbox.store("cassandra", {**run_payload, "deliveries": []}, error="HTTP 503")
    assert path.parent == paths.outbox_dir()
    (item,) = outbox.items()[0]
    assert (item.sink, item.kind, item.target, item.error, item.attempts) == (
        "cassandra",
        "name",
        "cassandra",
        "HTTP 503",
        1,
    )
    assert item.run_id == run_payload["run_id"]
    assert item.payload == run_payload  # `deliveries` is never part of what sinks get
    assert item.summary()["file"] == str(path)


def test_storing_the_same_run_again_counts_attempts(run_payload: dict[str, Any]) -> None:
    first = outbox.store("archive", run_payload, error="one", kind="cmd", target="cat > x")
    second = outbox.store(
        "archive", run_payload, error="two", kind="cmd", target="cat > x", attempts=2
    )
    assert first == second
    (item,) = outbox.items()[0]
    # a command is kept as a reference to its registry entry, never as a command line
    assert (item.attempts, item.error, item.kind, item.target) == (3, "two", "cmd", "archive")
    assert "cat > x" not in first.read_text("utf-8") and item.registered


def test_no_secrets_and_no_environment_are_stored(
    run_payload: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-very-secret-123")
    monkeypatch.setenv("SOME_PLAIN_SETTING", "plain-value-456")
    path = outbox.store(
        "databricks",
        run_payload,
        error="401 for https://user:hunter22@x.example/api with dapi-very-secret-123 "
        "and Authorization: Bearer abcdef123456",
    )
    text = path.read_text()
    for secret in ("dapi-very-secret-123", "hunter22", "abcdef123456", "plain-value-456"):
        assert secret not in text
    assert "https://***@x.example/api" in text


def test_select_by_id_or_unique_prefix(run_payload: dict[str, Any]) -> None:
    other = {**load_run("minimal")}
    a = outbox.store("alpha", run_payload, error="x")
    outbox.store("alpha", other, error="x")
    b = outbox.store("beta", run_payload, error="x")
    assert [i.path for i in outbox.select([b.stem])] == [b]
    assert [i.path for i in outbox.select(["beta"])] == [b]
    assert [i.path for i in outbox.select([a.stem, a.stem])] == [a]
    assert len(outbox.select(["alpha"])) == 2  # a sink's name: all its entries
    assert len(outbox.select([])) == 3
    for wanted, message in (
        ("al", "is the start of 2 entries"),
        ("gamma", "nothing in the outbox"),
    ):
        with pytest.raises(PeepshowError, match=message) as caught:
            outbox.select([wanted])
        assert caught.value.code == ExitCode.USAGE


def test_unreadable_files_are_reported_and_left_alone(run_payload: dict[str, Any]) -> None:
    good = outbox.store("alpha", run_payload, error="x")
    bad = good.parent / "broken.json"
    bad.write_text("{half")
    items, problems = outbox.items()
    assert [i.path for i in items] == [good]
    assert problems == [f"{bad} cannot be read (JSONDecodeError); left in place"]
    assert bad.read_text() == "{half"


def test_remove_and_record_failure(run_payload: dict[str, Any]) -> None:
    outbox.store("alpha", run_payload, error="first")
    (item,) = outbox.items()[0]
    outbox.record_failure(item, "second")
    (again,) = outbox.items()[0]
    assert (again.attempts, again.error, again.first_failed_at) == (
        2,
        "second",
        item.first_failed_at,
    )
    outbox.remove(again)
    assert outbox.items() == ([], [])


def test_files_are_complete_json_with_a_format(run_payload: dict[str, Any]) -> None:
    path = outbox.store("alpha", run_payload, error="x")
    data = json.loads(path.read_text())
    assert data["format"] == outbox.FORMAT
    assert sorted(data) == sorted(
        [
            "format",
            "sink",
            "kind",
            "target",
            "registered",
            "error",
            "attempts",
            "first_failed_at",
            "last_failed_at",
            "run_id",
            "payload",
        ]
    )
    assert [p.name for p in Path(path.parent).iterdir()] == [path.name]  # no temp files left
