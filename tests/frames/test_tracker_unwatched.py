"""A small change seen as it is at two pictures seconds apart, with nothing watched between
(the fast path skips a GOP whose keyframes are alike), stood still since the first of them:
it has lasted long enough to be a state even if the next slide comes a moment after the
second. Before, it was held from the second picture on, and a slide 0.3 s later made it too
brief (a caret's blink)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
WORD_AT, NEXT_AT = 5.0, 8.3  # a short word appears; the next slide comes
KEYFRAMES = (4.0, 6.0, 8.0)  # fed alone (GOPs skipped between); from 8.0 on every frame


def picture(t: float) -> np.ndarray:
    if t >= NEXT_AT:
        img = np.full((H, W), 60, np.uint8)
        img[16:26, 16:240] = 220
        img[60:68, 16:280] = 200
        return img
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    img[40:46, 16:120] = 40  # a line
    if t >= WORD_AT:
        img[56:62, 16:34] = 40  # a two-letter word: pointer-sized
    return img


def test_a_small_change_seen_alike_across_a_skipped_gop_lasted_from_the_first_picture() -> None:
    times = [n / FPS for n in range(round(3.0 * FPS))]  # (the opening, learned)
    times += list(KEYFRAMES[:-1])
    times += [KEYFRAMES[-1] + n / FPS for n in range(round(4.0 * FPS))]
    kept = kept_times([(t, picture(t)) for t in times], TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert WORD_AT < kept[1] < NEXT_AT <= kept[2], kept
