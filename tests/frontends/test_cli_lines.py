"""What the CLI prints, line by line: counted right, shell commands as a shell takes them, a
user command's exit code as a plain number."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.delivery import registry
from tests.support.cli import invoke, run_main
from tests.support.paths import SAMPLE


def test_one_frame_is_one_frame(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, str(SAMPLE), "--no-transcript", "--max-frames", "1")
    assert result.code == 0, result.stderr
    assert "peepshow: 1 frame written to " in result.stderr
    assert "auto: 1 frame at 00:00" in result.stdout


def test_sinks_list_shows_a_command_as_a_shell_takes_it(tmp_path: Path) -> None:
    from peepshow_core.frontends.cli_sinks import main

    command = r"grep -c \. > counts.txt"
    added = invoke(main, "add-cmd", command, "--name", "dots")
    assert added.code == 0, added.stderr
    assert r"registered dots: sh -c 'grep -c \. > counts.txt'" in added.stderr
    listed = invoke(main, "list")
    assert r"sh -c 'grep -c \. > counts.txt'" in listed.stdout
    assert "\\\\" not in listed.stdout + added.stderr  # no doubled backslashes


def test_a_user_commands_exit_code_is_just_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    registry.add_cmd("cat >/dev/null; echo boom >&2; exit 3", [], "mine")
    result = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json")
    assert result.code == 0, result.stderr
    line = "peepshow: sink mine: failed (exit 3) — boom"  # then: kept in the outbox as …
    assert any(shown.startswith(line) for shown in result.stderr.splitlines()), result.stderr
    assert "no_input" not in result.stderr and "no input" not in result.stderr
