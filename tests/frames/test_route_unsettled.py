"""Where the picture never settles, the camera's coverage gives frames (`route.Route`):
something the size of a person keeps moving across a still picture — too little of it moves
for camera footage by its moving share, and the tracker sees it settle only once it has learned
the figure's path as a region playing. A change the tracker sees under way for most of a
window is camera footage from where it began (`ContentWatch`, round 35; before, coverage frames
were kept in the screen stretch where the tracker never settled for a window around them, and
the figure's last 11 s had no frame); the slides after it are found."""

from __future__ import annotations

from typing import Any

import numpy as np

from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import ContentWatch, stretch_window
from peepshow_core.frames.slides.route import Route
from peepshow_core.frames.slides.tracker import Tracker, no_log
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15


def slide(seed: int) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    rng = np.random.default_rng(seed)
    for row in range(16, 160, 16):
        img[row : row + 6, 16 : 16 + int(rng.integers(60, 280))] = 40
    return img


def walker(n: int) -> np.ndarray:
    """A still scene, a textured figure walking to and fro across it."""
    img = np.tile(np.linspace(80, 160, W), (H, 1)).astype(np.uint8)
    x = int(abs((4 * n) % (2 * (W - 48)) - (W - 48)))
    figure = np.random.default_rng(3).integers(0, 255, (56, 40))
    img[64:120, x : x + 40] = figure
    return img


class Sink:
    def __init__(self) -> None:
        self.times: list[float] = []

    def offer(self, frame: Any, time_s: float, image: np.ndarray, **_: Any) -> None:
        self.times.append(time_s)

    def withdraw(self, times: list[float]) -> None:
        pass


def test_a_picture_that_never_settles_is_camera_footage_from_where_it_began() -> None:
    pictures = (
        [slide(1)] * (6 * FPS) + [walker(n) for n in range(16 * FPS)] + [slide(2)] * (6 * FPS)
    )
    end = len(pictures) / FPS
    window = stretch_window(TUNING.settle_s, MAX_TRANSITION_S)
    watch = ContentWatch(CameraTuning(), end, TUNING.settle_s, TUNING.motion, window)
    sink = Sink()
    route = Route(sink, Tracker((H // 8, W // 8), TUNING), watch, TUNING.learn_s, no_log)  # type: ignore[arg-type]
    for n, img in enumerate(pictures):
        route.feed(n / FPS, img, None)
    route.finish(end)
    (_, first), (cut, camera) = watch.stretches[:2]
    assert not first and camera, watch.stretches
    assert abs(cut - 6.0) <= 2 / FPS, "the camera from where the change began"
    assert watch.stretches[-1][1] is False, "the slides after it are a screen stretch"
    limit = CameraTuning().coverage_min_s
    assert any(6.0 < t <= 6.0 + limit for t in sink.times), sink.times
    assert any(22.0 < t <= end for t in sink.times), "the slide after the figure"
