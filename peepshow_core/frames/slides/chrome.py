"""The screen's own chrome: a menu bar or a taskbar along the top or bottom of a recorded
screen, where a clock that shows only hours and minutes turns once a minute.

Seconds are learned as a region (they keep changing): in the band, a block counts as changed
from `TICK_LEVEL` on (`ticking`), a small font's digit turning there changes its block far less
than the `motion` the regions learn elsewhere from. Minutes alone change too seldom to be.
A small change that lies wholly within `CHROME_SHARE` of the picture's top or bottom edge and
replaced what already stood there (a glyph by another) is a *turn*; a turn where another
turned a whole number of minutes before is that clock: never held, and the states kept for
the turns before it there are withdrawn (a turn still held when the next replaces it is
dropped then). A turn alone stays what it is (a recording shorter than two minutes may show
one: it is kept), and so does text written on plain background in the band (a footer built),
a glyph replaced anywhere else (an edit), and a scroll whose only visible piece lies in the
band, unless another came there whole minutes later.
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.blocks import already_stood, dilate
from peepshow_core.frames.slides.tuning import (
    CHROME_SHARE,
    MINUTE_S,
    MINUTES_KEPT,
    TICK_LEVEL,
    TURN_SLACK_S,
)


def band_rows(rows: int) -> int:
    """How many rows of blocks at the top, and at the bottom, of a grid `rows` high are the
    chrome's band (at least one)."""
    return max(1, round(CHROME_SHARE * rows))


def ticking(moved: np.ndarray) -> np.ndarray:
    """The blocks of the chrome's band (top and bottom) that changed by more than `TICK_LEVEL`
    (`moved`: each block's mean |difference| since the sample `settle_s` before)."""
    band = band_rows(moved.shape[0])
    out = np.zeros(moved.shape, bool)
    out[:band] = moved[:band] > TICK_LEVEL
    out[-band:] = moved[-band:] > TICK_LEVEL
    return out


def chrome_turn(cells: np.ndarray, before: np.ndarray, img: np.ndarray) -> bool:
    """Whether a small change (`cells`, a block grid; from `before` to `img`) lies within the
    chrome's band at the top or the bottom and replaced what already stood there (at least
    `PLAIN` of the structure it has now)."""
    rows = np.nonzero(cells.any(axis=1))[0]
    if not len(rows):
        return False
    band = band_rows(cells.shape[0])
    if rows.max() >= band and rows.min() < cells.shape[0] - band:
        return False
    return already_stood(before, img, cells)


def minutes_apart(seconds: float) -> bool:
    """Whether `seconds` is a whole number of minutes, one or more (within `TURN_SLACK_S`)."""
    minutes = round(seconds / MINUTE_S)
    return minutes >= 1 and abs(seconds - minutes * MINUTE_S) <= TURN_SLACK_S


class MinuteClock:
    """The turns seen in the chrome's band, and which of them were a clock (see above)."""

    def __init__(self) -> None:
        self.turns: list[tuple[float, np.ndarray]] = []  # (when it settled, its blocks)
        self.kept: set[float] = set()  # turns kept as states, by when they settled
        self.withdrawn: list[float] = []  # ... those found to be the clock

    def turned(self, t: float, cells: np.ndarray) -> bool:
        """A turn settled at `t` in `cells`: whether it is the clock's (one touching it turned
        a whole number of minutes before, up to `MINUTES_KEPT`; the states kept for those turns
        are withdrawn)."""
        self.turns = [turn for turn in self.turns if t - turn[0] <= MINUTES_KEPT * MINUTE_S]
        near = dilate(cells)
        earlier = [when for when, where in self.turns if (where & near).any()]
        self.turns.append((t, cells.copy()))
        clock = [when for when in earlier if minutes_apart(t - when)]
        if not clock:
            return False
        for when in clock:  # (an edit there half a minute before stays a state)
            if when in self.kept:
                self.kept.discard(when)
                self.withdrawn.append(when)
        return True

    def again(self, when: float, now: float) -> bool:
        """Whether a turn held since `when` changing again at `now`, whole minutes later, is
        the clock turning on (it was no edit, however long it lasted)."""
        return any(t == when for t, _ in self.turns) and minutes_apart(now - when)

    def confirmed(self, t: float) -> None:
        """A state was kept for the change that settled at `t` (a turn's, perhaps)."""
        if any(when == t for when, _ in self.turns):
            self.kept.add(t)
