"""A command sink that leaves a job in the background (`… &`, which keeps the sink's stdout and
stderr open) is done when the sink exits: its exit code and receipt count, a second later. Before,
peepshow waited for the pipes to close, so the delivery ran into PEEPSHOW_SINK_TIMEOUT (300 s by
default), was reported as timed out, its process group killed, and it was kept for a retry that
would do the same."""

from __future__ import annotations

import io
import time

from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery.children import Target, run_all
from tests.support.paths import load_run

TIMEOUT_S = 4.0
BACKGROUND_S = 8  # the job it leaves behind outlives the timeout
MARGIN_S = 1.0  # done this long before the timeout at least
RECEIPT = """echo '{"ok": 1, "run_id": "'"$PEEPSHOW_RUN_ID"'"}'"""
SINK = f"cat > /dev/null; sleep {BACKGROUND_S} & {RECEIPT}"


def test_a_sink_that_backgrounds_a_job_is_done_when_it_exits() -> None:
    started = time.monotonic()
    (delivery,) = run_all(
        [Target("notify", SinkKind.cmd, SINK)], [load_run("full")], TIMEOUT_S, io.StringIO()
    )
    assert delivery.ok and delivery.receipt == {"ok": 1, "run_id": load_run("full")["run_id"]}, (
        delivery.to_dict()
    )
    assert time.monotonic() - started < TIMEOUT_S - MARGIN_S
