"""The pointer flicked across the screen, seen only at a few steps far apart, that comes to rest
in another shape (the arrow turned into a hand over a link): no state. A small pointer on a
large screen (a 1x arrow on 1280 px, a quarter of that at the analysis size) shows between
samples only where it stands out, and a fast stroke is a few blocks a sample: its last step
seen was several blocks from where it rests, so it had "not arrived" and the hand, a look never
seen, was kept as a state (an independent generator's i06). Something small that left another
place in the step it first showed, or the one before, arrived there (`Motion.arrived`). A
pointer-shaped thing appearing while the pointer rests is still a state. Fed to the tracker at
the reference path's rate, with frames four times the analysis size (the looks are cut there)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import feed_scaled

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
PAGE, INK = 232, 25
ARROW = np.tri(12, 8, dtype=bool)  # the arrow, 12 px tall
HAND = np.ones((17, 12), bool)  # the hand: a finger over a fist, 17 px tall (1.4x the arrow)
HAND[:7, :4] = HAND[:7, 8:] = False
REST = (40, 270)  # where the arrow rests
STEPS = [(62, 214), (88, 150), (108, 96)]  # where the flick is seen, a sample each
LINK = (118, 40)  # where it comes to rest as a hand
FLICK_S = 4.0
SECONDS = 9.0


def slide(t: float, flick: bool) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    for row in range(40, 110, 12):
        img[row : row + 4, 16 : 16 + 30 * (1 + row % 5)] = 90  # text
    step = round((t - FLICK_S) * FPS)
    if t < FLICK_S or not flick:
        y, x = REST
        img[y : y + 12, x : x + 8][ARROW] = 0
    elif step < len(STEPS):
        y, x = STEPS[step]
        img[y : y + 12, x : x + 8][ARROW] = 0
    if t >= FLICK_S + len(STEPS) / FPS:
        y, x = LINK
        img[y : y + 17, x : x + 12][HAND] = 0
    return img


def test_a_pointer_flicked_to_rest_as_a_hand_is_no_state() -> None:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, lambda t: slide(t, flick=True), SECONDS, FPS, 4)
    kept += [k.time_s for k in tracker.finish()]
    assert kept == [0.0], kept


def test_a_hand_shaped_thing_appearing_while_the_pointer_rests_is_a_state() -> None:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, lambda t: slide(t, flick=False), SECONDS, FPS, 4)
    kept += [k.time_s for k in tracker.finish()]
    appeared = FLICK_S + len(STEPS) / FPS
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert appeared <= kept[1] <= appeared + 2 * TUNING.settle_s, kept
