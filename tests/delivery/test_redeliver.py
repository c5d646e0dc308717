"""`peepshow sinks retry` and the outbox under stress: one process per entry at a time, what a
removed sink leaves, commands kept as registry references, dropping entries, totals, a full or
read-only disk, damaged and half-written files."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from peepshow_core.contract import atomic, outbox, paths
from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery import dispatch, registry
from peepshow_core.frontends.cli_sinks import main
from tests.support.cli import Result, invoke, peepshow_exe
from tests.support.paths import load_run

if TYPE_CHECKING:
    from tests.support.sinks import MakeSink


def sinks(*args: str) -> Result:
    return invoke(main, *args)


def runs(count: int) -> list[dict[str, Any]]:
    base = load_run("full")
    return [{**base, "run_id": f"3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f80{i:04d}"} for i in range(count)]


RECEIPT = """echo '{"run_id": "'"$PEEPSHOW_RUN_ID"'"}'"""  # the least receipt: this run's id
LOGGING_SINK = """
payload=$(cat)
sleep "${SLOW:-0}"
echo "$payload" | grep -o '"run_id": "[^"]*"' >> "$LOG"
echo '{"id": "ok", "run_id": "'"$PEEPSHOW_RUN_ID"'"}'
"""


def test_two_retries_at_once_deliver_each_entry_once(
    make_sink: MakeSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "delivered.log"
    make_sink("slow", LOGGING_SINK)
    for payload in runs(4):
        outbox.store("slow", payload, error="was down")
    env = {**os.environ, "LOG": str(log), "SLOW": "0.5"}
    procs = [
        subprocess.Popen(
            [peepshow_exe(), "sinks", "retry"], env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for proc in procs:
        proc.wait(timeout=60)
    delivered = log.read_text().splitlines()
    assert sorted(delivered) == sorted(set(delivered)) and len(delivered) == 4
    assert outbox.items() == ([], [])


def test_an_entry_held_by_another_retry_is_left_alone(
    make_sink: MakeSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG", str(tmp_path / "log"))
    make_sink("slow", LOGGING_SINK)
    first, second = runs(2)
    outbox.store("slow", first, error="was down")
    outbox.store("slow", second, error="was down")
    held, _ = outbox.items()[0]
    with outbox.claim(held) as mine:
        assert mine is not None
        result = sinks("retry")
    assert result.exit_code == 0, result.stderr  # the held one is not this retry's failure
    assert f"{held.id}: skipped — being delivered by another peepshow" in result.stderr
    assert "1 delivered, 0 still in the outbox, 1 being delivered elsewhere" in result.stderr
    (left,) = outbox.items()[0]
    assert (left.id, left.attempts, left.error) == (held.id, 1, "was down")  # untouched


def test_an_entry_delivered_meanwhile_is_not_rewritten(run_payload: dict[str, Any]) -> None:
    path = outbox.store("gone", run_payload, error="x")
    (item,) = outbox.items()[0]
    path.unlink()  # another peepshow delivered it after this one listed the outbox
    with outbox.claim(item) as now:
        assert now is None
    assert not path.exists()


def test_a_command_is_kept_as_a_reference_never_as_a_command_line(
    tmp_path: Path, run_payload: dict[str, Any]
) -> None:
    marker = tmp_path / "ran"
    secret = "hunter2-pass-0099"
    registry.add_cmd(
        f"cat >/dev/null; touch {marker}; curl -u admin:{secret} x; exit 8", entry_id="push"
    )
    (delivery,), _ = deliver_all(run_payload)
    assert delivery.outbox == f"push--{run_payload['run_id']}" and marker.exists()
    for text in (sinks("outbox", "--json").stdout, *read_outbox_files()):
        assert secret not in text and f"touch {marker}" not in text  # no command line
    marker.unlink()
    removed = sinks("remove", "push")
    assert "1 outbox entry for push will not be retried" in removed.stderr
    assert "(sink removed: not retried)" in sinks("outbox").stdout
    result = sinks("retry")
    assert result.exit_code == ExitCode.TEMPORARY and not marker.exists()
    assert "its sink is no longer registered" in result.stderr
    assert "1 of them for removed sinks" in result.stderr
    dropped = sinks("outbox", "drop", "--sink", "push")
    assert dropped.stderr.strip() == "peepshow sinks: dropped 1 entry"
    assert outbox.items() == ([], [])


def test_a_legacy_entry_with_a_command_line_never_runs_it(
    tmp_path: Path, run_payload: dict[str, Any]
) -> None:
    marker = tmp_path / "ran"
    legacy = paths.outbox_dir() / f"old--{run_payload['run_id']}.json"
    atomic.write_json(
        legacy,
        {
            "format": 1,
            "sink": "old",
            "kind": "cmd",
            "target": f"touch {marker}",
            "error": "x",
            "attempts": 1,
            "first_failed_at": "2026-01-01T00:00:00Z",
            "last_failed_at": "2026-01-01T00:00:00Z",
            "run_id": run_payload["run_id"],
            "payload": run_payload,
        },
    )
    assert "touch" not in sinks("outbox", "--json").stdout
    result = sinks("retry")
    assert result.exit_code == ExitCode.TEMPORARY and not marker.exists()
    registry.add_cmd(f"cat >/dev/null; touch {marker}", entry_id="old")
    assert sinks("retry").exit_code == 0 and marker.exists()  # what is registered now


def test_retry_by_sink_name_totals_and_no_self_referential_hint(
    make_sink: MakeSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_sink("flaky", "cat >/dev/null; echo 'peepshow-sink-flaky: error: HTTP 503' >&2; exit 8")
    make_sink("other", "cat >/dev/null; " + RECEIPT)
    for payload in runs(3):
        outbox.store("flaky", payload, error="x")
    outbox.store("other", runs(1)[0], error="x")
    result = sinks("retry", "flaky")
    assert result.exit_code == ExitCode.TEMPORARY
    lines = result.stderr.splitlines()
    assert sum("failed again (exit 8, attempt 2)" in line for line in lines) == 3
    assert lines[-1] == "peepshow: retried 3: 0 delivered, 3 still in the outbox"
    assert "sinks retry" not in result.stderr and "kept in the outbox as" not in result.stderr
    assert len(outbox.items()[0]) == 4  # `other` was not asked for


def test_one_entry_per_sink_and_run_however_often_it_is_redelivered(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    make_sink("unset", "cat >/dev/null; echo 'peepshow-sink-unset: error: missing X' >&2; exit 6")
    registry.add("unset")
    for _ in range(3):
        deliver_all(run_payload)
    for _ in range(2):
        sinks("retry")
    (item,) = outbox.items()[0]
    assert item.attempts == 5 and item.registered


def test_drop_by_id_sink_or_all(run_payload: dict[str, Any]) -> None:
    a, b, c = runs(3)
    outbox.store("alpha", a, error="x")
    outbox.store("alpha", b, error="x")
    outbox.store("beta", c, error="x")
    assert sinks("outbox", "drop").exit_code == ExitCode.USAGE
    assert sinks("outbox", "drop", "--all", "--sink", "x").exit_code == ExitCode.USAGE
    assert sinks("outbox", "drop", f"beta--{c['run_id']}").exit_code == 0
    assert [i.sink for i in outbox.items()[0]] == ["alpha", "alpha"]
    assert "dropped 2 entries" in sinks("outbox", "drop", "--all").stderr
    assert outbox.items() == ([], [])


@pytest.mark.parametrize(
    ("code", "kept"), [(1, True), (6, True), (8, True), (4, False), (7, False)]
)
def test_what_is_kept(
    make_sink: MakeSink, run_payload: dict[str, Any], code: int, kept: bool
) -> None:
    """Everything that did not succeed is kept, unless the sink said retrying cannot help."""
    make_sink("x", f"cat >/dev/null; echo 'peepshow-sink-x: error: boom' >&2; exit {code}")
    (delivery,), _ = deliver_all(run_payload, ["x"])
    assert (delivery.outbox is not None) is kept and len(outbox.items()[0]) == int(kept)


def test_a_full_disk_during_retry_keeps_the_entry_as_it_was(
    make_sink: MakeSink, run_payload: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_sink("down", "cat >/dev/null; echo 'peepshow-sink-down: error: 503' >&2; exit 8")
    path = outbox.store("down", run_payload, error="first")
    before = path.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("peepshow_core.contract.outbox.write_json", full)
    result = sinks("retry")
    assert result.exit_code == ExitCode.TEMPORARY and "Traceback" not in result.stderr
    assert "No space left on device" in result.stderr and path.read_bytes() == before


def test_a_registry_that_cannot_be_written_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_file = tmp_path / "a-file"
    as_file.write_text("")
    monkeypatch.setenv("PEEPSHOW_CONFIG_DIR", str(as_file))
    result = sinks("add", "whatever")
    assert result.exit_code == ExitCode.CONFIG and len(result.stderr.splitlines()) == 1
    monkeypatch.setenv("PEEPSHOW_CONFIG_DIR", str(tmp_path / "config"))

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("peepshow_core.delivery.registry.write_json", read_only)
    result = sinks("add", "whatever")
    assert result.exit_code == ExitCode.CONFIG and "Read-only file system" in result.stderr


@pytest.mark.usefixtures("gc_paused")
def test_damaged_and_deeply_nested_files_are_reported_not_fatal(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    make_sink("good", "cat >/dev/null; " + RECEIPT)
    outbox.store("good", run_payload, error="x")
    deep = paths.outbox_dir() / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    listed = sinks("outbox")
    assert listed.exit_code == 0 and "deep.json cannot be read (RecursionError)" in listed.stderr
    assert sinks("retry").exit_code == 0 and deep.exists()
    paths.registry_path().parent.mkdir(parents=True, exist_ok=True)
    paths.registry_path().write_text('{"format": 1, "sinks": ' + "[" * 100_000 + "]" * 100_000)
    result = sinks("list")
    assert result.exit_code == ExitCode.CONFIG and "nested too deeply" in result.stderr
    (delivery,), lines = deliver_all(run_payload, ["good"])  # explicit sinks still run
    assert delivery.ok and any("registered sinks not run" in line for line in lines)


def test_temporary_files_left_by_a_killed_writer_are_cleaned(run_payload: dict[str, Any]) -> None:
    outbox.store("x", run_payload, error="x")
    stale = paths.outbox_dir() / ".x--run.json.abc123.tmp"
    fresh = paths.outbox_dir() / ".x--run.json.def456.tmp"
    stale.write_text("{half")
    fresh.write_text("{half")
    old = time.time() - 2 * atomic.STALE_TEMPORARY_S
    os.utime(stale, (old, old))
    assert len(outbox.items()[0]) == 1
    assert not stale.exists() and fresh.exists()  # a writer may still be busy with this one


# --- helpers -----------------------------------------------------------------------------------


def deliver_all(
    payload: dict[str, Any], requested: list[str] | None = None
) -> tuple[list[dispatch.Delivery], list[str]]:
    stderr = io.StringIO()
    result = dispatch.deliver(payload, requested or [], use_registry=True, stderr=stderr)
    return result, stderr.getvalue().splitlines()


def read_outbox_files() -> list[str]:
    return [p.read_text("utf-8") for p in paths.outbox_dir().glob("*.json")]


def test_a_url_password_a_sink_prints_never_reaches_peepshow_output(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    """Third-party sinks may print a service URL with its password: peepshow masks it in its
    lines, the outbox, the deliveries of --emit json, and `sinks outbox` / `sinks retry`."""
    password = "pw-0987654321"
    make_sink(
        "leaky",
        "cat >/dev/null\n"
        f"echo 'peepshow-sink-leaky: error: cannot reach https://admin:{password}@db.example' >&2\n"
        "exit 8",
    )
    make_sink(
        "proud",
        f"""cat >/dev/null; echo '{{"url": "https://admin:{password}@db.example/r", """
        """"run_id": "'"$PEEPSHOW_RUN_ID"'"}'""",
    )
    deliveries, lines = deliver_all(run_payload, ["leaky", "proud"])
    shown = "\n".join(lines) + json.dumps([d.to_dict() for d in deliveries])
    assert password not in shown and "https://***@db.example/r" in shown
    assert all(password not in text for text in read_outbox_files())
    for args in (("outbox",), ("outbox", "--json"), ("retry",)):
        result = sinks(*args)
        assert password not in result.stdout + result.stderr


def test_a_sink_gone_from_path_fails_again_without_an_exit_code(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    """Before: `failed again (exit None, attempt 2)`."""
    outbox.store("gone", run_payload, error="HTTP 503")
    result = sinks("retry")
    assert result.exit_code == ExitCode.TEMPORARY
    line = result.stderr.splitlines()[0]
    assert line.endswith(": failed again (attempt 2) — no executable peepshow-sink-gone on PATH"), (
        line
    )
    assert "None" not in result.stderr
