"""An exit 0 counts as delivered only with the contract's receipt: one JSON object naming this
run (`run_id`) as the last line of stdout. Before, peepshow took any exit 0 as "ok" and any last
line that parsed as a JSON object as the receipt: `add-cmd 'curl -s … --data-binary @-'` against
a service answering HTTP 500 `{"message": "nope"}` (curl exits 0 on HTTP errors without `-f`)
was reported `ok — message=nope`, and the delivery was lost. Now such a delivery is kept in the
outbox ("the delivery cannot be confirmed"); a command line that prints nothing at all
(`gzip > runs.gz`) is still trusted on its exit status."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from peepshow_core.contract import outbox
from peepshow_core.delivery import dispatch, registry
from tests.support.scripted import Reply, ScriptedServer

if TYPE_CHECKING:
    from tests.support.sinks import MakeSink

RECEIPT = """cat >/dev/null; echo '{"sink": "x", "run_id": "'"$PEEPSHOW_RUN_ID"'", "id": "r1"}'"""


@pytest.fixture
def service() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


def deliver(payload: dict[str, Any], requested: list[str]) -> tuple[Any, list[str]]:
    stderr = io.StringIO()
    (delivery,) = dispatch.deliver(payload, requested, use_registry=True, stderr=stderr)
    return delivery, stderr.getvalue().splitlines()


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl here")
def test_curl_passing_a_500_through_is_kept_not_ok(
    service: ScriptedServer, run_payload: dict[str, Any], sink_bin: Any
) -> None:
    service.replies = [Reply(500, {"message": "nope"})]
    registry.add_cmd(
        "curl -s -X POST -H 'Content-Type: application/json' --data-binary @- " + service.url,
        entry_id="hook",
    )
    delivery, lines = deliver(run_payload, [])
    assert len(service.seen) == 1
    assert not delivery.ok and delivery.exit_code == 0 and delivery.receipt is None
    assert delivery.outbox is not None, lines
    assert "cannot be confirmed" in (delivery.error or "") and "nope" in (delivery.error or "")
    assert lines[0].startswith("peepshow: sink hook: failed (exit 0) — exited 0, but its last")
    (item,) = outbox.items()[0]
    assert item.sink == "hook" and "cannot be confirmed" in item.error


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("cat >/dev/null", "without a receipt"),  # a sink printing nothing
        ("exit 0", "without a receipt"),  # one that never reads its stdin
        ("cat >/dev/null; echo done", "no JSON receipt (done)"),
        ("cat >/dev/null; echo '[1]'", "no JSON receipt"),
        ("""cat >/dev/null; echo '{"message": "nope"}'""", "naming no run_id of this run"),
        ("""cat >/dev/null; echo '{"run_id": "another"}'""", "naming no run_id of this run"),
    ],
)
def test_a_sink_exiting_0_without_this_runs_receipt_is_kept(
    make_sink: MakeSink, run_payload: dict[str, Any], body: str, why: str
) -> None:
    make_sink("odd", body)
    delivery, lines = deliver(run_payload, ["odd"])
    assert not delivery.ok and delivery.failed and delivery.exit_code == 0, lines
    assert why in (delivery.error or "") and delivery.outbox is not None, delivery
    assert lines[-1] == "peepshow: the delivery is kept; 'peepshow sinks retry' sends again"


def test_a_receipt_naming_this_run_is_ok(make_sink: MakeSink, run_payload: dict[str, Any]) -> None:
    make_sink("good", RECEIPT)
    delivery, lines = deliver(run_payload, ["good"])
    assert delivery.ok and delivery.receipt["run_id"] == run_payload["run_id"], lines
    assert lines == ["peepshow: sink good: ok — id r1"]
    assert outbox.items() == ([], [])


def test_a_silent_command_line_is_trusted_on_its_exit_status(
    run_payload: dict[str, Any], sink_bin: Any
) -> None:
    registry.add_cmd("cat > /dev/null", entry_id="archive")
    delivery, lines = deliver(run_payload, [])
    assert delivery.ok and delivery.receipt is None
    assert lines == ["peepshow: sink archive: ok — no receipt"]


def test_retry_delivers_once_the_receipt_comes(
    make_sink: MakeSink, run_payload: dict[str, Any]
) -> None:
    make_sink("late", "cat >/dev/null")
    deliver(run_payload, ["late"])
    make_sink("late", RECEIPT)
    (done,) = dispatch.retry([], stderr=io.StringIO())
    assert done.ok and outbox.items() == ([], [])
