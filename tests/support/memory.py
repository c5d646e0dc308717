"""A child process's own peak memory, for tests that bound it. `getrusage`'s ru_maxrss is kept
across exec, so a child forked from a big test process (an xdist worker late in a run) reports
its parent's size; the kernel's VmHWM starts afresh with the new program."""

from __future__ import annotations

from pathlib import Path

STATUS = Path("/proc/self/status")
# Python source that sets `peak` to the process's peak resident memory in MB (VmHWM).
PEAK_MB = (
    'peak = next(int(line.split()[1]) for line in open("/proc/self/status") '
    'if line.startswith("VmHWM:")) // 1024'
)


def measurable() -> bool:
    return STATUS.exists() and "VmHWM:" in STATUS.read_text()
