"""Captions burned into the picture: subtitles drawn over everything the screen shows, by
whoever published the recording (an SRT file burned in, a video editor's caption track, a
platform's export), changing at the speech's pace and never with the slides.

A *turn* is a settled change on a line or two (`CAPTION_ROWS` of the picture's height) within
`CAPTION_BAND` of its bottom edge (captions placed at the top are rare, and a terminal's first
lines are typed there). Turns within `CAPTION_GAP_S` of each other, each touching the one
before, are a *run*; a turn *replaced* the one before (`replaced`) when it changed some of
the pixels that one brought (a caption's glyphs change within its box, or it is cleared; a
line typed under the last one in a terminal, or words written beside the last ones, replace
nothing). A run whose first turn and `CAPTION_TURNS` - 1 replacing ones followed is a caption
line: its *area* (the blocks holding the pixels the run's turns brought, as one rectangle) is
masked from then on and followed like a region's, and the states kept since that touched it
and lay within it, or within it and where regions play (a clip starting as a caption
changed), are withdrawn. A change holding a turn in blobs of its own beside more (a caption
replaced as a build showed) counts towards learning them, and is judged whole. Learned, a
turn touching the area that came with it changing widens it (the next cue: longer, or of one
more line), and so does one on its rows reaching across its middle column (a longer line,
centred as captions are); a build beside it, or above it, does neither. A footer replaced
once, or every ten seconds, a line replaced in the slide's middle, pictures replaced at its
foot, words written beside the last ones stay states.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.blocks import block_diff, box_of, copy_cells, dilate
from peepshow_core.frames.slides.fields import TrackerFields
from peepshow_core.frames.slides.lines import on_a_line, pointer_sized
from peepshow_core.frames.slides.tuning import (
    CAPTION_GAP_S,
    CAPTION_TURNS,
    SPRITE_LEVEL,
)


@dataclass(frozen=True)
class Turn:
    when: float  # settled
    cells: np.ndarray  # the blocks it changed
    after: np.ndarray  # the picture it settled on
    brought: np.ndarray  # the pixels it changed (`changed`)


def changed(before: np.ndarray, img: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """The pixels of the blocks `cells` that differ from `before` to `img` by more than
    `SPRITE_LEVEL`."""
    by, bx = cells.shape
    h, w = by * BLOCK, bx * BLOCK
    inside = np.kron(cells, np.ones((BLOCK, BLOCK), bool))
    return inside & (
        np.abs(img[:h, :w].astype(np.int16) - before[:h, :w].astype(np.int16)) > SPRITE_LEVEL
    )


def replaced(last: Turn, now: np.ndarray) -> bool:
    """Whether a turn whose pixels changed from the picture `last` settled on are `now`
    replaced `last`: it changed some of the pixels `last` brought (a caption's glyphs change
    within its box, or it is cleared; a line typed under the last one in a terminal, or words
    written beside the last ones, leave all of them as they were: `changed` counts a thing,
    never the encoder refining a picture)."""
    return bool((now & last.brought).any())


class Captions:
    """The caption turns seen, and the caption line's area once learned (see above)."""

    def __init__(self, grid: tuple[int, int]) -> None:
        self.area = np.zeros(grid, bool)  # masked: where the captions show (once learned)
        self._learned = False
        self.last: Turn | None = None  # the last turn of the run going on
        self.seen = np.zeros(grid, bool)  # ... the blocks holding what its turns brought
        self.replaced = 0  # ... how many of them replaced the one before
        self.kept: dict[float, np.ndarray] = {}  # the changes kept as states, by when they
        # settled, while the captions are not learned
        self.withdrawn: list[float] = []  # ... those found to be captions

    @property
    def learned(self) -> bool:
        return self._learned

    def masked(self, mask: np.ndarray) -> np.ndarray:
        """`mask` with the captions' area (itself until they are learned)."""
        return mask | self.area if self._learned else mask

    def turned(
        self,
        t: float,
        cells: np.ndarray,
        before: np.ndarray,
        img: np.ndarray,
        together: bool,
        whole: bool = True,
    ) -> bool:
        """A change settled at `t` in `cells` (from `before` to `img`; `together`: the area
        changed with it; not `whole`: a part of a bigger change, which may only teach them):
        whether it is the captions' (they are learned, or it makes them so). Learned, a turn
        touching the area that came with it changing (the next cue: longer, or of one more
        line) widens it, and so does one on its rows reaching across its middle column (a
        longer line, centred as captions are); a build beside it, or above it, does neither."""
        if not on_a_line(cells) or (self.learned and not whole):
            return False
        if self.learned and (cells & dilate(self.area)).any():
            beyond = (cells.any(axis=1) & ~self.area.any(axis=1)).any()
            if not together and (beyond or not _straddles(cells, self.area)):
                return False
            self.area = box_of(self.area | cells)
            return True
        last = self.last
        follows = last is not None and t - last.when <= CAPTION_GAP_S and (cells & last.cells).any()
        self.last = Turn(t, cells.copy(), img.copy(), changed(before, img, cells))
        brought = _blocks(self.last.brought, cells.shape)
        if not follows:
            self.replaced, self.seen = 0, brought
            return False
        assert last is not None
        self.seen = self.seen | brought
        if replaced(last, changed(last.after, img, cells)):
            self.replaced += 1
        if 1 + self.replaced < CAPTION_TURNS:
            return False
        self.area |= box_of(self.seen)
        self._learned = bool(self.area.any())
        self.last, self.replaced = None, 0
        return True

    def confirmed(self, t: float, cells: np.ndarray) -> None:
        """A state was kept for the change in `cells` that settled at `t` (remembered until
        the captions are learned)."""
        if not self._learned:
            self.kept[t] = cells

    def withdraw(self, cover: np.ndarray, size: int) -> None:
        """The captions were just learned: the states kept for changes that touched their area
        and lay within it or `cover` (where regions play: a clip starting as a caption
        changed), but for a pointer-sized part smaller than what lay within (the pointer
        moving meanwhile; `size`: its extent, blocks), were captions; they are withdrawn."""
        within = dilate(self.area)
        for when, cells in sorted(self.kept.items()):
            inside, rest = cells & within, cells & ~(within | cover)
            aside = pointer_sized(rest, size) and rest.sum() < inside.sum()
            if inside.any() and (not rest.any() or aside):
                self.withdrawn.append(when)
        self.kept = {}


