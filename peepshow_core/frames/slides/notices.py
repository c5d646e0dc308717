"""Notifications: a banner an app or the desktop lays over a corner of the screen (a chat
message, a calendar reminder), shown for a few seconds and taken away, at moments of its own.

Each piece of a change kept as a state (its blocks within a block of each other) that could
be a notification (`laid_over`: with the box it lies in, `boxed`, it covered `NOTICE_SHARE`
of the picture at most, within `NOTICE_EDGE` of its right edge, where the desktop anchors
them) is remembered with what it covered (`Laid`); a change settling within `NOTICE_S` after
it that changed nothing beyond it (but for the pointer and notifications' places) and shows
again, wherever it reached there, what it covered (`went`) took it away: the change is none,
and the state kept for it, if it was all that changed, is withdrawn (one that came with a
build is the build's). So is one that shows something new there if the piece rode on top,
as it was, through a change kept meanwhile bigger than a notification could be (more than
`NOTICE_SHARE`: the slide changed under it). One that came with another change (what it
covered never seen) and goes alone, leaving the background around it, is none too (`left`).
Where one came and went, a notification's place is learned: a change within the places is
one coming or going (`Notices.placed`), though it came with a slide change. A build shown and
taken back seconds later at the picture's right edge, a menu opened and closed there, go the
same way; a slide shown between two showings of the one before (more than `NOTICE_SHARE`, or
away from the right edge: a title changed), a box shown longer than `NOTICE_S`, one replaced
by something new where it was (a picture by the next, a flat box), a command erased above
the output it printed and a line typed from the left edge and undone stay states.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from peepshow_core.frames.diff import BLOCK, label
from peepshow_core.frames.slides.blocks import block_diff, box_of, copy_cells, dilate, energy
from peepshow_core.frames.slides.fields import TrackerFields
from peepshow_core.frames.slides.lines import pointer_sized
from peepshow_core.frames.slides.tuning import (
    NOTICE_EDGE,
    NOTICE_S,
    NOTICE_SHARE,
    PLAIN,
    SlidesTuning,
)


@dataclass(eq=False)  # (compared by identity)
class Laid:
    when: float  # the state kept for it settled
    cells: np.ndarray  # the blocks it changed
    under: np.ndarray  # the picture kept before it (what it covered)
    whole: bool  # it was all that changed (else a piece of a change kept with more)
    rode: bool = False  # it stayed on top, as it was, through a slide change kept since


class Notices:
    """The pieces of the changes kept lately, and the states found laid over the picture and
    taken away."""

    def __init__(self) -> None:
        self.laid: list[Laid] = []
        self.withdrawn: list[float] = []  # when the states kept for them settled
        self.places: list[np.ndarray] = []  # where notifications were seen to come and go
        self.brought: list[tuple[float, np.ndarray]] = []  # the changes kept lately

    def learn(self, cells: np.ndarray) -> None:
        """A notification came and went in `cells`: the rectangle of each piece of them that
        could be one (`laid_over`; the pointer, come to rest elsewhere meanwhile, is none) is
        a notification's place."""
        groups, count = label(dilate(cells))
        for number in range(1, count + 1):
            box = box_of(cells & (groups == number))
            if laid_over(box):
                self.places.append(box)

    def placed(self, cells: np.ndarray) -> bool:
        """Whether the change in `cells` lies within notifications' places: notifications
        coming or going there (a build beside one, though it came as one went, reaches out)."""
        return bool(cells.any()) and bool(self.places) and not (cells & ~self._places(cells)).any()

    def _places(self, like: np.ndarray) -> np.ndarray:
        """The blocks of the notifications' places (a grid shaped `like`)."""
        return np.logical_or.reduce([np.zeros_like(like), *self.places])

    def kept(
        self,
        t: float,
        cells: np.ndarray,
        under: np.ndarray,
        img: np.ndarray,
        pointer: np.ndarray,
        size: int,
        motion: float,
    ) -> None:
        """A state was kept for the change in `cells` that settled at `t` over the picture
        `under` (to `img`): each piece of it (its blocks within a block of each other) that
        could be a notification (`laid_over`, with the box it lies in: `boxed`, `motion`) is
        remembered for `NOTICE_S`, as all that changed if the others are the pointer's: where
        it moved lately (`pointer`), or of its size (`size` blocks; 0 where no pointer has been
        seen: a small build then counts); those it changed within their rim are forgotten
        (replaced), those it went around rode through it if it covered more than
        `NOTICE_SHARE` (a slide change, not a build); the change is remembered for `NOTICE_S`
        too (one a notification may have come with: `left`)."""
        self.brought = [(when, c) for when, c in self.brought if t - when <= NOTICE_S]
        self.brought.append((t, cells))
        self.laid = [  # (a block on a piece's rim shows some of what is around it too)
            laid
            for laid in self.laid
            if t - laid.when <= NOTICE_S and not (cells & _inner(laid.cells)).any()
        ]
        for laid in self.laid:
            laid.rode = laid.rode or cells.mean() > NOTICE_SHARE
        groups, count = label(dilate(cells))
        pieces = [cells & (groups == number) for number in range(1, count + 1)]
        things = [
            p for p in pieces if (p & ~pointer).any() and not (size and pointer_sized(p, size))
        ]
        for piece in things:
            box = boxed(piece, under, img, motion)
            if laid_over(box):
                self.laid.append(Laid(t, box, under, whole=len(things) == 1))

    def went(
        self,
        t: float,
        cells: np.ndarray,
        img: np.ndarray,
        mask: np.ndarray,
        weak: float,
        size: int,
        pending: np.ndarray | None = None,
    ) -> list[Laid]:
        """The pieces kept lately that a change settling at `t` in `cells` on `img` took away
        (none, or all it changed within the rim of: two stacked notifications may go at
        once): it changed nothing beyond them but the pointer (a part of `size` blocks, the
        pointer's extent; 0 where none has been seen) and notifications' places (one there
        going with them), and where each was (but for those places) `img` shows again
        what it covered (outside `mask`, where regions play; but for a pointer-sized part:
        the pointer resting on it), or something new, if it rode on top through a slide change
        kept since (a slide changed under the notification; `pending`: the blocks of a change
        not judged yet, a state unless it changes again in place, counts). The states kept
        for those that were all that changed are withdrawn."""
        recent = [laid for laid in self.laid if t - laid.when <= NOTICE_S]
        hit = [laid for laid in recent if (cells & _inner(laid.cells)).any()]
        places = self._places(cells)
        around = np.logical_or.reduce([dilate(laid.cells) for laid in hit]) if hit else None
        beyond = None if around is None else cells & ~around & ~places
        if beyond is None or (beyond.any() and not (size and pointer_sized(beyond, size))):
            return []
        slide = pending is not None and pending.mean() > NOTICE_SHARE
        rode = [laid.rode or (slide and not (pending & _inner(laid.cells)).any()) for laid in hit]
        for laid, on_top in zip(hit, rode, strict=True):
            # (judged where the change reached past it too, within its rim: a command erased
            # above the output it printed is not as it was)
            near = laid.cells | (cells & dilate(laid.cells) & ~places)
            if not on_top and not _restored(laid, near, img, mask, weak, size):
                return []
        for laid, on_top in zip(hit, rode, strict=True):
            self.laid.remove(laid)
            if laid.whole:
                self.withdrawn.append(laid.when)
            if not on_top:  # (it came and went where nothing else changed)
                self.learn(laid.cells)
        return hit

    def left(
        self,
        t: float,
        cells: np.ndarray,
        before: np.ndarray,
        img: np.ndarray,
        mask: np.ndarray,
        tuning: SlidesTuning,
        pending: np.ndarray | None = None,
    ) -> bool:
        """Whether the change settling at `t` in `cells`, from `before` to `img`, took away a
        notification that came with another change (a slide change, a build: one kept within
        `NOTICE_S`, or `pending`, not judged yet, that changed more beyond it; what it covered
        was never seen): it lies within that change, and each piece of it (its blocks within a
        block of each other) could be one (`laid_over`) and leaves the background around it
        where it was (`_background`, outside `mask`; less than `PLAIN` of the structure it
        had: a build taken back seconds after it came, at the picture's right edge, goes the
        same way)."""
        changes = [c for when, c in self.brought if t - when <= NOTICE_S]
        if pending is not None:
            changes.append(pending)
        if not any(_with_more(cells, change) for change in changes):
            return False
        groups, count = label(dilate(cells))
        for number in range(1, count + 1):
            piece = cells & (groups == number)
            where = frozenset(zip(*(a.tolist() for a in np.nonzero(piece & ~mask)), strict=True))
            if not laid_over(boxed(piece, before, img, tuning.motion)):
                return False
            if not _background(img, piece, mask, tuning.weak):
                return False
            if energy(img, where) >= PLAIN * energy(before, where):
                return False
        return True


