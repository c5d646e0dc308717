"""The progress bar is drawn only on a terminal; status lines always go to stderr."""

from __future__ import annotations

import io

from peepshow_core.frontends.progress import Reporter


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_is_drawn_on_a_terminal_and_cleared_before_a_status_line() -> None:
    stream = FakeTerminal()
    reporter = Reporter(stream)
    reporter.progress(0.5)
    assert "\r[" + "#" * 15 + "." * 15 + "]  50%" in stream.getvalue()
    reporter.status("4 frames written")
    tail = stream.getvalue().split("\r")[-1]
    assert tail == "peepshow: 4 frames written\n"


def test_no_bar_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    reporter = Reporter(stream)
    reporter.progress(0.5)
    reporter.done()
    reporter.status("done")
    assert stream.getvalue() == "peepshow: done\n"


def test_share_is_clamped() -> None:
    stream = FakeTerminal()
    Reporter(stream).progress(7.0)
    assert "100%" in stream.getvalue()
