"""A webcam the presenter drags to another corner across a build that had settled beside it:
the build is a state. The webcam's region grows along its drag (`regions._grow_overlay`) and
stops behind it; while it covered the build's blocks, the kept picture and the provisional
one followed the live picture there, so once the webcam had passed, the build no longer
differed from the kept state and was dropped unseen (a bubble draw's s5716: a bullet written
under a Loom-style webcam, which was dragged down over it 1.3 s later). Where a change is held,
the pictures now keep what they showed, unless it was held in the mask's ring (the webcam's own
edge moving as the drag began: the webcam dragged sideways). Fed to the tracker at the
reference path's rate."""

from __future__ import annotations

import numpy as np
import pytest

from devtools.corpus.overlays import ease
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
CAM_H, CAM_X = 56, (8, 80)  # the webcam's height; its columns
TOP, BOTTOM = 8, 120  # the webcam's top edge before and after the drag
LINE = (76, 82, 16, 72)  # y0, y1, x0, x1: a bullet written below the webcam, within its columns
WRITTEN_S = 6.0  # the bullet appears (the webcam long learned)
DRAG_S, DRAG_LENGTH_S = 7.8, 0.6  # the webcam is dragged down, after the bullet settled
NEXT_S = 12.0  # the next slide
SECONDS = 14.0
SIDEWAYS_PX, BORDER = 150, 2  # how far the webcam is dragged to the right; its frame's width


def picture(t: float, line: bool, drag: bool) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)  # a light slide
    img[16:24, 100:260] = 30  # its title, right of the webcam
    for row in range(36, 64, 10):
        img[row : row + 4, 100 : 100 + 30 * (1 + row % 4)] = 60  # its text
    if t >= NEXT_S:  # the next slide
        img[16:64, 100:] = 235
        img[20:28, 120:280] = 30
        line = False
    if line and t >= WRITTEN_S:
        y0, y1, x0, x1 = LINE
        img[y0:y1, x0:x1:2] = 40  # letters' strokes
    top = TOP
    if drag and t >= DRAG_S:
        top = round(TOP + (BOTTOM - TOP) * min(1.0, (t - DRAG_S) / DRAG_LENGTH_S))
    rng = np.random.default_rng(int(t * 4))  # a new webcam picture every 0.25 s
    x0, x1 = CAM_X
    img[top : top + CAM_H, x0:x1] = rng.integers(60, 200, (CAM_H, x1 - x0), dtype=np.uint8)
    return img


def sideways(t: float, length_s: float = DRAG_LENGTH_S, at: int = CAM_X[0]) -> np.ndarray:
    """The webcam, framed by a dark border, its left edge at `at` px, dragged to the right over
    `length_s`, eased, without the bullet."""
    img = picture(t, line=False, drag=False)
    x0, x1 = CAM_X
    img[TOP : TOP + CAM_H, x0:x1] = 235  # (drawn again below, where the drag has put it)
    x = round(SIDEWAYS_PX * ease((t - DRAG_S) / length_s)) if t >= DRAG_S else 0
    x0, x1 = at + x, at + x + (x1 - x0)
    rng = np.random.default_rng(int(t * 4))
    img[TOP : TOP + CAM_H, x0:x1] = rng.integers(60, 200, (CAM_H, x1 - x0), dtype=np.uint8)
    img[TOP : TOP + CAM_H, x0 : x0 + BORDER] = img[TOP : TOP + CAM_H, x1 - BORDER : x1] = 20
    img[TOP : TOP + BORDER, x0:x1] = img[TOP + CAM_H - BORDER : TOP + CAM_H, x0:x1] = 20
    return img


def recording(line: bool, drag: bool) -> list[tuple[float, np.ndarray]]:
    return [(n / FPS, picture(n / FPS, line, drag)) for n in range(round(SECONDS * FPS))]