def _with_more(cells: np.ndarray, change: np.ndarray) -> bool:
    """Whether `cells` lie within `change`, which changed more beyond them (they came with it)."""
    return not (cells & ~dilate(change)).any() and bool((change & ~dilate(cells)).any())


def _background(img: np.ndarray, piece: np.ndarray, mask: np.ndarray, weak: float) -> bool:
    """Whether `img` shows the background around `piece` there (outside `mask`): the mean of
    each of its blocks inside its rim (`_inner`: a block on it shows some of what is around
    too) is within `weak` of the level around it (the median of the pixels of the blocks
    around it; a box filled flat in another shade is no background)."""
    judged, rim = _inner(piece) & ~mask, dilate(piece) & ~piece & ~mask
    if not judged.any() or not rim.any():
        return False
    gh, gw = piece.shape
    tiles = img[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK).swapaxes(1, 2)
    level = float(np.median(tiles[rim]))
    return bool((np.abs(tiles[judged].mean(axis=(1, 2)) - level) <= weak).all())


def _restored(
    laid: Laid, cells: np.ndarray, img: np.ndarray, mask: np.ndarray, weak: float, size: int
) -> bool:
    """Whether `img` shows again in `cells` (where `laid` was, and its rim) what it covered
    (outside `mask`; but for a pointer-sized part smaller than the rest, of `size` blocks: 0,
    none)."""
    judged = cells & ~mask
    left = judged & (block_diff(laid.under, img) > weak)
    aside = bool(size) and pointer_sized(left, size) and 2 * left.sum() < judged.sum()
    return bool(judged.any()) and (not left.any() or aside)


