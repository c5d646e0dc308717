"""What one run is asked to do: the video, how to pick frames and transcribe, where to write,
which sinks to fire. Light: front ends build these before anything heavy is imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from peepshow_core.frames.options import FrameOptions
from peepshow_core.speech.engine import TranscribeOptions

MIN_INTERVAL_S = 0.1  # the shortest interval a caller may ask for (--interval, the MCP tool)


@dataclass
class RunOptions:
    frames: FrameOptions = field(default_factory=FrameOptions)
    transcribe: TranscribeOptions | None = field(default_factory=TranscribeOptions)  # None: skip
    out_dir: Path | None = None  # parent of the per-run folder; None: PEEPSHOW_OUT_DIR or cache
    title: str | None = None  # None: from the file name
    tags: list[str] = field(default_factory=list)
    contact_sheet: bool = False
    frame_base_url: str | None = None  # None: PEEPSHOW_FRAME_BASE_URL


@dataclass
class RunRequest:
    """One video to process and deliver."""

    video: Path | str  # a str is checked by pipeline.prepare (URL, `~`), then becomes a Path
    options: RunOptions = field(default_factory=RunOptions)
    sinks: list[str] = field(default_factory=list)  # --sink NAME (always run)
    registered_sinks: bool = True  # False: --no-sinks (PEEPSHOW_NO_SINKS also turns them off)
    run_id: str | None = None  # None: a new random UUID; `peepshow batch` derives one (PLUGINS.md)
