"""A clock on screen: its seconds tick in a pointer-sized region that changes on its own; its tens
digit turns beside it every ten seconds, a glyph replaced by another, which is that region's
doing and no state. Something written on plain background beside it is content."""

from __future__ import annotations

import av
import numpy as np

from peepshow_core.frames.diff import block_diff
from peepshow_core.frames.slides.tracker import Tracker
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


# A clock showing seconds in a small font, in a menu bar along the top (the chrome's band),
# drawn at four times the analysis size: its glyphs stand out there, but each tick changes its
# block of the analysis picture less than `motion`; its digits ink more and more pixels from 0
# to 9, so the picture drifts from the kept state's, and 9 turning to 0 changes it strongly.
SCALE = 4
BAR = 200  # the menu bar's level
INK = 50  # the clock's ink
INK_STEP = 12  # full-resolution pixels each tick inks more (9 -> 0 clears 108)


def faint_clock(
    t: float, shimmer: np.ndarray | None = None, word: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The analysis picture at `t` and the frame it was scaled down from."""
    img = np.full((H, W), 230, np.uint8)
    img[:8] = BAR
    img[40:48, 16:200] = 30  # a title
    img[60:66, 16:140] = 60  # a line of text
    if shimmer is not None:  # (a menu bar re-encoded up to two levels up, sample by sample)
        img[:8, 96:160] = BAR + shimmer
    if word:  # a word written in the menu bar
        img[1:7, 100:130] = 60
    full = np.repeat(np.repeat(img, SCALE, axis=0), SCALE, axis=1)
    inked = np.zeros(28 * 24, bool)
    inked[: INK_STEP * (int(t) % 10)] = True
    full[2:30, 297 * SCALE : 297 * SCALE + 24][inked.reshape(28, 24)] = INK
    small = full.reshape(H, SCALE, W, SCALE).mean(axis=(1, 3)).round().astype(np.uint8)
    return small, full


def kept_scaled(pictures: list[tuple[float, tuple[np.ndarray, np.ndarray]]]) -> list[float]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for t, (img, full) in pictures:
        frame = av.VideoFrame.from_ndarray(full, format="gray")
        kept += [k.time_s for k in tracker.feed(t, img, frame)]
    return after_learning(kept + [k.time_s for k in tracker.finish()])


def test_a_faint_clocks_seconds_are_learned_in_the_menu_bar() -> None:
    tick = float(block_diff(faint_clock(0.0)[0], faint_clock(1.0)[0]).max())
    drift = float(block_diff(faint_clock(1.0)[0], faint_clock(6.0)[0]).max())
    assert 1.5 < tick < TUNING.motion < TUNING.strong < drift  # (at twice TICK_LEVEL: unseen)
    pictures = [(n / FPS, faint_clock(n / FPS)) for n in range(int(32 * FPS))]
    assert kept_scaled(pictures) == []


def test_a_word_written_in_a_shimmering_menu_bar_is_still_a_state() -> None:
    # where the word is written, the bar shimmers up to two levels, pixel by pixel and sample
    # by sample (an encoder re-encoding it): 0.9 of a level on average over a block, seldom
    # more than TICK_LEVEL; at half of it, that would be learned as a region playing and the
    # word masked
    rng = np.random.default_rng(7)
    pictures = []
    for n in range(int(9 * FPS)):
        t = n / FPS
        shimmer = rng.integers(0, 3, (8, 64)).astype(np.uint8)
        pictures.append((t, faint_clock(t, shimmer, word=t >= 6.0)))
    kept = kept_scaled(pictures)
    assert len(kept) == 1 and 6.0 <= kept[0] <= 6.0 + 2 * TUNING.settle_s, kept
