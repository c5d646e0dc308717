"""What a caller can ask of frame selection, checked before any decoding starts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peepshow_core.contract.errors import UsageError
from peepshow_core.contract.vocab import (
    DEFAULT_STRATEGY,
    ImageFormat,
    SlidesMode,
    Strategy,
    parse_choice,
)

DEFAULT_MAX_WIDTH = 1280  # frames wider than this are scaled down (LLM-friendly)
MIN_MAX_WIDTH = 16
DEFAULT_INTERVAL_S = 10.0
DEFAULT_QUALITY = 85


@dataclass
class FrameOptions:
    strategy: Strategy = DEFAULT_STRATEGY
    max_frames: int | None = None
    interval_s: float = DEFAULT_INTERVAL_S
    image_format: ImageFormat = ImageFormat.jpeg
    max_width: int = DEFAULT_MAX_WIDTH
    quality: int = DEFAULT_QUALITY
    slides_mode: SlidesMode = SlidesMode.auto
    settle_s: float = 0.5  # slides: a state must hold this long before its frame is taken
    scene_threshold: float = 27.0  # scenes: HSV content score (0..255) that makes a cut
    min_scene_s: float = 0.6  # scenes: shortest scene
    # slides/auto: called with (time, event, detail) for every decision (the --debug log)
    decisions: Callable[[float, str, str], None] | None = None


def check_options(options: FrameOptions) -> FrameOptions:
    """The options with their vocabularies checked (strings from any caller become enums);
    UsageError (exit code USAGE) for values no strategy can use."""
    options.strategy = parse_choice(Strategy, options.strategy, "strategy")
    options.image_format = parse_choice(ImageFormat, options.image_format, "image format")
    options.slides_mode = parse_choice(SlidesMode, options.slides_mode, "slides mode")
    if not options.interval_s > 0:
        raise UsageError("the interval must be a positive number of seconds")
    if options.max_frames is not None and options.max_frames < 1:
        raise UsageError("max_frames must be at least 1")
    if options.max_width < MIN_MAX_WIDTH:
        raise UsageError(f"max_width must be at least {MIN_MAX_WIDTH}")
    return options
