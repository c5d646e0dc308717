"""`peepshow -` with stdin closed (`peepshow - <&-`, a daemon without fd 0) is NO_INPUT (3) with
one line, as the sinks say it; it was `unexpected failure (AttributeError)` (1)."""

from __future__ import annotations

import os
import subprocess
import sys

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import REPO

TIMEOUT_S = 120


def test_a_closed_stdin_is_no_input() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "bin" / "peepshow"), "--no-transcript", "--no-sinks", "-"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == ExitCode.NO_INPUT, proc.stderr
    assert proc.stderr.count("\n") == 1 and "stdin is closed" in proc.stderr
