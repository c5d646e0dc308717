"""A sink that writes without end costs peepshow a bounded amount of memory: peepshow keeps the
last MAX_KEPT_BYTES of a sink's stdout and stderr, which still hold the receipt line and the
error line it reads. Before, every byte was kept (`communicate`): a sink writing 3 s of `yes`
grew peepshow past 6 GB, and the run's deliveries died with it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from peepshow_core.delivery.capture import MAX_KEPT_BYTES
from tests.support.memory import PEAK_MB, measurable
from tests.support.paths import REPO

NOISE_MB = 300  # far more than is kept; kept whole, it costs peepshow about three times this
BOUND_MB = 150  # what the delivering process may reach (its imports take about 60 MB)
RUN_ALL = """
import json, sys
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery.children import Target, run_all
from tests.support.paths import load_run

noise = "head -c {mb}M /dev/zero | tr '\\\\0' x"
fails = "echo >&2; echo 'mine: error: boom' >&2; exit 8"
receipt = '''printf '{{"id": 7, "run_id": "%s"}}\\n' "$PEEPSHOW_RUN_ID"'''
targets = [
    Target("chatty-fails", SinkKind.cmd, noise + " >&2; " + fails),
    Target("chatty-works", SinkKind.cmd, noise + "; echo; " + receipt),
]
done = run_all(targets, [load_run("full")] * 2, 120.0, sys.stderr)
{peak_mb}
print(json.dumps({{"deliveries": [d.to_dict() for d in done], "peak_mb": peak}}))
"""


@pytest.mark.skipif(not measurable(), reason="no VmHWM in /proc/self/status here")
def test_a_sink_that_writes_hundreds_of_megabytes_costs_a_bounded_amount() -> None:
    assert NOISE_MB * 1024 * 1024 > 100 * MAX_KEPT_BYTES
    proc = subprocess.run(
        [sys.executable, "-c", RUN_ALL.format(mb=NOISE_MB, peak_mb=PEAK_MB)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    failed, worked = report["deliveries"]
    assert failed["exit_code"] == 8 and failed["error"] == "mine: error: boom", failed
    assert worked["ok"] and worked["receipt"]["id"] == 7, worked
    assert report["peak_mb"] < BOUND_MB, report["peak_mb"]
