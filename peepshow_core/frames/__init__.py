"""Frame selection: one module per strategy, all on PyAV; this module is the one entry point.

`extract_frames(video, options, out_dir)` runs the chosen strategy, drops near-duplicates, applies
`max_frames` (keeping the most distinct, in time order), writes the images and returns records.
Frames are streamed: at no point are all decoded frames held in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peepshow_core.payload import FrameRecord

STRATEGIES = ("slides", "scenes", "keyframes", "interval")


@dataclass
class FrameOptions:
    strategy: str = "slides"
    max_frames: int | None = None
    interval_s: float = 10.0
    image_format: str = "jpeg"  # jpeg | png | webp
    max_width: int = 1280  # frames wider than this are scaled down (LLM-friendly)
    quality: int = 85


@dataclass
class FramesResult:
    frames: list[FrameRecord]
    params: dict[str, Any]  # the strategy's effective parameters, recorded in the payload
    warnings: list[str] = field(default_factory=list)  # e.g. "decoding stopped at 12.4 s: corrupt"


ProgressFn = Callable[[float], None]  # called with seconds of video processed so far


def extract_frames(
    video: Path, options: FrameOptions, out_dir: Path, progress: ProgressFn | None = None
) -> FramesResult:
    raise NotImplementedError("frame strategies are being built")
