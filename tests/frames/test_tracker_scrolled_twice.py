"""A pane whose content is replaced twice: two states, even when the first is slow to settle.

A large change that changes again in place within `region_span_s` is a region's next shot or
the encoder finishing a build, and no state of its own. That window runs from when the first
change *began*: a first change slow to settle (here its last line fades in for a second and a
half; in a fresh draw's s4122, a page scrolled, the encoder refined its text for as long)
settled late, and a second change of the same pane begun more than `region_span_s` after the
first was taken for the first changing again in place: the content between them was lost. A
second change begun sooner is still the first changing again (a clip's next shot), and so is
one back to the picture before the first, however late (the first undone: a zoom in and out
over a playing clip, each slow to settle)."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
PANE = (slice(40, 136), slice(16, 176))  # 12 x 20 blocks: a quarter of the frame, no more
LAST = slice(120, 128)  # the first content's last line (rows of the picture)
START = TUNING.learn_s + 2.0
BACKGROUND, INK = 235, 40


def content(seed: int) -> np.ndarray:
    """Dense lines of code filling the pane (each replacement changes every block of it)."""
    rows, cols = PANE[0].stop - PANE[0].start, PANE[1].stop - PANE[1].start
    out = np.full((rows, cols), BACKGROUND, np.uint8)
    rng = np.random.default_rng(seed)
    for row in range(1, rows - 6, 8):
        out[row : row + 5, 4 : 4 + int(rng.integers(120, 154))] = INK
        out[row : row + 5, 4 : 4 + int(rng.integers(4, 110)) : 7] = BACKGROUND  # (words)
    return out


def picture(t: float, fade_s: float, second: float, back: bool) -> np.ndarray:
    img = np.full((H, W), BACKGROUND, np.uint8)
    img[12:20, 16:140] = INK  # the title
    if t >= second:
        if not back:
            img[PANE] = content(2)
    elif t >= START:
        img[PANE] = content(1)
        shown = min(1.0, (t - START) / fade_s)  # (its last line fades in, one way)
        last = img[LAST, PANE[1]].astype(float)
        img[LAST, PANE[1]] = np.rint(BACKGROUND + shown * (last - BACKGROUND)).astype(np.uint8)
    return img


@pytest.mark.parametrize(
    ("fade_s", "gap", "back", "states"),
    [(1.5, 2.3, False, 3), (0.1, 1.5, False, 2), (1.5, 2.3, True, 1)],
)
def test_a_pane_replaced_twice_is_two_states_unless_the_second_came_within_region_span(
    fade_s: float, gap: float, back: bool, states: int
) -> None:
    """The first content's last line fades in for `fade_s`; `gap` after the first appeared,
    the second content replaces it, or the pane shows again what it showed before (`back`)."""
    second = START + gap
    end = second + 4.0
    pictures = [(n / FPS, picture(n / FPS, fade_s, second, back)) for n in range(round(end * FPS))]
    kept = kept_times(pictures, TUNING)
    assert len(kept) == states, kept
    assert states == 1 or kept[-1] >= second, kept
    if states == 3:
        assert START + fade_s <= kept[1] < second, kept
