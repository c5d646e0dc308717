"""Sink processes: each sink a child in its own process group with the payload on stdin, several
at once; a status line for each one still running after a moment; and on Ctrl-C or SIGTERM
every running sink's group stopped (SIGTERM, then SIGKILL after a grace), so no child outlives
peepshow, and `Interrupted` carries what finished and what did not.

Context reaches sinks only through environment variables (never through a command string):
PEEPSHOW_RUN_ID, PEEPSHOW_SOURCE, PEEPSHOW_BIN, PEEPSHOW_SINK_ID and PEEPSHOW_DISPATCHED=1.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from peepshow_core.contract import settings
from peepshow_core.contract.boundary import STOP_SIGNALS, stop_signals
from peepshow_core.contract.redact import redact
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery.capture import close_pipes, converse
from peepshow_core.delivery.detached import popen_detached
from peepshow_core.delivery.discovery import PREFIX, which
from peepshow_core.render.fmt import one_line
from peepshow_core.render.receipts import receipt_line

KILL_GRACE_S = 2.0  # between SIGTERM and SIGKILL
MAX_PARALLEL = 8
STATUS_AFTER_S = 1.0  # a sink still running after this gets a status line
INTERRUPTED = "interrupted before it finished"  # the error of a delivery Ctrl-C stopped
TIMED_OUT = "timed out"
UNCONFIRMED = "the delivery cannot be confirmed"  # an exit 0 without this run's receipt
SHOWN = 120  # characters of a line that is no receipt shown in that error


@dataclass
class Target:
    """One sink to run: `peepshow-sink-<target>` (kind "name") or `sh -c <target>` (kind "cmd").
    `registered`: it comes from the registry (its outbox entry goes when the entry goes)."""

    sink: str  # display name: registry id or sink name
    kind: SinkKind
    target: str
    registered: bool = False

    def argv(self) -> list[str] | None:
        if self.kind is SinkKind.cmd:
            return ["/bin/sh", "-c", self.target]
        found = which(self.target)
        return None if found is None else [str(found)]

    def describe(self) -> str:
        if self.kind is SinkKind.name:
            return f"{PREFIX}{self.target}"
        return f"sh -c {shlex.quote(redact(self.target))}"  # as a shell takes it back, masked


@dataclass
class Delivery:
    sink: str
    ok: bool
    exit_code: int | None
    receipt: dict[str, Any] | None = None
    error: str | None = None
    outbox: str | None = None
    skipped: str | None = None  # why the sink did not run (registry condition, disabled, ...)
    interrupted: bool = False  # stopped by Ctrl-C or SIGTERM before it finished

    @property
    def failed(self) -> bool:
        """Ran (or should have) and did not succeed; what --strict-sinks counts."""
        return not self.ok and self.skipped is None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sink": self.sink,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "receipt": self.receipt,
            "error": self.error,
            "outbox": self.outbox,
        }
        if self.skipped is not None:
            data["skipped"] = self.skipped
        return data

    def summary(self) -> str:
        """The one line printed for this delivery (the same as in the run's summary)."""
        return f"sink {receipt_line(dict(self.to_dict()))}"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM while sinks ran: every sink was stopped; `deliveries` holds one
    Delivery per target, `interrupted` set on those that had not finished."""

    def __init__(self, deliveries: list[Delivery]) -> None:
        super().__init__("interrupted")
        self.deliveries = deliveries


def peepshow_bin() -> str:
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "peepshow" and argv0.is_file():
        return str(argv0.resolve())
    return shutil.which("peepshow") or ""


def sink_environment(payload: dict[str, Any], sink: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            settings.RUN_ID.name: str(payload.get("run_id", "")),
            settings.SOURCE.name: str((payload.get("source") or {}).get("path", "")),
            settings.BIN.name: peepshow_bin(),
            settings.SINK_ID.name: sink,
            settings.DISPATCHED.name: "1",
        }
    )
    return env


def stop_groups(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM each process's whole group, then SIGKILL whatever is left after one grace."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + KILL_GRACE_S
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.0, deadline - time.monotonic()))
    for proc in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # the group, even when its leader has gone


def _last_line(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return redact(lines[-1])[:500] if lines else None


def unconfirmed(
    stdout: str, receipt: dict[str, Any] | None, run_id: str, kind: SinkKind
) -> str | None:
    """Why an exit 0 does not confirm this delivery, or None when it does. The contract's
    receipt is one JSON object naming this run (`run_id`) as the last line of stdout: a sink
    that exits 0 without one (nothing printed, a line that is no JSON object, a service's own
    answer passed through as `curl -s` does with a 500's body, another run's receipt) has not
    shown that anything was delivered, so the delivery is kept for a retry. A command line
    (`add-cmd`) that prints nothing at all is the one exception: `gzip > runs.gz` has no
    receipt to give, and is trusted on its exit status."""
    last = _last_line(stdout)
    if last is None:
        if kind is SinkKind.cmd:
            return None
        return f"exited 0 without a receipt; {UNCONFIRMED}"
    if receipt is not None and receipt.get("run_id") == run_id:
        return None
    what = "no JSON receipt" if receipt is None else "a JSON object naming no run_id of this run"
    return f"exited 0, but its last output line is {what} ({last[:SHOWN]}); {UNCONFIRMED}"


def _parse_receipt(text: str) -> dict[str, Any] | None:
    """The last stdout line as a JSON object, masked (a sink of another author may put a URL
    with a password in it)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        receipt = json.loads(redact(lines[-1]))
    except (json.JSONDecodeError, RecursionError):
        return None
    return receipt if isinstance(receipt, dict) else None


class Runner:
    """Runs targets and remembers each live process, so an interruption can stop them all."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.stopping = threading.Event()
        self.live: dict[int, subprocess.Popen[bytes]] = {}
        self.lock = threading.Lock()

    def run(self, index: int, target: Target, payload: dict[str, Any]) -> Delivery:
        """Run one sink to completion (or its timeout) and say how it went; never raises."""
        if self.stopping.is_set():
            return Delivery(target.sink, False, None, error=INTERRUPTED, interrupted=True)
        argv = target.argv()
        if argv is None:
            missing = f"no executable {target.describe()} on PATH"
            return Delivery(target.sink, False, None, error=missing)
        data = json.dumps({k: v for k, v in payload.items() if k != "deliveries"}).encode()
        try:
            with self.lock:  # never start a child once stopping began
                if self.stopping.is_set():
                    return Delivery(target.sink, False, None, error=INTERRUPTED, interrupted=True)
                proc = popen_detached(
                    argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    env=sink_environment(payload, target.sink),
                )
                self.live[index] = proc
        except OSError as exc:
            problem = f"cannot start {target.describe()}: {exc.strerror or exc}"
            return Delivery(target.sink, False, None, error=problem)
        try:
            return self._finish(target, proc, data, str(payload.get("run_id", "")))
        finally:
            close_pipes(proc)
            with self.lock:
                self.live.pop(index, None)

    def _finish(
        self, target: Target, proc: subprocess.Popen[bytes], data: bytes, run_id: str
    ) -> Delivery:
        try:
            out, err = converse(proc, data, self.timeout_s)  # the tail of each: bounded memory
        except subprocess.TimeoutExpired:
            stop_groups([proc])
            close_pipes(proc)  # a descendant outside the group may hold them
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(KILL_GRACE_S)
            if self.stopping.is_set():
                return Delivery(target.sink, False, None, error=INTERRUPTED, interrupted=True)
            problem = f"{TIMED_OUT} after {self.timeout_s:g} s; the process group was killed"
            return Delivery(target.sink, False, None, error=problem)
        if self.stopping.is_set() and proc.returncode != 0:
            return Delivery(target.sink, False, None, error=INTERRUPTED, interrupted=True)
        stdout, stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        if proc.returncode == 0:
            receipt = _parse_receipt(stdout)
            why = unconfirmed(stdout, receipt, run_id, target.kind)
            if why is None:
                return Delivery(target.sink, True, 0, receipt=receipt)
            return Delivery(target.sink, False, 0, error=why)
        return Delivery(
            target.sink,
            False,
            proc.returncode,
            error=_last_line(stderr) or f"exited with status {proc.returncode}",
        )

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
            procs = list(self.live.values())
        stop_groups(procs)


def run_all(
    targets: list[Target],
    payloads: list[dict[str, Any]],
    timeout_s: float,
    stderr: TextIO,
) -> list[Delivery]:
    """Run every target (up to MAX_PARALLEL at once); one Delivery per target, in order. A sink
    still running after STATUS_AFTER_S gets a status line on `stderr`. Ctrl-C or SIGTERM stops
    every sink's process group and raises Interrupted with what is known."""
    if not targets:
        return []
    runner = Runner(timeout_s)
    pool = ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(targets)))
    futures = [
        pool.submit(runner.run, i, t, p)
        for i, (t, p) in enumerate(zip(targets, payloads, strict=True))
    ]
    try:
        with _sigterm_as_interrupt():
            _wait_telling(futures, targets, runner, stderr)
            return [f.result() for f in futures]
    except KeyboardInterrupt:
        with shielded():  # a second Ctrl-C must not cut the cleaning up short
            runner.stop()
            for future in futures:
                future.cancel()
            results = [_settled(f, t, timeout_s) for f, t in zip(futures, targets, strict=True)]
        raise Interrupted(results) from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _wait_telling(
    futures: list[Future[Delivery]], targets: list[Target], runner: Runner, stderr: TextIO
) -> None:
    """Wait for every future; after STATUS_AFTER_S, one line per sink still running."""
    pending = set(futures)
    started = time.monotonic()
    told = False
    while pending:
        timeout = None if told else max(0.0, started + STATUS_AFTER_S - time.monotonic())
        _, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        if pending and not told and time.monotonic() - started >= STATUS_AFTER_S:
            told = True
            for future, target in zip(futures, targets, strict=True):
                if future in pending:
                    print(
                        f"peepshow: sink {one_line(target.sink)}: running… (Ctrl-C stops the "
                        "sinks and keeps their deliveries in the outbox)",
                        file=stderr,
                        flush=True,
                    )


def _settled(future: Future[Delivery], target: Target, timeout_s: float) -> Delivery:
    """A future's Delivery once the sinks were stopped (an unfinished one: interrupted)."""
    if future.cancelled():
        return Delivery(target.sink, False, None, error=INTERRUPTED, interrupted=True)
    try:
        return future.result(timeout=KILL_GRACE_S * 2)
    except Exception:
        return Delivery(target.sink, False, None, error=INTERRUPTED, interrupted=True)


@contextlib.contextmanager
def shielded(active: bool = True) -> Iterator[None]:
    """Ctrl-C and SIGTERM held off while an interruption is cleaned up (stopping the sinks,
    keeping their deliveries): a second Ctrl-C must not lose what the first one keeps. Only the
    main thread takes signals; elsewhere (and when not `active`) this does nothing."""
    if not active or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = (signal.SIGINT, *STOP_SIGNALS)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While sinks run, SIGTERM or SIGHUP stops them as Ctrl-C does (only the main thread takes
    signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous: dict[int, Callable[..., Any] | int | None] = {
        sig: signal.signal(sig, on_term) for sig in stop_signals()
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
