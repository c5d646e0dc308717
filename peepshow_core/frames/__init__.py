"""Frame selection: one module per strategy, all on PyAV; this module is the one entry point.

`extract_frames(video, options, out_dir)` runs the chosen strategy, drops near-duplicates, applies
`max_frames` (keeping the most distinct, in time order), writes the images and returns records.
Frames are streamed: at no point are all decoded frames held in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peepshow_core.errors import UsageError
from peepshow_core.payload import FrameRecord

if TYPE_CHECKING:
    from peepshow_core.frames.decode import Video
    from peepshow_core.frames.diff import BlockRule
    from peepshow_core.frames.output import FrameSink

STRATEGIES = ("slides", "scenes", "keyframes", "interval")
SLIDES_MODES = ("auto", "fast", "full")
IMAGE_FORMATS = ("jpeg", "png", "webp")


@dataclass
class FrameOptions:
    strategy: str = "slides"
    max_frames: int | None = None
    interval_s: float = 10.0
    image_format: str = "jpeg"  # jpeg | png | webp
    max_width: int = 1280  # frames wider than this are scaled down (LLM-friendly)
    quality: int = 85
    slides_mode: str = "auto"  # auto (fast, falling back to full) | fast | full (reference)
    settle_s: float = 0.5  # slides: a state must hold this long before its frame is taken
    scene_threshold: float = 27.0  # scenes: HSV content score (0..255) that makes a cut
    min_scene_s: float = 0.6  # scenes: shortest scene


@dataclass
class FramesResult:
    frames: list[FrameRecord]
    params: dict[str, Any]  # the strategy's effective parameters, recorded in the payload
    warnings: list[str] = field(default_factory=list)  # e.g. "decoding stopped at 12.4 s: corrupt"


ProgressFn = Callable[[float], None]  # called with seconds of video processed so far


def check_options(options: FrameOptions) -> None:
    """UsageError (a ValueError with exit code USAGE) for options no strategy can use."""
    if options.strategy not in STRATEGIES:
        raise UsageError(
            f"unknown strategy {options.strategy!r} (choose from {', '.join(STRATEGIES)})"
        )
    if options.image_format not in IMAGE_FORMATS:
        raise UsageError(f"unknown image format {options.image_format!r}")
    if options.slides_mode not in SLIDES_MODES:
        raise UsageError(f"unknown slides mode {options.slides_mode!r}")
    if options.interval_s <= 0:
        raise UsageError("interval_s must be positive")
    if options.max_frames is not None and options.max_frames < 1:
        raise UsageError("max_frames must be at least 1")
    if options.max_width < 16:
        raise UsageError("max_width must be at least 16")


def extract_frames(
    video: Path, options: FrameOptions, out_dir: Path, progress: ProgressFn | None = None
) -> FramesResult:
    """Pick frames from `video` into `out_dir`.

    No video stream: no frames. Nothing decodable: `peepshow_core.errors.BadInputError`.
    Decoding that breaks part-way keeps what decoded and adds a warning.
    """
    from peepshow_core.frames import decode, output
    from peepshow_core.frames.diff import BlockRule

    check_options(options)
    rule = BlockRule()
    params: dict[str, Any] = {"max_frames": options.max_frames}
    full_decode = options.strategy == "scenes" or (
        options.strategy == "slides" and options.slides_mode == "full"
    )
    with decode.open_video(Path(video), threads=full_decode) as opened:
        if opened is None:
            return FramesResult([], {**params, "reason": "no video stream"})
        sink = output.FrameSink(
            Path(out_dir), options.image_format, options.max_width, options.quality, rule
        )
        try:
            params.update(_run(opened, options, sink, rule, progress))
            params["candidates"] = len(sink.candidates)
            params["duplicates_dropped"] = sink.duplicates
            records = sink.finish(options.max_frames)
        except BaseException:
            sink.discard()
            raise
        return FramesResult(records, params, list(opened.warnings))


def _run(
    opened: Video,
    options: FrameOptions,
    sink: FrameSink,
    rule: BlockRule,
    progress: ProgressFn | None,
) -> dict[str, Any]:
    if options.strategy == "slides":
        from peepshow_core.frames.slides_fast import dense_keyframes, slides_fast
        from peepshow_core.frames.tracker import TrackerSettings

        settings = TrackerSettings(rule=rule, settle_s=options.settle_s)
        if options.slides_mode == "full" or (
            options.slides_mode == "auto" and dense_keyframes(opened)
        ):
            from peepshow_core.frames.slides import slides_full

            chosen = slides_full(opened, sink, settings, progress)
            if options.slides_mode == "auto":
                chosen["fallback"] = "keyframes too dense for the fast path (intra-only video?)"
            return {**settings.as_params(), **chosen}
        return {**settings.as_params(), **slides_fast(opened, sink, settings, progress)}
    if options.strategy == "scenes":
        from peepshow_core.frames.scenes import scenes

        return scenes(opened, sink, options.scene_threshold, options.min_scene_s, progress)
    if options.strategy == "keyframes":
        from peepshow_core.frames.keyframes import keyframes

        return {**rule.as_params(), **keyframes(opened, sink, progress)}
    from peepshow_core.frames.interval import interval

    return {**rule.as_params(), **interval(opened, sink, options.interval_s, progress)}
