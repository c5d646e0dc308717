"""A build fades in; the pointer comes over its edge a moment later and rests there, pointing
at it. What is left of the build once the pointer's path is set aside is pointer-sized, and
the pointer was seen moving into it: before round 65 each piece of it was judged the pointer
come to rest there ("came") and the build was lost (the second generator's i573: a box faded
in, a hand passed over its left part). The pointer can have come only before the place showed
the change: a thing that was there before anything moved near it is no pointer's
(`SmallChanges._showing`)."""

from __future__ import annotations

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
FADE = (2.0, 2.3)  # the build fades in ...
COMES = 2.4  # ... the pointer comes in from the left, and rests on the build's left edge
REST_X = 130
NEXT = 8.0  # the next slide
END = 10.0
BOX = (80, 104, 128, 160)  # the build: a box with a label, 3 x 4 blocks
ARROW = np.tri(8, 5, dtype=bool)
FILL = np.tri(8, 5, -2, dtype=bool)  # white inside a black outline
FILL[-1] = False
STEP = 12  # px a sample, along the stroke


def _pointer(t: float) -> tuple[int, int] | None:
    if t < COMES:
        return None
    return 88, min(REST_X, 100 + round((t - COMES) * FPS * STEP))  # along the box's middle row


def picture(t: float, pointer: bool = True) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # the title
    if t >= NEXT:
        img[16:24, 16:260] = INK  # the next slide's longer title ...
        img[48:54, 16:220] = INK  # ... and a line
        img[140:146, 16:180] = INK
    elif t >= FADE[0]:
        alpha = min(1.0, (t - FADE[0]) / (FADE[1] - FADE[0]))
        y0, y1, x0, x1 = BOX
        box = np.full((y1 - y0, x1 - x0), PAGE, np.float32)
        box[:2], box[-2:], box[:, :2], box[:, -2:] = 60, 60, 60, 60  # its outline
        box[10:15, 8:26] = INK  # its label
        part = img[y0:y1, x0:x1].astype(np.float32)
        img[y0:y1, x0:x1] = np.round(part + alpha * (box - part)).astype(np.uint8)
    at = _pointer(t) if pointer else None
    if at is not None:
        y, x = at
        img[y : y + 8, x : x + 5][ARROW] = np.where(FILL, 255, 0)[ARROW]
    return img


def _kept(pointer: bool) -> list[float]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, lambda t: picture(t, pointer), END, FPS, SCALE)
    kept += [k.time_s for k in tracker.finish()]
    withdrawn = set(tracker.withdrawn())
    return sorted(t for t in kept if t not in withdrawn)


@pytest.mark.parametrize("pointer", [True, False], ids=["pointer-over-it", "no-pointer"])
def test_a_build_the_pointer_came_to_after_it_faded_in_is_a_state(pointer: bool) -> None:
    kept = _kept(pointer)
    assert len(kept) == 3, kept  # the opening, the build, the next slide
    assert kept[0] < FADE[0] and FADE[1] <= kept[1] < NEXT and kept[2] >= NEXT, kept


@pytest.mark.parametrize("mode", ["auto", "full"])  # the default path, and --exact
def test_the_build_is_a_frame(tmp_path: Path, mode: str) -> None:
    """Through a strategy, encoded as a recorder writes it."""
    video = encode_scaled(tmp_path / "build.mp4", picture, END, FPS, SCALE)
    result = extract_frames(video, FrameOptions(slides_mode=mode), tmp_path / "frames")
    times = [f.time_s for f in result.frames]
    assert len(times) == 3 and FADE[1] <= times[1] < NEXT, times
