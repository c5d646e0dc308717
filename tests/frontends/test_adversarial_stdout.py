"""`peepshow VIDEO` whose stdout cannot take the output (a full disk: /dev/full; a closed fd 1)
says so in one line with CONFIG (6), the code of output that cannot be written; it was
`unexpected failure` (1). A reader that went away (`| head`) stays quiet and 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import REPO

TIMEOUT_S = 120
FULL = Path("/dev/full")


def run(tmp_path: Path, **popen: object) -> subprocess.CompletedProcess[str]:
    args = ["--no-transcript", "--no-sinks", "-q", "--emit", "json", "--out", str(tmp_path)]
    return subprocess.run(
        [sys.executable, str(REPO / "bin" / "peepshow"), *args, str(REPO / "samples/sample.mp4")],
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT_S,
        **popen,  # type: ignore[call-overload]
    )


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
def test_a_full_stdout_is_one_output_error_line(tmp_path: Path) -> None:
    with FULL.open("w") as full:
        proc = run(tmp_path, stdout=full)
    assert proc.returncode == ExitCode.CONFIG, proc.stderr
    assert proc.stderr.count("\n") == 1 and "stdout" in proc.stderr


def test_a_closed_stdout_is_one_output_error_line(tmp_path: Path) -> None:
    proc = run(tmp_path, preexec_fn=lambda: os.close(1))
    assert proc.returncode == ExitCode.CONFIG, proc.stderr
    assert proc.stderr.count("\n") == 1 and "stdout" in proc.stderr
