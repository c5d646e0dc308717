"""Ctrl-C during a run: the transcription thread stops at its next step instead of finishing the
audio, the run does not wait for that step, and nothing is left behind."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from peepshow_core.run import extract
from peepshow_core.run.background import TRANSCRIPTION_THREAD
from peepshow_core.run.extract import run_extraction
from peepshow_core.run.options import RunOptions
from peepshow_core.speech.engine import TranscriptResult

ENDS_WITHIN_S = 120.0  # (a hang guard, no timing: the thread ends at its next step)


def _transcription_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == TRANSCRIPTION_THREAD]


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
    assert list((tmp_path / "runs").iterdir()) == []  # no empty run folder
    for thread in _transcription_threads():
        thread.join(ENDS_WITHIN_S)  # it stops by itself at its next step
    assert not _transcription_threads()
    assert 1.0 not in transcribed  # stopped, not finished


def test_ctrl_c_does_not_wait_for_the_engines_long_step(
    speech_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine in one long step (reading a long recording's audio, finding the speech in all
    of it) is not waited for: Ctrl-C ends the run while the step goes on, and the step, once
    over, neither reports progress nor says anything."""
    in_step, step_over = threading.Event(), threading.Event()
    after_step: list[str] = []

    def long_step(media, options, on_share, on_status):  # type: ignore[no-untyped-def]
        in_step.set()
        step_over.wait(ENDS_WITHIN_S)
        on_status("transcript: a line said after the run stopped")
        after_step.append("said")
        on_share(0.5)  # raises: the run stopped
        after_step.append("reported")
        return TranscriptResult(None, reason="never")

    def frames_progress(share: float) -> None:
        if in_step.wait(ENDS_WITHIN_S):
            raise KeyboardInterrupt  # the user pressed Ctrl-C while the engine was in its step

    statuses: list[str] = []
    monkeypatch.setattr(extract, "transcribe_cached", long_step)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_extraction(
                speech_video,
                RunOptions(out_dir=tmp_path / "runs"),
                on_status=statuses.append,
                on_share=frames_progress,
            )
        assert not step_over.is_set() and _transcription_threads()  # returned mid-step
    finally:
        step_over.set()
    for thread in _transcription_threads():
        thread.join(ENDS_WITHIN_S)
    assert after_step == ["said"]  # its progress report raised
    assert not [s for s in statuses if "after the run stopped" in s]
    assert list((tmp_path / "runs").iterdir()) == []
