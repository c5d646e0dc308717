"""A build written over by the next line while a caret blinks on it was a state.

Dense text (a screen at 100 % scaling recorded at 720p: lines about a third of a block tall in
the analysis picture) puts two lines in one block row. A one-line build is held as a small
change; the next line, written into the same blocks, replaces it in place, and the caret
blinking at that line's end keeps the blocks changing: what replaced the build is judged once
it holds still, and it never does. When the next slide came, the build no longer showed and
was dropped unjudged (a fresh dense draw's s5110, state 4, both paths). It had stood
`settle_s` before the next line began over it, and the replacement had been under way for
seconds: it lasted until replaced, a state. A held thing whose blocks only the next slide's
own first moments changed is not (a fresh draw's s212: a glyph in the top bar)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
BACKGROUND = 235
INK = 40
LINE1_AT = TUNING.learn_s + 2.0  # the build: a line at the top of block row 12
LINE2_AT = LINE1_AT + 2.5  # the next line, in the same block row, over the build's blocks
BLINK_S = 0.53  # the caret at its end blinks from then on
NEXT_SLIDE_AT = LINE2_AT + 2.5
END_S = NEXT_SLIDE_AT + 2.0


def page(t: float, line2: bool = True) -> np.ndarray:
    img = np.full((H, W), BACKGROUND, np.uint8)
    if t >= NEXT_SLIDE_AT:
        img[12:20, 16:200] = INK  # the next slide: its title and other lines
        for row in range(48, 160, 16):
            img[row : row + 3, 16:280:3] = INK
        return img
    img[12:20, 16:140] = INK  # a title
    for row in range(40, 92, 12):  # lines of code, three pixels tall
        img[row : row + 3, 16:220:3] = INK
    if t >= LINE1_AT:
        img[97:100, 16:32:2] = INK  # the build, a word: blocks 2-3 of row 12 (pointer-sized)
    if line2 and t >= LINE2_AT:
        img[101:104, 16:26:2] = INK  # the next line, a shorter word in the same blocks
        if int((t - LINE2_AT) / BLINK_S) % 2 == 0:
            img[98:104, 28:30] = INK  # the caret at its end, in the build's block 3
    return img


def run(line2: bool = True) -> list[float]:
    times = [n / FPS for n in range(round(END_S * FPS))]
    return kept_times([(t, page(t, line2)) for t in times], TUNING)


def test_a_build_written_over_while_a_caret_blinks_on_it_lasted_until_replaced() -> None:
    kept = run()
    assert kept[0] == 0.0, kept
    assert [t for t in kept if LINE1_AT <= t < LINE2_AT], kept
    assert [t for t in kept if t >= NEXT_SLIDE_AT], kept


def test_a_build_left_alone_is_a_state_once() -> None:
    """(The same build, nothing written over it: it stayed, one state.)"""
    kept = run(line2=False)
    assert len([t for t in kept if LINE1_AT <= t < NEXT_SLIDE_AT]) == 1, kept
