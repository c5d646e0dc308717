"""A clock on screen: its seconds tick in a pointer-sized region that changes on its own; its tens
digit turns beside it every ten seconds, a glyph replaced by another, which is that region's
doing and no state. Something written on plain background beside it is content."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
ONES, TENS = 296, 288  # x of the seconds' digits: two blocks side by side, in the top row
GLYPHS = [np.random.default_rng(d).random((7, 5)) < 0.5 for d in range(10)]


def picture(t: float, word: bool = False) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[40:48, 16:200] = 30  # a title
    img[60:66, 16:140] = 60  # a line of text
    seconds = int(t)
    for x, digit in ((TENS, seconds // 10 % 6), (ONES, seconds % 10)):
        img[1:8, x + 1 : x + 6][GLYPHS[digit]] = 20
    if word:  # a short word written on plain background beside the clock
        img[10:16, 290:304] = 30
    return img


def after_learning(kept: list[float]) -> list[float]:
    """States kept once the noise model has learned the clock (those found while it learned,
    the first `learn_s`, are judged again by the strategies: `Tracker.relearned`)."""
    return [t for t in kept if t > TUNING.learn_s]


def test_a_clocks_tens_digit_turning_beside_its_seconds_is_no_state() -> None:
    pictures = [(n / FPS, picture(n / FPS)) for n in range(int(25 * FPS))]  # turns at 10 and 20 s
    assert after_learning(kept_times(pictures, TUNING)) == []


def test_a_word_written_beside_the_clock_is_still_a_state() -> None:
    pictures = [(n / FPS, picture(n / FPS, word=n / FPS >= 6.0)) for n in range(int(9 * FPS))]
    kept = after_learning(kept_times(pictures, TUNING))
    assert len(kept) == 1 and 6.0 <= kept[0] <= 6.0 + 2 * TUNING.settle_s, kept
