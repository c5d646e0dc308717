"""A click ripple swelling around the pointer while a new slide settles: the presenter clicked to
advance, and the pointer moved in and clicked just after the cut. The ripple lies on the
pointer's path, but it is no pointer moving: it is bigger than the pointer, and it changes from
one sample to the next until it vanishes, so the slide has not held still until then."""

from __future__ import annotations

import av
import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 240, 320
FPS = 15
ARROW = np.tri(12, 8, dtype=bool)
YY, XX = np.mgrid[0:H, 0:W]
CLICK_AT, RIPPLE_S = 2.4, 0.35  # the ripple swells for 0.35 s, then vanishes
REST = (110, 170)  # where the pointer clicks


def picture(t: float) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    if t < 2.0:
        img[16:26, 16:220] = 30  # the first slide's title
    else:
        img[16:26, 16:150] = 30  # the second slide: another title, two boxes
        img[50:80, 30:110] = 90
        img[50:80, 130:200] = 150
    if 2.0 <= t < CLICK_AT:  # the pointer moving in, a block a step
        n = round((t - 2.0) * FPS)
        y, x = REST[0], REST[1] - 8 * max(0, 5 - n)
    else:
        y, x = REST
    if CLICK_AT <= t < CLICK_AT + RIPPLE_S:
        radius = 6 + 14 * (t - CLICK_AT) / RIPPLE_S
        ring = np.abs(np.hypot(YY - y, XX - x) - radius) < 3
        img[ring] = 60
    img[y : y + 12, x : x + 8][ARROW] = 0
    return img


def test_a_slide_is_taken_once_the_click_ripple_on_it_has_vanished() -> None:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for n in range(6 * FPS):
        t = n / FPS
        img = picture(t)
        kept += tracker.feed(t, img, av.VideoFrame.from_ndarray(img, format="gray"))
    kept += tracker.finish()
    times = [k.time_s for k in kept]
    assert len(times) == 2 and times[0] == 0.0, times  # (not the slide with the ripple, then
    # again without it)
    assert kept[1].time_s >= CLICK_AT + RIPPLE_S
    assert np.array_equal(kept[1].image, picture(kept[1].time_s))
