"""Running sinks: payload on stdin, context in the environment, receipts, failures, timeouts,
concurrency, the registry's conditions and the outbox."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
import pytest

from peepshow_core.contract import outbox
from peepshow_core.contract.errors import ExitCode, PeepshowError
from peepshow_core.delivery import dispatch, registry

if TYPE_CHECKING:
    from tests.support.sinks import MakeSink

RECORDER = """
cat > "$OUT/$PEEPSHOW_SINK_ID.stdin"
env | grep '^PEEPSHOW_' | sort > "$OUT/$PEEPSHOW_SINK_ID.env"
echo "working on it" >&2
echo '{"sink": "'"$PEEPSHOW_SINK_ID"'", "run_id": "'"$PEEPSHOW_RUN_ID"'", "id": "rec-42"}'
"""
RECEIPT = """echo '{"run_id": "'"$PEEPSHOW_RUN_ID"'"}'"""  # the least receipt: this run's id


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "out"
    directory.mkdir()
    monkeypatch.setenv("OUT", str(directory))
    return directory


def deliver(
    payload: dict[str, Any],
    requested: list[str],
    use_registry: bool = True,
    timeout_s: float | None = None,
) -> tuple[list[dispatch.Delivery], list[str]]:
    stderr = io.StringIO()
    result = dispatch.deliver(
        payload, requested, use_registry=use_registry, stderr=stderr, timeout_s=timeout_s
    )
    return result, stderr.getvalue().splitlines()


def test_explicit_sink_gets_payload_and_context(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any]
) -> None:
    make_sink("rec", RECORDER)
    (delivery,), lines = deliver({**run_payload, "deliveries": ["x"]}, ["rec"])
    assert delivery.ok and delivery.exit_code == 0
    assert delivery.receipt == {"sink": "rec", "run_id": run_payload["run_id"], "id": "rec-42"}
    assert delivery.to_dict() == {
        "sink": "rec",
        "ok": True,
        "exit_code": 0,
        "receipt": {"sink": "rec", "run_id": run_payload["run_id"], "id": "rec-42"},
        "error": None,
        "outbox": None,
    }
    assert lines == ["peepshow: sink rec: ok — id rec-42"]
    assert json.loads((out / "rec.stdin").read_text()) == run_payload  # no `deliveries`
    env = dict(line.split("=", 1) for line in (out / "rec.env").read_text().splitlines())
    assert env["PEEPSHOW_RUN_ID"] == run_payload["run_id"]
    assert env["PEEPSHOW_SOURCE"] == run_payload["source"]["path"]
    assert env["PEEPSHOW_DISPATCHED"] == "1"
    assert env["PEEPSHOW_SINK_ID"] == "rec"
    assert "PEEPSHOW_BIN" in env


def test_failure_reports_last_stderr_line_and_is_not_kept(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    make_sink(
        "picky",
        """
cat > /dev/null
echo "peepshow-sink-picky: checking" >&2
echo "peepshow-sink-picky: error: the table has no column 'title'" >&2
exit 7
""",
    )
    (delivery,), lines = deliver(run_payload, ["picky"])
    assert not delivery.ok and delivery.failed and delivery.exit_code == ExitCode.REJECTED
    assert delivery.error == "peepshow-sink-picky: error: the table has no column 'title'"
    assert delivery.outbox is None and outbox.items() == ([], [])
    assert lines == [
        "peepshow: sink picky: failed (exit 7) — peepshow-sink-picky: error: the table has "
        "no column 'title'"
    ]


def test_temporary_failure_is_kept_in_the_outbox_redacted(
    make_sink: MakeSink, run_payload: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLAKY_TOKEN", "tok-abc-987654")
    make_sink(
        "flaky",
        """
