"""A window bigger than `WINDOW_MAX` of the picture is still one when it is laid on a slide
(`windows.laid_on`): framed inside the picture on every side with the slide's background
beyond, and the slide around it holding something (a title, a caption). A clip filling 51 % of
a slide (the second generator's seed 204) made the stretch camera footage, and the slide after
it was lost; a letterboxed film (its picture runs into the picture's sides) and a windowboxed
one (nothing but a flat colour around it) are camera footage still."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.tuning import SlidesTuning
from peepshow_core.frames.windows import WINDOW_MAX, windows
from tests.frames.test_content_watch import SIZE, decide

CLIP = (24, 144, 24, 296)  # px (y0, y1, x0, x1): 15 x 34 blocks, 58 % of the picture
FULL_WIDTH = (24, 144, 0, SIZE[1])  # a letterboxed film: its picture runs into both sides
LEVEL = SlidesTuning().motion  # steps over this frame a window (as the watch asks)
SAMPLES = 45


def landscape(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(30, 220, (SIZE[0] // 4, SIZE[1])).repeat(4, 0).repeat(3, 1)


def slide(
    n: int, box: tuple[int, int, int, int], around: bool = True, back: int = 235
) -> np.ndarray:
    """Sample `n` of a clip panning in `box`, on a slide (light, with a title above and a
    caption below: `around`) or on a flat colour (`back`, no title: a windowboxed film)."""
    img = np.full(SIZE, back, np.uint8)
    if around:
        img[6:14, 24:150] = 40  # the title
        img[158:164, 24:90] = 90  # the footer's caption
    y0, y1, x0, x1 = box
    frame_y0, frame_x0 = max(0, y0 - 2), max(0, x0 - 2)
    img[frame_y0 : y1 + 2, frame_x0 : x1 + 2] = 110  # the clip's frame
    img[y0:y1, x0:x1] = np.roll(landscape(7), -5 * n, axis=1)[: y1 - y0, : x1 - x0]
    return img


def moved_blocks(box: tuple[int, int, int, int]) -> np.ndarray:
    y0, y1, x0, x1 = box
    moved = np.zeros((SIZE[0] // 8, SIZE[1] // 8), bool)
    moved[y0 // 8 : -(-y1 // 8), x0 // 8 : -(-x1 // 8)] = True
    return moved


def test_the_clip_is_more_than_window_max_of_the_picture() -> None:
    moved = moved_blocks(CLIP)
    assert moved.sum() > WINDOW_MAX * moved.size


def test_a_big_clip_laid_on_a_slide_is_a_window() -> None:
    moved = moved_blocks(CLIP)
    assert (windows(moved, slide(0, CLIP), LEVEL) == moved).all()
    assert not windows(moved).any(), "without the picture, only its size is known"


@pytest.mark.parametrize(
    ("box", "around", "back"),
    [(FULL_WIDTH, True, 235), (CLIP, False, 235), (CLIP, False, 16)],
    ids=["letterboxed", "windowboxed-light", "windowboxed-black"],
)
def test_a_big_picture_with_no_slide_around_it_is_no_window(
    box: tuple[int, int, int, int], around: bool, back: int
) -> None:
    moved = moved_blocks(box)
    assert not windows(moved, slide(0, box, around, back), LEVEL).any()


def test_a_slide_with_a_big_clip_playing_is_screen_content() -> None:
    camera, share = decide([slide(n, CLIP) for n in range(SAMPLES)])
    assert not camera, f"moving share {share:.3f}"


@pytest.mark.parametrize(("box", "around"), [(FULL_WIDTH, True), (CLIP, False)])
def test_a_film_letterboxed_or_windowboxed_is_camera_content(
    box: tuple[int, int, int, int], around: bool
) -> None:
    camera, share = decide([slide(n, box, around, back=16) for n in range(SAMPLES)])
    assert camera, f"moving share {share:.3f}"
