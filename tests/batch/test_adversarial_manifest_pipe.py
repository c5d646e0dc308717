"""A manifest given as a pipe (`--manifest <(find sub -name '*.mp4')`, which the shell passes as
/dev/fd/63) resolves its relative lines against the working directory, as `find` wrote them.
Before, they were taken relative to the pipe's "folder": /dev/fd/63 resolves to
/proc/PID/fd/pipe:[N], so every line became /proc/PID/fd/sub/talk.mp4 and failed (exit 3).
A manifest that is a regular file still resolves them against its own folder."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from peepshow_core.batch.inputs import read_manifest

LINES = 'sub/talk.mp4\n{"path": "sub/other.mp4"}\n'


def test_relative_lines_of_a_pipe_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    read_end, write_end = os.pipe()
    os.write(write_end, LINES.encode())
    os.close(write_end)
    try:
        items = read_manifest(f"/dev/fd/{read_end}", io.StringIO())
    finally:
        os.close(read_end)
    assert [item.path for item in items] == [tmp_path / "sub/talk.mp4", tmp_path / "sub/other.mp4"]


def test_relative_lines_of_a_file_are_relative_to_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "manifest.txt").write_text(LINES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    items = read_manifest(str(folder / "manifest.txt"), io.StringIO())
    assert [item.path for item in items] == [folder / "sub/talk.mp4", folder / "sub/other.mp4"]
