"""A webcam whose presenter's shoulders shift on its wall, where no block was seen moving: no
state. The regions learn a clean webcam from the blocks its presenter moves in (the head); its
wall and the body below them change only now and then, a step that holds, beside the mask: it
was kept as "a small change that stayed" (an independent generator's webcam, i02 and i08: a
shirt's edge stepping a few pixels). A change within an overlay's frame is the overlay's
picture (`beyond.overlay_edge`); a word written beside it on the slide's plain background is
still a state, and so is one that replaced another there, outside the webcam's frame
(`windows.framed_box`: a stage's build beside its camera). Fed to the tracker
at the reference path's rate."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
CAM = (112, 176, 232, 312)  # y0, y1, x0, x1: the webcam, bottom right
HEAD = (128, 272, 11)  # the head's centre (y, x) and radius
SHOULDERS = (148, 160)  # the shirt's rows, below the chin; its left edge ...
EDGE, SHIFTED = 253, 249  # ... at this column, and after the presenter shifted
SHIFT_S = 6.0  # the presenter shifts (the webcam long learned)
WORD = (104, 110, 242, 254)  # a word written above the webcam, touching its mask
NEXT_S = 10.0  # the next slide
SECONDS = 12.0


def wall() -> np.ndarray:
    """The room behind the presenter: soft shapes, still."""
    rng = np.random.default_rng(5)
    y0, y1, x0, x1 = CAM
    coarse = rng.integers(70, 190, ((y1 - y0) // 16 + 1, (x1 - x0) // 16 + 1)).astype(np.float32)
    return np.repeat(np.repeat(coarse, 16, 0), 16, 1)[: y1 - y0, : x1 - x0]


WALL = wall()


def picture(t: float, shift: bool, word: bool, replaced: bool = False) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)  # a light slide
    img[16:24, 16:200] = 30  # its title
    for row in range(40, 96, 12):
        img[row : row + 4, 16 : 16 + 40 * (1 + row % 5)] = 60  # its text
    if t >= NEXT_S:
        img[16:96] = 235
        img[20:28, 24:260] = 30
        word = False
    y0, y1, x0, x1 = WORD
    if word and t >= SHIFT_S:
        img[y0:y1, x0:x1:2] = 40  # letters' strokes
    if replaced and t < NEXT_S:
        img[y0:y1, x0 : x1 : 3 if t < SHIFT_S else 2] = 40  # a word, then another
    y0, y1, x0, x1 = CAM
    cam = WALL.copy()
    edge = SHIFTED if shift and t >= SHIFT_S else EDGE
    cam[SHOULDERS[0] - y0 : SHOULDERS[1] - y0, edge - x0 : 300 - x0] = 40  # the shirt
    cy, cx, r = HEAD
    cx += round(4 * np.sin(2 * np.pi * t / 1.7))  # the head sways ...
    yy, xx = np.ogrid[y0:y1, x0:x1]
    face = (yy - cy) ** 2 + (xx - cx) ** 2 < r * r
    rng = np.random.default_rng(int(t * 8))
    cam[face] = 200 + rng.integers(-25, 25, int(face.sum()))  # ... and talks, blinks
    img[y0:y1, x0:x1] = cam.clip(0, 255).astype(np.uint8)
    return img


def recording(shift: bool, word: bool, replaced: bool = False) -> list[tuple[float, np.ndarray]]:
    return [(n / FPS, picture(n / FPS, shift, word, replaced)) for n in range(round(SECONDS * FPS))]


def test_the_presenter_shifting_on_the_webcams_wall_is_no_state() -> None:
    kept = kept_times(recording(shift=True, word=False), TUNING)
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert NEXT_S <= kept[1] <= NEXT_S + 2 * TUNING.settle_s, kept


def test_a_word_written_at_the_webcams_edge_is_a_state() -> None:
    kept = kept_times(recording(shift=True, word=True), TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert SHIFT_S <= kept[1] <= SHIFT_S + 2 * TUNING.settle_s, kept
    assert NEXT_S <= kept[2] <= NEXT_S + 2 * TUNING.settle_s, kept


def test_a_word_replaced_beside_the_webcam_outside_its_frame_is_a_state() -> None:
    kept = kept_times(recording(shift=False, word=False, replaced=True), TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert SHIFT_S <= kept[1] <= SHIFT_S + 2 * TUNING.settle_s, kept
