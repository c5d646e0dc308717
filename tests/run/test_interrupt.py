"""Ctrl-C during a run: the transcription thread stops at its next step instead of finishing the
audio, and nothing is left behind."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from peepshow_core.run.extract import run_extraction
from peepshow_core.run.options import RunOptions


def test_ctrl_c_while_picking_frames_stops_the_transcription(
    speech_video: Path, tmp_path: Path
) -> None:
    transcribed: list[float] = []

    def frames_progress(share: float) -> None:
        raise KeyboardInterrupt  # the user pressed Ctrl-C while frames were being picked

    options = RunOptions(out_dir=tmp_path / "runs")
    with pytest.raises(KeyboardInterrupt):
        run_extraction(
            speech_video, options, on_share=frames_progress, on_transcribed=transcribed.append
        )
    assert 1.0 not in transcribed  # stopped, not finished
    assert not [t for t in threading.enumerate() if t.name.startswith("peepshow")]
    assert list((tmp_path / "runs").iterdir()) == []  # no empty run folder
