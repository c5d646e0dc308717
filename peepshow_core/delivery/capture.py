"""A sink child's conversation: the payload written to its stdin while its stdout and stderr are
read, keeping only the last MAX_KEPT_BYTES of each (peepshow reads the last line of each: the
receipt, the error). `subprocess.communicate` keeps everything, so a sink that writes without
end (a debug loop, `yes`, `tail -f`) grew peepshow's memory by gigabytes a second until it was
killed, and lost every delivery of the run with it. And `communicate` waits for the pipes to
close, which a job the sink started in the background (`… &`) holds open after the sink exited:
its delivery then ran into the timeout. The pipes are read for EXITED_GRACE_S after the sink
exits, no longer.
"""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import subprocess
import time

MAX_KEPT_BYTES = 1024 * 1024  # of each of stdout and stderr: the tail, where the last line is
READ_BYTES = 64 * 1024
WRITE_BYTES = select.PIPE_BUF  # what a pipe that says "writable" takes without blocking
POLL_S = 0.1  # how often a conversation looks whether the sink has exited
EXITED_GRACE_S = 1.0  # how long a sink's pipes are read after it exited


def converse(proc: subprocess.Popen[bytes], data: bytes, timeout_s: float) -> tuple[bytes, bytes]:
    """Like `proc.communicate(data, timeout_s)`: the tail of stdout and of stderr once the child
    exited and closed them; `subprocess.TimeoutExpired` when that takes longer than `timeout_s`
    (the pipes are left open, `close_pipes` closes them)."""
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    deadline = time.monotonic() + timeout_s
    out, err = bytearray(), bytearray()
    kept = {proc.stdout.fileno(): out, proc.stderr.fileno(): err}
    sent = 0
    with selectors.DefaultSelector() as selector:
        if data:
            selector.register(proc.stdin, selectors.EVENT_WRITE)
        else:
            proc.stdin.close()
        for stream in (proc.stdout, proc.stderr):
            selector.register(stream, selectors.EVENT_READ)
        exited_at: float | None = None
        while selector.get_map():
            now = time.monotonic()
            if exited_at is None and proc.poll() is not None:
                exited_at = now
            if exited_at is not None and now - exited_at > EXITED_GRACE_S:
                break  # a job the sink left in the background holds its pipes: not ours to wait
            remaining = deadline - now
            if remaining <= 0:
                raise subprocess.TimeoutExpired(proc.args, timeout_s)
            for key, _ in selector.select(min(remaining, POLL_S)):
                if key.fileobj is proc.stdin:
                    sent = _feed(selector, proc, data, sent)
                    continue
                chunk = os.read(key.fd, READ_BYTES)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                buffer = kept[key.fd]
                buffer += chunk
                if len(buffer) > 2 * MAX_KEPT_BYTES:
                    del buffer[:-MAX_KEPT_BYTES]
    proc.wait(max(0.0, deadline - time.monotonic()))
    close_pipes(proc)
    return bytes(out[-MAX_KEPT_BYTES:]), bytes(err[-MAX_KEPT_BYTES:])


def _feed(
    selector: selectors.BaseSelector, proc: subprocess.Popen[bytes], data: bytes, sent: int
) -> int:
    """Write the next piece of `data` to the child's stdin; close it when all is sent or the
    child stopped reading (a sink may exit without reading its payload)."""
    assert proc.stdin is not None
    try:
        sent += os.write(proc.stdin.fileno(), data[sent : sent + WRITE_BYTES])
    except BrokenPipeError:
        sent = len(data)
    if sent >= len(data):
        selector.unregister(proc.stdin)
        with contextlib.suppress(OSError):
            proc.stdin.close()
    return sent


def close_pipes(proc: subprocess.Popen[bytes]) -> None:
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
