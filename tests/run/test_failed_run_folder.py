"""A run that fails after its frames were written (the Whisper model given cannot be loaded)
leaves no run folder: frames without a payload are no run, and `peepshow runs list` showed them
as "a run from an earlier peepshow" (an adversarial pass's D03)."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.cli import run_main
from tests.support.paths import SAMPLE


def test_a_run_whose_model_cannot_be_loaded_leaves_no_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    model = tmp_path / "broken-model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    (model / "model.bin").write_bytes(b"\\x00not a model" * 100)
    out = tmp_path / "runs"
    result = run_main(capsys, str(SAMPLE), "--out", str(out), "--model", str(model), "-e", "none")
    assert result.code == ExitCode.CONFIG, result.stderr
    assert "frames written" in result.stderr  # (the frames came first)
    assert not out.exists() or not any(out.iterdir()), sorted(out.rglob("*"))
