"""A page scrolled smoothly for longer than any transition: each sample differs from the one
`settle_s` before over more than `wide_share` of the frame, all along, as while a video plays
big on the screen. The page it stops at is a state. (Learning a wide change that goes on past
`region_span_s` as a region playing, as a video would be, lost that page: the page followed
into the kept picture as a region's, and its last picture was no state.)"""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15


def page(offset: int) -> np.ndarray:
    """A tall page of text lines, seen from `offset` px down."""
    tall = np.full((H * 4, W), 235, np.uint8)
    rng = np.random.default_rng(5)
    for row in range(8, H * 4 - 8, 14):
        tall[row : row + 6, 16 : 16 + int(rng.integers(80, 290))] = 40
    return tall[offset : offset + H]


@pytest.mark.parametrize("length", [4.0, 8.0])
def test_a_long_smooth_scroll_ends_on_a_state(length: float) -> None:
    """A page scrolled smoothly for longer than any transition (`length` s): a wide change
    going on, as a video's; the page it stops at is a state all the same."""
    start = TUNING.learn_s + 2.0
    end = start + length + 5.0
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept: list[float] = []
    for n in range(round(end * FPS)):
        t = n / FPS
        offset = round(2 * H * min(1.0, max(0.0, (t - start) / length)))
        kept += [k.time_s for k in tracker.feed(t, page(offset), None)]
    kept += [k.time_s for k in tracker.finish()]
    assert len(kept) == 2 and start + length <= kept[1] < start + length + 1.0, kept
