"""A run folder's marker nested past the JSON decoder's limit is a damaged marker (the folder is
still listed, dated by the marker's time), as other damage is; `peepshow runs list` ended in
`unexpected failure (RecursionError)` (1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.run.folders import MARKER, list_runs

DEPTH = 100_000


@pytest.mark.usefixtures("gc_paused")
def test_a_deeply_nested_marker_is_a_damaged_one(tmp_path: Path) -> None:
    folder = tmp_path / "talk-1234abcd"
    folder.mkdir()
    (folder / MARKER).write_text("[" * DEPTH + "]" * DEPTH, "utf-8")
    (run,) = list_runs(tmp_path)
    assert run.path == folder and run.run_id is None
