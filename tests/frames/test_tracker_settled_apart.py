"""Changes that settle a moment apart are one state: the picture never held still with the
first alone. A build's two small parts the encoder finishes a sample apart (a shrunk terminal's
two output lines in a long-GOP x264 recording), or a slide whose last small piece settles just
after the rest (a click's ring fading around the pointer as a composited talk's slide settles),
is taken once, when the last part settled: its picture shows both. Before, each part was a
state of its own, a sample apart."""

from __future__ import annotations

import av
import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 240, 320
FPS = 12
AT = 2.0  # the change
STROKE = (1.9, 2.3)  # the pointer's stroke past the second part, which it hides from the
# tracker's stillness check while it passes
ARROW = np.tri(12, 8, dtype=bool)


def picture(t: float, lag_s: float, slide: bool) -> np.ndarray:
    """A terminal's lines; at `AT` a short line of output appears (or, `slide`, the next slide
    with it), and a second short line far from it, barely there until `lag_s` later."""
    img = np.full((H, W), 245, np.uint8)
    new = t >= AT
    for row in range(20, 100, 12):
        img[row : row + 5, 16 : 200 if not (slide and new) else 120] = 70
    if slide and new:
        img[20:80, 160:300] = 150  # the next slide's picture
    if new:
        img[130:135, 16:36] = 70  # (a part three blocks wide, at most: pointer-sized)
        img[190:195, 200:220] = 70 if t >= AT + lag_s else 238
    x = int(120 + 120 * min(1.0, max(0.0, (t - STROKE[0]) / (STROKE[1] - STROKE[0]))))
    img[186:198, x : x + 8][ARROW] = 0  # the pointer, passing over the second part to rest
    return img


def run(lag_s: float, slide: bool = False) -> list[tuple[float, np.ndarray]]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for n in range(6 * FPS):
        t = n / FPS
        img = picture(t, lag_s, slide)
        kept += tracker.feed(t, img, av.VideoFrame.from_ndarray(img, format="gray"))
    kept += tracker.finish()
    withdrawn = set(tracker.withdrawn())
    return [(k.time_s, k.image) for k in kept if k.time_s not in withdrawn]


def shows_both_parts(image: np.ndarray) -> bool:
    return bool(image[130:135, 16:36].mean() < 120 and image[190:195, 200:220].mean() < 120)


def test_a_builds_parts_settling_a_sample_or_two_apart_are_one_state() -> None:
    for lag_s in (1 / FPS, 2 / FPS, 3 / FPS):
        kept = run(lag_s)
        assert [t for t, _ in kept][:1] == [0.0] and len(kept) == 2, (lag_s, kept)
        assert shows_both_parts(kept[1][1])


YY, XX = np.mgrid[0:H, 0:W]
REST = (150, 200)  # where the pointer rests and clicks


def slide_with_a_ring(t: float, on: float, off: float, fade: float) -> np.ndarray:
    """The next slide at `AT`; from `on` to `off` after it a click's ring around the resting
    pointer, fading for its last `fade` seconds."""
    img = np.full((H, W), 245, np.uint8)
    if t < AT:
        img[16:26, 16:220] = 30
    else:
        img[16:26, 16:150] = 30
        img[50:80, 30:110] = 90
        img[50:80, 130:200] = 150
    y, x = REST
    if AT + on <= t < AT + off:
        level = 60 if t < AT + off - fade else 150
        img[np.abs(np.hypot(YY - y - 4, XX - x - 3) - 8) < 1.5] = level
    img[y : y + 12, x : x + 8][ARROW] = 0
    return img


def test_a_slide_whose_ring_fades_just_after_it_settled_is_taken_once() -> None:
    for on in (0.2, 0.3):
        for off in (0.55, 0.6):
            for fade in (0.09, 0.17):
                tracker = Tracker((H // 8, W // 8), TUNING)
                kept = []
                for n in range(6 * FPS):
                    t = n / FPS
                    img = slide_with_a_ring(t, on, off, fade)
                    kept += tracker.feed(t, img, av.VideoFrame.from_ndarray(img, format="gray"))
                kept += tracker.finish()
                withdrawn = set(tracker.withdrawn())
                times = [k.time_s for k in kept if k.time_s not in withdrawn]
                assert len(times) == 2 and times[0] == 0.0, ((on, off, fade), times)
                assert times[1] >= AT + off - 1 / FPS, "taken once the ring had gone"


def test_parts_a_state_apart_are_two_states() -> None:
    kept = run(1.5)  # (the second part came long after the first held still)
    assert len(kept) >= 3, [t for t, _ in kept]
    assert kept[1][1][130:135, 16:36].mean() < 120 and kept[-1][0] >= AT + 1.5
