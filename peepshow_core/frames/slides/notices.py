"""Notifications: a banner an app or the desktop lays over a corner of the screen (a chat
message, a calendar reminder), shown for a few seconds and taken away, at moments of its own.

A change kept as a state that covered `NOTICE_SHARE` of the picture at most is remembered
with what it covered (`Laid`); a change settling within `NOTICE_S` after it that changed
nothing beyond it and shows again, where it was, what it covered (`went`: but for a
pointer-sized part, the pointer resting on it) was laid over the picture and taken away: the
state kept for it is withdrawn and the change is none. So is one that shows something new
there if it rode on top, as it was, through a bigger change kept meanwhile (the slide changed
under the notification). A build shown and taken back seconds later, a menu opened and
closed, a tooltip too big for the pointer, go the same way; a slide shown between two
showings of the one before (more than `NOTICE_SHARE`), a box shown longer than `NOTICE_S`,
and one replaced by something new where it was (a picture by the next) stay states.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from peepshow_core.frames.slides.blocks import block_diff, copy_cells, dilate
from peepshow_core.frames.slides.lines import pointer_sized
from peepshow_core.frames.slides.motion import Motion
from peepshow_core.frames.slides.pointer import Held
from peepshow_core.frames.slides.states import Log
from peepshow_core.frames.slides.tuning import NOTICE_S, NOTICE_SHARE, SlidesTuning


@dataclass
class Laid:
    when: float  # the state kept for it settled
    cells: np.ndarray  # the blocks it changed
    under: np.ndarray  # the picture kept before it (what it covered)
    rode: bool = False  # it stayed on top, as it was, through a bigger change kept since


class Notices:
    """The small changes kept lately, and those found laid over the picture and taken away."""

    def __init__(self) -> None:
        self.laid: list[Laid] = []
        self.withdrawn: list[float] = []  # when the states kept for them settled

    def kept(self, t: float, cells: np.ndarray, under: np.ndarray) -> None:
        """A state was kept for the change in `cells` that settled at `t` over the picture
        `under`: remembered for `NOTICE_S` if it covered `NOTICE_SHARE` at most; those it
        changed are forgotten (replaced), those it went around without changing rode through
        it if it was bigger."""
        self.laid = [  # (one changed since was replaced: no longer on top)
            laid
            for laid in self.laid
            if t - laid.when <= NOTICE_S and not (cells & laid.cells).any()
        ]
        for laid in self.laid:
            if cells.sum() > laid.cells.sum() and not (cells & laid.cells).any():
                laid.rode = True
        if cells.mean() <= NOTICE_SHARE:
            self.laid.append(Laid(t, cells.copy(), under.copy()))

    def went(
        self,
        t: float,
        cells: np.ndarray,
        img: np.ndarray,
        mask: np.ndarray,
        weak: float,
        size: int,
    ) -> Laid | None:
        """The change kept lately that a change settling at `t` in `cells` on `img` took away:
        one it changed nothing beyond, and where it was `img` shows again what it covered
        (outside `mask`, where regions play; but for a pointer-sized part: the pointer resting
        on it), or something new, if it rode on top through a bigger change kept since (a
        slide changed under the notification). Its state is withdrawn."""
        for laid in reversed(self.laid):
            if t - laid.when > NOTICE_S or (cells & ~dilate(laid.cells)).any():
                continue
            judged = laid.cells & ~mask
            left = judged & (block_diff(laid.under, img) > weak)
            aside = pointer_sized(left, size) and 2 * left.sum() < judged.sum()
            if not judged.any() or (left.any() and not aside and not laid.rode):
                continue
            self.laid.remove(laid)
            self.withdrawn.append(laid.when)
            return laid
        return None


class TakenAway:
    """The tracker's part that drops a change taking a notification away (a mixin of
    `Hindsight`, and so of `Tracker`, which owns the state it reads)."""

    notices: Notices
    tuning: SlidesTuning
    motion: Motion
    log: Log
    kept: np.ndarray | None
    kept_frame: Any
    kept_s: float | None
    provisional: Held | None

    @property
    def mask(self) -> np.ndarray:
        raise NotImplementedError

    def _went(self, t: float, cells: np.ndarray, img: np.ndarray, frame: Any) -> bool:
        """Whether the change settled at `t` in `cells` on `img` took away a notification
        (`Notices.went`): then the pictures judged against show `img` there, and it is none."""
        laid = self.notices.went(t, cells, img, self.mask, self.tuning.weak, self.motion.size)
        if laid is None:
            return False
        self.log(t, "drop", "a notification went: the picture shows what it covered again")
        for picture in (self.kept, self.provisional.image if self.provisional else None):
            if picture is not None:
                copy_cells(picture, img, cells | laid.cells)
        if self.kept_s == laid.when:
            self.kept_frame = frame  # (the picture kept shows what this one does)
        return True