cat > /dev/null
echo "peepshow-sink-flaky: error: 503 from service (token $FLAKY_TOKEN)" >&2
exit 8
""",
    )
    (delivery,), lines = deliver(run_payload, ["flaky"])
    assert delivery.exit_code == ExitCode.TEMPORARY
    assert delivery.error == "peepshow-sink-flaky: error: 503 from service (token ***)"
    (item,) = outbox.items()[0]
    assert delivery.outbox == item.id
    assert (item.sink, item.kind, item.target, item.payload) == (
        "flaky",
        "name",
        "flaky",
        run_payload,
    )
    assert "tok-abc-987654" not in item.path.read_text()
    assert "tok-abc-987654" not in "\n".join(lines)
    assert lines[-2].endswith(f"; kept in the outbox as {item.id}")
    assert lines[-1] == "peepshow: the delivery is kept; 'peepshow sinks retry' sends again"


def test_misconfigured_sink_keeps_the_payload_for_a_retry(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    make_sink(
        "unset",
        """
cat > /dev/null
echo "peepshow-sink-unset: error: missing configuration: UNSET_URL" >&2
exit 6
""",
    )
    (delivery,), _ = deliver(run_payload, ["unset"])
    assert delivery.exit_code == ExitCode.CONFIG
    (item,) = outbox.items()[0]
    assert delivery.outbox == item.id
    assert item.payload == run_payload


def test_standalone_sink_without_configuration_keeps_the_payload(
    run_payload: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from peepshow_sinks import cassandra

    stdin, stdout, stderr = io.StringIO(json.dumps(run_payload)), io.StringIO(), io.StringIO()
    code = cassandra.main([], stdin, stdout, stderr, environ={})
    assert code == ExitCode.CONFIG
    assert "CASSANDRA_URL" in stderr.getvalue() and "kept in the outbox" in stderr.getvalue()
    (item,) = outbox.items()[0]
    assert (item.sink, item.payload) == ("cassandra", run_payload)
    assert stdout.getvalue() == ""


def test_missing_sink_is_a_failed_delivery(sink_bin: Path, run_payload: dict[str, Any]) -> None:
    (delivery,), _ = deliver(run_payload, ["not-installed"])
    assert not delivery.ok and delivery.exit_code is None
    assert delivery.error == "no executable peepshow-sink-not-installed on PATH"
    (bad,), _ = deliver(run_payload, ["Bad_Name"])
    assert "is not valid" in (bad.error or "")


def test_preflight_catches_problems_before_extraction(
    sink_bin: Path, make_sink: MakeSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_sink("here", "cat >/dev/null")
    dispatch.preflight(["here"], use_registry=True)
    for requested, code in ((["Bad_Name"], ExitCode.USAGE), (["absent"], ExitCode.CONFIG)):
        with pytest.raises(PeepshowError) as caught:
            dispatch.preflight(requested, use_registry=False)
        assert caught.value.code == code
    monkeypatch.setenv("PEEPSHOW_SINK_TIMEOUT", "soon")
    with pytest.raises(PeepshowError, match="PEEPSHOW_SINK_TIMEOUT") as caught:
        dispatch.preflight([], use_registry=False)
    assert caught.value.code == ExitCode.CONFIG


def test_timeout_kills_the_whole_process_group(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any]
) -> None:
    make_sink(
        "hang",
        """
sleep 600 &
echo $! > "$OUT/child.pid"
echo $$ > "$OUT/sink.pid"
wait
""",
    )
    (delivery,), _ = deliver(run_payload, ["hang"], timeout_s=1.0)
    assert not delivery.ok and delivery.exit_code is None
    assert delivery.error == "timed out after 1 s; the process group was killed"
    for name in ("sink.pid", "child.pid"):
        pid = int((out / name).read_text())
        try:
            process = psutil.Process(pid)
            process.wait(timeout=10)  # reaped by init soon after the kill
        except psutil.NoSuchProcess:
            pass
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert delivery.outbox is not None  # a timeout is a temporary failure
    assert outbox.items()[0][0].error == delivery.error


def test_sinks_run_concurrently(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any]
) -> None:
    """Each sink waits until the other has started: run one after the other, both would fail."""
    for me, other in (("left", "right"), ("right", "left")):
        make_sink(
            me,
            f"""
cat > /dev/null
touch "$OUT/{me}.started"
i=0
while [ ! -e "$OUT/{other}.started" ]; do
  i=$((i + 1)); [ $i -gt 300 ] && {{ echo "never saw {other} start" >&2; exit 1; }}
  sleep 0.1
