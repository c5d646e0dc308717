"""SIGHUP (the terminal closing, an ssh session dropped) stops a sink run by hand and a
`peepshow VIDEO` delivering to its sinks the way SIGTERM and Ctrl-C do: what was under way is
kept in the outbox, exit 130. Before, SIGHUP's default killed them at once: the sink's payload
was lost, and peepshow's sinks ran on detached with nobody to keep a delivery that failed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery.faultserver import FaultServer, Mode
from tests.support.cli import peepshow_exe
from tests.support.paths import REPO, SAMPLE, load_run

WAIT_S = 60.0
POLL_S = 0.05


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(POLL_S)
    assert condition(), what  # type: ignore[operator]


def _hang_ups_default() -> None:
    """A suite run under `nohup` would pass its ignored SIGHUP on (peepshow then keeps it)."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_a_sink_hung_up_on_keeps_its_delivery(tmp_path: Path) -> None:
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
            preexec_fn=_hang_ups_default,
        )
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(payload))
        proc.stdin.close()
        _wait_for(lambda: server.requests, "the sink never reached the server")
        proc.send_signal(signal.SIGHUP)
        proc.wait(timeout=WAIT_S)
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
    assert proc.returncode == ExitCode.INTERRUPTED, (proc.returncode, err)
    assert out == "" and "Traceback" not in err
    (kept,) = (tmp_path / "state" / "outbox").glob("*.json")
    assert json.loads(kept.read_text("utf-8"))["payload"]["run_id"] == payload["run_id"]


def test_a_run_hung_up_on_while_its_sinks_run_keeps_their_deliveries(tmp_path: Path) -> None:
    started = tmp_path / "sink-started"
    env = {
        **os.environ,
        "PEEPSHOW_CONFIG_DIR": str(tmp_path / "config"),
        "PEEPSHOW_STATE_DIR": str(tmp_path / "state"),
        "PEEPSHOW_OUT_DIR": str(tmp_path / "runs"),
    }
    subprocess.run(
        [peepshow_exe(), "sinks", "add-cmd", f"touch '{started}'; cat > /dev/null; sleep 60"],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.Popen(
        [peepshow_exe(), str(SAMPLE), "--no-transcript", "-e", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        preexec_fn=_hang_ups_default,
    )
    _wait_for(started.exists, "the sink never started")
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == ExitCode.INTERRUPTED, (proc.returncode, err)
    assert "1 unfinished delivery is kept in the outbox" in err, err
    assert len(list((tmp_path / "state" / "outbox").glob("*.json"))) == 1


def test_under_nohup_a_hang_up_is_still_ignored(tmp_path: Path) -> None:
    """`nohup peepshow …` must outlive its terminal: an ignored SIGHUP stays ignored."""
    script = (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "from peepshow_core.contract import boundary\n"
        "with boundary.sigterm_as_interrupt():\n"
        "    os.kill(os.getpid(), signal.SIGHUP)\n"
        "print('outlived it')\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=WAIT_S, cwd=REPO
    )
    assert ran.returncode == 0 and ran.stdout == "outlived it\n", ran.stderr
