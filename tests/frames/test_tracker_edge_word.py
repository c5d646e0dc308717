"""A word written right beside a webcam's edge, in the block of the ring its picture reaches
into (its last two pixels and the scaling's blur), is a state: judged to the pixel (`edges`), it
is no overlay's picture beyond the blocks learned (`SmallChanges._beside_regions`), and it stays
judged like the slide when the webcam's rectangle grows over its block (the presenter's shoulder
moving at the picture's edge). Fed to the tracker at the reference path's rate."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
CAM_Y, CAM_X = (120, 176), (228, 298)  # the webcam: its right edge two pixels into block 37
FACE = (128, 176, 244, 292)  # the presenter, moving: the blocks the regions learn
SHOULDER = (160, 176, 280)  # rows, and from where the shoulder reaches the picture's edge
WORD = (145, 151)  # rows of a short word written right beside the edge, in block 37
WRITTEN = 6.0  # when the word appears (the webcam has been learned long before)
LEANS = 7.0  # when the shoulder moves at the edge (the rectangle grows over the word's block)
END = 10.0


def picture(t: float, word: bool, lean: bool) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    (y0, y1), (x0, x1) = CAM_Y, CAM_X
    img[y0:y1, x0:x1] = 120 + round(3 * np.sin(2 * np.pi * 0.3 * t))  # its wall's light
    rng = np.random.default_rng(int(t * 4))  # a new picture of the presenter every 0.25 s
    fy0, fy1, fx0, fx1 = FACE
    img[fy0:fy1, fx0:fx1] = rng.integers(60, 200, (fy1 - fy0, fx1 - fx0))
    img[y0:y1, x1] = 175  # the scaling's blur at its edge
    if lean and t >= LEANS:
        sy0, sy1, sx0 = SHOULDER
        img[sy0:sy1, sx0:x1] = rng.integers(60, 200, (sy1 - sy0, x1 - sx0))
    if word and t >= WRITTEN:
        img[WORD[0] : WORD[1], x1 + 1 : x1 + 6 : 2] = 40  # letters' strokes
    return img


def kept(word: bool, lean: bool) -> list[float]:
    times = [n / FPS for n in range(round(END * FPS))]
    return kept_times([(t, picture(t, word, lean)) for t in times], TUNING)


def test_a_word_written_right_beside_a_webcams_edge_is_a_state() -> None:
    found = kept(word=True, lean=False)
    assert len(found) == 2 and WRITTEN <= found[1] <= WRITTEN + 1.0, found


def test_it_stays_a_state_when_the_webcams_rectangle_grows_over_its_block() -> None:
    found = kept(word=True, lean=True)
    assert len(found) == 2 and WRITTEN <= found[1] <= WRITTEN + 1.0, found


def test_the_shoulder_moving_at_the_edge_is_no_state() -> None:
    # guard: the webcam's own pixels in that block change, and its rectangle grows
    assert len(kept(word=False, lean=True)) == 1
