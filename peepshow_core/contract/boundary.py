"""The one error boundary of every peepshow program (`peepshow`, `peepshow sinks`, `peepshow-mcp`,
each `peepshow-sink-*`): an exception becomes one line on stderr and a documented exit code.

- `PeepshowError`: `PROG: error: MESSAGE`, its own code;
- Ctrl-C: `PROG: interrupted`, 130;
- the reader of stdout went away (`peepshow x --emit json | head`): quiet, 0;
- anything else is a bug: `PROG: error: unexpected failure (Type: text); rerun with --debug`, 1.

`--debug` (or PEEPSHOW_DEBUG=1) adds the traceback. Every line goes through `mask` first, so a
sink can keep its secrets out of it; without one, what looks like a credential whatever its
value (a URL's password, a bearer token, `?api_key=`) is masked.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import IO, NoReturn

from peepshow_core.contract import settings
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError
from peepshow_core.contract.redact import mask_patterns

Mask = Callable[[str], str]
STDERR_FD = 2
# Signals that stop a program the way Ctrl-C does: a scheduler's SIGTERM, a closed terminal's
# SIGHUP (their default, dying at once, would lose what was under way).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def debug_requested(flag: bool = False) -> bool:
    """`--debug`, or PEEPSHOW_DEBUG set to a true value (a value that is no yes/no: false)."""
    if flag:
        return True
    try:
        return settings.flag(settings.DEBUG)
    except ConfigError:
        return False


def one_line(text: str) -> str:
    """A message as one line: newlines inside it (a server's text, a path) become spaces, and
    control characters (terminal escapes in a file name) are shown escaped."""
    flat = " ".join(text.splitlines())
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in flat)


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM whose consequence is known ("stopped before it finished (kept in the
    outbox as …)"): `report` says it in the one `PROG: interrupted` line, so that an interrupted
    program still writes one line, not two."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def report(
    exc: BaseException,
    prog: str,
    *,
    debug: bool = False,
    mask: Mask | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Print `exc` the documented way and return its exit code."""
    stream = stderr or sys.stderr
    clean = mask or mask_patterns  # a credential in a URL, a bearer token, `?api_key=`
    if isinstance(exc, KeyboardInterrupt):
        _ignore_further_interrupts()  # the program is on its way out: a second Ctrl-C changes
        # nothing (what the first one stopped is already kept), so it cannot turn 130 into a kill.
        # On a terminal the line that was being written (and the `^C` it echoed) is ended first.
        newline = "\n" if _is_terminal(stream) else ""
        detail = one_line(clean(exc.detail)) if isinstance(exc, Stopped) else ""
        said = f"{prog}: interrupted" + (f": {detail}" if detail else "")
        print(f"{newline}{said}", file=stream, flush=True)
        return int(ExitCode.INTERRUPTED)
    if isinstance(exc, BrokenPipeError):
        silence_stdout()
        return int(ExitCode.OK)
    if debug_requested(debug):
        text = "".join(traceback.format_exception(exc))
        stream.write(clean(text))
    if isinstance(exc, PeepshowError):
        print(f"{prog}: error: {one_line(clean(exc.message))}", file=stream, flush=True)
        return int(exc.code)
    detail = one_line(clean(f"{exc.__class__.__name__}: {exc}"))
    print(
        f"{prog}: error: unexpected failure ({detail}); rerun with --debug for details",
        file=stream,
        flush=True,
    )
    return int(ExitCode.INTERNAL)


def guarded(
    work: Callable[[], int | None],
    prog: str,
    *,
    debug: bool = False,
    mask: Mask | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run `work()` and return its exit code (None is 0); failures go through `report`."""
    try:
        return int(work() or 0)
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        return report(exc, prog, debug=debug, mask=mask, stderr=stderr)


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """A Ctrl-C during the block takes effect when it ends: what the block records (a delivery
    the sink acknowledged, and that it was) is recorded whole, never half, so a resumed run
    neither loses nor repeats it. Outside the main thread, where Python runs no signal
    handler, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pressed and callable(previous):
            previous(signal.SIGINT, None)  # (the default handler raises KeyboardInterrupt)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (`timeout`, systemd, `docker stop`) or SIGHUP (the terminal closing, an ssh
    session dropped) during the block stops it the way Ctrl-C does, so what it was doing is
    kept, not lost; a further one changes nothing. Outside the main thread, where Python runs
    no signal handler, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in stop_signals()}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def stop_signals() -> list[int]:
    """STOP_SIGNALS but those the caller ignores: `nohup` ignores SIGHUP so that a run outlives
    its terminal, and it must."""
    return [sig for sig in STOP_SIGNALS if signal.getsignal(sig) is not signal.SIG_IGN]


def _ignore_further_interrupts() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def ensure_stderr() -> None:
    """A program started with stderr closed (`2>&-`): descriptor 2 becomes /dev/null. Else its
    messages went to stdout (print's fallback while sys.stderr is None), into `--emit json`'s
    data or a sink's receipt line, and the first file it opened took descriptor 2, where C
    libraries write their warnings."""
    if sys.stderr is not None:
        return
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        if null != STDERR_FD:
            os.dup2(null, STDERR_FD)
            os.close(null)
        sys.stderr = open(STDERR_FD, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def leave_now(code: int) -> NoReturn:
    """End the process with `code` at once, without Python's finalization, once everything is
    written. For a program whose daemon thread is still inside a native library's step (the
    speech engine: ONNX Runtime, NumPy's FFT, CTranslate2): finalization stops such a thread
    with `pthread_exit` when it next takes the GIL, which, unwinding through C++ frames, aborts
    the whole process (SIGABRT, 134, "terminate called without an active exception") in place
    of the code it had reported."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)
