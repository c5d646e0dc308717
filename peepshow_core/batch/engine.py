"""The one interface between the batch logic (`runner`) and the engines that run its jobs.

An engine starts workers, runs one `Job` at a time on each, and hands back `JobResult`s as they
finish, in any order. It knows nothing about inputs, the state file, sinks or retries: when a
worker dies it returns a result with `lost=True` and the batch logic decides whether to try
again. Adding an engine (Spark, a job queue) means one class with these four methods and one
line in `open_engine`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from peepshow_core.batch.jobs import Job, JobResult
from peepshow_core.contract.vocab import BatchEngine, parse_choice


@dataclass
class WorkerSetup:
    """What every worker gets once, before its first job."""

    out_dir: Path  # the batch's output folder (absolute), which every worker must reach
    token: str  # written there by the driver (jobs.mark_storage); workers check it
    jobs: int | None = None  # --jobs; None: the engine decides
    at_most: int | None = None  # never more workers than this (the number of jobs to run)
    env: dict[str, str] = field(default_factory=dict)  # settings a remote worker needs


class Engine(Protocol):
    def start(self, setup: WorkerSetup) -> int:
        """Start the workers; return how many jobs run at once. Raises PeepshowError (a worker
        that cannot reach `setup.out_dir` is an OutputError)."""
        ...

    def submit(self, job: Job) -> None:
        """Run `job` on an idle worker (the batch never submits more than `start` returned)."""
        ...

    def next_result(self, timeout: float) -> JobResult | None:
        """The next finished job, waiting at most `timeout` seconds; None if none finished."""
        ...

    def close(self) -> None:
        """Stop every worker and any job still running; leave no process behind."""
        ...


def open_engine(name: str, ray_address: str | None = None) -> Engine:
    choice = parse_choice(BatchEngine, name, "batch engine")
    if choice is BatchEngine.ray:
        from peepshow_core.batch.ray_engine import RayEngine

        return RayEngine(ray_address)
    from peepshow_core.batch.local_engine import LocalEngine

    return LocalEngine()
