"""A sparse slide is no zoom into a plain part of the slide before.

The second generator's i593 (`--exact`): a slide of a title and two boxes cross-faded in
after a slide of code was judged a zoom into the plain top right of the code slide (the menu
bar matching the view's, magnified 2.4x), and dropped. The judgement leaves out the regions
with a `RING` of blocks around them (a camera's frame, a bubble's rim, a region's bleed), and
carets the code slide had blinking, pointer-sized regions, sat where the boxes came: ringed,
they hid the boxes, and what was left of them was pointer-sized. A pointer-sized piece of what
is left out has no frame and no bleed: it is not ringed (`magnify._ringed`), and the boxes
are judged (the view's pieces no bigger than the pointer, magnified, are all it excuses)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from peepshow_core.frames.slides import magnify
from peepshow_core.frames.slides.tuning import SlidesTuning

H, W = 180, 320
PAGE = 235
BOX = (160.0, 0.0, 320.0, 90.0)  # the top right quarter, magnified twice
POINTER = 3  # the pointer's extent in blocks (the prior)


def _before() -> np.ndarray:
    """The slide before: a menu bar, and text at its left, out of `BOX`."""
    full = np.full((H, W), PAGE, np.uint8)
    full[:8] = 20
    full[30:36, 16:140] = 40
    full[50:56, 16:120] = 40
    return full


def _sparse() -> np.ndarray:
    """The next slide: the menu bar (as `BOX` magnified shows it) and two boxes, each wider
    than the pointer magnified."""
    img = np.full((H, W), PAGE, np.uint8)
    img[:16] = 20
    for x0 in (18, 98):
        img[60:86, x0 : x0 + 56] = 60
        img[63:83, x0 + 3 : x0 + 53] = 225
    return img


def _carets() -> np.ndarray:
    """Pointer-sized regions left out, where the boxes come."""
    ignore = np.zeros((H // 8, W // 8), bool)
    for y, x in [(9, 4), (9, 5), (10, 4), (10, 5), (9, 14), (10, 15)]:
        ignore[y, x] = True
    return ignore


def test_a_sparse_slide_is_no_view_of_a_plain_part_where_carets_were() -> None:
    assert not magnify._fits(_before(), _sparse(), BOX, _carets(), SlidesTuning(), POINTER)


def test_a_view_of_the_slide_is_one_where_carets_are() -> None:
    """The control: the slide before holds the sparse slide's picture in `BOX`, shrunk (a
    zoom's view of it): a view, the pointer-sized regions left out or not."""
    full = _before()
    shrunk = Image.fromarray(_sparse()).resize((W // 2, H // 2), Image.Resampling.BILINEAR)
    full[: H // 2, W // 2 :] = np.asarray(shrunk)
    assert magnify._fits(full, _sparse(), BOX, _carets(), SlidesTuning(), POINTER)
    nothing = np.zeros_like(_carets())
    assert magnify._fits(full, _sparse(), BOX, nothing, SlidesTuning(), POINTER)


def test_a_region_bigger_than_the_pointer_is_ringed() -> None:
    """A webcam keeps its ring (its frame, its bleed); a caret does not."""
    cells = np.zeros((H // 8, W // 8), bool)
    cells[10, 10] = True  # a caret
    cells[14:20, 30:38] = True  # a webcam
    out = magnify._ringed(cells, POINTER)
    assert out[10, 10] and not out[10, 11] and not out[8, 10]
    assert out[12, 28] and out[21, 39] and not out[11, 30]
