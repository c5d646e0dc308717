"""The one error boundary (contract/boundary.py): how a Ctrl-C ends a program."""

from __future__ import annotations

import io
import signal

from peepshow_core.contract import boundary


def test_after_reporting_ctrl_c_a_second_one_is_ignored() -> None:
    """What the first Ctrl-C stopped is kept; a second one while the program exits must not
    turn its documented 130 into death by signal."""
    assert boundary.report(KeyboardInterrupt(), "peepshow", stderr=io.StringIO()) == 130
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
