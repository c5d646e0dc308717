"""What a run shows on stderr: on a real 40-column terminal one live display (frames and
transcript, elapsed time and time left) that leaves clean lines behind; plain lines elsewhere."""

from __future__ import annotations

import io
import os
import re
import threading
import time
from pathlib import Path

import pytest

from peepshow_core.contract.vocab import ProgressTask
from peepshow_core.delivery import registry
from peepshow_core.frontends.progress import Reporter
from tests.support.cli import peepshow_exe, run_exe
from tests.support.terminal import run_in_terminal

BAR_PIECES = ("━", "╸", "╺", "%")
ELAPSED = re.compile(rb"\d:\d\d:\d\d")


def test_off_a_terminal_only_plain_lines() -> None:
    stream = io.StringIO()
    reporter = Reporter(stream)
    reporter.progress(ProgressTask.frames, 0.5)
    reporter.status("picking frames")
    reporter.progress(ProgressTask.transcript, 0.7)
    reporter.warn("something odd")
    reporter.done()
    assert stream.getvalue() == "peepshow: picking frames\npeepshow: warning: something odd\n"


def test_quiet_keeps_warnings_only() -> None:
    stream = io.StringIO()
    reporter = Reporter(stream, quiet=True)
    reporter.status("picking frames")
    reporter.warn("something odd")
    assert stream.getvalue() == "peepshow: warning: something odd\n"


def test_installed_run_off_a_terminal_has_no_control_characters(silent_talk: Path) -> None:
    result = run_exe(str(silent_talk), "--no-transcript", "--emit", "none")
    assert result.code == 0, result.stderr
    assert "peepshow: picking frames" in result.stderr
    assert "\r" not in result.stderr and "\x1b" not in result.stderr


def test_a_40_column_terminal_gets_two_tasks_and_clean_lines(
    speaking_talk: Path, tmp_path: Path
) -> None:
    """stdout and stderr on one narrow terminal, as a person runs it: the display shows the
    frames and the transcription with times, disappears without leaving wrapped pieces of
    bars, and the sink's line is shown once (not again in the summary)."""
    registry.add_cmd(
        """cat >/dev/null; echo '{"id": "r-1", "run_id": "'"$PEEPSHOW_RUN_ID"'"}'""", [], "rec"
    )
    run = run_in_terminal(
        [peepshow_exe(), str(speaking_talk), "--out", str(tmp_path / "runs")],
        dict(os.environ),
        columns=40,
    )
    assert run.code == 0, run.text
    assert b"frames" in run.raw and b"transcript" in run.raw
    assert ELAPSED.search(run.raw), run.raw[-400:]
    leftovers = [line for line in run.screen if any(p in line for p in BAR_PIECES)]
    assert leftovers == [], run.text
    assert run.text.count("sink rec: ok — id r-1") == 1, run.text
    assert run.text.count("peepshow: picking frames (auto)") == 1, run.text
    assert "transcript: en" in run.text  # the summary is there


@pytest.mark.parametrize(
    "typed_after",
    [b"peepshow: transcribing", b"%"],
    ids=["before-the-display", "under-the-display"],
)
def test_ctrl_c_message_has_its_own_line(
    speech_video: Path, tmp_path: Path, typed_after: bytes
) -> None:
    """Ctrl-C typed before the display shows, or while it does: the terminal echoes `^C` after
    the display's last column, so a display as wide as the terminal would be left behind."""
    run = run_in_terminal(
        [peepshow_exe(), str(speech_video), "--exact", "--out", str(tmp_path / "runs")],
        dict(os.environ),
        columns=40,
        interrupt_after=typed_after,
    )
    assert run.code == 130, run.text
    assert "peepshow: interrupted" in run.screen, run.text
    assert not any(p in line for line in run.screen for p in BAR_PIECES), run.text


@pytest.mark.parametrize("quiet", ["-q", "--quiet"])
def test_quiet_on_a_terminal_draws_nothing(silent_talk: Path, tmp_path: Path, quiet: str) -> None:
    run = run_in_terminal(
        [peepshow_exe(), str(silent_talk), quiet, "--no-transcript", "--emit", "none"],
        dict(os.environ),
        columns=40,
    )
    assert run.code == 0, run.text
    assert run.raw == b"", run.raw


def test_dash_with_a_terminal_on_stdin_is_a_usage_error() -> None:
    run = run_in_terminal([peepshow_exe(), "-", "--no-transcript"], dict(os.environ), columns=80)
    assert run.code == 2
    assert "peepshow: error: `-` reads the video from stdin, but stdin is a terminal" in run.text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ctrl_c_while_the_display_starts_still_erases_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C landing while the display starts (rich's `Progress.start`, in the thread that
    reported first): `done` still stops it, and it is erased (before, the reporter had not
    noted it yet, and its bar stayed above "peepshow: interrupted", a run under load)."""
    from rich.progress import Progress

    started: list[Progress] = []
    start = Progress.start

    def interrupted_start(self: Progress) -> None:
        start(self)
        started.append(self)
        raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "start", interrupted_start)
    reporter = Reporter(_Terminal())
    with pytest.raises(KeyboardInterrupt):
        reporter.progress(ProgressTask.transcript, 0.0)
    try:
        reporter.done()
        assert started and not started[0].live.is_started
    finally:
        for progress in started:
            progress.stop()


def test_a_report_racing_done_draws_nothing() -> None:
    """A report from another thread (the transcription's) that arrives while the run ends
    (`done`, on Ctrl-C) starts no display after it: before, it asked whether the display was
    live before taking the lock, and drew a bar that nothing would erase."""
    reporter = Reporter(_Terminal())
    reporter._lock = threading.RLock()  # type: ignore[assignment]  # (done() while held)
    with reporter._lock:
        worker = threading.Thread(target=reporter.progress, args=(ProgressTask.transcript, 0.1))
        worker.start()
        time.sleep(0.2)  # (the worker waits at the lock)
        reporter.done()
    worker.join()
    try:
        assert reporter._progress is None
    finally:
        reporter.done()
