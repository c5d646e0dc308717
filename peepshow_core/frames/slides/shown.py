"""The player's timeline: a frame stays on screen until the next one, however long that is.

Recorders built on ScreenCaptureKit, Chrome's MediaRecorder, scrcpy or ShadowPlay write a frame
only when the screen changed (a variable frame rate): a still slide is one frame followed by
seconds of nothing. A viewer sees that picture all along; the tracker, which judges a change by
how long it held still (`settle_s`, `region_span_s`), must see it so too. So a picture that stayed
on screen longer than `settle_s` (shorter pauses cannot hide a change settling, and a low frame
rate's steady frames are no pause) is sampled again until the next frame comes, and the last frame
until the stream's end: as seldom as samples still follow each other (`held_step`; nothing moves
in a picture held, and the rules that wait on a still picture wait on time, not on samples).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import CONSECUTIVE_S, SlidesTuning
from peepshow_core.media.video import Video, gray

Feed = Callable[[float, np.ndarray, Any], object]  # (time, analysis picture, frame)

TIME_EPSILON = 1e-3  # (as `Tracker.wants` rounds)


def held_step(tuning: SlidesTuning) -> float:
    """How often a picture held through a pause is sampled again: the most whole sample steps
    that still follow each other (`CONSECUTIVE_S`)."""
    step = 1.0 / tuning.sample_fps
    return max(1, int(CONSECUTIVE_S / step + TIME_EPSILON)) * step


def held_times(
    shown_s: float, until_s: float, sampled_s: float | None, tuning: SlidesTuning
) -> list[float]:
    """When the picture shown from `shown_s` until `until_s` is sampled again (the last sample
    was at `sampled_s`): every `held_step` through a pause longer than `settle_s`, for at most
    `held_s`, and a sample step before `until_s` (so the next frame is sampled at its own time,
    and a long pause is one the tracker sees as a gap between alike pictures, as where the fast
    path skips a GOP); none through a shorter pause."""
    if until_s - shown_s <= tuning.settle_s:
        return []
    step = held_step(tuning)
    last = until_s - 1.0 / tuning.sample_fps + TIME_EPSILON
    t = max(shown_s, (sampled_s if sampled_s is not None else shown_s) + step)
    times = []
    while t <= min(last, shown_s + tuning.held_s):
        times.append(t)
        t += step
    if t <= last:
        times.append(until_s - 1.0 / tuning.sample_fps)
    return times


class Shown:
    """The frame on screen since `t`: fed to the tracker (through `feed`) when it comes, and
    again through a pause before the next one (`hold`) or the stream's end (`until_end`)."""

    def __init__(
        self, feed: Feed, tracker: Tracker, t: float, frame: Any, size: tuple[int, int]
    ) -> None:
        self.feed_to, self.tracker, self.t, self.frame, self.size = feed, tracker, t, frame, size
        self.image: np.ndarray | None = None  # (scaled once, when first sampled)

    def feed(self, t: float) -> None:
        if self.image is None:
            self.image = gray(self.frame, self.size)
        self.feed_to(t, self.image, self.frame)

    def hold(self, until_s: float) -> None:
        """The next frame comes at `until_s`: this one is sampled through a pause before it."""
        for t in held_times(self.t, until_s, self.tracker.prev_t, self.tracker.tuning):
            self.feed(t)

    def until_end(self, video: Video) -> float:
        """The last frame: sampled through its stay until the stream's end as its packets
        state it (`Video.read_s`: a recorder that stops on a still screen writes the whole stay,
        in the last picture's duration or, with B-frames, the last packet's), never past the
        stream's announced duration; when it leaves the screen. It is sampled at its own
        time however soon after the last sample it came: it is the picture the video ends on
        (a recording stopped as a push ended: its last step, not the one before)."""
        end = video.read_s
        if video.duration_s is not None:
            end = min(end, video.duration_s)
        end = max(self.t, end)
        seen = self.tracker.prev_t
        if self.image is None and (seen is None or self.t > seen + TIME_EPSILON):
            self.feed(self.t)
        step = 1.0 / self.tracker.tuning.sample_fps
        self.hold(end + step)  # (held_times stops a step short of a next frame; none comes)
        return end
