"""Run a command on a real pseudo-terminal of a given size and read back what a person would see:
the raw bytes, and the screen they leave, through a VT100 emulator (pyte)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

import pyte


@dataclass
class TerminalRun:
    code: int
    raw: bytes
    screen: list[str]  # the lines left on the screen, right-stripped, trailing blank ones dropped

    @property
    def text(self) -> str:
        return "\n".join(self.screen)


def run_in_terminal(
    argv: Sequence[str],
    env: dict[str, str],
    *,
    columns: int = 80,
    rows: int = 200,
    interrupt_after: bytes | re.Pattern[bytes] | None = None,
    interrupt_delay_s: float = 0.0,
    timeout: float = 300,
) -> TerminalRun:
    """Run `argv` with stdin, stdout and stderr on one terminal `columns` wide. When
    `interrupt_after` (bytes, or a pattern) shows up in the output, type Ctrl-C (the terminal
    sends SIGINT and echoes `^C`, as for a person), `interrupt_delay_s` later."""
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    pid, master = pty.fork()
    if pid == 0:  # the child: its stdio is the terminal; size it, then become the command
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.execvpe(argv[0], list(argv), env)
        finally:
            os._exit(127)
    raw = bytearray()
    interrupted = interrupt_after is None
    shown_at = 0.0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                raw += chunk
            if not interrupted and interrupt_after is not None and _shows(interrupt_after, raw):
                shown_at = shown_at or time.monotonic()
                if time.monotonic() >= shown_at + interrupt_delay_s:
                    os.write(master, b"\x03")
                    interrupted = True
        else:
            os.kill(pid, 9)
            raise AssertionError(f"{argv} did not finish in {timeout} s: {bytes(raw)[-2000:]!r}")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(master)
    screen = pyte.Screen(columns, rows)
    pyte.ByteStream(screen).feed(bytes(raw))
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return TerminalRun(os.waitstatus_to_exitcode(status), bytes(raw), lines)


def _shows(wanted: bytes | re.Pattern[bytes], raw: bytearray) -> bool:
    return wanted in raw if isinstance(wanted, bytes) else wanted.search(raw) is not None
