"""The entry point of frame selection: run the chosen strategy on an open video.

`extract_frames(video, options, out_dir)` runs the chosen strategy, drops near-duplicates, applies
`max_frames` (keeping the most distinct, in time order), writes the images and returns records.
Frames are streamed: at no point are all decoded frames held in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peepshow_core.contract.vocab import OnSeconds, SlidesMode, Strategy
from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import ContentWatch, stretch_window
from peepshow_core.frames.diff import BlockRule
from peepshow_core.frames.interval import interval
from peepshow_core.frames.keyframes import keyframes
from peepshow_core.frames.options import FrameOptions, check_options
from peepshow_core.frames.output import FrameRecord, FrameSink
from peepshow_core.frames.scenes import scenes
from peepshow_core.frames.slides import slides
from peepshow_core.frames.slides.tracker import no_log
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning
from peepshow_core.media import video as media_video
from peepshow_core.media.video import Video

SLIDES_LIKE = (Strategy.auto, Strategy.slides)


@dataclass
class FramesResult:
    frames: list[FrameRecord]
    params: dict[str, Any]  # the strategy's effective parameters, recorded in the payload
    warnings: list[str] = field(default_factory=list)  # e.g. "decoding stopped at 12.4 s: corrupt"


def extract_frames(
    video: Path, options: FrameOptions, out_dir: Path, on_seconds: OnSeconds | None = None
) -> FramesResult:
    """Pick frames from `video` into `out_dir`.

    No video stream: no frames. Nothing decodable: `BadInputError`. Decoding that breaks part-way
    keeps what decoded and adds a warning.
    """
    options = check_options(options)
    rule = BlockRule()
    params: dict[str, Any] = {"max_frames": options.max_frames}
    full_decode = options.strategy is Strategy.scenes or (
        options.strategy in SLIDES_LIKE and options.slides_mode is SlidesMode.full
    )
    with media_video.open_video(Path(video), threads=full_decode) as opened:
        if opened is None:
            return FramesResult([], {**params, "reason": "no video stream"})
        sink = FrameSink(
            Path(out_dir),
            options.image_format,
            options.max_width,
            options.quality,
            rule,
            opened.display,
        )
        try:
            params.update(_run(opened, options, sink, rule, on_seconds))
            params["candidates"] = len(sink.candidates)
            params["duplicates_dropped"] = sink.duplicates
            records = sink.finish(options.max_frames, opened.offset_s)
            params["blank_dropped"] = sink.blanks
        except BaseException:
            sink.discard()
            raise
        return FramesResult(records, params, list(opened.warnings))


def _run(
    opened: Video,
    options: FrameOptions,
    sink: FrameSink,
    rule: BlockRule,
    on_seconds: OnSeconds | None,
) -> dict[str, Any]:
    if options.strategy in SLIDES_LIKE:
        tuning = SlidesTuning(settle_s=options.settle_s)
        watch = None
        if options.strategy is Strategy.auto:  # screen or camera content? the first seconds say
            window = stretch_window(tuning.settle_s, MAX_TRANSITION_S)
            camera = CameraTuning()
            watch = ContentWatch(
                camera, opened.duration_s, tuning.settle_s, tuning.motion, window, tuning.wide_share
            )
        log = options.decisions or no_log
        return slides(opened, sink, options.slides_mode, tuning, on_seconds, watch, log)
    if options.strategy is Strategy.scenes:
        return scenes(opened, sink, options.scene_threshold, options.min_scene_s, on_seconds)
    if options.strategy is Strategy.keyframes:
        return {**rule.as_params(), **keyframes(opened, sink, on_seconds)}
    return {**rule.as_params(), **interval(opened, sink, options.interval_s, on_seconds)}
