"""The `ray` engine (`pip install 'peepshow[ray]'`): the same jobs on long-lived Ray actors.

The cluster is `--ray-address`, else RAY_ADDRESS, else a local Ray instance started for this run
and shut down after it. Each actor reserves CPUS_PER_JOB CPUs, keeps its Whisper model between
jobs and runs one job at a time; results stream back as they finish (`ray.wait`). An actor
whose process dies is restarted by Ray and its job comes back as lost (the batch tries again).
Inputs and `--out` must be at the same path on every node (shared storage): each actor checks,
before any job, that it sees the driver's output folder and can write there.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections import deque
from typing import Any

from peepshow_core.batch import jobs as jobs_module
from peepshow_core.batch.engine import WorkerSetup
from peepshow_core.batch.jobs import Job, JobResult
from peepshow_core.batch.ray_probe import check_gcs, shown
from peepshow_core.contract import settings
from peepshow_core.contract.errors import ConfigError, OutputError, PeepshowError
from peepshow_core.contract.redact import mask_patterns

CPUS_PER_JOB = 1  # frames and transcript run side by side in a job, on one core's worth
RAY_HINT = "--engine ray needs Ray: pip install 'peepshow[ray]'"
READY_TIMEOUT_S = 300.0  # actors waiting for a node with free CPUs, or for a cluster to scale


class BatchWorker:
    """The actor: one per job slot, alive for the whole batch."""

    def __init__(self, setup: WorkerSetup, threads: int) -> None:
        self.setup, self.threads = setup, threads
        jobs_module.prepare_worker()

    def ready(self) -> str | None:
        """None when this worker can use the output folder, else why not."""
        try:
            jobs_module.check_storage(self.setup.out_dir, self.setup.token)
        except PeepshowError as exc:
            return exc.message
        return None

    def run(self, job: Job) -> JobResult:
        return jobs_module.run_job(job, self.threads)


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(RAY_HINT) from None
    return ray


class RayEngine:
    def __init__(self, address: str | None) -> None:
        self.address = address or settings.text(settings.RAY_ADDRESS)
        self._ray: Any = None
        self._actors: list[Any] = []
        self._idle: list[Any] = []
        self._running: dict[Any, tuple[Any, Job]] = {}  # object ref -> (actor, job)
        self._recovering: dict[Any, Any] = {}  # ref of ready() -> an actor Ray is restarting
        self._pending: deque[Job] = deque()  # submitted while every actor was busy or restarting

    def start(self, setup: WorkerSetup) -> int:
        ray = self._ray = _import_ray()
        options: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.ERROR,  # not its notices (token auth on a local cluster)
            "runtime_env": {"env_vars": dict(setup.env)},
        }
        if self.address:
            check_gcs(self.address)  # in bounded time: Ray waits minutes for a wrong one
        try:
            ray.init(address=self.address or "local", **options)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = shown(self.address) if self.address else "a local Ray instance"
            # masked: a `user:password@host` address, and Ray's text quoting it
            said = str(exc).replace(self.address, where) if self.address else str(exc)
            raise ConfigError(mask_patterns(f"cannot start or reach {where}: {said}")) from None
        cpus = float(ray.cluster_resources().get("CPU", 0))
        count = min(setup.jobs or max(1, int(cpus // CPUS_PER_JOB)), setup.at_most or sys.maxsize)
        actor_class = ray.remote(num_cpus=CPUS_PER_JOB, max_restarts=-1, max_task_retries=0)(
            BatchWorker
        )
        self._actors = [actor_class.remote(setup, CPUS_PER_JOB) for _ in range(count)]
        try:
            answers = ray.get([a.ready.remote() for a in self._actors], timeout=READY_TIMEOUT_S)
        except ray.exceptions.GetTimeoutError:
            raise ConfigError(
                f"{count} Ray workers of {CPUS_PER_JOB} CPU did not start within "
                f"{READY_TIMEOUT_S:g} s (the cluster has {cpus:g} CPUs; try --jobs)"
            ) from None
        problems = [a for a in answers if a is not None]
        if problems:
            raise OutputError(problems[0])
        self._idle = list(self._actors)
        return count

    def submit(self, job: Job) -> None:
        self._pending.append(job)
        self._dispatch()

    def _dispatch(self) -> None:
        while self._pending and self._idle:
            actor = self._idle.pop()
            job = self._pending.popleft()
            self._running[actor.run.remote(job)] = (actor, job)

    def next_result(self, timeout: float) -> JobResult | None:
        ray = self._ray
        waiting = [*self._running, *self._recovering]
        if not waiting:
            return None
        ready, _ = ray.wait(waiting, num_returns=1, timeout=timeout)
        if not ready:
            return None
        ref = ready[0]
        if ref in self._recovering:  # a restarted actor answers again: it takes jobs
            actor = self._recovering.pop(ref)
            try:
                ray.get(ref)
            except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError):
                self._recovering[actor.ready.remote()] = actor  # still restarting
            else:
                self._idle.append(actor)
                self._dispatch()
            return None
        actor, job = self._running.pop(ref)
        try:
            result: JobResult = ray.get(ref)
        except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError) as exc:
            self._recovering[actor.ready.remote()] = actor  # Ray restarts it (max_restarts)
            return JobResult.worker_lost(job, f"its Ray worker died ({_first_line(exc)})")
        self._idle.append(actor)
        self._dispatch()
        return result

    def close(self) -> None:
        """Cancel running jobs, kill the actors, disconnect (and stop a Ray we started)."""
        ray = self._ray
        if ray is None:
            return
        for actor in self._actors:
            with contextlib.suppress(Exception):
                ray.kill(actor, no_restart=True)
        self._actors, self._idle, self._running, self._recovering = [], [], {}, {}
        self._pending.clear()
        with contextlib.suppress(Exception):
            ray.shutdown()
        self._ray = None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else exc.__class__.__name__
