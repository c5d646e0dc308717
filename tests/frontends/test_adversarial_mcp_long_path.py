"""The MCP tool given a path the system refuses (a name longer than NAME_MAX) says so as the
CLI does ("cannot read …: File name too long", NO_INPUT). Before, its existence check raised
OSError and the tool answered "unexpected failure (OSError: [Errno 36] …)", a bug's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import NoInputError
from peepshow_core.frontends.mcp_server import run_tool

TOO_LONG = "a" * 5000  # past NAME_MAX (255) and PATH_MAX (4096)


@pytest.mark.parametrize("name", [TOO_LONG, f"{TOO_LONG[:300]}.mp4"])
def test_a_name_too_long_is_no_input(tmp_path: Path, name: str) -> None:
    with pytest.raises(NoInputError, match="File name too long"):
        run_tool(str(tmp_path / name), transcript=False)
