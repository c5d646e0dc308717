"""A build whose picture the encoder refines after it settled: a low-quality frame first (a
variable frame rate's, or a low bitrate's), sharper ones later. The refinement moves the line's
blocks by more than `weak` against the snapshot the tracker took when the build settled, yet by
less than `REFINED_PEAK`, and no full-resolution pixel stands out: it is the same build, and a
state (before, it was judged changed again, waited for the next change to decide, and was lost
when the next slide came)."""

from __future__ import annotations

import numpy as np
import pytest

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


ARROW = np.tri(10, 7, dtype=bool)  # the pointer: 10 px tall, within two blocks


def _with_pointer(img: np.ndarray, at: tuple[int, int] | None) -> np.ndarray:
    if at is not None:
        y, x = at
        img[y : y + 10, x : x + 7][ARROW] = 10
    return img


def _stroke(t: float, start: float, a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    """At `a`, then (from `start`, a 0.4-s stroke) at `b`."""
    p = min(1.0, max(0.0, (t - start) / 0.4))
    return (round(a[0] + p * (b[0] - a[0])), round(a[1] + p * (b[1] - a[1])))


def _pointer(
    t: float, start: float, origin: tuple[int, int], rest: tuple[int, int]
) -> tuple[int, int]:
    """The pointer: a first stroke to `origin` at 1 s (so it is known), then one from there to
    `rest` at `start`."""
    if t < start:
        return _stroke(t, 1.0, (origin[0] - 40, origin[1] - 40), origin)
    return _stroke(t, start, origin, rest)


def test_a_refined_build_the_pointer_came_to_rest_on_is_a_state() -> None:
    """The build settles blurred, the encoder sharpens it, then the pointer moves onto it and
    rests there until the next slide: the build as refined, under the pointer, is a state
    (what stands out against its snapshot is only the pointer where it was and where it is;
    before, the pointer's pixels made it "changed again", and it was lost at the next slide)."""
    pointer_at = 7.0

    def shown(t: float) -> np.ndarray:
        spot = _pointer(t, pointer_at, (150, 280), (LINE[0].start - 2, 120))
        return _with_pointer(picture(t), None if t >= NEXT_SLIDE_AT else spot)

    times = kept_times([(n / FPS, shown(n / FPS)) for n in range(12 * FPS)], TUNING)
    assert len(times) == 3, times
    assert BUILD_AT < times[1] < REFINED_AT and times[2] > NEXT_SLIDE_AT, times


@pytest.mark.parametrize("known", [True, False])
def test_the_encoder_refining_what_a_slide_change_left_while_the_pointer_moves_is_no_state(
    known: bool,
) -> None:
    """A slide change that leaves a box as it was; a second later the encoder refines that box
    (every pixel ten levels: blocks past `strong`, none past `REFINED_PEAK`, no pixel past
    `SPRITE_LEVEL`) while the pointer moves across: the pointer where it was and where it is
    stands out, nothing else; one state for the slide (before, the refinement was a second).
    Only once the pointer has been seen (`known`: a stroke before): in camera footage what
    stands out is no pointer's, and a faint change around it is no refinement. (Unknown, it
    shows up at rest as the box is refined, never seen moving: a stroke seen then, however
    fast, is the pointer seen, `Motion._fast`.)"""
    box = (slice(96, 160), slice(24, 296))
    change_at, refine_at = 3.0, 5.0

    def shown(t: float) -> np.ndarray:
        img = np.full((H, W), 230, np.uint8)
        img[box] = 100
        img[16:24, 16 : 200 if t < change_at else 120] = 30  # the title changes
        img[40:72, 30:290] = 60 if t >= change_at else 230  # and a panel appears
        if t >= refine_at:
            img[box] += 10
        if not known:
            return _with_pointer(img, (130, 250) if t >= refine_at else None)
        return _with_pointer(img, _pointer(t, refine_at, (110, 60), (130, 250)))

    assert TUNING.strong < 10 < REFINED_PEAK and SPRITE_LEVEL > 10
    times = kept_times([(n / FPS, shown(n / FPS)) for n in range(9 * FPS)], TUNING)
    assert change_at < times[1] < refine_at and len(times) == (2 if known else 3), times
