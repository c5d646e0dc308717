"""The slide tracker's mask learning, fed synthetic gray images directly."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tracker import SlideTracker

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


def test_unseen_seconds_let_the_mask_decay() -> None:
    # the fast path skips minutes between replays: activity learned while replaying must not
    # pile up across them until a text line is masked for good
    tracker = tracker_that_saw_a_flickering_line()
    tracker.feed(3.0 + 8.0, BASE)
    assert not tracker.mask.any()
    assert not tracker.wide_mask.any()


def test_blocks_that_keyframes_show_changing_stay_masked_across_a_gap() -> None:
    tracker = tracker_that_saw_a_flickering_line()
    for _ in range(6):  # keyframe pairs keep showing the line changed (a webcam, a clip)
        tracker.learn_keyframes(BASE, flickered())
    tracker.feed(3.0 + 8.0, BASE)
    assert tracker.mask[1, :5].all()
    assert tracker.wide_mask[0:3, :6].all()


def test_consecutive_samples_do_not_count_as_a_gap() -> None:
    tracker = tracker_that_saw_a_flickering_line()
    tracker.feed(3.0, BASE)  # the next frame at 15 fps
    assert tracker.mask[1, :5].all()
