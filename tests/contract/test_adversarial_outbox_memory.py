"""Listing the outbox (and choosing what `sinks retry` delivers) holds no payload in memory:
after a long outage it holds thousands of entries, each a run of an hour-long talk (about a
megabyte of transcript words). Before, every payload was loaded at once: `peepshow sinks outbox`
over 300 such entries took 2.35 GB (and `sinks retry` as much before it delivered anything);
here 40 entries must stay under a bound that loading them all would pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from typing import Any

import pytest

from peepshow_core.contract import outbox
from tests.support.memory import PEAK_MB, measurable
from tests.support.paths import REPO

ENTRIES = 40
WORDS = 10_000  # an hour of speech
BOUND_MB = 150  # the listing process; all 40 payloads loaded take about 300 MB more
LIST = (
    """
import contextlib, io, json
from peepshow_core.frontends.cli_sinks import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["outbox", "--json"])
listed = json.loads(out.getvalue())
"""
    + PEAK_MB
    + """
titles = sorted({entry["title"] for entry in listed})
print(json.dumps({"code": code, "listed": len(listed), "titles": titles, "peak_mb": peak}))
"""
)


def _hour_long(payload: dict[str, Any]) -> dict[str, Any]:
    words = [
        {"word": " hello", "start": n * 0.3, "end": n * 0.3 + 0.25, "probability": 0.9}
        for n in range(WORDS)
    ]
    segment = payload["transcript"]["segments"][0]
    segments = [{**segment, "words": words[n : n + 20]} for n in range(0, WORDS, 20)]
    return {**payload, "transcript": {**payload["transcript"], "segments": segments}}


@pytest.mark.skipif(not measurable(), reason="no VmHWM in /proc/self/status here")
def test_listing_a_long_outbox_holds_no_payloads(run_payload: dict[str, Any]) -> None:
    big = _hour_long(run_payload)
    for number in range(ENTRIES):
        outbox.store("cassandra", {**big, "run_id": str(uuid.UUID(int=number))}, error="503")
    proc = subprocess.run(
        [sys.executable, "-c", LIST],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["code"] == 0 and report["listed"] == ENTRIES
    assert report["titles"] == [run_payload["title"]]
    assert report["peak_mb"] < BOUND_MB, report["peak_mb"]