done
echo '{{"run_id": "'"$PEEPSHOW_RUN_ID"'", "id": "{me}"}}'
""",
        )
    deliveries, lines = deliver(run_payload, ["left", "right"])
    assert [(d.sink, d.ok) for d in deliveries] == [("left", True), ("right", True)], lines
    assert lines == ["peepshow: sink left: ok — id left", "peepshow: sink right: ok — id right"]


def test_registered_sinks_fire_by_condition(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any]
) -> None:
    make_sink("rec", RECORDER)
    run_payload["source"].update(path="/videos/talk.mp4", extension="mp4")
    registry.add("rec", ["extension=mp4"], "mp4-only")
    registry.add("rec", ["extension=mov"], "mov-only")
    registry.add("rec", [], "off")
    registry.set_enabled("off", False)
    registry.add_cmd('cat > "$OUT/$PEEPSHOW_SINK_ID.stdin"', ["path=/videos"], "copy")
    deliveries, lines = deliver(run_payload, [])
    assert [(d.sink, d.ok, d.skipped) for d in deliveries] == [
        ("mp4-only", True, None),
        ("mov-only", False, "extension mp4 not in mov"),
        ("off", False, "disabled"),
        ("copy", True, None),
    ]
    assert [d.failed for d in deliveries] == [False, False, False, False]
    assert lines[1:3] == [
        "peepshow: sink mov-only: skipped — extension mp4 not in mov",
        "peepshow: sink off: skipped — disabled",
    ]
    assert lines[3] == "peepshow: sink copy: ok — no receipt"
    assert deliveries[1].to_dict()["skipped"] == "extension mp4 not in mov"
    assert sorted(p.name for p in out.glob("*.stdin")) == ["copy.stdin", "mp4-only.stdin"]
    assert json.loads((out / "copy.stdin").read_text()) == run_payload


def test_no_sinks_skips_the_registry_but_not_explicit_sinks(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_sink("rec", RECORDER)
    make_sink("other", RECORDER)
    registry.add("other")
    assert [d.sink for d in deliver(run_payload, ["rec"], use_registry=False)[0]] == ["rec"]
    monkeypatch.setenv("PEEPSHOW_NO_SINKS", "1")
    assert [d.sink for d in deliver(run_payload, ["rec"], use_registry=True)[0]] == ["rec"]
    monkeypatch.delenv("PEEPSHOW_NO_SINKS")
    monkeypatch.setenv("PEEPSHOW_SKIP_SINKS", "other")
    (_, skipped), _ = deliver(run_payload, ["rec"])
    assert skipped.skipped == "listed in PEEPSHOW_SKIP_SINKS"


def test_explicit_and_registered_sink_runs_once(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any]
) -> None:
    make_sink("count", 'cat > /dev/null; echo run >> "$OUT/runs"; ' + RECEIPT)
    registry.add("count", ["extension=nothing-matches"])
    deliveries, _ = deliver(run_payload, ["count", "count"])
    assert [d.sink for d in deliveries] == ["count"]
    assert (out / "runs").read_text() == "run\n"


def test_no_registered_sink_matched_is_said(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    registry.add_cmd("cat > /dev/null", ["extension=webm"])
    _, lines = deliver(run_payload, [])
    assert lines[0] == "peepshow: no registered sink matched this run"


def test_damaged_registry_does_not_stop_explicit_sinks(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any], tmp_path: Path
) -> None:
    make_sink("rec", RECORDER)
    registry_file = tmp_path / "config" / "sinks.json"
    registry_file.parent.mkdir()
    registry_file.write_text("{oops")
    (delivery,), lines = deliver(run_payload, ["rec"])
    assert delivery.ok
    assert lines[0].startswith(
        f"peepshow: registered sinks not run: the sinks registry {registry_file} is damaged"
    )


def test_payload_fields_never_reach_a_command_line(
    out: Path, run_payload: dict[str, Any], tmp_path: Path, sink_bin: Path
) -> None:
    run_payload["title"] = '$(touch "$OUT/pwned") `touch "$OUT/pwned2"`'
    registry.add_cmd(
        """cat > "$OUT/got.json" && echo '{"path": "got.json", "run_id": "'"$PEEPSHOW_RUN_ID"'"}'"""
    )
    (delivery,), _ = deliver(run_payload, [])
    assert delivery.ok and delivery.receipt == {"path": "got.json", "run_id": run_payload["run_id"]}
    assert json.loads((out / "got.json").read_text())["title"] == run_payload["title"]
    assert not (out / "pwned").exists() and not (out / "pwned2").exists()


def test_outbox_round_trip_fails_then_succeeds(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any]
) -> None:
    make_sink(
        "later",
        """
