"""`keyframes`: the codec's keyframes only; the decoder is told to skip every other frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peepshow_core.frames.decode import Video, frames, gray
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink

ProgressFn = Callable[[float], None]


def keyframes(video: Video, sink: FrameSink, progress: ProgressFn | None) -> dict[str, Any]:
    size = analysis_size(video.width, video.height)
    decoded = 0
    for frame in frames(video, skip="NONKEY"):
        decoded += 1
        t = video.seconds(frame.pts)
        sink.offer(frame, t, gray(frame, size))
        if progress is not None:
            progress(t)
    return {"decoded_frames": decoded}
