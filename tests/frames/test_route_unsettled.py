"""Where the picture never settles, the camera's coverage gives frames (`route.Route`):
something the size of a person keeps moving across a still picture — too little of it moves
for camera footage by its moving share, and the tracker sees it settle only once it has learned
the figure's path as a region playing. A change the tracker sees under way for most of a
window is camera footage from where it began (`ContentWatch`, round 35; before, coverage frames
were kept in the screen stretch where the tracker never settled for a window around them, and
the figure's last 11 s had no frame); the slides after it are found."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import ContentWatch, stretch_window
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.frames.slides.route import Route
from peepshow_core.frames.slides.tracker import Tracker, no_log
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
WINDOW = stretch_window(TUNING.settle_s, MAX_TRANSITION_S)


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


def routed(pictures: list[np.ndarray]) -> tuple[ContentWatch, Sink]:
    """The pictures, `FPS` a second, through the route with a content watch, to the end."""
    end = len(pictures) / FPS
    watch = ContentWatch(
        CameraTuning(), end, TUNING.settle_s, TUNING.motion, WINDOW, TUNING.wide_share
    )
    sink = Sink()
    route = Route(sink, Tracker((H // 8, W // 8), TUNING), watch, TUNING.learn_s, no_log)  # type: ignore[arg-type]
    for n, img in enumerate(pictures):
        route.feed(n / FPS, img, None)
    route.finish(end)
    return watch, sink


def test_a_picture_that_never_settles_is_camera_footage_from_where_it_began() -> None:
    pictures = (
        [slide(1)] * (6 * FPS) + [walker(n) for n in range(16 * FPS)] + [slide(2)] * (6 * FPS)
    )
    end = len(pictures) / FPS
    watch, sink = routed(pictures)
    (_, first), (cut, camera) = watch.stretches[:2]
    assert not first and camera, watch.stretches
    assert abs(cut - 6.0) <= 2 / FPS, "the camera from where the change began"
    assert watch.stretches[-1][1] is False, "the slides after it are a screen stretch"
    limit = CameraTuning().coverage_min_s
    assert any(6.0 < t <= 6.0 + limit for t in sink.times), sink.times
    assert any(22.0 <= t <= end for t in sink.times), "the slide after the figure"


def lecture(n: int) -> np.ndarray:
    """A lecture filmed from the back of the hall: a projected slide on a still wall, the
    lecturer walking slowly to and fro in front of it (a person's shape: head, torso, legs),
    a camera's faint noise."""
    yy, xx = np.mgrid[:H, :W]
    img = np.tile(np.linspace(90, 150, W), (H, 1))
    img[20:90, 60:260] = 220
    for y, length in ((30, 130), (45, 100), (55, 150)):
        img[y : y + 4, 70 : 70 + length] = 50
    span = W - 80
    cx = 40 + abs(n % (2 * span) - span)  # one analysis pixel a sample
    img[((xx - cx) / 16) ** 2 + ((yy - 120) / 30) ** 2 < 1] = 60
    img[(abs(xx - cx) < 10) & (yy > 140) & (yy < 175) & ((xx - cx) % 8 < 4)] = 40
    img[((xx - cx) / 9) ** 2 + ((yy - 80) / 11) ** 2 < 1] = 170
    noise = np.random.default_rng(n).normal(0.0, 1.0, img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


def test_a_picture_that_never_settled_from_its_opening_is_camera_footage() -> None:
    """Too little moves for camera footage by its moving share, and the tracker, which keeps
    no picture until one held still, had no change under way to report: the first 16 s had no
    frame. A stretch whose pictures never held still since its opening is a change under way
    from its first sample (screen content settles within a transition of its opening too), and
    a screen stretch none of whose pictures held still was none. A screen stretch begun within
    two windows of the end may stay: the end leaves it undecided."""
    pictures = [lecture(n) for n in range(40 * FPS)]
    end = len(pictures) / FPS
    watch, sink = routed(pictures)
    decided = [(start, camera) for start, camera in watch.stretches if start < end - 2 * WINDOW]
    assert decided == [(0.0, True)], "camera footage, no screen between (the end undecided)"
    times = sorted(sink.times)
    gaps = np.diff([0.0, *times, end])
    assert gaps.max() <= CameraTuning().piece_s(end), times


@pytest.mark.parametrize("mode", ["auto", "full"])
def test_the_lecture_encoded_is_camera_footage_on_both_paths(tmp_path: Path, mode: str) -> None:
    """The same, encoded: the fast path decodes every GOP until a picture of the stretch held
    still (it had skipped one whose keyframes differed, and the stretch's frames with it)."""
    path = tmp_path / "lecture.mp4"
    seconds, rate = 40, 30
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = 2 * W, 2 * H, "yuv420p"
        for n in range(seconds * rate):
            big = np.repeat(np.repeat(lecture(n // 2), 2, axis=0), 2, axis=1)
            frame = av.VideoFrame.from_ndarray(np.stack([big] * 3, axis=-1), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, rate)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    result = extract_frames(path, FrameOptions(slides_mode=mode), tmp_path / "frames")
    stretches = result.params.get("content_stretches") or [[0.0, result.params["content"]]]
    decided = [kind for start, kind in stretches if start < seconds - 2 * WINDOW]
    assert decided == ["camera"], stretches
    gaps = np.diff([0.0, *sorted(f.time_s for f in result.frames), float(seconds)])
    assert gaps.max() <= CameraTuning().piece_s(seconds), [f.time_s for f in result.frames]


def pan(n: int) -> np.ndarray:
    """Camera footage: a textured scene panned across, every block moving."""
    scene = np.random.default_rng(5).integers(0, 255, (H, 4 * W)).astype(np.uint8)
    x = (3 * n) % (3 * W)
    return scene[:, x : x + W]


def test_the_slides_after_a_cutaway_get_no_coverage_frame() -> None:
    """A talk that ends on its slides after a cutaway to the camera: the tracker's change under
    way when the camera began (the cut) is no longer under way once the screen is back, so the
    coverage frames of the screen stretch are not kept as never settled (it had kept one
    beside the slide's own frame, 2 s before it)."""
    pictures = [slide(1)] * (10 * FPS) + [pan(n) for n in range(6 * FPS)] + [slide(2)] * (9 * FPS)
    watch, sink = routed(pictures)
    assert [camera for _, camera in watch.stretches] == [False, True, False], watch.stretches
    back = watch.stretches[-1][0]
    after = [t for t in sink.times if t >= back]
    assert len(after) == 1 and after[0] >= 16.0 + TUNING.settle_s - 1 / FPS, sink.times


def test_figures_passing_since_the_opening_make_the_first_seconds_camera_footage() -> None:
    """`Route._passing_through`, at the first seconds' verdict (3 s): things that are no
    pointer passing without rest since within a transition of the opening's first state, for
    `settle_s` at least; not a run begun later (a webcam dragged after the opening settled),
    nor one just begun, nor none."""
    from types import SimpleNamespace

    from peepshow_core.frames.slides.tracker import Keep

    def verdict(first_state: float, since: float | None) -> bool:
        route = Route(None, Tracker((H // 8, W // 8), TUNING), None, TUNING.learn_s, no_log)  # type: ignore[arg-type]
        route.tracker.motion = SimpleNamespace(moving_since=lambda t: since)  # type: ignore[assignment]
        route.held = [Keep(first_state, None, None, 1.0, "the first settled picture")]  # type: ignore[arg-type]
        return route._passing_through(3.0)

    assert verdict(0.0, 0.64) and verdict(0.9, 0.97)
    assert verdict(0.9, 0.9 + MAX_TRANSITION_S)
    assert not verdict(0.0, MAX_TRANSITION_S + 0.1), "begun after the opening settled"
    assert not verdict(2.6, 2.7), "not passing for settle_s yet"
    assert not verdict(0.0, None)


def test_a_watch_told_the_opening_never_settled_opens_on_camera_and_follows_any_motion() -> None:
    watch = ContentWatch(
        CameraTuning(), 10.0, TUNING.settle_s, TUNING.motion, WINDOW, TUNING.wide_share
    )
    assert watch.decide(never_settled=True) is True
    assert watch.stretches == [(0.0, True)] and watch.stirring
    still = ContentWatch(
        CameraTuning(), 10.0, TUNING.settle_s, TUNING.motion, WINDOW, TUNING.wide_share
    )
    assert still.decide() is False and not still.stirring


CLIP = (24, 160, 8, 216)  # y0, y1, x0, x1: a big clip playing in a slide, framed by a border


def balls(n: int, scene: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """`scene` with four balls bouncing within `box`, at the `n`th sample."""
    img = scene.copy()
    y0, y1, x0, x1 = box
    yy, xx = np.ogrid[: img.shape[0], : img.shape[1]]
    for k, (vy, vx, level) in enumerate(((1, 2, 250), (-2, 1, 20), (2, -1, 200), (1, -2, 60))):
        span_y, span_x = y1 - y0 - 24, x1 - x0 - 24
        cy = y0 + 12 + abs((vy * n + 17 * k) % (2 * span_y) - span_y)
        cx = x0 + 12 + abs((vx * n + 41 * k) % (2 * span_x) - span_x)
        img[(yy - cy) ** 2 + (xx - cx) ** 2 < 49] = level
    return img


def clip_on_slide(n: int) -> np.ndarray:
    """A slide whose clip plays from the opening: balls bouncing over a gradient that shifts."""
    img = slide(4)
    y0, y1, x0, x1 = CLIP
    img[y0 - 1 : y1 + 1, x0 - 1 : x1 + 1] = 90  # (its border)
    rows = np.linspace(60, 180, y1 - y0) + 10 * np.sin(n / 9)
    img[y0:y1, x0:x1] = rows[:, None].astype(np.uint8)
    return balls(n, img, CLIP)


def opening_windows(pictures: list[np.ndarray]) -> np.ndarray:
    """The windows a content watch saw in the first seconds of these pictures."""
    watch = ContentWatch(
        CameraTuning(), 10.0, TUNING.settle_s, TUNING.motion, WINDOW, TUNING.wide_share
    )
    for n, img in enumerate(pictures):
        watch.feed(n / FPS, img, None)
    assert watch.windowed is not None
    return watch.windowed


def test_the_watch_remembers_the_windows_of_the_first_seconds() -> None:
    """`ContentWatch.windowed`: a clip of bouncing balls framed on a slide is a window; balls
    crossing a still scene are not."""
    inside = opening_windows([clip_on_slide(n) for n in range(round(TUNING.learn_s * FPS))])
    y0, y1, x0, x1 = (v // 8 for v in CLIP)
    assert inside[y0 + 1 : y1 - 1, x0 + 1 : x1 - 1].mean() > 0.9
    assert not inside[:, x1 + 1 :].any()
    scene = np.tile(np.linspace(70, 170, W), (H, 1)).astype(np.uint8)
    cartoon = [balls(n, scene, (0, H, 0, W)) for n in range(round(TUNING.learn_s * FPS))]
    assert opening_windows(cartoon).mean() < 0.1


def test_figures_passing_only_in_the_opening_windows_leave_it_screen_content() -> None:
    """`Route._passing_through`: things passing since the opening make it camera footage only
    where they left places outside the windows the watch saw (an independent generator's
    i93: balls bouncing in a big clip on a slide, a run from the opening, judged camera and
    given coverage frames instead of its slides)."""
    from types import SimpleNamespace

    from peepshow_core.frames.slides.tracker import Keep

    windowed = np.zeros((H // 8, W // 8), bool)
    windowed[3:20, 1:27] = True

    def verdict(passed: set[tuple[int, int]]) -> bool:
        route = Route(None, Tracker((H // 8, W // 8), TUNING), None, TUNING.learn_s, no_log)  # type: ignore[arg-type]
        route.tracker.motion = SimpleNamespace(moving_since=lambda t: 0.6, passed=passed)  # type: ignore[assignment]
        route.watch = SimpleNamespace(windowed=windowed)  # type: ignore[assignment]
        route.held = [Keep(0.2, None, None, 1.0, "the first settled picture")]  # type: ignore[arg-type]
        return route._passing_through(3.0)

    assert not verdict({(5, 4), (12, 20)})
    assert verdict({(5, 4), (12, 30)}), "one place left outside the windows"
