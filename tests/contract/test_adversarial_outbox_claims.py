"""An entry delivered by `sinks retry` (or dropped) leaves no lock file behind. Before, every
entry ever claimed left an empty `.claims/<id>.lock` for good: 1100 files after one retry of
an outbox of 1100, and more with every later one."""

from __future__ import annotations

import io
from typing import Any

from peepshow_core.contract import outbox, paths
from peepshow_core.delivery import redeliver, registry

ENTRIES = 3


def test_delivered_and_dropped_entries_leave_no_lock_files(run_payload: dict[str, Any]) -> None:
    registry.add_cmd("cat > /dev/null", entry_id="mine")
    for number in range(ENTRIES):
        payload = {**run_payload, "run_id": f"{run_payload['run_id'][:-1]}{number}"}
        outbox.store("mine", payload, error="HTTP 503", kind="cmd", registered=True)
    outbox.store("other", run_payload, error="HTTP 503")
    delivered = redeliver.retry(["mine"], stderr=io.StringIO(), timeout_s=60)
    assert len(delivered) == ENTRIES and all(d.ok for d in delivered)
    redeliver.drop([], sink="other")
    assert outbox.items() == ([], [])
    claims = paths.outbox_dir() / outbox.CLAIMS
    assert sorted(p.name for p in claims.iterdir()) == []
