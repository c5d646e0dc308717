"""What a CLI run shows on stderr: status lines, warnings, and on a terminal one live progress
display (rich) with the frames and the transcription as two tasks, each with its elapsed time
and an estimate of the time left.

- Not a terminal: plain lines only, never a control character (logs, pipes, CI).
- `--quiet`: no status lines and no progress; warnings and errors still show.
- The display fits the terminal's width (no wrapped bars), is erased when the run ends, and lines
  printed meanwhile appear above it; after Ctrl-C the next line starts on a line of its own.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from peepshow_core.contract.vocab import ProgressTask
from peepshow_core.render.fmt import one_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

LABELS = {ProgressTask.frames: "frames", ProgressTask.transcript: "transcript"}
REFRESH_PER_S = 8
# Columns left free at the display's right edge. A terminal echoes Ctrl-C as `^C` where the cursor
# is, just after the display: a display as wide as the terminal would make it wrap to a new line,
# and the display, erased relative to where it thinks the cursor is, would leave a bar behind.
ECHO_ROOM = len("^C")


def is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def same_terminal(a: TextIO, b: TextIO) -> bool:
    """Both streams write to the same terminal (what one shows, the other need not repeat)."""
    if not (is_terminal(a) and is_terminal(b)):
        return False
    try:
        return os.path.samestat(os.fstat(a.fileno()), os.fstat(b.fileno()))
    except (AttributeError, ValueError, OSError):
        return False


class Reporter:
    """The CLI's side of a run (the `Reporter` protocol of run/pipeline)."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.live = is_terminal(stream) and not quiet
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._tasks: dict[ProgressTask, TaskID] = {}

    def status(self, message: str) -> None:
        if not self.quiet:
            self._line(f"peepshow: {message}")

    def warn(self, message: str) -> None:
        self._line(f"peepshow: warning: {message}")

    def progress(self, task: ProgressTask, share: float) -> None:
        """`share` (0..1) of `task` done; drawn only on a terminal."""
        with self._lock:  # (asked under the lock: a report racing `done` draws nothing)
            if not self.live:
                return
            progress = self._progress or self._start()
            new = task not in self._tasks
            if new:
                self._tasks[task] = progress.add_task(LABELS[task], total=1.0)
            progress.update(self._tasks[task], completed=max(0.0, min(1.0, share)))
            if new:
                progress.refresh()  # show a new task at once, even in a short run

    def extraction_done(self) -> None:
        """Frames and transcript are made: the display goes before the sinks' lines come."""
        self.done()

    def done(self) -> None:
        """Remove the display (at the end of a run, and on any failure or Ctrl-C)."""
        with self._lock:
            self.live = False  # a late report (a thread still finishing) draws nothing
            if self._progress is not None:
                self._progress.stop()
                self._progress = None
                self._tasks.clear()

    def _line(self, text: str) -> None:
        text = one_line(text)  # a file name's escape sequences are shown, not obeyed
        with self._lock:
            if self._progress is not None:
                self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
                return
        print(text, file=self.stream, flush=True)

    def _start(self) -> Progress:
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.table import Column

        console = _console_class()(file=self.stream, highlight=False, markup=False)
        columns: list[Any] = [
            TextColumn("{task.description:<10}"),
            BarColumn(bar_width=None, table_column=Column(ratio=1)),  # the bar gives way first
            TaskProgressColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        ]
        progress = Progress(
            *columns,
            console=console,
            transient=True,
            expand=True,
            refresh_per_second=REFRESH_PER_S,
        )
        self._progress = progress  # (before it starts: a Ctrl-C landing in `start` finds it
        progress.start()  # to erase, `done`)
        return progress


@cache
def _console_class() -> type[Console]:
    """rich's Console, `ECHO_ROOM` columns narrower than the terminal (and still following its
    width when it is resized)."""
    from rich.console import Console, ConsoleDimensions

    class EdgeConsole(Console):
        @property
        def size(self) -> ConsoleDimensions:
            width, height = Console.size.fget(self)  # type: ignore[attr-defined]
            return ConsoleDimensions(max(1, width - ECHO_ROOM), height)

        @size.setter
        def size(self, new_size: tuple[int, int]) -> None:
            Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    return EdgeConsole
