"""A sink run by hand and stopped with SIGTERM (`timeout`, systemd, `docker stop`) or SIGHUP (its
terminal closed, an ssh session dropped) keeps its delivery in the outbox as after Ctrl-C; it
used to die at once and lose the payload."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery.faultserver import FaultServer, Mode
from tests.support.paths import REPO, load_run

WAIT_S = 20.0


def _signals_default() -> None:
    """A child of a non-interactive shell may start with SIGINT ignored, and a suite run under
    `nohup` passes an ignored SIGHUP on (peepshow then keeps it ignored): undo both."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_sink_keeps_its_delivery(tmp_path: Path, sig: signal.Signals) -> None:
    payload = load_run("full")
    with FaultServer() as server:
        server.inject(Mode.never)
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "PEEPSHOW_STATE_DIR": str(tmp_path / "state"),
            "CASSANDRA_URL": server.url,
            "CASSANDRA_KEYSPACE": "ks",
            "PEEPSHOW_SINK_MAX_TIME": "60",
        }
        env.pop("PEEPSHOW_DISPATCHED", None)
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "bin" / "peepshow-sink-cassandra")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            preexec_fn=_signals_default,
        )
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(payload))
        proc.stdin.close()
        deadline = time.monotonic() + WAIT_S
        while not server.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.requests, "the sink never reached the server"
        proc.send_signal(sig)
        proc.wait(timeout=WAIT_S)
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
    assert proc.returncode == ExitCode.INTERRUPTED, (proc.returncode, err)
    assert out == "" and "Traceback" not in err
    # one line (docs/PLUGINS.md: on failure one line); before, "stopped before it finished
    # (kept …)" and then "interrupted" on a line of its own
    (line,) = err.splitlines()
    assert line.startswith("peepshow-sink-cassandra: interrupted: stopped before it finished")
    assert "kept in the outbox as cassandra--" in line, line
    kept = list((tmp_path / "state" / "outbox").glob("*.json"))
    assert len(kept) == 1, err
    assert json.loads(kept[0].read_text("utf-8"))["payload"]["run_id"] == payload["run_id"]
