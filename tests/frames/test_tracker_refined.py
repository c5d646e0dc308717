"""A build whose picture the encoder refines after it settled: a low-quality frame first (a
variable frame rate's, or a low bitrate's), sharper ones later. The refinement moves the line's
blocks by more than `weak` against the snapshot the tracker took when the build settled, yet by
less than `REFINED_PEAK`, and no full-resolution pixel stands out: it is the same build, and a
state (before, it was judged changed again, waited for the next change to decide, and was lost
when the next slide came)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import REFINED_PEAK, SPRITE_LEVEL, SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
LINE = (slice(96, 104), slice(40, 200))  # one block row: a bullet's line
BUILD_AT, REFINED_AT, NEXT_SLIDE_AT = 5.0, 6.0, 9.0
STROKE = 24  # how much sharper the strokes get: below SPRITE_LEVEL, in a quarter of the pixels


def picture(t: float) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    if t >= NEXT_SLIDE_AT:
        img[16:32, 16:260] = 40  # another slide: a big title and a box
        img[60:150, 30:290] = 120
        return img
    img[16:24, 16:200] = 30  # the title
    if t >= BUILD_AT:
        img[LINE] = 140  # the line, as a blurred first picture shows it
        if t >= REFINED_AT:
            img[LINE][:, ::4] = 140 - STROKE  # its strokes sharpened
    return img


def test_a_build_refined_by_the_encoder_after_it_settled_is_a_state() -> None:
    assert STROKE < SPRITE_LEVEL and TUNING.weak < STROKE / 4 < TUNING.strong < REFINED_PEAK
    times = kept_times([(n / FPS, picture(n / FPS)) for n in range(12 * FPS)], TUNING)
    assert len(times) == 3, times
    assert times[0] == 0.0
    assert BUILD_AT < times[1] < REFINED_AT, times  # the build, from its first settled picture
    assert times[2] > NEXT_SLIDE_AT, times


def test_a_build_drawn_faint_and_short_first_then_whole_is_one_state() -> None:
    """An encoder starved of bits draws a build faint and short first (five blocks of its line,
    strokes 40 levels light of their colour), then the whole of it a second later (seven
    blocks, the five changed again): the same build, finished, one state taken from its finished
    picture (before, the first picture was a state of its own: a frame mid-build)."""
    short, whole = slice(40, 80), slice(40, 96)

    def drawn(t: float) -> np.ndarray:
        img = picture(t if t >= NEXT_SLIDE_AT else 0.0)
        if BUILD_AT <= t < NEXT_SLIDE_AT:
            line = img[LINE[0]]
            if t < REFINED_AT:
                line[:, short][:, ::2] = 190  # faint, and not all of it yet
            else:
                line[:, whole][:, ::2] = 150
        return img

    times = kept_times([(n / FPS, drawn(n / FPS)) for n in range(12 * FPS)], TUNING)
    assert len(times) == 3, times
    assert REFINED_AT < times[1] < NEXT_SLIDE_AT and times[2] > NEXT_SLIDE_AT, times
