"""`slides`, reference path: decode every frame and let the tracker pick each settled state."""

from __future__ import annotations

from typing import Any

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.tracker import SlideTracker, TrackerSettings
from peepshow_core.media.video import Video, frames, gray


def slides_full(
    video: Video, sink: FrameSink, settings: TrackerSettings, on_seconds: OnSeconds | None
) -> dict[str, Any]:
    size = analysis_size(video.width, video.height)
    tracker = SlideTracker((size[1] // 8, size[0] // 8), settings)
    decoded = 0
    next_report = 1.0
    last = None
    for frame in frames(video):
        decoded += 1
        t = video.seconds(frame.pts)
        if not tracker.wants(t):
            continue
        img = gray(frame, size)
        emitted = tracker.feed(t, img)
        if emitted is not None:
            sink.offer(frame, t, img, score=emitted.score, dedup=False)
        last = (frame, t, img)
        if on_seconds is not None and t >= next_report:
            on_seconds(t)
            next_report = t + 1.0
    if last is not None:
        ended = tracker.finish(last[1], last[2])
        if ended is not None:
            sink.offer(last[0], last[1], last[2], score=ended.score, dedup=False)
    return {"path": "full", "decoded_frames": decoded, "masked_blocks": int(tracker.mask.sum())}
