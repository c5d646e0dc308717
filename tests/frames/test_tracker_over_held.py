"""A small change that settles while an earlier one is still held came over the picture as it
stood then: its look is cut against that picture, and it went back once that picture shows
again.

Before, its look was cut against the last kept state. A word typed on the line below a line
still held was cut together with that line's end: as tall as the pointer and, typed a
character a sample, moved there as the pointer does, it was taken for the pointer and lost
(a code editor, 360p VFR, one state of nine). And a pointer that jumped onto a small build
still held, rested and moved on left that build where it had rested: "replaced", its rest was
kept as a state, the pointer in it (here in place of the build, cut with the pointer on it; in
a 720p HEVC talk, one frame more than its states)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from peepshow_core.frames.slides.pointer import pointer_shaped
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import feed_scaled

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
SCALE = 4  # the decoded frame's size over the analysis picture's (a 1280 px wide recording)
PAGE, INK, CARET, ICON = 230, 30, 60, 170
LINE_AT = 2.0  # a line of code appears, whole (pasted) ...
WORD_AT = 3.6  # ... and a word is typed on the line below, a character a sample
WORD_CHARS = 5
CHAR_W = 4  # px: the word is 20 px wide, 6 tall (no pointer is that wide)
ICON_AT = 2.0  # a small build: a check mark appears beside an item ...
POINTER_AT, POINTER_OFF = 4.0, 6.0  # ... the pointer shows on it (not seen coming), rests, hides
ARROW = np.tri(8, 5, dtype=bool)


def _editor(t: float) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    if t >= LINE_AT:
        img[96:102, 40:56] = INK  # line 14, held (it may yet grow)
    typed = 0 if t < WORD_AT else min(WORD_CHARS, 1 + int((t - WORD_AT) * FPS))
    for c in range(typed):  # line 15: a word, starting at the left
        img[104:110, 40 + c * CHAR_W : 40 + (c + 1) * CHAR_W] = INK
        img[104:111, 41 + (c + 1) * CHAR_W : 43 + (c + 1) * CHAR_W] = CARET  # the caret after it
    return img


def _checklist(t: float) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    img[60:66, 40:120] = INK  # an item
    if t >= ICON_AT:
        img[57:71, 129:143] = ICON  # its check mark, faint (2 x 2 blocks)
    if POINTER_AT <= t < POINTER_OFF:
        img[64:72, 130:135][ARROW] = 0  # the pointer, over one block of the mark
    return img


def _feed(picture: Callable[[float], np.ndarray], seconds: float) -> tuple[Tracker, list[float]]:
    """The tracker fed `seconds` of `picture` (analysis size, and SCALE times that as the
    decoded frame), and when the states it kept so far settled."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, picture, seconds, FPS, SCALE)
    return tracker, kept


def test_a_word_typed_below_a_held_line_is_cut_without_that_line() -> None:
    """Its look is the word and the caret after it: wider than the pointer could be (with
    the held line's end, it was as tall as wide)."""
    settled = WORD_AT + TUNING.settle_s + WORD_CHARS / FPS
    tracker, _ = _feed(_editor, settled + TUNING.settle_s)
    line = [h for h in tracker.small if LINE_AT <= h.time_s < WORD_AT]
    word = [h for h in tracker.small if h.time_s >= WORD_AT]
    assert len(line) == 1 and len(word) == 1, [h.time_s for h in tracker.small]
    assert word[0].look is not None and not pointer_shaped(word[0].look), word[0].look.mask.shape


def test_a_pointer_that_rested_on_a_held_build_and_left_is_no_state() -> None:
    """The mark is the state; the pointer, shown on it unseen, rests, and goes (the picture
    it came over shows again): no state (before, it was the one kept, the pointer in it)."""
    tracker, kept = _feed(_checklist, 9.0)
    kept += [k.time_s for k in tracker.finish()]
    assert len(kept) == 2 and kept[0] < ICON_AT, kept
    assert ICON_AT <= kept[1] < POINTER_AT, kept
