"""A small thing replaced in place is content that lasted until then only if it stood a while.

A held small change whose blocks change again and settle as something else was content that
lasted until replaced (a digit by the next) — if it had stood `settle_s` after it settled
*before* its blocks began changing. Counted up to when the replacement had settled instead, a
thing that changed again a sample after it settled passed: the edge of a pointer moving inside
a playing clip, poking out of the clip's mask for a moment before the stroke's eased end moved
it on (a fresh highlight draw's s4622 on `--exact`; a pointer-only render of s4200 on the
default path)."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
APPEARS = TUNING.learn_s + 2.0
MORPH_S = 0.4  # the first thing changing into the second, a new picture every sample
SECOND_S = 2.0  # the second thing shown (less than a pointer's rest: no content taken back)
SPOT = (slice(130, 142), slice(150, 160))  # one block and a bit: small


def glyph(kind: str, n: int) -> np.ndarray:
    mark = np.zeros((12, 10), bool)
    if kind == "first":
        mark[1:11, 1:3] = mark[1:3, 1:9] = True
    elif kind == "second":
        mark[1:11, 6:9] = mark[9:11, 1:9] = True
    else:  # (changing)
        mark = np.random.default_rng(n).random((12, 10)) < 0.4
    return mark


def picture(n: int, first_s: float) -> np.ndarray:
    t = n / FPS
    img = np.full((H, W), 235, np.uint8)
    img[12:20, 16:140] = 40  # a title
    for row in range(40, 100, 12):  # lines of text
        img[row : row + 5, 16:200:5] = 40
    morph = APPEARS + first_s
    kind = None
    if APPEARS <= t < morph:
        kind = "first"
    elif morph <= t < morph + MORPH_S:
        kind = "changing"
    elif morph + MORPH_S <= t < morph + MORPH_S + SECOND_S:
        kind = "second"
    if kind is not None:
        img[SPOT][glyph(kind, n)] = 40
    return img


@pytest.mark.parametrize(
    ("first_s", "states"),
    [
        (TUNING.settle_s + 0.1, 1),  # settled, changed again a sample later: nothing lasted
        (3 * TUNING.settle_s + 0.5, 3),  # stood a second, replaced: content (and the second)
    ],
)
def test_a_small_thing_changed_again_as_it_settled_lasted_nothing(
    first_s: float, states: int
) -> None:
    """A small thing appears in place (no pointer about) and stays `first_s`, then changes
    into another, which stays two seconds and goes."""
    end = APPEARS + first_s + MORPH_S + SECOND_S + 3.0
    pictures = [(n / FPS, picture(n, first_s)) for n in range(round(end * FPS))]
    kept = kept_times(pictures, TUNING)
    assert len(kept) == states, kept
    if states > 1:
        assert APPEARS <= kept[1] <= APPEARS + 2 * TUNING.settle_s, kept
