"""The slide tracker's mask learning, fed synthetic gray images directly."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.tracker import SlideTracker

BASE = np.full((32, 64), 200, dtype=np.uint8)  # 4 x 8 blocks of 8 x 8


def flickered() -> np.ndarray:
    img = BASE.copy()
    img[8:16, :40] = 120  # a line of five blocks
    return img


def tracker_that_saw_a_flickering_line() -> SlideTracker:
    """Three seconds of a line changing every frame, as while replaying a GOP with a build."""
    tracker = SlideTracker((4, 8))
    for n in range(45):
        tracker.feed(n / 15, flickered() if n % 2 else BASE)
    assert tracker.mask[1, :5].all(), "the always-changing line is masked"
    return tracker


def test_keyframes_showing_a_masked_block_quiet_unmask_it() -> None:
    # activity learned while replaying must not pile up across replays minutes apart: two
    # keyframes 8 s apart with the line unchanged are 8 s of evidence that it is quiet
    tracker = tracker_that_saw_a_flickering_line()
    tracker.learn_keyframes(BASE, BASE, span_s=8.0)
    assert not tracker.mask.any()
    assert not tracker.wide_mask.any()


def test_keyframes_showing_a_masked_block_changing_keep_it_masked() -> None:
    tracker = tracker_that_saw_a_flickering_line()
    tracker.learn_keyframes(BASE, flickered(), span_s=8.0)
    assert tracker.mask[1, :5].all()
    assert tracker.wide_mask[0:3, :6].all()
