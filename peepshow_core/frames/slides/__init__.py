"""`slides`: one frame per settled state of a talk or screen recording.

`tracker` decides when a new state settled; `full` feeds it every frame (the reference path,
`--exact`); `fast` judges most of the video from keyframes and packet sizes and replays only the
GOPs that need it. `slides()` picks the path.
"""

from __future__ import annotations

from typing import Any

from peepshow_core.contract.vocab import OnSeconds, SlidesMode
from peepshow_core.frames.diff import BlockRule
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.fast import dense_keyframes, slides_fast
from peepshow_core.frames.slides.full import slides_full
from peepshow_core.frames.slides.tracker import TrackerSettings
from peepshow_core.media.video import Video


def slides(
    video: Video,
    sink: FrameSink,
    rule: BlockRule,
    mode: SlidesMode,
    settle_s: float,
    on_seconds: OnSeconds | None,
) -> dict[str, Any]:
    settings = TrackerSettings(rule=rule, settle_s=settle_s)
    if mode is SlidesMode.full or (mode is SlidesMode.auto and dense_keyframes(video)):
        chosen = slides_full(video, sink, settings, on_seconds)
        if mode is SlidesMode.auto:
            chosen["fallback"] = "keyframes too dense for the fast path (intra-only video?)"
        return {**settings.as_params(), **chosen}
    return {**settings.as_params(), **slides_fast(video, sink, settings, on_seconds)}
