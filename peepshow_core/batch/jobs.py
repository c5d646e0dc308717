"""One batch job, as a worker runs it (in a local process or a Ray actor): the shared run
pipeline's `extract`, with every failure turned into a result instead of an exception.

Workers keep the Whisper model between jobs (speech/transcribe.py's per-process cache); nothing
else survives a job, so a worker's memory is one model plus one video's working set.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from peepshow_core.contract import atomic
from peepshow_core.contract.boundary import one_line
from peepshow_core.contract.errors import ExitCode, OutputError, PeepshowError
from peepshow_core.contract.redact import redact
from peepshow_core.run import pipeline
from peepshow_core.run.options import RunOptions, RunRequest

STORAGE_MARKER = ".peepshow-batch-storage.json"
SHARED_STORAGE_HINT = "--out must be storage every worker can write, at the same path"


@dataclass
class Job:
    index: int  # the input's position in the batch
    path: str  # absolute
    options: RunOptions  # with this video's title and tags
    run_id: str
    attempt: int = 1


@dataclass
class JobResult:
    index: int
    payload: dict[str, Any] | None = None  # None: failed
    error: str | None = None  # one line
    exit_code: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""  # host and process id
    peak_rss_mb: float = 0.0  # the worker process's peak so far
    model_loads: int = 0  # models the worker process loaded so far
    lost: bool = False  # the worker died before answering (set by the engine)

    @classmethod
    def worker_lost(cls, job: Job, why: str) -> JobResult:
        return cls(job.index, error=why, exit_code=int(ExitCode.INTERNAL), lost=True)


def worker_name() -> str:
    return f"{socket.gethostname()} pid {os.getpid()}"


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def prepare_worker() -> None:
    """Once per worker process, before any job. tqdm (progress bars inside the speech libraries)
    otherwise makes a multiprocessing semaphore that a worker killed mid-job leaks, and Python's
    resource tracker complains about it on stderr; one job at a time needs only a thread lock."""
    try:
        import tqdm
    except ImportError:
        return
    tqdm.tqdm.set_lock(threading.RLock())


# --- shared storage: every worker must reach the driver's --out ------------------------------


def mark_storage(out_dir: Path) -> str:
    """The driver writes a random token into `out_dir`; workers must read it back."""
    token = secrets.token_hex(16)
    atomic.write_json(out_dir / STORAGE_MARKER, {"token": token})
    return token


def check_storage(out_dir: Path, token: str) -> None:
    """Raise OutputError unless this worker sees the driver's `out_dir` and can write in it."""
    marker = out_dir / STORAGE_MARKER
    where = socket.gethostname()
    try:
        seen = json.loads(marker.read_text("utf-8")).get("token")
    except (OSError, ValueError, AttributeError):
        seen = None
    if seen != token:
        raise OutputError(
            f"a worker on {where} does not see the batch's output folder {out_dir} "
            f"(its {STORAGE_MARKER} is missing or different): {SHARED_STORAGE_HINT}"
        )
    probe = out_dir / f".peepshow-write-check-{where}-{os.getpid()}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise OutputError(
            f"a worker on {where} cannot write to {out_dir}: {exc.strerror or exc}; "
            f"{SHARED_STORAGE_HINT}"
        ) from None


# --- running one job ---------------------------------------------------------------------------


def run_job(job: Job, threads: int | None = None) -> JobResult:
    """Extract one video; never raises (an expected failure keeps its exit code, anything
    else is INTERNAL with one redacted line). `threads`: the speech engine's CPU threads."""
    from peepshow_core.speech.transcribe import model_loads

    options = job.options
    if threads is not None and options.transcribe is not None:
        options = replace(options, transcribe=replace(options.transcribe, threads=threads))
    request = RunRequest(Path(job.path), options, registered_sinks=False, run_id=job.run_id)
    reporter = pipeline.WarningsOnly()
    start = time.perf_counter()
    result = JobResult(job.index)
    try:
        result.payload = pipeline.extract(pipeline.prepare_extraction(request), reporter)
    except PeepshowError as exc:
        result.error, result.exit_code = one_line(redact(exc.message)), int(exc.code)
    except Exception as exc:
        detail = one_line(redact(f"{exc.__class__.__name__}: {exc}"))
        result.error = f"unexpected failure ({detail})"
        result.exit_code = int(ExitCode.INTERNAL)
    result.warnings = reporter.warnings
    result.seconds = time.perf_counter() - start
    result.worker = worker_name()
    result.peak_rss_mb = peak_rss_mb()
    result.model_loads = model_loads()
    return result
