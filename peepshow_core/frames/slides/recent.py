"""The samples of the last seconds: what the picture was `settle_s` ago (has it held still since?)
and at a given moment not long ago (was a line still growing then?)."""

from __future__ import annotations

from collections import deque

import numpy as np

from peepshow_core.frames.slides.blocks import block_diff
from peepshow_core.frames.slides.tuning import SAME_SHARE

EPS_S = 1e-6  # sample times closer than this are the same time


class Recent:
    def __init__(self, keep_s: float, lag_s: float) -> None:
        self.keep_s = keep_s  # how long a sample is kept (the latest older one stays too)
        self.lag_s = lag_s  # how far back `lagged` looks
        self.samples: deque[tuple[float, np.ndarray]] = deque()

    def remember(self, t: float, img: np.ndarray) -> None:
        """A new sample; those older than `keep_s` are forgotten, but for the latest of them
        (the picture shown `keep_s` ago)."""
        self.samples.append((t, img))
        while len(self.samples) >= 2 and self.samples[1][0] <= t - self.keep_s + EPS_S:
            self.samples.popleft()

    def restart(self, t: float, img: np.ndarray) -> None:
        """Forget everything before the sample `img` at `t` (a picture judged from a keyframe,
        seconds after the samples before it)."""
        self.samples.clear()
        self.samples.append((t, img))

    def seen_at(self, t: float) -> np.ndarray | None:
        """The picture shown at `t` (the latest sample at or before it), if still remembered."""
        found = None
        for when, img in self.samples:
            if when > t + EPS_S:
                break
            found = img
        return found

    def lagged(self, t: float) -> tuple[float, np.ndarray] | None:
        """The latest sample at least `lag_s` before `t`."""
        found = None
        for sample in self.samples:
            if sample[0] > t - self.lag_s + EPS_S:
                break
            found = sample
        return found

    def between(self, start: float, end: float) -> list[np.ndarray]:
        """The pictures sampled from `start` to before `end` still remembered, oldest first."""
        return [img for when, img in self.samples if start - EPS_S <= when < end - EPS_S]

    def showing(
        self, start: float, end: float, ref: np.ndarray, cells: np.ndarray, level: float
    ) -> float:
        """When the blocks `cells` first showed a change from `ref`: the first sample from
        `start` to `end` in which more than `SAME_SHARE` of them differ by more than `level`
        (`end` if none remembered does)."""
        for when, img in self.samples:
            inside = start - EPS_S <= when < end - EPS_S
            if inside and (block_diff(ref, img)[cells] > level).mean() > SAME_SHARE:
                return when
        return end
