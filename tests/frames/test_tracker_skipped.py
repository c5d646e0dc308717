"""A small build held just before the fast path skipped to the next keyframe lasted as long as
it was seen still there: the samples after the skip are seen moving against the last one before
it (the keyframe's quality differs a little), so no quiet picture is taken after it, and the next
slide comes before one is. Fed to the tracker as the fast path feeds it: a stretch not decoded."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 12
BUILT = 3.0  # a short word is written: it settles half a second later ...
SKIPPED = (3.75, 9.0)  # ... and a moment after that the GOP is skipped, up to its next keyframe
NEXT = 9.4  # the next slide, before the picture was seen holding still after the skip
END = 12.0


def picture(t: float, built: bool = True, pulse: int = 6) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    if t >= NEXT:
        img[16:26, 40:260] = 40
        img[60:120, 40:200] = 180
        return img
    img[16:26, 16:220] = 40 + (pulse if t >= SKIPPED[1] else 0)  # a title (the keyframe's
    img[40:46, 24:150:3] = 60  # quality differs a little there)
    if built and t >= BUILT:
        img[60:66, 24:40:3] = 60
    return img


def kept(**how: int | bool) -> list[float]:
    times = [n / FPS for n in range(round(END * FPS))]
    times = [t for t in times if not SKIPPED[0] <= t < SKIPPED[1]]
    return kept_times([(t, picture(t, **how)) for t in times], TUNING)  # type: ignore[arg-type]


def test_the_build_seen_still_there_after_the_skip_is_a_state() -> None:
    found = kept()
    assert len(found) == 3 and BUILT <= found[1] < SKIPPED[0], found


def test_without_the_build_two_states() -> None:
    # guard: the keyframe's quality pulse is none
    assert len(kept(built=False)) == 2


def test_the_build_with_a_quiet_picture_after_the_skip_is_a_state() -> None:
    # guard: without the pulse, the picture holds still after the skip (a state before too)
    found = kept(pulse=0)
    assert len(found) == 3 and BUILT <= found[1] < SKIPPED[0], found
