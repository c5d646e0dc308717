"""The curtain: a region that changes on its own (a webcam) is painted over at pixel precision,
so a word that appears beside it, in the blocks its edge shares with the slide, is still judged.
Before the curtain, the blocks along a webcam's edge and a block of "bleed" around them were
masked whole: up to 15 analysis pixels (60 px of a 720p picture) beside a webcam were blind."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.curtain import PAINT, painted, repaint
from peepshow_core.frames.slides.regions import ActiveRegions
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
CAM = (slice(40, 120), slice(40, 121))  # a webcam box whose right edge is no block edge (x 121)


def picture(t: float, word_at: int | None = None) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    rng = np.random.default_rng(int(t * 1000))
    img[CAM] = rng.integers(60, 200, (80, 81), dtype=np.uint8)  # a moving picture
    if word_at is not None:
        img[60:68, word_at : word_at + 10] = 30  # a short word, `word_at` px right of the box
    return img


def kept_times(word_at: int | None, word_from: float = 6.0) -> list[float]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for n in range(10 * FPS):
        t = n / FPS
        shown = picture(t, word_at if t >= word_from else None)
        kept += [k.time_s for k in tracker.feed(t, shown, None)]
    return kept + [k.time_s for k in tracker.finish()]


def test_a_word_beside_a_webcam_is_a_state() -> None:
    # (a word appearing changes its pixels once: it does not join the curtain)
    for gap in (1, 3, 5, 9):  # pixels between the webcam's edge and the word
        kept = kept_times(121 + gap)
        assert kept[0] < 1.0 and len(kept) == 2 and 6.0 <= kept[1] < 7.5, (gap, kept)


def test_the_webcam_alone_is_no_state() -> None:
    assert len(kept_times(None)) == 1


def test_the_curtain_hugs_what_moved_once_watched_long_enough() -> None:
    grid = (H // 8, W // 8)
    regions = ActiveRegions(grid, TUNING)
    regions.active[5:15, 5:16] = regions.playing[5:15, 5:16] = True  # blocks of the box
    dt = 1 / FPS
    no_pointer = np.zeros(grid, bool)
    regions.observe_pixels(dt, picture(0.0), picture(dt), no_pointer)
    curtain = regions.curtain()
    assert curtain is not None and curtain[32:128, 32:136].all(), "not yet known: a block more"
    for n in range(round(TUNING.region_span_s * FPS)):
        regions.observe_pixels(dt, picture(n * dt), picture((n + 1) * dt), no_pointer)
    curtain = regions.curtain()
    assert curtain is not None
    columns = np.flatnonzero(curtain[80])
    assert columns.min() == 40 and columns.max() == 120, "the box of the pixels that moved"
    assert not regions.mask()[:, 16].any(), "the blocks beside the box are judged"


def test_pictures_held_follow_the_curtain() -> None:
    live = np.arange(64, dtype=np.uint8).reshape(8, 8)
    old = np.zeros((8, 8), bool)
    old[:, :4] = True
    new = np.zeros((8, 8), bool)
    new[:, 2:6] = True
    held = painted(live, old)
    assert (held[:, :4] == PAINT).all() and (held[:, 4:] == live[:, 4:]).all()
    repaint([held, held], old, new, live)
    assert (held[:, 2:6] == PAINT).all(), "painted where it grew"
    assert (held[:, :2] == live[:, :2]).all(), "the live picture where it withdrew"
    assert (held[:, 6:] == live[:, 6:]).all()
