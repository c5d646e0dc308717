"""A line written out from under a webcam, its caret blinking at its end, is a state: the
webcam's ring, which the line's first block lies in, is no region learned since it settled.
Before, a provisional change taken over but for a pointer-sized part by regions learned while
it was watched was "a clip starting", and the ring (masked again once the line was the
reference) and the caret (learned as it blinked) counted as such regions: the line was dropped
(a fresh design draw's s4920, a line of code typed beside a webcam, `--exact`). A clip that
starts playing beside a slide is still no state (tests/frames/test_clip_stops.py)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
WEBCAM = (100, 170, 16, 96)  # y0, y1, x0, x1: a webcam corner on the left
ROW = 144  # the line's top, beside the webcam (one row of blocks)
WRITTEN_S = 8.0  # the line appears (the webcam long learned)
BLINK_S = 0.5  # the caret's half period
STEADY_S = 1.0  # it starts blinking this long after the line was written
NEXT_S = 12.0  # the next slide
SECONDS = 14.0


def picture(t: float, line: bool) -> np.ndarray:
    img = np.full((H, W), 30, np.uint8)  # a dark editor
    img[16:22, 16:200] = 200  # a line of code at the top
    for row in range(30, 96, 10):
        img[row : row + 4, 16 : 16 + 20 * (1 + row % 7)] = 170
    if t >= NEXT_S:  # the next slide: another file's code
        img[:96] = 30
        for row in range(20, 96, 8):
            img[row : row + 4, 40 : 40 + 25 * (1 + row % 5)] = 150
        line = False
    y0, y1, x0, x1 = WEBCAM
    rng = np.random.default_rng(int(t * 4))  # a new webcam picture every 0.25 s
    img[y0:y1, x0:x1] = rng.integers(60, 200, (y1 - y0, x1 - x0), dtype=np.uint8)
    if line:  # its first characters under the webcam; the rest from its edge on
        img[ROW : ROW + 5, x1 + 1 : x1 + 31 : 2] = 220  # (four blocks, the first in the ring)
        img[ROW : ROW + 5, x1 + 2 : x1 + 31 : 4] = 220
        typed = t - WRITTEN_S < STEADY_S  # (a caret stays on while typing)
        if typed or int((t - WRITTEN_S - STEADY_S) / BLINK_S) % 2 == 1:
            img[ROW : ROW + 6, x1 + 33 : x1 + 35] = 230  # the caret, a block further
    return img


def recording() -> list[tuple[float, np.ndarray]]:
    return [(n / FPS, picture(n / FPS, n / FPS >= WRITTEN_S)) for n in range(round(SECONDS * FPS))]


def test_a_line_written_out_from_under_a_webcam_is_a_state() -> None:
    """Three states: the editor, the line written (its caret blinking: before, it was dropped
    once due, and lost), the next slide."""
    kept = kept_times(recording(), TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert WRITTEN_S <= kept[1] <= WRITTEN_S + 2 * TUNING.settle_s, kept
    assert NEXT_S <= kept[2] <= NEXT_S + 2 * TUNING.settle_s, kept
