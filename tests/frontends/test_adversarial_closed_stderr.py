"""A program started with stderr closed (`2>&-`, as some supervisors and cron setups start it)
keeps stdout for data: `peepshow … --emit json` prints the payload and nothing else, and a sink
that fails prints nothing on stdout (where peepshow reads the receipt). Before, Python's print
fell back to stdout while sys.stderr was None: "peepshow: picking frames (auto)" and the sink's
error line came out on stdout, before the JSON."""

from __future__ import annotations

import json
import os
import subprocess

from tests.support.cli import installed_script, peepshow_exe
from tests.support.paths import SAMPLE

STDERR_FD = 2


def _close_stderr() -> None:
    os.close(STDERR_FD)


def _run(argv: list[str], stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        input=stdin,
        stdout=subprocess.PIPE,
        text=True,
        timeout=240,
        env={**os.environ, **env},
        preexec_fn=_close_stderr,
    )


def test_a_run_with_stderr_closed_prints_only_the_payload() -> None:
    ran = _run([peepshow_exe(), str(SAMPLE), "--no-transcript", "--no-sinks", "-e", "json"])
    assert ran.returncode == 0
    assert json.loads(ran.stdout)["frames"]


def test_a_failing_sink_with_stderr_closed_prints_nothing_on_stdout(
    run_payload: dict[str, object],
) -> None:
    ran = _run(
        [installed_script("peepshow-sink-cassandra")],
        json.dumps(run_payload),
        CASSANDRA_URL="http://127.0.0.1:9",
        CASSANDRA_KEYSPACE="ks",
        PEEPSHOW_SINK_MAX_ATTEMPTS="1",
    )
    assert ran.returncode == 8 and ran.stdout == ""
