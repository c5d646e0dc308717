"""`slides`: one frame per settled state of a talk or screen recording.

- `tuning`: the one tuning object (every value it decides with, recorded in `strategy_params`);
- the noise model, one concept per module: `blocks` (compression noise), `regions` (regions that
  change on their own: webcam, clip, clock, caret), `pointer` (the pointer and other overlays);
  transitions and content are the `tracker`'s, which decides new states against the last kept;
- `full`: the reference path (`--exact`), every frame through the tracker;
- `fast`: the default path, keyframes through the noise model and the GOP `planner` (a pure
  function, one row per rule) deciding which GOPs to decode.

`slides()` picks the path; with `watch` (the `auto` strategy) the first seconds also decide
whether the video opens on camera content (`frames.content`), and a stretch of camera footage,
there or later, is covered shot by shot (`frames.camera`; `route` says where each sample goes).
"""

from __future__ import annotations

import sys
from typing import Any

from peepshow_core.contract.vocab import OnSeconds, SlidesMode
from peepshow_core.frames.content import ContentWatch
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.fast import slides_fast
from peepshow_core.frames.slides.full import slides_full
from peepshow_core.frames.slides.packets import dense_keyframes
from peepshow_core.frames.slides.tracker import Log, no_log
from peepshow_core.frames.slides.tuning import SlidesTuning
from peepshow_core.media.video import Video


def slides(
    video: Video,
    sink: FrameSink,
    mode: SlidesMode,
    tuning: SlidesTuning,
    on_seconds: OnSeconds | None,
    watch: ContentWatch | None = None,
    log: Log = no_log,
) -> dict[str, Any]:
    params: dict[str, Any] = {**tuning.as_params()}
    if mode is SlidesMode.full or (mode is SlidesMode.auto and dense_keyframes(video)):
        params.update(slides_full(video, sink, tuning, on_seconds, watch, log))
        if mode is SlidesMode.auto:
            params["fallback"] = "keyframes too dense for the fast path (intra-only video?)"
    else:
        params.update(slides_fast(video, sink, tuning, on_seconds, watch, log))
    if watch is not None:
        params.update(watch.params())
        params.update({f"camera_{k}": v for k, v in watch.tuning.as_params().items()})
    return params


def stderr_log(t: float, event: str, detail: str) -> None:
    """The --debug decision log: one line per decision, on stderr."""
    print(f"peepshow: slides {t:8.2f} s  {event:8}  {detail}", file=sys.stderr)
