"""Input paths that are not plain files get a message that says what they are, and a name with
terminal escape sequences is shown escaped (never obeyed) in every line peepshow prints."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery import registry
from tests.support.cli import run_main
from tests.support.paths import SAMPLE


def special(name: str, tmp_path: Path) -> Path:
    if name == "fifo":
        path = tmp_path / "pipe.mp4"
        os.mkfifo(path)
        return path
    if name == "loop":
        path = tmp_path / "loop.mp4"
        path.symlink_to(path)
        return path
    if name == "dangling":
        path = tmp_path / "gone.mp4"
        path.symlink_to(tmp_path / "never-there.mp4")
        return path
    return Path(name)


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("/dev/zero", "not a regular file but a character device"),
        ("/dev/urandom", "not a regular file but a character device"),
        ("fifo", "not a regular file but a named pipe (FIFO)"),
        ("loop", "is a symlink loop"),
        ("dangling", "which does not exist"),
    ],
)
def test_a_path_that_is_no_file_says_what_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, needle: str
) -> None:
    result = run_main(capsys, str(special(name, tmp_path)), "--no-transcript", "-e", "json")
    assert result.code == ExitCode.NO_INPUT and result.stdout == ""
    (line,) = [line for line in result.stderr.splitlines() if "error" in line]
    assert needle in line and "0 bytes" not in line and "no such file" not in line


def test_escape_sequences_in_names_and_sink_messages_are_shown_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    video = tmp_path / "talk\x1b[31m\x07red.mp4"
    shutil.copyfile(SAMPLE, video)
    registry.add_cmd("cat >/dev/null; printf 'bad \\033[2J news\\n' >&2; exit 8", entry_id="loud")
    result = run_main(capsys, str(video), "--no-transcript", "-e", "summary")
    assert result.code == 0, result.stderr
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr
    assert "talk\\x1b[31m\\x07red" in result.stdout  # the summary shows the name, escaped
    assert "bad \\x1b[2J news" in result.stderr
    missing = run_main(capsys, str(tmp_path / "gone\x1b]0;pwned\x07.mp4"))
    assert missing.code == ExitCode.NO_INPUT and "\x1b" not in missing.stderr