cat > "$OUT/last.stdin"
if [ -e "$OUT/service-up" ]; then
  echo '{"id": "row-1", "run_id": "'"$PEEPSHOW_RUN_ID"'"}'; exit 0
fi
echo "peepshow-sink-later: error: service unavailable" >&2
exit 8
""",
    )
    (delivery,), _ = deliver(run_payload, ["later"])
    assert delivery.outbox is not None
    stderr = io.StringIO()
    (again,) = dispatch.retry([], stderr=stderr)
    assert not again.ok
    (item,) = outbox.items()[0]
    assert item.attempts == 2
    (out / "service-up").touch()
    (done,) = dispatch.retry([item.id], stderr=stderr)
    assert done.ok and done.receipt == {"id": "row-1", "run_id": run_payload["run_id"]}
    assert outbox.items() == ([], [])
    assert json.loads((out / "last.stdin").read_text()) == run_payload
    *_, line, totals = stderr.getvalue().splitlines()
    assert line == f"peepshow: {item.id}: delivered — id row-1"
    assert totals == "peepshow: retried 1: 1 delivered, 0 still in the outbox"


def test_retry_removes_only_what_succeeded(
    make_sink: MakeSink, out: Path, run_payload: dict[str, Any]
) -> None:
    make_sink("good", "cat > /dev/null; " + RECEIPT)
    outbox.store("good", run_payload, error="was down")
    registry.add_cmd("cat > /dev/null; echo 'still down' >&2; exit 8", entry_id="still-bad")
    outbox.store("still-bad", run_payload, error="was down", kind="cmd")
    results = dispatch.retry([], stderr=io.StringIO())
    assert sorted((d.sink, d.ok) for d in results) == [("good", True), ("still-bad", False)]
    (left,) = outbox.items()[0]
    assert (left.sink, left.error, left.attempts) == ("still-bad", "still down", 2)


def test_sink_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert dispatch.sink_timeout() == dispatch.DEFAULT_TIMEOUT_S == 300
    monkeypatch.setenv("PEEPSHOW_SINK_TIMEOUT", "2.5")
    assert dispatch.sink_timeout() == 2.5
    for bad in ("0", "-1", "soon"):
        monkeypatch.setenv("PEEPSHOW_SINK_TIMEOUT", bad)
        with pytest.raises(PeepshowError):
            dispatch.sink_timeout()
    stderr = io.StringIO()
    assert dispatch.timeout(None, stderr) == 300
    assert "PEEPSHOW_SINK_TIMEOUT" in stderr.getvalue()


@pytest.mark.parametrize("bad", ["inf", "nan", "-inf", "0"])
def test_an_unusable_sink_timeout_stops_the_run_before_extraction(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    """PEEPSHOW_SINK_TIMEOUT=inf once passed the start-up check and crashed after extraction."""
    monkeypatch.setenv("PEEPSHOW_SINK_TIMEOUT", bad)
    with pytest.raises(PeepshowError, match="PEEPSHOW_SINK_TIMEOUT") as caught:
        dispatch.preflight([], use_registry=True)
    assert caught.value.code == ExitCode.CONFIG


def test_a_key_named_variable_echoed_by_a_sink_is_masked_everywhere(
    make_sink: MakeSink, run_payload: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sink's last stderr line quoting $WEBHOOK_KEY: masked in peepshow's line and the outbox
    entry (before: shown, since only a few `…_KEY` names counted as secret)."""
    monkeypatch.setenv("WEBHOOK_KEY", "whk_live_51Habcdef")
    make_sink("keyecho", 'cat >/dev/null; echo "using key $WEBHOOK_KEY failed" >&2; exit 8')
    (delivery,), lines = deliver(run_payload, ["keyecho"])
    assert delivery.error == "using key *** failed", delivery
    assert "whk_live" not in "\n".join(lines)
    (item,) = outbox.items()[0]
    assert "whk_live" not in item.path.read_text()
