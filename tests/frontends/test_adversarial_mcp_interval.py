"""The MCP tool's `interval_s` follows `--interval`'s rule: a finite number of at least 0.1 s,
else one usage sentence before any work. Before, the tool took any positive number: infinity
(`1e999` in a client's JSON) ran the whole extraction and then failed as bad input ("payload is
invalid at strategy_params/interval_s: inf is no number"), and 0.001 s asked for a frame every
millisecond (208 frames of a 14-second clip)."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from peepshow_core.contract.errors import UsageError
from peepshow_core.frontends.mcp_server import build_server, run_tool
from peepshow_core.run.options import MIN_INTERVAL_S


@pytest.mark.parametrize("interval_s", [math.inf, math.nan, MIN_INTERVAL_S / 10, -1.0])
def test_an_interval_the_cli_refuses_is_a_usage_error_before_any_work(
    silent_talk: Path, interval_s: float
) -> None:
    with pytest.raises(UsageError, match=r"interval_s must be a number of at least 0\.1"):
        run_tool(str(silent_talk), strategy="interval", interval_s=interval_s, transcript=False)
    out = Path(os.environ["PEEPSHOW_OUT_DIR"])
    assert not out.exists() or not any(out.iterdir())


def test_the_tool_answers_a_too_short_interval_with_one_sentence(silent_talk: Path) -> None:
    async def session() -> Any:
        async with Client(build_server()) as client:
            arguments = {"path": str(silent_talk), "interval_s": 0.001, "transcript": False}
            return await client.call_tool("extract_video", arguments)

    result = anyio.run(session)
    assert result.is_error
    (text,) = [c.text for c in result.content]
    assert "interval_s must be a number of at least 0.1" in text and "unexpected" not in text
