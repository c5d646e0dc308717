"""`bin/peepshow batch` from a checkout: its workers are started with `spawn`, which imports the
launcher again as `__mp_main__`; a launcher without a `__main__` guard ran the whole batch again
in each worker ("another peepshow batch is using …", "a batch worker died while starting")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

TIMEOUT_S = 300


def test_a_batch_runs_from_the_checkout_launcher(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PEEPSHOW_CONFIG_DIR": str(tmp_path / "config"),
        "PEEPSHOW_STATE_DIR": str(tmp_path / "state"),
    }
    args = ["batch", "--no-transcript", "--no-sinks", "--jobs", "1", "--out", str(tmp_path / "o")]
    proc = subprocess.run(
        [sys.executable, str(REPO / "bin" / "peepshow"), *args, str(REPO / "samples/sample.mp4")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 done" in proc.stderr


def test_every_launcher_guards_its_main() -> None:
    for launcher in (REPO / "bin").iterdir():
        if not launcher.name.startswith("_"):
            assert 'if __name__ == "__main__":' in launcher.read_text("utf-8"), launcher.name
