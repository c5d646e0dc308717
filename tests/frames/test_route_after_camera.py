"""A screen stretch after camera footage is known once it held still for half a window
(`ContentWatch`); the tracker, restarted there, judges its next sample against the pictures
the watch sampled in the last `settle_s` (`Tracker.restart`). Before, it started with none and
needed `settle_s` more: a slide shown for less than that after the verdict was lost (the second
generator's seed 204, a slide pushed in after a clip the watch took for camera footage)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.frames.test_route_unsettled import FPS, TUNING, WINDOW, H, W, routed, slide

CAMERA_FROM, CAMERA_S = 6.0, 8.0
BACK = CAMERA_FROM + CAMERA_S  # the slides come back


def camera(seconds: float) -> list[np.ndarray]:
    """A camera panning over a textured scene."""
    scene = np.random.default_rng(0).integers(0, 256, (H // 4, W * 4)).repeat(4, 0)
    return [
        np.roll(scene, -5 * n, axis=1)[:, :W].astype(np.uint8) for n in range(round(seconds * FPS))
    ]


@pytest.mark.parametrize("shown_s", [WINDOW / 2 + 1.5 * TUNING.settle_s, 2 * WINDOW])
def test_a_slide_shown_a_moment_after_the_screens_verdict_is_kept(shown_s: float) -> None:
    pictures = (
        [slide(1)] * round(CAMERA_FROM * FPS)
        + camera(CAMERA_S)
        + [slide(2)] * round(shown_s * FPS)
        + [slide(3)] * round(2 * WINDOW * FPS)
    )
    watch, sink = routed(pictures)
    assert [camera for _, camera in watch.stretches] == [False, True, False], watch.stretches
    assert any(BACK <= t < BACK + shown_s for t in sink.times), sink.times
    assert any(t >= BACK + shown_s for t in sink.times), "the slide after it is kept too"
