"""`keyframes`: the codec's keyframes only; the decoder is told to skip every other frame."""

from __future__ import annotations

from typing import Any

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.media.video import Video, frames, gray


def keyframes(video: Video, sink: FrameSink, on_seconds: OnSeconds | None) -> dict[str, Any]:
    size = analysis_size(video.width, video.height)
    decoded = 0
    for frame in frames(video, skip="NONKEY"):
        decoded += 1
        t = video.seconds(frame.pts)
        sink.offer(frame, t, gray(frame, size))
        if on_seconds is not None:
            on_seconds(t)
    return {"decoded_frames": decoded}
