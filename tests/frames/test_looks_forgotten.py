"""A look learned where a region plays now was that region's picture, no pointer's: a piece of a
webcam's presenter moving in and holding still, taken for the pointer coming to rest before the
webcam was learned, sets no bound on the pointer's size once the webcam is learned over it (a
mix's I-beam, three times as tall, was then kept as a small change that stayed: m3342)."""

from __future__ import annotations

import av
import numpy as np

from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.looks import PointerLooks
from peepshow_core.frames.slides.pointer import Look
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import cells_at

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
GRID = (H // BLOCK, W // BLOCK)
CAM = (120, 176, 220, 300)  # y0, y1, x0, x1: the webcam, bottom right
PIECE = (17, 30)  # the block where a piece of it was taken for the pointer's look


def _look(height: int, width: int) -> Look:
    return Look(np.ones((height, width), bool), np.full((height, width), 20, np.uint8))


def _cells(*blocks: tuple[int, int]) -> np.ndarray:
    return cells_at(GRID, *blocks)


def test_looks_learned_where_regions_play_are_forgotten() -> None:
    looks = PointerLooks()
    looks.learn(_look(4, 3), _cells(PIECE))  # (a piece of the presenter)
    ibeam = _look(19, 5)
    assert not looks.could_be(ibeam), "more than POINTER_GROWTH times as tall as the piece"
    looks.learn(_look(10, 10), _cells((10, 10), (10, 11)))  # (a thing at rest on the slide)
    looks.forget_in(np.zeros(GRID, bool))
    assert len(looks.looks) == 2
    region = np.zeros(GRID, bool)
    region[15:22, 27:38] = True  # the webcam, learned
    region[10, 10] = True  # (a region holding part of the other: it stays)
    looks.forget_in(region)
    assert [look.mask.shape for look in looks.looks] == [(10, 10)]
    assert looks.could_be(ibeam)


def test_the_tracker_forgets_a_look_learned_where_it_learns_a_webcam() -> None:
    tracker = Tracker(GRID, TUNING)
    tracker.looks.learn(_look(4, 3), _cells(PIECE))
    tracker.looks.learn(_look(14, 8), _cells((3, 3)))
    for n in range(round(6 * FPS)):
        t = n / FPS
        img = np.full((H, W), 235, np.uint8)
        img[16:26, 16:220] = 40  # a title
        y0, y1, x0, x1 = CAM
        rng = np.random.default_rng(int(t * 4))  # a new webcam picture every 0.25 s
        img[y0:y1, x0:x1] = rng.integers(60, 200, (y1 - y0, x1 - x0))
        tracker.feed(t, img, av.VideoFrame.from_ndarray(img, format="gray"))
    assert tracker.regions.core()[PIECE], "the webcam is learned over the piece"
    assert [look.mask.shape for look in tracker.looks.looks] == [(14, 8)]
