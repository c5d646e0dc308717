"""`--ray-address` without `--engine ray` is a usage error (2) in one line, before anything runs.
Before, it was ignored: the batch ran every video on this machine (`--engine local`, the
default), the cluster named never used, and nothing said so."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.cli import run_main


@pytest.mark.parametrize("engine", [[], ["--engine", "local"]])
def test_a_ray_address_needs_the_ray_engine(
    engine: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = tmp_path / "talk.mp4"
    video.write_bytes(b"never read")
    out = tmp_path / "out"
    args = ["batch", str(video), "--out", str(out), "--ray-address", "head:6379", *engine]
    result = run_main(capsys, *args)
    assert result.code == ExitCode.USAGE, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--engine ray" in lines[0]
    assert result.stdout == "" and not out.exists()
