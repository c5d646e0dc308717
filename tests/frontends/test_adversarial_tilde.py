"""A quoted `~name/...` naming no user (a typo for `~/...`) stays as written, as a shell leaves
it: a video there is a missing file (exit 3), a manifest there cannot be read (3), a batch input
there fails on its own, and the MCP tool says "no such file". Before, Python's RuntimeError
("Could not determine home directory") made each of them exit 1, "unexpected failure"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from peepshow_core.batch.inputs import collect
from peepshow_core.contract.errors import ExitCode, NoInputError
from peepshow_core.contract.tilde import expand_user
from peepshow_core.frontends.mcp_server import run_tool
from tests.support.cli import run_main

NO_USER = "~peepshow-no-such-user-4411"


def test_a_tilde_naming_no_user_stays_as_written() -> None:
    assert expand_user(f"{NO_USER}/talk.mp4") == Path(f"{NO_USER}/talk.mp4")
    assert expand_user("~/talk.mp4") == Path.home() / "talk.mp4"


def test_a_video_there_is_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, f"{NO_USER}/talk.mp4", "--no-sinks")
    assert result.code == ExitCode.NO_INPUT, result.stderr
    assert f"no such file: {NO_USER}/talk.mp4" in result.stderr


def test_a_batch_input_there_is_an_item_and_a_manifest_there_is_unreadable() -> None:
    (item,) = collect([f"{NO_USER}/talk.mp4"], None, io.StringIO(), [])
    assert item.path.name == "talk.mp4" and NO_USER in str(item.path)
    with pytest.raises(NoInputError, match="cannot read the manifest"):
        collect([], f"{NO_USER}/list.txt", io.StringIO(), [])


def test_the_mcp_tool_says_no_such_file() -> None:
    with pytest.raises(NoInputError, match="no such file"):
        run_tool(f"{NO_USER}/talk.mp4", transcript=False)
