"""Ctrl-C while the speech engine is inside one of its native steps (ONNX Runtime's voice
detection, NumPy's FFT, CTranslate2's decoding) ends `peepshow` with 130 and its one line.

The run does not wait for the engine's step (tests/run/test_interrupt.py); before, the process
then went on to Python's finalization with the engine's thread still in native code, and that
thread, stopped by `pthread_exit` as it came back for the GIL, aborted the whole process:
"terminate called without an active exception", SIGABRT (exit 134), after "interrupted" had
been printed. It happened on one Ctrl-C in two, or in three; each moment below is one more try.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.cli import peepshow_exe
from tests.support.terminal import run_in_terminal

# After "transcribing" shows: the engine loading, finding the voice, computing the features,
# decoding. Here, before the fix, about half of these moments aborted, each of 2.75-4.25 s.
CTRL_C_AFTER_S = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)


@pytest.mark.parametrize("after_s", CTRL_C_AFTER_S)
def test_ctrl_c_while_the_engine_works_ends_with_130(
    long_speech: Path, tmp_path: Path, after_s: float
) -> None:
    run = run_in_terminal(
        [peepshow_exe(), str(long_speech), "--no-sinks", "--out", str(tmp_path / "runs")],
        dict(os.environ),
        interrupt_after=b"peepshow: transcribing",
        interrupt_delay_s=after_s,
        timeout=120,
    )
    assert "terminate called" not in run.text, run.text
    assert run.code == 130, run.text
    assert run.text.count("peepshow: interrupted") == 1, run.text
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
