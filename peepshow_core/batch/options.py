"""What a batch is asked to do. Light: the CLI builds it before anything heavy is imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from peepshow_core.contract.vocab import BatchEngine
from peepshow_core.run.options import RunOptions

STDOUT = "-"


@dataclass
class BatchItem:
    """One input file, with what a manifest line may add to it."""

    path: Path
    title: str | None = None  # None: from the file name
    tags: list[str] = field(default_factory=list)  # after the batch's own --tag values


@dataclass
class BatchRequest:
    items: list[BatchItem]
    options: RunOptions  # shared by every video; `out_dir` is the batch's output folder
    sinks: list[str] = field(default_factory=list)  # --sink NAME
    registered_sinks: bool = True  # False: --no-sinks
    jsonl: str = STDOUT  # "-": stdout; else a file the JSON lines are appended to
    force: bool = False  # redo videos the state file says are done
    fail_fast: bool = False  # stop at the first failed file
    strict_sinks: bool = False  # a failed sink makes the batch exit SINKS_FAILED
    engine: BatchEngine = BatchEngine.local
    jobs: int | None = None  # None: the engine sizes itself (cores, or the cluster's CPUs)
    ray_address: str | None = None  # None: RAY_ADDRESS, else a local Ray for the run
