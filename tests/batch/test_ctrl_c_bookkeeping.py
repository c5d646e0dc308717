"""A Ctrl-C that lands while the batch records a delivery the sinks acknowledged takes effect
once it is recorded: the resumed batch neither repeats nor loses it (deterministic: the Ctrl-C
is sent from inside the bookkeeping)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from peepshow_core.batch.engine import WorkerSetup
from peepshow_core.batch.jobs import Job, JobResult
from peepshow_core.batch.options import BatchItem, BatchRequest
from peepshow_core.batch.runner import Batch, ItemEvent, Tally
from peepshow_core.batch.state import STATE_NAME
from peepshow_core.contract.boundary import ctrl_c_held
from peepshow_core.run.options import RunOptions


class _Engine:
    """Answers every job at once with a payload, as a worker that finished would."""

    def __init__(self) -> None:
        self.results: list[JobResult] = []

    def start(self, setup: WorkerSetup) -> int:
        return 1

    def submit(self, job: Job) -> None:
        payload = {"run_id": job.run_id, "frames": [], "frames_dir": None, "duration_s": 1.0}
        self.results.append(JobResult(job.index, payload=payload))

    def next_result(self, timeout: float) -> JobResult | None:
        return self.results.pop(0) if self.results else None

    def close(self) -> None:
        pass


class _Reporter:
    def begin(self, tally: Tally) -> None: ...

    def engine_started(self, jobs: int) -> None: ...

    def item(self, event: ItemEvent, tally: Tally) -> None: ...

    def note(self, message: str) -> None: ...


def test_a_ctrl_c_while_a_delivery_is_recorded_records_it_first(tmp_path: Path) -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    video = tmp_path / "talk.mp4"
    video.write_bytes(b"not decoded: the engine is a stand-in")
    out = tmp_path / "out"
    request = BatchRequest(
        [BatchItem(video)], RunOptions(out_dir=out), registered_sinks=False, jobs=1
    )
    emitted: list[dict[str, Any]] = []

    def emit(line: dict[str, Any]) -> None:  # the JSON line of a delivered run: Ctrl-C now
        emitted.append(line)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # (Python runs the handler at its next check)

    with pytest.raises(KeyboardInterrupt):
        Batch(request, _Engine(), _Reporter(), emit).run()
    state = json.loads((out / STATE_NAME).read_text())
    recorded = [run["run_id"] for run in state["runs"].values()]
    assert recorded == [line["run_id"] for line in emitted] and len(recorded) == 1


def test_ctrl_c_held_takes_effect_when_the_block_ends() -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    steps = []
    with pytest.raises(KeyboardInterrupt), ctrl_c_held():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        steps.append("the rest of the block")
    assert steps == ["the rest of the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_held_changes_nothing_outside_the_main_thread() -> None:
    before = signal.getsignal(signal.SIGINT)
    seen = []

    def work() -> None:
        with ctrl_c_held():
            seen.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [before]
