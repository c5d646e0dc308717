"""The batch logic: which inputs to run, skip or retry, and what to do with each result.

For every input, in order of size (largest first, so the batch does not end on one long video
on one core): fingerprint it, skip it when the state file says it is done (or another input in
this batch has the same content), else hand it to the engine as a job. A finished job's payload
goes to its sinks through the shared pipeline's `deliver` (in the driver, where the registry,
the sinks and the outbox are), then one JSON line is written and the state file records it, in
that order: a crash can repeat a line or a delivery (with the same run id), never lose one.
A job whose worker died is tried again, up to JOB_ATTEMPTS times in all.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from peepshow_core.batch.engine import Engine, WorkerSetup
from peepshow_core.batch.jobs import STORAGE_MARKER, Job, JobResult, mark_storage
from peepshow_core.batch.options import BatchItem, BatchRequest
from peepshow_core.batch.state import BatchState, job_key, result_options, run_id_for
from peepshow_core.contract import paths, settings
from peepshow_core.contract.boundary import ctrl_c_held
from peepshow_core.contract.errors import ExitCode, OutputError, PeepshowError
from peepshow_core.contract.payload import source_names, valid_text
from peepshow_core.contract.tilde import expand_user
from peepshow_core.delivery import dispatch
from peepshow_core.frames.options import check_options
from peepshow_core.run import pipeline
from peepshow_core.run.options import RunOptions, RunRequest

JOB_ATTEMPTS = 2  # a file that kills its worker every time fails instead of looping
POLL_S = 0.2  # how often the driver looks at finished deliveries while jobs run
# Settings a worker on another machine needs to extract the way the driver would.
WORKER_SETTINGS = (
    settings.WHISPER_MODEL,
    settings.OFFLINE,
    settings.HF_HUB_OFFLINE,
    settings.HF_ENDPOINT,
    settings.DEBUG,
)

Kind = Literal["done", "skipped", "failed"]


@dataclass
class ItemEvent:
    kind: Kind
    path: Path
    detail: str  # done: what came out; skipped: why; failed: the one-line error
    exit_code: int = 0


@dataclass
class Tally:
    total: int
    done: int = 0
    skipped: int = 0
    failed: int = 0
    media_s: float = 0.0  # seconds of video (or audio) in the videos done
    sinks_failed: bool = False
    interrupted: bool = False
    stopped: bool = False  # --fail-fast stopped the batch
    started: float = field(default_factory=time.monotonic)
    wall_s: float = 0.0

    @property
    def left(self) -> int:
        return self.total - self.done - self.skipped - self.failed

    def exit_code(self, strict_sinks: bool) -> int:
        if self.failed:
            return int(ExitCode.FILES_FAILED)
        if strict_sinks and self.sinks_failed:
            return int(ExitCode.SINKS_FAILED)
        return int(ExitCode.OK)


class BatchReporter(Protocol):
    def begin(self, tally: Tally) -> None: ...

    def engine_started(self, jobs: int) -> None: ...

    def item(self, event: ItemEvent, tally: Tally) -> None: ...

    def note(self, message: str) -> None: ...  # one line for stderr (thread-safe)


def display(path: Path) -> str:
    """A path as the user would recognise it: relative to the working directory when under it."""
    with contextlib.suppress(ValueError, OSError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def failure_line(path: Path, error: str, exit_code: int) -> dict[str, Any]:
    """The JSON line of a file that failed (a run payload has `run_id`; this has `error`)."""
    return {
        "source": source_names(path),  # a name that is not UTF-8: U+FFFD, and path_b64
        "error": valid_text(error),
        "exit_code": exit_code,
    }


class _Prefixed:
    """A text stream for `dispatch.deliver` that turns its `peepshow: …` lines into notes
    naming the video."""

    def __init__(self, note: Callable[[str], None], name: str) -> None:
        self._note, self._name, self._buffer = note, name, ""

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            if line.strip():
                self._note(f"{self._name}: {line.removeprefix('peepshow: ')}")
        return len(text)

    def flush(self) -> None:
        pass


@dataclass
class _Running:
    item: BatchItem
    key: str
    job: Job


class Batch:
    """One `peepshow batch` run. `emit` writes one JSON line (payload or failure)."""

    def __init__(
        self,
        request: BatchRequest,
        engine: Engine,
        reporter: BatchReporter,
        emit: Callable[[dict[str, Any]], None],
    ) -> None:
        self.request, self.engine, self.reporter, self.emit = request, engine, reporter, emit
        self.tally = Tally(total=len(request.items))
        self.options: RunOptions = request.options
        self.running: dict[int, _Running] = {}
        self.delivering: dict[futures.Future[pipeline.RunOutcome], tuple[_Running, JobResult]] = {}
        self.claimed: dict[str, Path] = {}
        self.queue: deque[tuple[int, BatchItem]] = deque()
        self.stopping = False
        self.started = False
        self.capacity = 1  # jobs at once; the engine's answer once started

    # --- the whole batch --------------------------------------------------------------------

    def run(self) -> Tally:
        """Raises PeepshowError for the batch as a whole (bad options, --out unusable, engine
        not available) and KeyboardInterrupt after stopping cleanly; per-file failures are
        counted, not raised."""
        request = self.request
        check_options(request.options.frames)
        dispatch.preflight(request.sinks, use_registry=request.registered_sinks)
        out_dir = _output_folder(request.options.out_dir or paths.out_dir())
        base_url = settings.frame_base_url(request.options.frame_base_url)
        self.options = replace(request.options, out_dir=out_dir, frame_base_url=base_url)
        state = BatchState(out_dir).open()
        pool = futures.ThreadPoolExecutor(thread_name_prefix="peepshow-deliver")
        self.pool = pool
        try:
            self.setup = WorkerSetup(out_dir, mark_storage(out_dir), request.jobs)
            self.setup.env = _worker_env()
            self.reporter.begin(self.tally)
            by_size = sorted(enumerate(request.items), key=lambda e: -_size(e[1].path))
            self.queue.extend(by_size)
            self._loop(state)
        except KeyboardInterrupt:
            self.tally.interrupted = True
            self._stop()
            self._finish_deliveries(state)
            raise
        finally:
            self.engine.close()
            pool.shutdown(wait=True, cancel_futures=True)
            try:
                state.save()  # the journal folded in, and the fingerprints learned
            except OSError as exc:  # a full disk: the journal keeps what finished
                self.reporter.note(f"warning: {state.path} not updated ({exc.strerror or exc})")
            with contextlib.suppress(OSError):
                (out_dir / STORAGE_MARKER).unlink()
            state.close()
            self.tally.wall_s = time.monotonic() - self.tally.started
        return self.tally

    def _loop(self, state: BatchState) -> None:
        while self.queue or self.running or self.delivering:
            while self.queue and len(self.running) < self.capacity and not self.stopping:
                index, item = self.queue.popleft()
                self._start(index, item, state)
            if self.running:
                result = self.engine.next_result(POLL_S)
                if result is not None:
                    self._on_result(result)
            self._collect_deliveries(state, wait_s=0.0 if self.running else POLL_S)

    def _stop(self) -> None:
        """Start nothing more and cancel the jobs still running (their files stay not done)."""
        self.stopping = True
        self.queue.clear()
        self.engine.close()
        self.running.clear()

    def _finish_deliveries(self, state: BatchState) -> None:
        """Let deliveries already under way end (each is bounded by PEEPSHOW_SINK_TIMEOUT) and
        record them, so the next run does not send them again."""
        if self.delivering:
            count = len(self.delivering)
            self.reporter.note(f"waiting for the sinks of {count} finished video(s)")
        while self.delivering:
            self._collect_deliveries(state, wait_s=POLL_S)

    # --- one input ----------------------------------------------------------------------------

    def _start(self, index: int, item: BatchItem, state: BatchState) -> None:
        try:
            fingerprint = state.fingerprint(item.path)
        except PeepshowError as exc:
            self._failed(item.path, exc.message, int(exc.code))
            return
        key = job_key(fingerprint, result_options(self.options, item.title, item.tags))
        if key in self.claimed:
            self._skipped(item.path, f"same content as {display(self.claimed[key])}")
            return
        self.claimed[key] = item.path
        finished = state.finished(key)
        if finished is not None and not self.request.force:
            self._skipped(item.path, f"done earlier (run {finished['run_id']})")
            return
        options = replace(self.options, title=item.title, tags=list(item.tags))
        job = Job(index, str(item.path), options, run_id_for(key))
        self._start_engine()
        self.engine.submit(job)
        self.running[index] = _Running(item, key, job)

    def _start_engine(self) -> None:
        """Workers start with the first job to run (a batch with everything done starts none)."""
        if self.started:
            return
        self.setup.at_most = 1 + len(self.queue)
        self.capacity = self.engine.start(self.setup)
        self.started = True
        self.reporter.engine_started(self.capacity)

    def _on_result(self, result: JobResult) -> None:
        running = self.running.pop(result.index)
        name = display(running.item.path)
        if result.lost:
            if running.job.attempt < JOB_ATTEMPTS and not self.stopping:
                self.reporter.note(f"{name}: {result.error}; trying again")
                running.job = replace(running.job, attempt=running.job.attempt + 1)
                self.engine.submit(running.job)
                self.running[result.index] = running
                return
            error = f"{result.error} (on each of {running.job.attempt} attempts)"
            self._failed(running.item.path, error, result.exit_code)
            return
        if result.payload is None:
            self._failed(running.item.path, result.error or "failed", result.exit_code)
            return
        for warning in result.warnings:
            self.reporter.note(f"{name}: warning: {warning}")
        with ctrl_c_held():  # (a delivery under way is always one the runner waits for)
            future = self.pool.submit(self._deliver, running, result.payload)
            self.delivering[future] = (running, result)

    def _deliver(self, running: _Running, payload: dict[str, Any]) -> pipeline.RunOutcome:
        request = RunRequest(
            running.item.path,
            running.job.options,
            sinks=self.request.sinks,
            registered_sinks=self.request.registered_sinks,
            run_id=running.job.run_id,
        )
        stream = _Prefixed(self.reporter.note, display(running.item.path))
        return pipeline.deliver(request, payload, stream)  # type: ignore[arg-type]

    def _collect_deliveries(self, state: BatchState, wait_s: float) -> None:
        if not self.delivering:
            return
        done, _ = futures.wait(self.delivering, wait_s, return_when=futures.FIRST_COMPLETED)
        for future in done:
            with ctrl_c_held():  # (recorded and reported whole: a resume neither repeats nor
                self._collected(state, future)  # loses a delivery the sinks acknowledged)

    def _collected(self, state: BatchState, future: futures.Future[pipeline.RunOutcome]) -> None:
        """Record a delivery that ended, and report it."""
        running, result = self.delivering.pop(future)
        try:
            outcome = future.result()
        except Exception as exc:  # dispatch reports sink failures itself; this is a bug
            error = f"delivery failed unexpectedly ({exc.__class__.__name__}: {exc})"
            self._failed(running.item.path, error, int(ExitCode.INTERNAL))
            return
        self.emit(outcome.payload)
        state.record(running.key, running.item.path, outcome.payload)
        self.tally.done += 1
        self.tally.media_s += float(outcome.payload.get("duration_s") or 0.0)
        self.tally.sinks_failed |= outcome.sinks_failed
        frames = len(outcome.payload["frames"])
        detail = f"{frames} frame{'s' * (frames != 1)} in {result.seconds:.1f} s"
        self.reporter.item(ItemEvent("done", running.item.path, detail), self.tally)

    def _skipped(self, path: Path, why: str) -> None:
        self.tally.skipped += 1
        self.reporter.item(ItemEvent("skipped", path, why), self.tally)

    def _failed(self, path: Path, error: str, exit_code: int) -> None:
        self.tally.failed += 1
        self.emit(failure_line(path, error, exit_code))
        self.reporter.item(ItemEvent("failed", path, error, exit_code), self.tally)
        if self.request.fail_fast and not self.stopping:
            self.tally.stopped = True
            self._stop()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _output_folder(folder: Path) -> Path:
    folder = expand_user(folder).resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {folder}: {exc.strerror}") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write to the output folder {folder}")
    return folder


def _worker_env() -> dict[str, str]:
    return {s.name: s.raw() for s in WORKER_SETTINGS if s.raw() and s.raw() != s.default}
