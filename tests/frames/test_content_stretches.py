"""Screen or camera, stretch by stretch (`ContentWatch` after the first seconds), fed pictures
directly: camera footage between slides is a stretch of its own, and so are slides after camera
footage; a screen that scrolls or dissolves again and again stays a screen (it settles between
its changes), a steady shot that holds still a moment stays camera footage. The camera's
coverage gives frames only inside camera stretches."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import BACK_WINDOWS, ContentWatch, Seen, stretch_window
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning

SIZE = (176, 320)  # an analysis picture: 22 x 40 blocks
FPS = 15
SLIDES = SlidesTuning()
WINDOW = stretch_window(SLIDES.settle_s, MAX_TRANSITION_S)
STEP = 1.0 / FPS
WATCH_ARGS = (SLIDES.settle_s, SLIDES.motion, WINDOW, SLIDES.wide_share)


def slide(seed: int) -> np.ndarray:
    """A still screen: light background, rows of dark 'words' (taller than the picture, so it
    can scroll)."""
    img = np.full((SIZE[0] * 3, SIZE[1]), 235, np.uint8)
    rng = np.random.default_rng(seed)
    for row in range(8, img.shape[0] - 8, 14):
        x = 8
        while x < SIZE[1] - 40:
            width = int(rng.integers(12, 40))
            img[row : row + 6, x : x + width] = 60
            x += width + 6
    return img


def still(seed: int, seconds: float) -> list[np.ndarray]:
    return [slide(seed)[: SIZE[0]]] * round(seconds * FPS)


def scroll(seed: int, seconds: float, start: int = 0) -> list[np.ndarray]:
    page, n = slide(seed), round(seconds * FPS)
    return [page[start + 3 * i : start + 3 * i + SIZE[0]] for i in range(n)]


def dissolve(one: np.ndarray, two: np.ndarray, seconds: float) -> list[np.ndarray]:
    a, b, n = one.astype(float), two.astype(float), round(seconds * FPS)
    return [((a * (n - i) + b * i) / n).astype(np.uint8) for i in range(n)]


def camera(seconds: float, seed: int = 0) -> list[np.ndarray]:
    """A camera panning over a textured scene."""
    rng = np.random.default_rng(seed)
    scene = rng.integers(0, 256, (SIZE[0] // 4, SIZE[1] * 4)).repeat(4, 0)
    n = round(seconds * FPS)
    return [np.roll(scene, -5 * i, axis=1)[:, : SIZE[1]].astype(np.uint8) for i in range(n)]


def watched(pictures: list[np.ndarray]) -> tuple[ContentWatch, list[float]]:
    """Feed the watch as the slides route does; the times of the coverage frames it gave."""
    end = len(pictures) / FPS
    watch = ContentWatch(
        CameraTuning(), end, SLIDES.settle_s, SLIDES.motion, WINDOW, SLIDES.wide_share
    )
    given: list[float] = []
    for i, img in enumerate(pictures):
        t = i * STEP
        watch.feed(t, img, None)
        if watch.decided is None and t >= SLIDES.learn_s:
            watch.decide()
        given += [pick[0] for pick in watch.ready(t)]
    given += [pick[0] for pick in watch.finish(end)]
    return watch, given


def kinds(watch: ContentWatch) -> list[bool]:
    return [camera for _, camera in watch.stretches]


def test_camera_footage_between_slides_is_a_stretch_covered_on_its_own() -> None:
    """7 s of camera footage (a director cutting to the speaker), a little longer than the
    window a stretch is judged over, between slides."""
    pictures = still(1, 4) + still(2, 4) + camera(7) + still(3, 8)
    watch, given = watched(pictures)
    assert kinds(watch) == [False, True, False]
    _, (cam, _), (back, _) = watch.stretches
    assert abs(cam - 8.0) <= SLIDES.settle_s + 2 * STEP, "the camera from where the slide ended"
    assert abs(back - 15.0) <= SLIDES.settle_s + 2 * STEP
    assert given and all(cam <= t < back for t in given), given
    gaps = np.diff([8.0, *sorted(given), 15.0])
    assert gaps.max() <= CameraTuning().coverage_min_s
    assert watch.params()["content"] == "mixed"
    assert [kind for _, kind in watch.params()["content_stretches"]] == [
        "screen",
        "camera",
        "screen",
    ]


def test_slides_after_camera_footage_are_a_screen_stretch() -> None:
    watch, given = watched(camera(6) + still(1, 5) + still(2, 5))
    assert watch.decided is True and kinds(watch) == [True, False]
    back = watch.stretches[1][0]
    assert abs(back - 6.0) <= SLIDES.settle_s + 2 * STEP
    assert given and all(t < back for t in given), "no coverage frame of the slides"


def test_a_screen_that_scrolls_and_dissolves_again_and_again_stays_a_screen() -> None:
    """Scrolls and dissolves as long as the longest transition, 1.5 s of reading between: the
    picture moves most of the time, yet settles between its changes."""
    pictures = still(1, 4)
    for n in range(1, 5):
        scrolled = scroll(n, MAX_TRANSITION_S)
        pictures += scrolled + [scrolled[-1]] * round(1.5 * FPS)
        pictures += dissolve(scrolled[-1], still(n + 1, 1)[0], MAX_TRANSITION_S)
        pictures += still(n + 1, 1.5)
    watch, given = watched(pictures)
    back = round(SLIDES.settle_s * FPS)  # (what a sample's moving share looks back over)
    moved = [
        not np.array_equal(pictures[i - back], pictures[i]) for i in range(back, len(pictures))
    ]
    assert sum(moved) > len(moved) / 2, "the picture moved within settle_s most of the time"
    assert kinds(watch) == [False] and given == []


def test_a_steady_shot_holding_still_a_moment_stays_camera_footage() -> None:
    """A shot that freezes for less than half the window is camera footage throughout; one
    that holds still for longer is a screen stretch (a picture a tracker can keep)."""
    footage = camera(6, seed=1)
    brief = footage + [footage[-1]] * round(0.4 * WINDOW * FPS) + camera(6, seed=2)
    watch, given = watched(brief)
    assert kinds(watch) == [True]
    assert np.diff([0.0, *sorted(given), len(brief) / FPS]).max() <= CameraTuning().coverage_min_s
    long = footage + [footage[-1]] * round(0.8 * WINDOW * FPS) + camera(6, seed=2)
    watch, _ = watched(long)
    assert kinds(watch) == [True, False, True]


def test_a_camera_stretch_begins_where_the_screen_last_rested() -> None:
    """The first shot after the slides holds still a moment (a steady shot): the stretch still
    begins at the cut from the slides, not after that moment."""
    shot = camera(3, seed=1)
    pictures = still(1, 6) + shot + [shot[-1]] * FPS + camera(6, seed=2) + still(2, 6)
    watch, given = watched(pictures)
    assert kinds(watch) == [False, True, False]
    start = watch.stretches[1][0]
    assert abs(start - 6.0) <= SLIDES.settle_s + 2 * STEP, watch.stretches
    assert min(given) < 9.0, "the first shot is covered"


def test_a_screen_busy_for_minutes_holds_few_coverage_frames_waiting() -> None:
    """A terminal printing all the time: the picture moves most of every window but never
    rests half of one, so a camera stretch could still prove to have begun long ago; the
    coverage frames waiting for that verdict (decoded pictures, in memory) wait no longer than
    `BACK_WINDOWS` windows."""
    pictures = still(1, 4)
    for n in range(40):
        page = scroll(1 + n % 3, 1.0, start=20 * (n % 5))
        pictures += page + [page[-1]] * FPS
    end = len(pictures) / FPS
    watch = ContentWatch(
        CameraTuning(), end, SLIDES.settle_s, SLIDES.motion, WINDOW, SLIDES.wide_share
    )
    oldest = 0.0  # how long the oldest frame waiting had waited, at most
    for i, img in enumerate(pictures):
        t = i * STEP
        watch.feed(t, img, None)
        if watch.decided is None and t >= SLIDES.learn_s:
            watch.decide()
        assert watch.ready(t) == []
        if watch.decided is not None and watch.pending:
            oldest = max(oldest, t - min(pick[0] for pick in watch.pending))
    assert kinds(watch) == [False]
    assert 0 < oldest <= BACK_WINDOWS * WINDOW + SLIDES.settle_s + STEP, oldest
    assert watch.finish(end) == []


def speaker(seconds: float, seed: int = 0) -> list[np.ndarray]:
    """A steady shot: a still backdrop, a small figure swaying in it (too little of the picture
    moves for camera footage by its moving share)."""
    rng = np.random.default_rng(seed)
    backdrop = np.tile(np.linspace(70, 150, SIZE[1]), (SIZE[0], 1)).astype(np.uint8)
    figure = rng.integers(0, 255, (48, 32)).astype(np.uint8)
    out = []
    for i in range(round(seconds * FPS)):
        img = backdrop.copy()
        x = 140 + round(6 * np.sin(i / 4))
        img[60:108, x : x + 32] = figure
        out.append(img)
    return out


def test_a_change_the_tracker_sees_under_way_for_a_window_is_camera_footage() -> None:
    """After the slides, a cut to a steady shot whose figure the tracker learned as a region
    (`Seen`: the figure's blocks known to change on their own, the change under way since the
    cut). Once the tracker sees the change settle (within a transition, as a slide's does)
    nothing more moves: the slides stay a screen."""
    cut = 6.0
    pictures = still(1, cut) + speaker(8)
    figure = np.zeros((SIZE[0] // 8, SIZE[1] // 8), bool)
    figure[7:14, 16:23] = True

    def run(settles_after_s: float) -> ContentWatch:
        watch = ContentWatch(CameraTuning(), len(pictures) / FPS, *WATCH_ARGS)
        for i, img in enumerate(pictures):
            t = i * STEP
            under_way = cut <= t < cut + settles_after_s
            watch.feed(t, img, None, Seen(figure, cut if under_way else None))
            if watch.decided is None and t >= SLIDES.learn_s:
                watch.decide()
        return watch

    never = run(settles_after_s=60.0)
    assert kinds(never)[:2] == [False, True]
    assert abs(never.stretches[1][0] - cut) <= STEP, "the camera from the cut"
    assert kinds(run(settles_after_s=MAX_TRANSITION_S + SLIDES.settle_s)) == [False]


def test_slides_after_camera_footage_are_known_once_they_held_still_half_a_window() -> None:
    """Even right after a camera stretch was recognised (camera footage a little shorter than
    the window, recognised as the slides come back): half a window, the time a screen must
    rest, and the tracker restarts there, with time to learn a webcam before the next slide
    (a full window after the camera's verdict, as before, missed a slide shown for 5.9 s)."""
    watch = ContentWatch(CameraTuning(), 16.0, *WATCH_ARGS)
    known = None
    back = 6.0 + WINDOW - SLIDES.settle_s
    for i, img in enumerate(still(2, 6) + camera(WINDOW - SLIDES.settle_s) + still(1, 8)):
        t = i * STEP
        if watch.feed(t, img, None) is False:
            known = t
        if watch.decided is None and t >= SLIDES.learn_s:
            watch.decide()
    assert kinds(watch) == [False, True, False]
    assert known is not None and known <= back + WINDOW / 2 + SLIDES.settle_s + 2 * STEP, known


def figure_crossing(seconds: float, rest_from: float) -> list[np.ndarray]:
    """A small round figure (2 blocks across) bouncing across a still scene and back, 4 px a
    sample, until `rest_from` after its start, then at rest: far below `camera_share` of the
    picture moves. A small webcam plays in a corner all along: a box of 4 x 3 blocks, a window
    (bigger than the pointer), whose noise is no motion of the scene's."""
    scene = np.full(SIZE, 200, np.uint8)
    scene[120:] = 90
    yy, xx = np.mgrid[: SIZE[0], : SIZE[1]]
    rng = np.random.default_rng(5)
    out = []
    for i in range(round(seconds * FPS)):
        step = min(i, round(rest_from * FPS))
        x = 16 + abs((4 * step) % 560 - 280)
        y = 100 - 40 * abs(np.sin(step / 5))
        img = scene.copy()
        img[(yy - y) ** 2 + (xx - x) ** 2 < 64] = 20
        img[8:32, 280:312] = rng.integers(0, 256, (24, 32))
        out.append(img)
    return out


def test_a_camera_stretch_begun_where_a_change_never_settled_lasts_while_anything_moves() -> None:
    """After slides, a figure crossing a still scene without rest (`Seen`: something passing
    since the cut, as `Route` says while `Motion.passing` goes on): camera footage from the
    cut, however little of the picture moves, and it stays camera footage while the figure
    moves (not half a window after, when its few blocks would read as a picture at rest); once
    it rests, a screen again, the webcam playing on (a window, not the scene's motion)."""
    cut, rest_from = 6.0, 10.0
    pictures = still(1, cut) + figure_crossing(14.0, rest_from)
    watch = ContentWatch(CameraTuning(), len(pictures) / FPS, *WATCH_ARGS)
    for i, img in enumerate(pictures):
        t = i * STEP
        passing = cut <= t < cut + rest_from
        watch.feed(t, img, None, Seen(np.zeros((22, 40), bool), cut if passing else None))
        if watch.decided is None and t >= SLIDES.learn_s:
            watch.decide()
    assert kinds(watch) == [False, True, False]
    assert abs(watch.stretches[1][0] - cut) <= STEP, "camera from the cut"
    back = watch.stretches[2][0]
    assert back >= cut + rest_from - SLIDES.settle_s, "camera while the figure moves"


def pointer_on_slide(seconds: float, seed: int = 1) -> list[np.ndarray]:
    """A slide with a webcam box playing in its corner (as `figure_crossing`'s) and a pointer
    moving in strokes of 10 samples, 3 px a sample, resting 20 samples between them: never
    still for half a window, and far below `camera_share` of the picture moves."""
    page = slide(seed)[: SIZE[0]]
    rng = np.random.default_rng(7)
    out = []
    for i in range(round(seconds * FPS)):
        stroke, step = divmod(i, 30)
        x = 60 + 30 * stroke + 3 * min(step, 10)
        img = page.copy()
        img[90:96, x : x + 6] = 0
        img[8:32, 280:312] = rng.integers(0, 256, (24, 32))
        out.append(img)
    return out


def watched_seeing(
    pictures: list[np.ndarray], seen: Callable[[float, list[float]], Seen]
) -> tuple[ContentWatch, list[float]]:
    """Feed the watch as `Route` does, with what the tracker sees at each time (given the
    times the watch found screen stretches at); those times."""
    watch = ContentWatch(CameraTuning(), len(pictures) / FPS, *WATCH_ARGS)
    found: list[float] = []
    for i, img in enumerate(pictures):
        t = i * STEP
        if watch.feed(t, img, None, seen(t, found)) is False:
            found.append(t)
        if watch.decided is None and t >= SLIDES.learn_s:
            watch.decide()
    return watch, found


NO_REGIONS = np.zeros((SIZE[0] // 8, SIZE[1] // 8), bool)  # (the tracker knows no region)


def test_slides_cut_to_after_figures_crossing_are_a_screen_however_their_pointer_moves() -> None:
    """A camera stretch begun where figures crossing never settled lasts while anything moves
    — in that shot. After a cut back to the slides, their pointer's strokes and their webcam
    move a few blocks again and again, never resting half a window: the slides' own share
    tells them (the stretch found stirring went on to the video's end, the slides' states lost:
    three of the extra draws' camera-and-slides mixes)."""
    cut, back = 6.0, 14.0
    pictures = still(1, cut) + figure_crossing(back - cut, 99.0) + pointer_on_slide(10.0)
    watch, _ = watched_seeing(
        pictures, lambda t, _: Seen(NO_REGIONS, cut if cut <= t < back else None)
    )
    assert kinds(watch) == [False, True, False], watch.stretches
    assert abs(watch.stretches[1][0] - cut) <= STEP, "camera from the cut"
    assert back - STEP <= watch.stretches[2][0] <= back + SLIDES.settle_s + STEP, watch.stretches


def test_figures_crossing_after_a_cut_stay_camera_footage_once_the_tracker_sees_them() -> None:
    """A cartoon's second shot: figures crossing again after the cut. Judged by its share it
    is a screen for a moment; the tracker, fed again, sees them pass without rest from its
    first picture, and that screen stretch proves none: camera footage from the first cut on."""
    cut, second = 6.0, 14.0
    crossing = figure_crossing(20.0, 99.0)
    shot = round((second - cut) * FPS)
    pictures = still(1, cut) + crossing[:shot] + [255 - img for img in crossing[shot:]]

    def seen(t: float, found: list[float]) -> Seen:
        if cut <= t < second:
            return Seen(NO_REGIONS, cut)
        if found:  # (the tracker fed again from the screen stretch's start, nothing held still)
            return Seen(NO_REGIONS, found[0], opening=True)
        return Seen(NO_REGIONS, None)

    watch, found = watched_seeing(pictures, seen)
    assert found, "a screen for a moment after the cut"
    assert kinds(watch) == [False, True], watch.stretches
    assert abs(watch.stretches[1][0] - cut) <= STEP
