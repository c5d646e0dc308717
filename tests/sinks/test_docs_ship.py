"""Each built-in sink's documentation page ships inside the package (`peepshow-sink-X --docs`
works after `pip install`, not only in a checkout)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support.paths import REPO

LEFT_OUT = (
    ".venv",
    ".git",
    ".eval-cache",
    "tests",
    "devtools",
    "samples",
    "build",
    "*.egg-info",
    "__pycache__",
    ".peepshow-demo",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
)
PAGES = sorted(p.name for p in (REPO / "docs" / "sinks").glob("*.md"))


def test_the_wheel_holds_every_sink_page(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("peepshow-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert PAGES and all(f"peepshow_sinks/docs/{page}" in names for page in PAGES)
