"""`slides`, reference path (`--exact`): decode every frame; the tracker picks each state.

With a `ContentWatch` (the `auto` strategy), the first `learn_s` seconds also decide whether the
video opens on camera content, and each later stretch of camera footage is covered shot by shot
instead (`route.Route`).
"""

from __future__ import annotations

from typing import Any

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.content import ContentWatch
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.route import Route
from peepshow_core.frames.slides.shown import Shown
from peepshow_core.frames.slides.tracker import Log, Tracker, no_log
from peepshow_core.frames.slides.tuning import SlidesTuning
from peepshow_core.media.ahead import ahead
from peepshow_core.media.video import Video, frames


def slides_full(
    video: Video,
    sink: FrameSink,
    tuning: SlidesTuning,
    on_seconds: OnSeconds | None,
    watch: ContentWatch | None = None,
    log: Log = no_log,
) -> dict[str, Any]:
    size = analysis_size(video.width, video.height)
    tracker = Tracker((size[1] // 8, size[0] // 8), tuning, log)
    route = Route(sink, tracker, watch, tuning.learn_s, log)
    decoded, next_report, end = 0, 1.0, 0.0
    shown: Shown | None = None  # the frame on screen, and since when
    with ahead(frames(video)) as walk:  # (decoded in a worker, while this thread analyses)
        for frame in walk:
            decoded += 1
            t = video.seconds(frame.pts)
            end = max(end, t)
            if shown is not None:
                shown.hold(t)  # (a variable frame rate's pause: the picture stayed on screen)
            shown = Shown(route.feed, tracker, t, frame, size)
            if not tracker.wants(t):
                continue
            shown.feed(t)
            if on_seconds is not None and t >= next_report:
                on_seconds(t)
                next_report = t + 1.0
    if shown is not None:
        end = max(end, shown.until_end(video))
    route.finish(end)
    params: dict[str, Any] = {"path": "full", "decoded_frames": decoded}
    params["analysed_frames"] = tracker.samples
    params["masked_blocks"] = int(tracker.mask.sum())
    return params
