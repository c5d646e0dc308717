"""A state the fast path takes from a keyframe (`Tracker.accept`) is judged like any large change:
provisional until `region_span_s` after it settled, dropped if it changes again in place (a clip
that started playing with the slide), kept at once if the packets say it held still that long."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15


def picture(panel: int | None = None) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    if panel is not None:  # a panel of 12x12 blocks; `panel` seeds its content
        rng = np.random.default_rng(panel)
        img[48:144, 96:192] = rng.integers(0, 255, (96, 96), dtype=np.uint8)
    return img


def settled_tracker() -> Tracker:
    tracker = Tracker((H // 8, W // 8), TUNING)
    for n in range(2 * FPS):
        tracker.feed(n / FPS, picture(), None)
    assert tracker.kept is not None
    return tracker


def feed(
    tracker: Tracker, start: float, seconds: float, panel: Callable[[float], int]
) -> list[float]:
    kept = []
    for n in range(1, round(seconds * FPS)):
        t = start + n / FPS
        kept += [k.time_s for k in tracker.feed(t, picture(panel(t)), None)]
    return kept + [k.time_s for k in tracker.finish()]


def test_a_keyframe_state_that_held_still_long_enough_is_kept_at_once() -> None:
    tracker = settled_tracker()
    settled = 10.0
    keeps = tracker.accept(settled, settled + TUNING.region_span_s, picture(1), None, "key")
    assert [k.time_s for k in keeps] == [settled]


def test_a_keyframe_state_just_settled_is_confirmed_once_it_stays() -> None:
    tracker = settled_tracker()
    assert tracker.accept(10.0, 10.2, picture(1), None, "key") == []
    assert tracker.provisional is not None
    assert feed(tracker, 10.2, 2 * TUNING.region_span_s, lambda t: 1) == [10.0]


def test_a_keyframe_state_that_changes_again_in_place_is_dropped() -> None:
    tracker = settled_tracker()
    assert tracker.accept(10.0, 10.2, picture(1), None, "key") == []
    # a clip playing in the panel: a new picture every 0.8 s
    kept = feed(tracker, 10.2, 4 * TUNING.region_span_s, lambda t: 2 + int(t / 0.8))
    assert 10.0 not in kept
