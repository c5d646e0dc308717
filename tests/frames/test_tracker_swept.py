"""A build held as a small change, then a cut to a slide whose clip plays where the build was:
the clip is learned as a region before that slide settles, over the build's blocks. The build
was the slide's content until the cut (`SmallChanges._swept`: judged once the next slide
settles, without the slide's own regions learned since that slide's change was first seen);
before round 66 a held change inside a region learned since was dropped as the region's
doing, and the build was lost (the second generator's i573, both paths)."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import standing

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
BUILD = 4.0  # a short line appears on the first slide
CUT = 6.0  # the next slide, its clip where the build was
END = 14.0
SCENE = np.kron(np.random.default_rng(3).integers(40, 210, (13, 41)), np.ones((8, 8)))[
    :96, :320
].astype(np.uint8)


def picture(t: float, width: int = 30) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    if t < CUT:
        img[10:16, 16:160] = 40  # the title
        img[40:45, 16:200] = 60  # a line
        if t >= BUILD:
            img[72:77, 40 : 40 + width] = 60  # the build: a two-word bullet
    else:
        img[10:16, 16:220] = 40  # the next slide's title
        shift = int(20 * t) % 160
        img[32:128, 16:176] = SCENE[:, shift : shift + 160]  # its clip, over the build's place
    return img


@pytest.mark.parametrize(
    "width", [10, 30], ids=["small-held-for-hindsight", "bigger-than-the-pointer-provisional"]
)
def test_a_build_held_when_a_slide_whose_clip_plays_there_came_is_a_state(width: int) -> None:
    kept = standing(lambda t: picture(t, width), END, FPS, TUNING)
    assert kept and kept[0] < 1.0, kept
    assert len([t for t in kept if BUILD <= t < CUT]) == 1, f"the build: {kept}"
    assert len([t for t in kept if t >= CUT]) == 1, kept