def boxed(piece: np.ndarray, before: np.ndarray, img: np.ndarray, motion: float) -> np.ndarray:
    """`piece` of a change from `before` to `img` and the blocks right of it on its rows that
    changed by more than `motion`, up to the first that did not: the box it lies in (a
    notification's fill, close to the slide's shade, changes the background a little out
    to its edge, where its text changed it more)."""
    out = piece.copy()
    diff = block_diff(before, img)
    for row in np.nonzero(piece.any(axis=1))[0]:
        x = int(np.nonzero(piece[row])[0].max()) + 1
        while x < piece.shape[1] and diff[row, x] > motion:
            out[row, x] = True
            x += 1
    return out


def laid_over(cells: np.ndarray) -> bool:
    """Whether a change in `cells` could be a notification laid over the picture: it covers
    `NOTICE_SHARE` of it at most and lies within `NOTICE_EDGE` of its right edge (where macOS,
    Windows and chat apps anchor them; text written from the left edge, a line typed and
    undone in an editor, is not)."""
    if not cells.any() or cells.mean() > NOTICE_SHARE:
        return False
    xs = np.nonzero(cells.any(axis=0))[0]
    return bool(cells.shape[1] - 1 - xs.max() < NOTICE_EDGE * cells.shape[1])


def _inner(cells: np.ndarray) -> np.ndarray:
    """The blocks of `cells` inside their rim (all of them if none are); a block on the
    picture's edge is on the rim (a banner ends a few pixels short of it)."""
    padded = np.pad(cells, 1)
    inner = (padded & ~dilate(~padded))[1:-1, 1:-1]
    return inner if inner.any() else cells


class TakenAway(TrackerFields):
    """The tracker's part that drops a change taking a notification away (a mixin of
    `Hindsight`, and so of `Tracker`, which owns the state it reads)."""

    def _went(self, t: float, cells: np.ndarray, img: np.ndarray, frame: Any) -> bool:
        """Whether the change settled at `t` in `cells` on `img` took away a notification
        (`Notices.went`): then the pictures judged against show `img` there, and it is none."""
        if self._undone(t, cells, img):
            return True
        if self.notices.placed(cells):
            self.log(t, "drop", "in a notification's place: one came or went there")
            self._show(cells, img)
            return True
        p, weak, size = self.provisional, self.tuning.weak, self._pointer_places()
        pending = p.cells if p is not None else None
        gone = self.notices.went(t, cells, img, self.mask, weak, size, pending)
        before = self.reference()
        if (
            not gone
            and before is not None
            and self.notices.left(t, cells, before, img, self.mask, self.tuning, pending)
        ):
            self.log(t, "drop", "a notification that came with a change went: plain there now")
            self._show(cells, img)
            return True
        if not gone:
            return False
        self.log(t, "drop", "a notification went: the picture shows what it covered again")
        self._show(np.logical_or.reduce([cells, *(laid.cells for laid in gone)]), img)
        if any(laid.whole and self.kept_s == laid.when for laid in gone):
            self.kept_frame = frame  # (the picture kept shows what this one does)
        return True

    def _undone(self, t: float, cells: np.ndarray, img: np.ndarray) -> bool:
        """Whether the change settled at `t` in `cells` on `img` took away the provisional
        one, not judged yet (a change seen going on when it was due), as `Notices.went` does
        a kept one: then that one is dropped, and this one is none."""
        p = self.provisional
        if p is None or self.kept is None:
            return False
        if not laid_over(boxed(p.cells, self.kept, p.image, self.tuning.motion)):
            return False
        if t - p.time_s > NOTICE_S or (cells & ~dilate(p.cells)).any():
            return False
        laid = Laid(p.time_s, p.cells, self.kept, whole=True)
        near = p.cells | cells
        if not _restored(laid, near, img, self.mask, self.tuning.weak, self._pointer_places()):
            return False
        self.log(p.time_s, "drop", "a notification: taken away before it was judged")
        self.provisional = None
        self.notices.learn(p.cells)
        return True

    def _show(self, cells: np.ndarray, img: np.ndarray) -> None:
        """The pictures judged against show `img` in `cells`."""
        for picture in (self.kept, self.provisional.image if self.provisional else None):
            if picture is not None:
                copy_cells(picture, img, cells)
