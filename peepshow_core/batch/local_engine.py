"""The `local` engine: a pool of worker processes on this machine, one job at a time each.

Workers are started with `spawn` (a clean interpreter; no threads of the driver inherited),
ignore Ctrl-C from their first instant (the driver decides what stops) and keep their Whisper
model between jobs. A worker that dies (killed, out of memory, a crash in a decoder) is replaced
and its job comes back as lost. `close` terminates every worker, so no process outlives the
batch.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from peepshow_core.batch import jobs as jobs_module
from peepshow_core.batch.engine import WorkerSetup
from peepshow_core.batch.jobs import Job, JobResult
from peepshow_core.contract.errors import OutputError, PeepshowError

# One worker holds a model plus one video's working set: ~0.35 GB with tiny.en (docs/
# PERFORMANCE.md), plus 0.23 GB per hour of audio (decoded whole, 16 kHz float32). The default
# pool takes at most one worker per WORKER_MEMORY_MB of available memory.
WORKER_MEMORY_MB = 1024
STOP_GRACE_S = 3.0
READY_TIMEOUT_S = 120.0


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def available_memory_mb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def default_jobs() -> int:
    """One worker per core, and at most one per WORKER_MEMORY_MB of available memory."""
    jobs = available_cpus()
    memory = available_memory_mb()
    if memory is not None:
        jobs = min(jobs, int(memory // WORKER_MEMORY_MB))
    return max(1, jobs)


def worker_main(conn: Connection, setup: WorkerSetup, threads: int) -> None:
    """A worker process: check the output folder, say ready, then run jobs until told to stop
    (None) or until the driver goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (a Ctrl-C that came while it started: gone)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    jobs_module.prepare_worker()
    try:
        jobs_module.check_storage(setup.out_dir, setup.token)
    except PeepshowError as exc:
        conn.send(("failed", exc.message))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(jobs_module.run_job(job, threads))
        except (BrokenPipeError, OSError):
            return


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT blocked in this thread while a worker starts. The worker inherits the block, so a
    Ctrl-C during its first moments (importing, before `worker_main` ignores SIGINT) cannot
    stop it with a KeyboardInterrupt traceback; here the signal arrives once the worker is
    started. (multiprocessing starts its resource tracker the same way, and unblocks SIGINT
    when it does: so the tracker is started first, outside the block.)"""
    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: Job | None = None


class LocalEngine:
    def __init__(self) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._setup: WorkerSetup | None = None
        self._threads = 1

    def start(self, setup: WorkerSetup) -> int:
        self._setup = setup
        count = min(setup.jobs or default_jobs(), setup.at_most or sys.maxsize)
        self._threads = max(1, available_cpus() // count)
        self._workers = [self._spawn() for _ in range(count)]
        for worker in self._workers:
            self._await_ready(worker)
        return count

    def _spawn(self) -> _Worker:
        assert self._setup is not None
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=worker_main,
            args=(child, self._setup, self._threads),
            name="peepshow-batch-worker",
            daemon=True,
        )
        with _ctrl_c_held():
            process.start()
        child.close()
        return _Worker(process, parent)

    def _await_ready(self, worker: _Worker) -> None:
        if not worker.conn.poll(READY_TIMEOUT_S):
            raise PeepshowError(f"a batch worker did not start within {READY_TIMEOUT_S:g} s")
        try:
            kind, detail = worker.conn.recv()
        except (EOFError, OSError):
            raise PeepshowError("a batch worker died while starting") from None
        if kind != "ready":
            raise OutputError(str(detail))

    def submit(self, job: Job) -> None:
        worker = next(w for w in self._workers if w.job is None)
        worker.job = job
        worker.conn.send(job)

    def next_result(self, timeout: float) -> JobResult | None:
        busy = [w for w in self._workers if w.job is not None]
        if not busy:
            return None
        waitables: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = wait(waitables, timeout)
        for worker in busy:  # answers first: a worker may answer and then exit
            if worker.conn in ready:
                return self._collect(worker)
        for worker in busy:
            if worker.process.sentinel in ready:
                return self._lost(worker)
        return None

    def _collect(self, worker: _Worker) -> JobResult:
        assert worker.job is not None
        try:
            result: JobResult = worker.conn.recv()
        except (EOFError, OSError, ValueError, TypeError, AttributeError):
            return self._lost(worker)
        worker.job = None
        return result

    def _lost(self, worker: _Worker) -> JobResult:
        """The worker died in the middle of its job: replace it, return the job as lost."""
        assert worker.job is not None
        job, worker.job = worker.job, None
        worker.process.join(STOP_GRACE_S)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        with contextlib.suppress(OSError):
            worker.conn.close()
        fresh = self._spawn()
        self._await_ready(fresh)
        self._workers[self._workers.index(worker)] = fresh
        return JobResult.worker_lost(job, f"its worker process died ({how})")

    def close(self) -> None:
        """Ask idle workers to stop, terminate busy ones, and make sure every one is gone."""
        for worker in self._workers:
            with contextlib.suppress(OSError, ValueError):
                if worker.job is None:
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
        for worker in self._workers:
            worker.process.join(STOP_GRACE_S)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            with contextlib.suppress(OSError):
                worker.conn.close()
        self._workers = []
