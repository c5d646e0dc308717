"""`peepshow VIDEO` stopped by SIGTERM while it writes frames (`timeout`, systemd, `docker stop`)
ends as after Ctrl-C: `interrupted`, 130, and no run folder of half-written candidate images left
behind (it died at once, leaving a folder of hidden `.candidate-*` files no command cleans)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import REPO

TIMEOUT_S = 120
# Runs peepshow with its frame picking wrapped: once a second of video is scanned, the process
# sends itself SIGTERM, as a supervisor stopping it would.
SCRIPT = """
import os, signal, sys
from peepshow_core.run import extract
from peepshow_core.frontends import cli

real = extract.extract_frames

def stopped_midway(path, options, folder, progress):
    def on_seconds(seconds):
        if seconds > 1.0:
            os.kill(os.getpid(), signal.SIGTERM)
        progress(seconds)
    return real(path, options, folder, on_seconds)

extract.extract_frames = stopped_midway
sys.exit(cli.main(sys.argv[1:]))
"""


def test_sigterm_while_frames_are_written_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "runs"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "PEEPSHOW_CONFIG_DIR": str(tmp_path / "config"),
        "PEEPSHOW_STATE_DIR": str(tmp_path / "state"),
    }
    args = ["--no-transcript", "--no-sinks", "--strategy", "interval", "--interval", "0.1"]
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args, "--out", str(out), str(REPO / "samples/sample.mp4")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=env,
    )
    assert proc.returncode == ExitCode.INTERRUPTED, (proc.returncode, proc.stderr)
    assert proc.stderr.rstrip().endswith("peepshow: interrupted")
    assert "Traceback" not in proc.stderr
    assert not out.exists() or list(out.iterdir()) == []