class CaptionTurns(TrackerFields):
    """The tracker's part that drops caption turns (a mixin of `SmallChanges`, and so of
    `Tracker`, which owns the state it reads)."""

    def _caption(
        self, t: float, pieces: list[np.ndarray], before: np.ndarray, img: np.ndarray
    ) -> bool:
        """Whether the change of the `pieces` (its blobs' blocks), settled at `t` (from `before`
        to `img`), is a caption turn: then it is healed into the pictures judged against, and
        held changes the captions' area now covers are let go. A change that is more than a
        turn may hold one (a caption replaced as a build showed, in blobs of their own): it
        counts towards learning them, and the change is judged whole."""
        cells = np.logical_or.reduce(pieces)
        learned = self.captions.learned
        together = learned and self._area_changed(img)
        if self.captions.turned(t, cells, before, img, together):
            self.log(t, "drop", "a caption: the line at the picture's edge changed again in place")
            self._let_go(img, cells, learned)
            return True
        lines = [piece for piece in pieces if on_a_line(piece)]
        if lines and len(lines) < len(pieces):
            part = np.logical_or.reduce(lines)
            if self.captions.turned(t, part, before, img, together, whole=False):
                self.log(t, "learn", "captions: the line at the picture's edge changed again")
                self._let_go(img, part, learned)
        return False

    def _area_changed(self, img: np.ndarray) -> bool:
        """Whether the captions' area changed since the last picture before the change now
        settling began (`quiet`)."""
        if self.quiet is None:
            return False
        moved = block_diff(self.quiet[1], img) > self.tuning.strong
        return bool((moved & self.captions.area).any())

    def _let_go(self, img: np.ndarray, cells: np.ndarray, learned: bool) -> None:
        """The captions' area grew by `cells` (`learned`: it was learned before): the pictures
        judged against show `img` there; learned just now, the held changes it covers are let
        go and the states kept for captions withdrawn (`Captions.withdraw`)."""
        area = self.captions.area
        if not learned:  # (widened later, what it covers now was judged apart from them)
            self.captions.withdraw(self.regions.mask(), self.motion.size)
            p = self.provisional
            if p is not None and not (p.cells & ~area).any():
                self.log(p.time_s, "drop", "a caption, seen before the captions were learned")
                self.provisional = None
            self.small = [h for h in self.small if h.pointer or (h.cells & ~area).any()]
        for picture in (self.kept, self.provisional.image if self.provisional else None):
            if picture is not None:
                copy_cells(picture, img, cells | area)


def _blocks(pixels: np.ndarray, grid: tuple[int, int]) -> np.ndarray:
    """The blocks of `grid` holding any of the `pixels`."""
    by, bx = grid
    cells = pixels[: by * BLOCK, : bx * BLOCK].reshape(by, BLOCK, bx, BLOCK)
    return np.asarray(cells.any(axis=(1, 3)))


def _straddles(cells: np.ndarray, area: np.ndarray) -> bool:
    """Whether `cells` reach across the middle column of `area`, as a centred line does (a
    longer caption reaches beyond it on both sides; a build beside it, on one)."""
    xs = np.nonzero(area.any(axis=0))[0]
    middle = (xs.min() + xs.max()) / 2
    own = np.nonzero(cells.any(axis=0))[0]
    return bool(own.min() <= middle <= own.max())
