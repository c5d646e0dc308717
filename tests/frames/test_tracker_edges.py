"""The ring of blocks masked around a region (`edges.py`): a word written in it, beside a webcam
whose picture ends mid-block, is a state; the webcam's own pixels there (its edge, its bleed)
changing are not. Fed to the tracker at the reference path's rate: a slide with a title and a
webcam whose noisy picture changes every 0.25 s, its right edge four pixels into a block."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.edges import RegionEdges
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
CAM_Y, CAM_X = (120, 176), (228, 300)  # the webcam: its edges 4 px into blocks 28 and 37
BLEED_X = (300, 302)  # the encoder's bleed past its right edge: half its swing
WORD = (150, 157, 304, 312)  # y0, y1, x0, x1: a short word in block 38, right beside it
WRITTEN = 6.0  # when the word appears (the webcam has been learned long before)
END = 10.0


def picture(t: float, word: bool = False, cam_step: int = 0) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    rng = np.random.default_rng(int(t * 4))  # a new webcam picture every 0.25 s
    cam = rng.integers(60, 200, (CAM_Y[1] - CAM_Y[0], CAM_X[1] - CAM_X[0]), dtype=np.int16)
    img[CAM_Y[0] : CAM_Y[1], CAM_X[0] : CAM_X[1]] = np.clip(cam + cam_step, 0, 255)
    bleed = 230 + (cam[:, -1:] - 130) // 2
    img[CAM_Y[0] : CAM_Y[1], BLEED_X[0] : BLEED_X[1]] = bleed
    if word:
        y0, y1, x0, x1 = WORD
        img[y0:y1, x0:x1:2] = 40  # letters' strokes
    return img


def frames(shown) -> list[tuple[float, np.ndarray]]:  # type: ignore[no-untyped-def]
    return [(n / FPS, shown(n / FPS)) for n in range(round(END * FPS))]


def test_a_word_written_in_the_ring_beside_a_webcam_is_a_state() -> None:
    kept = kept_times(frames(lambda t: picture(t, word=t >= WRITTEN)), TUNING)
    assert len(kept) == 2 and WRITTEN <= kept[1] <= WRITTEN + 1.0, kept


def test_the_webcam_alone_is_one_state() -> None:
    # guard: its edge and bleed in the ring change on and on, both ways
    assert len(kept_times(frames(picture), TUNING)) == 1


def test_the_webcam_brightening_at_once_is_no_state() -> None:
    # guard: its pixels in the ring change more than ever, but they are seen moving both ways
    def shown(t: float) -> np.ndarray:
        return picture(t, cam_step=40 if t >= WRITTEN else 0)

    assert len(kept_times(frames(shown), TUNING)) == 1


def edges_watching(blocks: int) -> RegionEdges:
    return RegionEdges((1, blocks), TUNING.motion, TUNING.region_pause_s, TUNING.region_span_s)


def test_pixels_turning_back_a_while_after_they_first_moved_are_a_regions() -> None:
    edges = edges_watching(3)
    watch = np.ones((1, 3), bool)
    flat = np.full((8, 24), 100, np.uint8)

    def shown(t: float) -> np.ndarray:
        img = flat.copy()
        img[:, :8] = 100 + round(6 * np.sin(2 * np.pi * 0.5 * t))  # a light's slow flicker
        if t >= 1.0:
            img[:, 8:16:2] = 20  # a word's strokes appear ...
        if t >= 1.1:
            img[:, 8:16:2] = 10  # ... and are sharpened (they went on one way)
        if 1.0 <= t < 1.2:
            img[:, 16::2] = 30  # a word drawn too dark, toned down within a moment
        elif t >= 1.2:
            img[:, 16::2] = 40
        return img

    for n in range(round(4 * FPS)):
        edges.observe(n / FPS, shown(n / FPS), watch, True)
    own = edges.own()
    assert own[:, :8].all() and not own[:, 8:].any()
    assert edges.content(4.0, flat, shown(4.0), watch, TUNING.strong).tolist() == [
        [False, True, True]
    ]


def test_blocks_are_judged_once_watched_long_enough_and_start_over_without_evidence() -> None:
    edges = edges_watching(1)
    flat = np.full((8, 8), 200, np.uint8)
    word = flat.copy()
    word[2:6, 2:5] = 0
    watch = np.ones((1, 1), bool)
    assert not edges.content(5.0, flat, word, watch, TUNING.strong).any()  # (never watched)
    edges.observe(4.0, flat, watch, True)
    assert not edges.content(5.0, flat, word, watch, TUNING.strong).any()  # (for 1 s)
    assert edges.content(6.0, flat, word, watch, TUNING.strong).all()
    for n, img in enumerate([word, flat] * 10):  # a word coming and going: slides changing
        edges.observe(6.0 + n, img, watch, False)  # (no evidence: a transition each time)
    assert not edges.own().any()
    edges.observe(30.0, word, ~watch, True)  # (not in the ring: the pointer's path)
    edges.observe(31.0, flat, ~watch, True)
    assert not edges.own().any()


def test_a_still_band_at_the_webcams_edge_brightening_is_no_state() -> None:
    # guard: the webcam's picture ends in a band nothing moves in (a wall), in a block of the
    # ring; the whole picture brightens at once, band included
    def shown(t: float) -> np.ndarray:
        img = picture(t, cam_step=40 if t >= WRITTEN else 0)
        img[CAM_Y[0] : CAM_Y[1], 296:300] = 120 + (40 if t >= WRITTEN else 0)
        img[CAM_Y[0] : CAM_Y[1], BLEED_X[0] : BLEED_X[1]] = 230
        return img

    assert len(kept_times(frames(shown), TUNING)) == 1


def test_a_still_band_at_the_webcams_edge_brightening_slowly_is_no_state() -> None:
    # guard: as above, the picture brightening over two seconds (a webcam's exposure)
    def shown(t: float) -> np.ndarray:
        step = round(40 * min(1.0, max(0.0, (t - WRITTEN) / 2.0)))
        img = picture(t, cam_step=step)
        img[CAM_Y[0] : CAM_Y[1], 296:300] = 120 + step
        img[CAM_Y[0] : CAM_Y[1], BLEED_X[0] : BLEED_X[1]] = 230
        return img

    assert len(kept_times(frames(shown), TUNING)) == 1


def test_a_glyph_replaced_by_another_in_the_ring_is_no_state() -> None:
    # guard: a region's slower part (a clock's tens digit) changes too seldom to be seen
    # turning back; something stood there before, and content is written on plain background
    def shown(t: float) -> np.ndarray:
        img = picture(t)
        y0, y1, x0, x1 = WORD
        img[y0:y1, x0 + (1 if t >= WRITTEN else 0) : x1 : 2] = 40
        return img

    assert len(kept_times(frames(shown), TUNING)) == 1


def test_the_pointer_moving_along_the_ring_and_resting_there_is_no_state() -> None:
    # guard: the ring blocks it moves through are judged, so the motion model watches them too
    arrow = np.tri(12, 8, dtype=bool)
    path = [(60 + 8 * n, 250) for n in range(7)] + [(112, 250 + 8 * n) for n in range(1, 7)]

    def shown(t: float) -> np.ndarray:
        img = picture(t)
        if t >= WRITTEN:
            n = min(len(path) - 1, round((t - WRITTEN) * FPS))
            y, x = path[n]
            img[y : y + 12, x : x + 8][arrow] = 0
        return img

    assert len(kept_times(frames(shown), TUNING)) == 1
