"""Status lines and a progress bar on stderr; the bar only when stderr is a terminal."""

from __future__ import annotations

import time
from typing import TextIO


class Reporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.is_tty = bool(getattr(stream, "isatty", lambda: False)())
        self._bar_shown = False
        self._last_draw = 0.0

    def status(self, message: str) -> None:
        self._clear_bar()
        print(f"peepshow: {message}", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        self.status(f"warning: {message}")

    def progress(self, share: float) -> None:
        """Redraw the bar for `share` (0..1) of the video scanned, at most 10 times a second;
        silent when stderr is not a terminal."""
        now = time.monotonic()
        if not self.is_tty or now - self._last_draw < 0.1:
            return
        self._last_draw = now
        share = max(0.0, min(1.0, share))
        filled = int(share * 30)
        bar = "#" * filled + "." * (30 - filled)
        self.stream.write(f"\r[{bar}] {share:4.0%} of the video scanned")
        self.stream.flush()
        self._bar_shown = True

    def done(self) -> None:
        self._clear_bar()

    def _clear_bar(self) -> None:
        if self._bar_shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()
            self._bar_shown = False
