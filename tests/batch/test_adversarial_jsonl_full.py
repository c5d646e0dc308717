"""`peepshow batch` whose JSON lines cannot be written (a full disk: /dev/full as `--jsonl FILE`
or as stdout) stops with one CONFIG line (6), "cannot write the JSON lines to …", as a single
run does for its stdout; a rerun resumes. Before, it ended with exit 1, "unexpected failure
(OSError: [Errno 28] No space left on device)"."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.cli import peepshow_exe

TIMEOUT_S = 240
FULL = Path("/dev/full")
pytestmark = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")


@pytest.mark.parametrize("target", ["file", "stdout"])
def test_a_full_disk_for_the_json_lines_is_a_config_error(
    silent_talks: list[Path], tmp_path: Path, target: str
) -> None:
    args = [peepshow_exe(), "batch", str(silent_talks[0]), "--out", str(tmp_path / "out")]
    args += ["--no-transcript", "--jobs", "1", "--jsonl", str(FULL) if target == "file" else "-"]
    with FULL.open("w") as full:
        proc = subprocess.run(
            args,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT_S,
            env=dict(os.environ),
        )
    assert proc.returncode == ExitCode.CONFIG, proc.stderr
    where = f"--jsonl {FULL}" if target == "file" else "stdout"
    assert f"cannot write the JSON lines to {where}: No space left on device" in proc.stderr
    assert "unexpected" not in proc.stderr
