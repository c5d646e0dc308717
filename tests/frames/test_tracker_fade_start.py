"""A build (a box and the line to it), then a cross-fade to the next slide before the build was
confirmed: the fade's first steps dim each box a little, step after step, before the faint
line changes at all: a box alone is pointer-sized and loses structure, like the pointer moving
off. Healing the reference there overwrote the build's own snapshot with a half-faded picture,
and the build, no longer "still there", was lost. A place heals only once it holds still."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
PAGE, INK, LINE = 245, 60, 200
BUILD_AT = 2.0  # a box appears (a diagram's next step) ...
FADE_AT = 3.6  # ... and the cross-fade to the next slide starts before it is confirmed
FADE_S = 1.4


def _slide_a(build: bool) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:26, 16:180] = INK  # a title
    for x in (26, 106):
        img[50:64, x : x + 12] = INK  # two boxes of the diagram
    if build:  # the next step: a third box, and the end of the line that leads to it
        img[56:59, 164:186] = LINE
        img[50:64, 186:198] = INK
    return img


def _slide_b() -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[120:130, 40:260] = INK  # the next slide's one line
    return img


def _picture(t: float) -> np.ndarray:
    a = _slide_a(t >= BUILD_AT)
    if t < FADE_AT:
        return a
    share = min(1.0, (t - FADE_AT) / FADE_S)
    return np.round((1 - share) * a + share * _slide_b()).astype(np.uint8)


def test_a_build_confirmed_only_as_the_next_slide_fades_in_is_a_state() -> None:
    kept = kept_times([(n / FPS, _picture(n / FPS)) for n in range(8 * FPS)], TUNING)
    assert len(kept) == 3, kept
    assert kept[0] < BUILD_AT <= kept[1] < FADE_AT and kept[2] >= FADE_AT + FADE_S, kept
