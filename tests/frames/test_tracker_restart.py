"""A screen stretch after camera footage is judged as a recording of its own (`Tracker.restart`):
the slide shown before the camera and again after it is a state again, and what was learned of
the screen before is forgotten. (That the route restarts the tracker there: the known answers
that cut between a camera and slides.)"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
BOX = (120, 176, 232, 312)  # a webcam box in the corner, in px (y0, y1, x0, x1)


def slide(seed: int, webcam: int | None = None) -> np.ndarray:
    """Rows of dark words on a light slide; `webcam`: the box's picture of that sample (a
    head swaying over sensor noise)."""
    img = np.full((H, W), 230, np.uint8)
    rng = np.random.default_rng(seed)
    for row in range(16, 112, 16):
        img[row : row + 6, 16 : 16 + int(rng.integers(60, 200))] = 40
    if webcam is not None:
        y0, y1, x0, x1 = BOX
        noise = np.random.default_rng(1000 + webcam).integers(-6, 7, (y1 - y0, x1 - x0))
        box = np.full((y1 - y0, x1 - x0), 120) + noise
        sway = int(6 * np.sin(webcam / 3))
        box[12:44, 28 + sway : 52 + sway] = 190
        img[y0:y1, x0:x1] = box.astype(np.uint8)
    return img


def test_a_restarted_tracker_keeps_its_first_picture_and_forgets_its_regions() -> None:
    tracker = Tracker((H // 8, W // 8), TUNING)
    for n in range(6 * FPS):
        tracker.feed(n / FPS, slide(1, webcam=n), None)
    assert tracker.kept is not None and tracker.mask.any(), "the webcam was learned"
    tracker.restart(10.0)
    assert not tracker.mask.any(), "what was learned before is forgotten"
    keeps = []
    for n in range(2 * FPS):
        keeps += tracker.feed(10.0 + n / FPS, slide(1), None)
    assert len(keeps) == 1, "the slide shown again is a state again"
