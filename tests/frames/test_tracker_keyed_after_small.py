"""A small build held for hindsight, then something else on the move, then a new state the fast
path takes from a keyframe (`Tracker.accept`): the build showed in every picture watched since
it settled, longer than `settle_s`, so it is a state of its own before the new one, though the
last *quiet* picture came sooner than that after it (what moved kept the picture from being
quiet until the watching stopped)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
BUILD_T = 3.0  # a two-block word appears
MOVES_T = BUILD_T + TUNING.settle_s + 0.4  # a box starts sliding across the slide ...
WATCHED_TO = MOVES_T + 0.5  # ... and is still on the move where the watching stops
KEY_T = 8.0  # the keyframe taken as the next slide's picture


def picture(t: float) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    if t >= BUILD_T:
        img[104:110, 40:54] = 30  # the build: a short word, two blocks
    if t >= MOVES_T:
        x = 120 + round((t - MOVES_T) * 60)  # a box sliding right (never settles)
        img[136:168, x : x + 32] = 90
    return img


def next_slide() -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:240] = 30  # another title
    img[60:70, 40:260] = 60  # and a line
    return img


def test_a_small_build_seen_until_the_watching_stopped_is_kept_before_a_keyed_state() -> None:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept: list[float] = []
    for n in range(round(WATCHED_TO * FPS) + 1):
        kept += [k.time_s for k in tracker.feed(n / FPS, picture(n / FPS), None)]
    assert kept == [0.0], kept
    (held,) = tracker.small  # the build, held for hindsight
    assert tracker.quiet is not None and tracker.quiet[0] - held.time_s < TUNING.settle_s
    kept += [k.time_s for k in tracker.accept(KEY_T - 1.0, KEY_T, next_slide(), None, "key")]
    builds = [t for t in kept if BUILD_T <= t < MOVES_T]
    assert len(builds) == 1, kept
