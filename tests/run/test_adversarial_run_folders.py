"""`peepshow runs list|clean` over an output folder it cannot read is one CONFIG line (6), and a
folder in it that cannot be read (another user's on a shared `--out`, or one removed while it
is listed) is left out while the others are listed and cleaned. Before, either ended the command
with exit 1, "unexpected failure (PermissionError / OSError / FileNotFoundError)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_core.run import folders
from peepshow_core.run.folders import list_runs, mark
from tests.support.cli import run_main

TOO_LONG = "y" * 300  # past NAME_MAX (255)
RUN_ID = "3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f809a1b"
CREATED = "2020-01-01T00:00:00+00:00"


def _run_folder(parent: Path, name: str) -> Path:
    folder = parent / name
    folder.mkdir(parents=True)
    mark(folder, RUN_ID, name, parent / f"{name}.mp4", CREATED)
    return folder


def test_an_output_folder_that_cannot_be_read_is_a_config_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for command in (["list"], ["clean", "--older-than", "1d"]):
        result = run_main(capsys, "runs", *command, "--out", str(tmp_path / TOO_LONG))
        assert result.code == ExitCode.CONFIG, result.stderr
        assert "cannot read" in result.stderr and "unexpected" not in result.stderr


def test_a_run_folder_that_cannot_be_read_is_left_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = _run_folder(tmp_path, "kept-1234abcd")
    locked = _run_folder(tmp_path, "locked-1234abcd")
    read = folders._read

    def read_as_another_user(folder: Path) -> folders.RunFolder | None:
        if folder == locked:
            raise PermissionError(13, "Permission denied", str(folder))
        return read(folder)

    monkeypatch.setattr(folders, "_read", read_as_another_user)
    assert [run.path for run in list_runs(tmp_path)] == [kept]
    result = run_main(capsys, "runs", "clean", "--older-than", "1d", "--out", str(tmp_path))
    assert result.code == 0, result.stderr
    assert not kept.exists() and locked.exists()


def test_a_title_with_terminal_escapes_is_shown_not_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A title comes from a file's name: before, `runs list` printed its escapes raw (a name
    holding ESC [2J cleared the terminal; an OSC sequence could retitle it)."""
    folder = tmp_path / "talk-1234abcd"
    folder.mkdir()
    mark(folder, RUN_ID, "a\x1b[2J\x1b]0;pwned\x07\nb", tmp_path / "talk.mp4", CREATED)
    result = run_main(capsys, "runs", "list", "--out", str(tmp_path))
    assert result.code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "a\\x1b[2J\\x1b]0;pwned\\x07 b" in result.stdout
