"""A small change kept because it stayed, that could have been the pointer, is withdrawn once
the pointer is known by its look.

The pointer that shows where it rests, unseen on its way there (it hid while the presenter
typed; the recording began with it hidden), before any of its looks is known, is a small
pointer-shaped thing that appeared and stayed: nothing tells it from a small build until the
next state comes, and it was kept. Once the pointer moves and rests again, its look is known:
the state kept was the pointer (before, its frame stayed: one frame more in five of the
extras' recordings, each in the first seconds, before the pointer had moved)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import encode_scaled, feed_scaled

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
SCALE = 4  # the decoded frame's size over the analysis picture's (a 1280 px wide recording)
PAGE, INK = 230, 30
SHOWS_AT = 1.5  # the pointer shows, resting (or a small build appears) ...
BUILD_AT = 4.0  # ... a line of text is built below, the small thing still there ...
MOVES_AT = 6.0  # ... the pointer moves off, 12 px a sample, and rests for good
REST, STROKE = (60, 200), 12
ARROW = np.tri(8, 5, dtype=bool)  # the pointer: 8 px tall here, 32 in the frame
STAR = np.ones((7, 6), dtype=bool)  # a small build: a solid box, one piece, pointer-sized
STAR[::3, ::3] = False


def _slide(t: float, small: np.ndarray, pointer_moves: bool) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    img[40:46, 16:120] = INK  # a line
    if t >= BUILD_AT:
        img[120:126, 16:160] = INK  # the build
    y, x = REST
    if small is not ARROW:
        if t >= SHOWS_AT:
            img[y : y + small.shape[0], x : x + small.shape[1]][small] = INK  # the build stays
        y, x = 150, 300  # the pointer comes from the bottom right, later
    if t < SHOWS_AT and small is ARROW:
        return img
    if pointer_moves and t >= MOVES_AT:
        steps = min(8, round((t - MOVES_AT) * FPS))
        y, x = REST[0] - 6 * steps, REST[1] - STROKE * steps  # up and left, then at rest
    elif small is not ARROW and t < MOVES_AT:
        return img  # (the pointer not yet shown)
    img[y : y + 8, x : x + 5][ARROW] = 0
    return img


def _kept(
    picture: Callable[[float], np.ndarray], seconds: float
) -> tuple[list[float], list[float]]:
    """When the states the tracker kept settled, and those it withdrew."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, picture, seconds, FPS, SCALE)
    kept += [k.time_s for k in tracker.finish()]
    return kept, tracker.withdrawn()


def test_a_pointer_kept_before_its_look_was_known_is_withdrawn() -> None:
    kept, withdrawn = _kept(lambda t: _slide(t, ARROW, True), 10.0)
    assert len(withdrawn) == 1 and SHOWS_AT <= withdrawn[0] < BUILD_AT, (kept, withdrawn)
    assert withdrawn[0] in kept and len(kept) == 3, kept  # the opening, the rest, the build


def test_a_pointer_that_never_moves_again_stays_kept() -> None:
    """Nothing ever tells it from a small build: it stays (a state may not be lost)."""
    kept, withdrawn = _kept(lambda t: _slide(t, ARROW, False), 10.0)
    assert withdrawn == [] and len(kept) == 3, (kept, withdrawn)


def test_a_small_build_the_pointer_does_not_look_like_stays_kept() -> None:
    kept, withdrawn = _kept(lambda t: _slide(t, STAR, True), 10.0)
    assert withdrawn == [], withdrawn
    assert len(kept) == 3 and SHOWS_AT <= kept[1] < BUILD_AT, kept


@pytest.mark.parametrize("mode", ["auto", "full"])  # the default path, and --exact
def test_the_withdrawn_state_is_no_frame(tmp_path: Path, mode: str) -> None:
    """Through a strategy, encoded as a recorder writes it: the opening and the build only."""
    video = encode_scaled(
        tmp_path / "pointer.mp4", lambda t: _slide(t, ARROW, True), 10.0, FPS, SCALE
    )
    result = extract_frames(video, FrameOptions(slides_mode=mode), tmp_path / "frames")
    times = [f.time_s for f in result.frames]
    assert len(times) == 2 and times[0] < SHOWS_AT and times[1] >= BUILD_AT, times
    assert len(list((tmp_path / "frames").iterdir())) == 2
