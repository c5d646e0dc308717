"""One run for every front end: the CLI and the MCP tool check sinks before extracting and read
PEEPSHOW_NO_SINKS the same way, because both go through `run.pipeline`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery import registry
from peepshow_core.frontends.mcp_server import build_server
from tests.support.cli import run_main
from tests.support.paths import SAMPLE


def call_tool(arguments: dict[str, Any]) -> Any:
    async def session() -> Any:
        async with Client(build_server()) as client:
            return await client.call_tool("extract_video", arguments)

    return anyio.run(session)


def run_folders(tmp_path: Path) -> list[Path]:
    runs = tmp_path / "runs"  # PEEPSHOW_OUT_DIR
    return list(runs.iterdir()) if runs.is_dir() else []


def test_an_unknown_sink_fails_before_any_extraction_in_the_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run_main(capsys, str(SAMPLE), "--sink", "nosuch", "--no-transcript")
    assert result.code == ExitCode.CONFIG
    assert result.stderr.strip().splitlines() == [
        "peepshow: error: --sink nosuch: no executable peepshow-sink-nosuch on PATH"
    ]
    assert run_folders(tmp_path) == []


def test_an_unknown_sink_is_a_tool_error_before_any_extraction_in_mcp(tmp_path: Path) -> None:
    result = call_tool({"path": str(SAMPLE), "sinks": ["nosuch"], "transcript": False})
    assert result.is_error
    (block,) = result.content
    assert block.text.endswith(": --sink nosuch: no executable peepshow-sink-nosuch on PATH")
    assert run_folders(tmp_path) == []


def register_copy_sink(tmp_path: Path) -> Path:
    copy = tmp_path / "copied.json"
    registry.add_cmd(f"cat > '{copy}'", [], "copy")
    return copy


@pytest.mark.parametrize(
    ("value", "fires"),
    [
        ("", True),
        ("0", True),
        ("false", True),
        ("no", True),
        ("OFF", True),
        ("1", False),
        ("true", False),
        ("yes", False),
        ("On", False),
    ],
)
def test_peepshow_no_sinks_means_the_same_in_the_cli_and_mcp(
    value: str,
    fires: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy = register_copy_sink(tmp_path)
    monkeypatch.setenv("PEEPSHOW_NO_SINKS", value)
    result = run_main(capsys, str(SAMPLE), "--strategy", "keyframes", "--no-transcript")
    assert result.code == ExitCode.OK, result.stderr
    assert copy.exists() is fires
    copy.unlink(missing_ok=True)

    answer = call_tool({"path": str(SAMPLE), "strategy": "keyframes", "transcript": False})
    assert not answer.is_error
    assert copy.exists() is fires


def test_a_peepshow_no_sinks_that_is_no_yes_or_no_is_refused_by_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    register_copy_sink(tmp_path)
    monkeypatch.setenv("PEEPSHOW_NO_SINKS", "maybe")
    result = run_main(capsys, str(SAMPLE), "--no-transcript")
    assert result.code == ExitCode.CONFIG
    assert "PEEPSHOW_NO_SINKS='maybe' is not a yes/no value" in result.stderr
    answer = call_tool({"path": str(SAMPLE), "transcript": False})
    assert answer.is_error and "PEEPSHOW_NO_SINKS='maybe'" in answer.content[0].text
    assert run_folders(tmp_path) == []
