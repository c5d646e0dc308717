"""Windows that stay put, and slides dissolved back to (`ContentWatch`, round 66).

A clip laid on a slide, playing from the slide's first picture, keeps the tracker's change from
settling until it learns the clip as a region (a sparse one, balls bouncing, is learned block
by block, later than `window_s - settle_s`): the change under way moved only inside a window
that stayed put all the while, and is no camera footage (a 720p talk on the second
generator's draw had its clip slide covered as camera footage). A figure walking across a
scene fills a box as well, one that moves with it: camera footage as before
(test_route_unsettled). And a camera stretch found stirring (a change that never settled, little
of the picture moving) ends when a sample moves by its share, as at a cut: slides dissolved
back to, which no cut tells, are a screen again however their pointer and webcam move (the
stirring stretch had lasted to the video's end, every later slide left to the coverage)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import ContentWatch, Seen
from tests.frames.test_content_stretches import (
    FPS,
    NO_REGIONS,
    SIZE,
    SLIDES,
    STEP,
    WATCH_ARGS,
    dissolve,
    figure_crossing,
    kinds,
    pointer_on_slide,
    slide,
    still,
    watched_seeing,
)

CLIP = (32, 112, 16, 176)  # y0, y1, x0, x1 (pixels): 10 x 20 blocks of the 22 x 40


def clip_slide(seconds: float, speed: int = 0) -> list[np.ndarray]:
    """A slide with a clip laid on it, framed, playing from the first picture: a textured
    scene panning past (the whole box moves every sample: a window); the box moving to and fro
    across the slide `speed` pixels a sample."""
    page = slide(3)[: SIZE[0]]
    y0, y1, x0, x1 = CLIP
    rng = np.random.default_rng(11)
    scene = rng.integers(0, 256, ((y1 - y0) // 4, (x1 - x0))).repeat(4, 0).astype(np.uint8)
    out = []
    for i in range(round(seconds * FPS)):
        img = page.copy()
        dx = abs((speed * i) % (2 * x0 * 8) - x0 * 8)  # (0 to 128 px and back)
        img[y0 - 2 : y1 + 2, x0 - 2 + dx : x1 + 2 + dx] = 30  # its frame
        img[y0:y1, x0 + dx : x1 + dx] = np.roll(scene, -5 * i, axis=1)
        out.append(img)
    return out


def test_a_clip_playing_on_its_slide_while_the_tracker_learns_it_is_no_camera_footage() -> None:
    change, length = 6.0, 12.0
    pictures = still(1, change) + clip_slide(length)
    watch, _ = watched_seeing(
        pictures, lambda t, _: Seen(NO_REGIONS, change if t >= change else None)
    )
    assert kinds(watch) == [False], watch.stretches


def test_a_window_that_moves_is_no_window_that_stayed() -> None:
    """The same clip's box moving across the slide as it plays (a figure, not a window):
    camera footage from the change, as before."""
    change, length = 6.0, 12.0
    moving = clip_slide(length, speed=3)
    pictures = still(1, change) + moving
    watch, _ = watched_seeing(
        pictures, lambda t, _: Seen(NO_REGIONS, change if t >= change else None)
    )
    assert kinds(watch)[:2] == [False, True], watch.stretches
    assert abs(watch.stretches[1][0] - change) <= STEP, watch.stretches


def test_slides_dissolved_back_to_after_figures_crossing_are_a_screen() -> None:
    cut, back = 6.0, 14.0
    crossing = figure_crossing(back - cut, 99.0)
    slides = pointer_on_slide(12.0)
    pictures = still(1, cut) + crossing + dissolve(crossing[-1], slides[0], 1.0) + slides
    watch = ContentWatch(CameraTuning(), len(pictures) / FPS, *WATCH_ARGS)
    for i, img in enumerate(pictures):
        t = i * STEP
        watch.feed(t, img, None, Seen(NO_REGIONS, cut if cut <= t < back else None))
        if watch.decided is None and t >= SLIDES.learn_s:
            watch.decide()
    assert (watch.coverage.cut_s or 0.0) < back, "no cut after the figures: the dissolve is gradual"
    assert kinds(watch) == [False, True, False], watch.stretches
    assert abs(watch.stretches[1][0] - cut) <= STEP, "camera from the cut"
