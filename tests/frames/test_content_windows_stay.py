"""Windows that stay put, and slides dissolved back to (`ContentWatch`, round 66).

A clip laid on a slide, playing from the slide's first picture, keeps the tracker's change from
settling until it learns the clip as a region (a sparse one, balls bouncing, is learned block
by block, later than `window_s - settle_s`): the change under way moved only inside a window
that stayed put all the while, and is no camera footage (a 720p talk on the second
generator's draw had its clip slide covered as camera footage). A figure walking across a
scene fills a box as well, one that moves with it: camera footage as before
(test_route_unsettled). And a camera stretch found stirring (a change that never settled, little
of the picture moving) ends at a transition (more than `wide_share` of it moving), as at a
cut: slides dissolved back to, which no cut tells, are a screen again however their pointer
and webcam move (the stirring stretch had lasted to the video's end, every later slide left to
the coverage); a cartoon moving more than `camera_share` for a moment goes on stirring."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import ContentWatch, Seen
from peepshow_core.frames.diff import block_diff
from tests.frames.test_content_stretches import (
    FPS,
    NO_REGIONS,
    SIZE,
    SLIDES,
    STEP,
    WATCH_ARGS,
    WINDOW,
    dissolve,
    figure_crossing,
    kinds,
    pointer_on_slide,
    slide,
    still,
    watched_seeing,
)

SPARKS_S = 7.0  # sparks fly this long after the cut
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


def test_figures_crossing_that_move_more_for_a_moment_go_on_stirring() -> None:
    """A cartoon: a figure crossing a still scene without rest, and for half a second a shower
    of sparks all over it — more than `camera_share` of the picture moving, far less than a
    transition's `wide_share`, none of it a window. The shot goes on: camera footage to its
    end (the stirring stretch ended at the first sample moving by `camera_share` had turned a
    sprite cartoon into a screen for its last 8 s, its coverage gap 7.8 s)."""
    cut, end = 6.0, 20.0
    crossing = figure_crossing(end - cut, 99.0)
    assert SPARKS_S > WINDOW, "the premise: the sparks come once the stretch is camera"
    rng = np.random.default_rng(4)
    places = [(2 * (n // 20), 2 * (n % 20)) for n in rng.choice(220, 110, replace=False)]
    for i in range(round(0.5 * FPS)):
        img = crossing[round(SPARKS_S * FPS) + i]
        for by, bx in places:
            if rng.random() < 0.5:  # (each spark flickers)
                img[8 * by + 2 : 8 * by + 6, 8 * bx + 2 : 8 * bx + 6] = 255
    pictures = still(1, cut) + crossing

    def seen(t: float, found: list[float]) -> Seen:
        if cut <= t < cut + WINDOW:  # (until the verdict: the tracker is fed no more)
            return Seen(NO_REGIONS, cut)
        if found:  # (the tracker fed again from the screen stretch's start, nothing held still)
            return Seen(NO_REGIONS, found[0], opening=True)
        return Seen(NO_REGIONS, None)

    watch, _ = watched_seeing(pictures, seen)
    back = round(SLIDES.settle_s * FPS)
    shares = [
        float((block_diff(pictures[i - back], pictures[i]) > SLIDES.motion).mean())
        for i in range(round((cut + SPARKS_S) * FPS), round((cut + SPARKS_S + 0.5) * FPS))
    ]
    assert CameraTuning().camera_share < max(shares) < SLIDES.wide_share, shares
    assert kinds(watch) == [False, True], watch.stretches
