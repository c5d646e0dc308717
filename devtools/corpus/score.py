"""Scoring picked frames against the corpus's ground truth.

Screen recordings, per state and its settled interval [settle, end]:
- recall: states with at least one frame inside their settled interval / states;
- precision: the first such frame of each state / all frames (a second frame of a state, a
  frame mid-transition, anything else costs precision);
- mid-transition: frames strictly inside a transition (start, settle) or a zooming recorder's
  zoom in or out (`moving`);
- wrong picture: frames whose picture matches another-looking state better than the state at
  their time (a time that says one state and a picture that shows another).

Camera footage: the longest stretch without a frame (from 0, between frames, to the end) must be
at most max(5 s, duration / 8); every shot needs a frame from its middle, and none from its end
(its last tenth, at most its last second: in a one-minute shot the coverage needs a frame within
max(5 s, duration / 8) of the end, and seconds before a cut are no end).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

TIME_TOLERANCE_S = 0.002  # timestamps from containers are rounded (WebM: 1 ms)
SHOT_MIDDLE = 0.15  # a shot's middle: its span without this share at each end
SHOT_END = 0.1  # a frame in the last tenth of a shot was taken at its end ...
SHOT_END_MAX_S = 1.0  # ... if within this of it (shots of up to 10 s: their whole last tenth)
COVERAGE_MIN_S = 5.0
COVERAGE_SHARE = 1 / 8
PICTURE_MARGIN = 1.15  # a frame's picture is wrong when another state fits it this much better
PICTURE_FLOOR = 6.0  # ... by at least this much (mean squared gray difference)
SAME_PICTURE = 4.0  # two states look the same below this mean squared difference


@dataclass
class ScreenScore:
    states: int
    frames: int
    found: int
    mid_transition: int
    wrong_picture: int
    missed: list[int] = field(default_factory=list)  # indices of states without a frame
    extra: list[float] = field(default_factory=list)  # times of frames beyond each state's first

    @property
    def recall(self) -> float:
        return self.found / self.states if self.states else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.frames if self.frames else 1.0


@dataclass
class CameraScore:
    frames: int
    max_gap_s: float
    limit_s: float
    shots: int
    shots_covered: int
    end_frames: int

    @property
    def ok(self) -> bool:
        return (
            self.max_gap_s <= self.limit_s
            and self.shots_covered == self.shots
            and not self.end_frames
        )


def state_of(states: list[dict[str, Any]], t: float) -> tuple[int | None, bool]:
    """(index of the state whose settled interval holds `t`, whether `t` is mid-transition)."""
    for i, state in enumerate(states):
        if state["settle"] - TIME_TOLERANCE_S <= t <= state["end"] + TIME_TOLERANCE_S:
            return i, False
        if state["start"] + TIME_TOLERANCE_S < t < state["settle"] - TIME_TOLERANCE_S:
            return None, True
    return None, False


def score_screen(
    truth: dict[str, Any], frames: list[tuple[float, Path | None]], thumbs: dict[str, np.ndarray]
) -> ScreenScore:
    states = truth["states"]
    found: set[int] = set()
    mid = wrong = 0
    extra: list[float] = []
    pictures = _PictureCheck(thumbs, len(states))
    for t, image in sorted(frames, key=lambda f: f[0]):
        index, in_transition = state_of(states, t)
        mid += in_transition or any(a < t < b for a, b in truth.get("moving", ()))
        if index is not None and image is not None and not pictures.matches(image, index):
            wrong += 1
            extra.append(t)
            continue
        if index is None or index in found:
            extra.append(t)
            continue
        found.add(index)
    missed = [i for i in range(len(states)) if i not in found]
    return ScreenScore(len(states), len(frames), len(found), mid, wrong, missed, extra)


class _PictureCheck:
    """Does a frame's picture show the state at its time (clean renders, distractors masked)?"""

    def __init__(self, thumbs: dict[str, np.ndarray], n: int) -> None:
        self.states = [
            thumbs[f"state{i}"].astype(np.float32) for i in range(n) if f"state{i}" in thumbs
        ]
        covered = thumbs.get("covered")
        self.keep = None if covered is None else ~covered.astype(bool)

    def _distance(self, a: np.ndarray, b: np.ndarray) -> float:
        diff = (a - b) ** 2
        return float(diff[self.keep].mean() if self.keep is not None else diff.mean())

    def matches(self, image: Path, index: int) -> bool:
        if len(self.states) <= index:
            return True
        from PIL import Image

        h, w = self.states[0].shape
        with Image.open(image) as opened:
            picture = np.asarray(opened.convert("L").resize((w, h), Image.BILINEAR), np.float32)
        distances = [self._distance(picture, s) for s in self.states]
        own = distances[index]
        best = int(np.argmin(distances))
        if self._distance(self.states[best], self.states[index]) < SAME_PICTURE:
            return True  # the best fit looks like the state at its time (a return)
        return own <= distances[best] * PICTURE_MARGIN or own - distances[best] < PICTURE_FLOOR


def score_camera(
    truth: dict[str, Any], times: list[float], whole_s: float | None = None
) -> CameraScore:
    """`whole_s`: the whole video's duration, when `truth` is a part of it (the longest gap
    allowed is max(5 s, the video's duration / 8))."""
    duration = float(truth["duration_s"])
    ordered = sorted(times)
    edges = [0.0, *ordered, duration]
    max_gap = max(b - a for a, b in itertools.pairwise(edges))
    covered = ends = 0
    for shot in truth["shots"]:
        start, end = shot["start"], shot["end"]
        length = end - start
        middle = (start + SHOT_MIDDLE * length, end - SHOT_MIDDLE * length)
        covered += any(middle[0] <= t <= middle[1] for t in ordered)
        tail = min(SHOT_END * length, SHOT_END_MAX_S)
        ends += sum(1 for t in ordered if end - tail < t <= end)
    limit = max(COVERAGE_MIN_S, (whole_s or duration) * COVERAGE_SHARE)
    return CameraScore(
        len(ordered), round(max_gap, 2), round(limit, 2), len(truth["shots"]), covered, ends
    )