def test_a_build_the_webcam_was_dragged_across_is_a_state() -> None:
    kept = kept_times(recording(line=True, drag=True), TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert WRITTEN_S <= kept[1] <= WRITTEN_S + 2 * TUNING.settle_s, kept
    assert NEXT_S <= kept[2] <= NEXT_S + 2 * TUNING.settle_s, kept


def test_the_build_without_the_drag_is_a_state() -> None:
    # guard: the scene itself
    kept = kept_times(recording(line=True, drag=False), TUNING)
    assert len(kept) == 3 and WRITTEN_S <= kept[1] <= WRITTEN_S + 2 * TUNING.settle_s, kept


def test_the_drag_alone_is_no_state() -> None:
    # guard: the webcam's new corner and the path it swept are not content
    kept = kept_times(recording(line=False, drag=True), TUNING)
    assert len(kept) == 2 and NEXT_S <= kept[1] <= NEXT_S + 2 * TUNING.settle_s, kept


@pytest.mark.parametrize(("length_s", "at"), [(0.9, 12), (1.2, 12), (1.2, 4)])
def test_a_webcam_dragged_slowly_is_no_state(length_s: float, at: int) -> None:
    # its frame's edge, mid-block, moves out over the slide in the mask's ring as the drag
    # eases in: the slide's pixels there, judged to the pixel, showed content at once, and the
    # ring's motion being ignored, it was taken as settled at first sight (and the bits of the
    # webcam left outside its mask where it came to rest too): two states, or three. Now a
    # change where content showed in the ring settles only once those pixels hold still.
    pictures = [(n / FPS, sideways(n / FPS, length_s, at)) for n in range(round(SECONDS * FPS))]
    kept = kept_times(pictures, TUNING)
    assert len(kept) == 2 and NEXT_S <= kept[1] <= NEXT_S + 2 * TUNING.settle_s, kept


def test_a_webcam_dragged_sideways_is_no_state() -> None:
    # guard: the webcam's edge moving in the mask's ring as the drag begins is held as a change
    # there; the pictures following the webcam over it, it is gone with the webcam (kept as
    # they were, it showed the webcam's edge as content ever after: two states)
    pictures = [(n / FPS, sideways(n / FPS)) for n in range(round(SECONDS * FPS))]
    kept = kept_times(pictures, TUNING)
    assert len(kept) == 2 and NEXT_S <= kept[1] <= NEXT_S + 2 * TUNING.settle_s, kept


# --- a webcam whose presenter holds still once it moved (`slides.moved`) ---
FACE_SEED, FLICKER = 7, 4  # its picture: a head on a textured wall; its light's swing
STILL_S = 3.0  # how long the presenter holds still where the webcam came to rest, or back
HIDE_S = 2.0  # how long the camera is off
LATE_NEXT_S, LATE_SECONDS = 16.0, 18.0


def face() -> np.ndarray:
    rng = np.random.default_rng(FACE_SEED)
    pic = rng.integers(70, 130, (CAM_H, 72)).astype(np.int16)
    yy, xx = np.ogrid[:CAM_H, :72]
    pic[(yy - 26) ** 2 + (xx - 36) ** 2 < 300] = 210
    return pic


def moving_webcam(t: float, hide: bool) -> np.ndarray:
    """The webcam, its light flickering (learned from the opening), dragged to the bottom
    right (or turned off for `HIDE_S`) at `DRAG_S`; where it comes to rest its presenter holds
    still for `STILL_S`: the regions can't learn it there before hindsight would keep it."""
    slide_t = 0.0 if t < LATE_NEXT_S else NEXT_S  # (the next slide, later)
    img = picture(slide_t, line=False, drag=False)
    x0, x1 = CAM_X
    img[TOP : TOP + CAM_H, x0:x1] = 235
    y, x, back = TOP, x0, DRAG_S + HIDE_S
    if not hide and t >= DRAG_S:
        p = ease((t - DRAG_S) / DRAG_LENGTH_S)
        y, x, back = round(TOP + (BOTTOM - TOP) * p), round(x0 + 222 * p), DRAG_S + DRAG_LENGTH_S
    elif hide and DRAG_S <= t < back:
        return img
    swing = 0 if back <= t < back + STILL_S else (FLICKER if int(t * 2) % 2 else -FLICKER)
    img[y : y + CAM_H, x : x + 72] = np.clip(face() + swing, 0, 255).astype(np.uint8)
    return img


@pytest.mark.parametrize("hide", [False, True], ids=["dragged", "off and on"])
def test_a_webcam_moved_whose_presenter_holds_still_is_no_state(hide: bool) -> None:
    # before, its picture where it came to rest (or back) settled like a build and was kept
    pictures = [(n / FPS, moving_webcam(n / FPS, hide)) for n in range(round(LATE_SECONDS * FPS))]
    kept = kept_times(pictures, TUNING)
    assert len(kept) == 2 and LATE_NEXT_S <= kept[1] <= LATE_NEXT_S + 3 * TUNING.settle_s, kept
