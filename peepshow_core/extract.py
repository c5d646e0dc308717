"""One extraction: probe the file, pick frames and transcribe concurrently, build the payload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peepshow_core.frames import FrameOptions
from peepshow_core.transcribe import TranscribeOptions


@dataclass
class RunOptions:
    frames: FrameOptions = field(default_factory=FrameOptions)
    transcribe: TranscribeOptions | None = field(default_factory=TranscribeOptions)  # None: skip
    out_dir: Path | None = None  # parent of the per-run folder; None: PEEPSHOW_OUT_DIR or cache
    title: str | None = None  # None: from the file name
    tags: list[str] = field(default_factory=list)
    contact_sheet: bool = False
    frame_base_url: str | None = None  # None: PEEPSHOW_FRAME_BASE_URL


def run_extraction(
    video: Path, options: RunOptions, status: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Return the run payload (schema peepshow.run/1). Raises PeepshowError for bad input."""
    raise NotImplementedError("being built by the lead")
