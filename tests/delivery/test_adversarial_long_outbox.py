"""`peepshow sinks retry` over an outbox longer than the open-file limit (thousands of entries
after a long outage; 300 under a limit of 256 here) delivers every entry. Before, it held a
claim (an open lock file) on every entry at once: with 1100 entries under the usual limit of
1024 it delivered nothing ("cannot read the sinks registry: Too many open files" for each, and
82 reported as "being delivered by another peepshow")."""

from __future__ import annotations

import os
import resource
import subprocess
import uuid
from typing import Any

from peepshow_core.contract import outbox
from peepshow_core.delivery import registry
from tests.support.cli import peepshow_exe

ENTRIES = 300
OPEN_FILES = 256  # fewer than the entries


def _limit_open_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))


def test_an_outbox_longer_than_the_open_file_limit_is_delivered_whole(
    run_payload: dict[str, Any],
) -> None:
    registry.add_cmd("cat > /dev/null", entry_id="mine")
    for number in range(ENTRIES):
        payload = {**run_payload, "run_id": str(uuid.UUID(int=number))}
        outbox.store("mine", payload, error="HTTP 503", kind="cmd", registered=True)
    proc = subprocess.run(
        [peepshow_exe(), "sinks", "retry"],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
        preexec_fn=_limit_open_files,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"retried {ENTRIES}: {ENTRIES} delivered, 0 still in the outbox" in proc.stderr
    assert outbox.items() == ([], [])
