"""SIGHUP (the terminal closing, an ssh session dropped) stops a `peepshow VIDEO` delivering to
its sinks the way SIGTERM and Ctrl-C do: what was under way is kept in the outbox, exit 130.
Before, SIGHUP's default killed it at once, and its sinks ran on detached with nobody to keep a
delivery that failed. (A sink run by hand: tests/sinks/test_adversarial_sigterm.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from peepshow_core.contract.errors import ExitCode
from tests.support.cli import peepshow_exe
from tests.support.paths import REPO, SAMPLE

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
