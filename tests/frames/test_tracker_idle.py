"""How often the tracker looks: at `sample_fps` while something goes on, at `idle_fps` while the
slide holds still (past the first `learn_s`, nothing pending or held, nothing moving outside an
overlay, no clip of the slide's own playing). A change is still seen within 1/idle_fps of its
start, and followed at `sample_fps` from then on."""

from __future__ import annotations

import itertools

import av
import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import CONSECUTIVE_S, SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
VIDEO_FPS = 30  # the frames offered; the tracker takes those it wants
ARROW = np.tri(12, 8, dtype=bool)
SAMPLE_S, IDLE_S = 1 / TUNING.sample_fps, 1 / TUNING.idle_fps
BUILD_AT = 6.02
RNG_SEED = 7


def slide(t: float, build: bool = False) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    img[60:68, 40:180] = 60  # a bullet
    if build and t >= BUILD_AT:  # a two-word bullet appears
        img[100:108, 40:64] = 60
        img[100:108, 72:100] = 60
    return img


def run(picture, seconds: float, steady: bool = False) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """The times the tracker analysed, and the times of the states it kept."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    seen, kept = [], []
    for n in range(round(seconds * VIDEO_FPS)):
        t = n / VIDEO_FPS
        if not tracker.wants(t, steady):
            continue
        img = picture(t)
        seen.append(t)
        kept += [k.time_s for k in tracker.feed(t, img, av.VideoFrame.from_ndarray(img, "gray"))]
    kept += [k.time_s for k in tracker.finish()]
    return seen, kept


def gaps(seen: list[float], start: float, end: float) -> list[float]:
    times = [t for t in seen if start <= t <= end]
    return [round(b - a, 3) for a, b in itertools.pairwise(times)]


def test_a_still_slide_is_looked_at_the_idle_rate_once_learned() -> None:
    seen, kept = run(slide, 10.0)
    assert kept == [0.0]
    assert set(gaps(seen, 0.0, TUNING.learn_s)) == {round(SAMPLE_S, 3)}  # (learning)
    assert set(gaps(seen, TUNING.learn_s + 0.5, 10.0)) == {round(IDLE_S, 3)}


def test_a_steady_watch_keeps_the_sample_rate() -> None:
    """What the tracker does not watch (camera coverage) is sampled at `sample_fps` always."""
    seen, _ = run(slide, 8.0, steady=True)
    assert set(gaps(seen, 0.0, 8.0)) == {round(SAMPLE_S, 3)}


def test_a_build_seen_while_idle_is_followed_at_the_sample_rate_and_kept() -> None:
    seen, kept = run(lambda t: slide(t, build=True), 12.0)
    first = min(t for t in seen if t >= BUILD_AT)
    assert first - BUILD_AT <= IDLE_S + 1e-6  # seen within an idle step of its start
    assert set(gaps(seen, first, first + TUNING.settle_s)) == {round(SAMPLE_S, 3)}
    assert len(kept) == 2 and first < kept[1] <= first + TUNING.settle_s + 2 * SAMPLE_S
    confirmed = kept[1] + TUNING.region_span_s + SAMPLE_S
    assert set(gaps(seen, confirmed, 12.0)) == {
        round(IDLE_S, 3)
    }  # (idle again once the state is confirmed)


def test_the_pointer_moving_raises_the_rate_until_it_has_rested_settle_s() -> None:
    start, stop = 6.0, 7.0  # it moves a block every 1/15 s, then rests

    def picture(t: float) -> np.ndarray:
        img = slide(t)
        x = 40 + 8 * round((min(t, stop) - start) * TUNING.sample_fps) if t >= start else 40
        img[120:132, x : x + 8][ARROW] = 0
        return img

    seen, kept = run(picture, 10.0)
    assert kept == [0.0]  # (the pointer resting elsewhere is no state)
    first = min(t for t in seen if t > start)
    assert set(gaps(seen, first, stop + TUNING.settle_s - SAMPLE_S)) == {round(SAMPLE_S, 3)}
    assert set(gaps(seen, stop + TUNING.settle_s + 0.5, 10.0)) == {round(IDLE_S, 3)}


def box(t: float, rng_seed: float) -> np.ndarray:
    """A patch of a moving picture: new noise every frame, brighter and darker by turns."""
    rng = np.random.default_rng(int(rng_seed * VIDEO_FPS) + RNG_SEED)
    level = 100 if round(t * VIDEO_FPS) % 2 else 160
    return rng.integers(level - 40, level + 40, (48, 64)).astype(np.uint8)


def test_a_webcam_overlay_lets_the_tracker_idle_but_a_clip_of_the_slide_does_not() -> None:
    def webcam(t: float) -> np.ndarray:  # from the first picture on: an overlay
        img = slide(t)
        img[128:176, 248:312] = box(t, t)
        return img

    def clip(t: float) -> np.ndarray:  # playing in the slide from t = 4 s on
        img = slide(t)
        img[96:144, 120:184] = box(t, t) if t >= 4.0 else 200
        return img

    seen, kept = run(webcam, 12.0)
    assert kept == [0.0]
    assert set(gaps(seen, 9.0, 12.0)) == {round(IDLE_S, 3)}
    seen, kept = run(clip, 12.0)
    assert set(gaps(seen, 9.0, 12.0)) == {round(SAMPLE_S, 3)}


def test_a_picture_that_never_settles_is_followed_at_the_sample_rate() -> None:
    """Before any state is kept (a camera's pan under `--strategy slides`) nothing is idle."""

    scene = np.random.default_rng(RNG_SEED).integers(0, 256, (H, 4 * W)).astype(np.uint8)

    def pan(t: float) -> np.ndarray:
        x = round(t * VIDEO_FPS) * 4
        return scene[:, x : x + W].copy()

    seen, kept = run(pan, 8.0)
    assert kept == [seen[-1]]  # (the last picture: it never held still)
    assert set(gaps(seen, 0.0, 8.0)) == {round(SAMPLE_S, 3)}


def test_idle_samples_still_follow_each_other() -> None:
    """`idle_fps` is the lowest rate at which samples stay consecutive (`CONSECUTIVE_S`): the
    first step of a pointer setting off, seen while idle, is a step of its motion (at half the
    rate it would not be), and no more pictures are analysed than that needs (at double)."""
    assert 1 / TUNING.idle_fps <= CONSECUTIVE_S < 2 / TUNING.idle_fps
