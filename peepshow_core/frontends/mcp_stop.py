"""Ctrl-C on `peepshow-mcp` (a person trying it in a terminal, or a client's process group
interrupted). The MCP SDK's own handling cancels the server and then waits for stdin to end: the
server sat there, past its "interrupted", until Ctrl-D. Here, with no call running, it ends at
once (`PROG: interrupted`, 130); with one running, that call's run stops at its next step (its
run folder removed, as a CLI run's is) and the server ends then; a second Ctrl-C ends it at once.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from peepshow_core.contract import boundary


class ServerStop:
    """Whether Ctrl-C asked the server to stop, and how many calls are running."""

    def __init__(self, prog: str) -> None:
        self.prog = prog
        self.calls = 0
        self.asked = False

    def install(self) -> None:
        """Handle SIGINT here (before the event loop starts: asyncio then leaves it alone)."""
        signal.signal(signal.SIGINT, self._interrupt)

    def check(self) -> None:
        """Called at each step of a call's run: raises KeyboardInterrupt once asked to stop."""
        if self.asked:
            raise KeyboardInterrupt

    @contextmanager
    def call(self) -> Iterator[None]:
        """A call running; the server ends as it ends, if asked to stop meanwhile."""
        self.calls += 1
        try:
            yield
        finally:
            self.calls -= 1
            if self.asked:
                self.leave()

    def leave(self) -> NoReturn:
        boundary.leave_now(boundary.report(KeyboardInterrupt(), self.prog))

    def _interrupt(self, _signum: int, _frame: object) -> None:
        if self.calls == 0 or self.asked:
            self.leave()
        self.asked = True
        print(
            f"{self.prog}: stopping the extraction under way (Ctrl-C again to quit now)",
            file=sys.stderr,
            flush=True,
        )
