"""Lines typed or built piece by piece: when a held change is no state of its own.

A line typed a word at a time settles between words (a typist's pause is longer than
`settle_s`), and each piece would be a change of its own. A piece that the next one *continues*
(`_continues`: beside it, at its end, soon after), that a larger change *grows from*
(`_grows_from`: touching it, with more on its rows past its end), or that more was drawn over
(`_grew_over`: in its last block) is part of the line: the line is one state, once whole. A
presenter's next click on a build comes later than a typist's next word (`region_pause_s`),
and a line below another starts at the left: those are states of their own.
`Lines` is a mixin of `Hindsight` (and so of `Tracker`), which owns the state it reads.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from peepshow_core.frames.diff import is_small
from peepshow_core.frames.slides.blocks import block_diff, dilate
from peepshow_core.frames.slides.fields import TrackerFields
from peepshow_core.frames.slides.pointer import Held, persists, still_there
from peepshow_core.frames.slides.tuning import CAPTION_BAND, CAPTION_ROWS, IN_PLACE


class Lines(TrackerFields):
    """Which held changes are pieces of a line still growing (see the module docstring)."""

    def _grown_into(
        self, cells: np.ndarray, since: float, reference: np.ndarray, img: np.ndarray
    ) -> None:
        """Small changes held that a large one in `cells`, first seen at `since`, grew from
        (`_grows_from`): the first words of a line typed on, now whole; no states of their own.
        A frame-wide change (more than `wide_share`) grew from one only if `img` still shows
        it (as against `reference`, the picture it was drawn on): a new slide replaces a line
        typed just before it, a command's long output leaves the command standing."""
        wide = float(cells.mean()) > self.tuning.wide_share
        for held in sorted(self.small, key=lambda h: h.time_s, reverse=True):
            if held.pointer or not self._grows_from(held, cells, since):
                continue
            if wide and not still_there(held, reference, img, self.tuning.weak, self.mask):
                continue
            self.log(held.time_s, "drop", "a build still growing (typing): it grew on")
            self.small.remove(held)
            cells, since = cells | held.cells, since_of(held)  # (the line so far)

    def _grows_from(self, held: Held, cells: np.ndarray, since: float) -> bool:
        """Whether a change in `cells`, first seen at `since`, is the held change's line grown
        on: touching it, with more on its rows past its end (the lines printed under a command
        may come along), first seen within `region_pause_s` after it settled."""
        rows, columns = line_rows(held), np.flatnonzero(held.cells.any(axis=0))
        return (
            int(rows.sum()) <= self.tuning.overlay_blocks  # (a line of text, not a box)
            and 0 < since - held.time_s <= self.tuning.region_pause_s
            and bool((cells & dilate(held.cells)).any())
            and bool(cells[rows][:, int(columns[-1]) + 1 :].any())
        )

    def _grew_over(self, held: Held, frame: Any) -> bool:
        """Whether a held change whose blocks changed again is still there, unchanged, with more
        drawn over its blocks (`persists`: a word typed on, its next character landing in its
        last block; a digit replaced by the next is gone), the change first seen within
        `region_pause_s` after it settled. Dropped, it is judged again as a whole."""
        since = stood_until(held, self.prev_t)
        return (
            since is not None
            and 0 < since - held.time_s <= self.tuning.region_pause_s
            and persists(held, frame)
        )

    def _grew(self, held: Held, confirmed: list[Held]) -> bool:
        """Whether a later small change continued the line of this one."""
        return any(
            not later.large and self._continues(held, later.cells, since_of(later))
            for later in confirmed
        )

    def _continues(self, held: Held, cells: np.ndarray, since: float) -> bool:
        """Whether a change in `cells`, first seen at `since`, continues the line of the held
        change (no taller than `overlay_blocks`: a line of text): beside it, at its end (on
        its rows, starting no further left than its last block: the next line down starts at
        the left; a descender or the pointer may reach below), not mostly on it (`IN_PLACE`:
        the same lines changing again are a new slide; a few characters may land in its last
        blocks), first seen within `region_pause_s` after the line settled (a typist's pause
        between words; a presenter's next click on a build comes later). A line typed piece by
        piece is one state, once whole."""
        rows, columns = line_rows(held), np.flatnonzero(held.cells.any(axis=0))
        starts = np.flatnonzero(cells.any(axis=0))
        return (
            int(rows.sum()) <= self.tuning.overlay_blocks  # (a line of text, not a box)
            and 0 < since - held.time_s <= self.tuning.region_pause_s
            and bool((cells & dilate(held.cells)).any())
            and (pointer_sized(cells, self.motion.size) or not inside(cells, held.cells))
            and bool((cells.any(axis=1) & rows).any())
            and len(starts) > 0
            and int(starts[0]) >= int(columns[-1]) - 1
        )

    def _growing(self, line: Held, since: float) -> bool:
        """Whether the line was still growing `region_pause_s` before more came at `since`: it
        looked otherwise then, outside where the pointer went (a typist's line; a box a
        presenter built, seen settling late, had long been whole)."""
        window = self.tuning.region_pause_s
        then = self._seen_at(since - window)
        if then is None:
            return False
        cells = line.cells & ~self.mask & ~dilate(self.motion.over(since, window))
        return bool(block_diff(then, line.image)[cells].max(initial=0.0) > self.tuning.weak)

    def _line(self, p: Held) -> Held:
        """The provisional change with the small ones that continued it since: the line so far
        (its cells, the time its last piece settled and the picture then)."""
        line = p
        for h in sorted(self.small, key=lambda h: h.time_s):
            if h.pointer or h.time_s <= p.time_s:
                continue
            if self._continues(line, h.cells, since_of(h)):
                line = replace(line, time_s=h.time_s, cells=line.cells | h.cells, image=h.image)
        return line


def inside(cells: np.ndarray, of: np.ndarray) -> bool:
    """Whether the change in `cells` is mostly (`IN_PLACE`) where `of` was."""
    return float((cells & of).sum()) >= IN_PLACE * float(cells.sum())


def pointer_sized(cells: np.ndarray, size: int) -> bool:
    """Whether the change in `cells` is pointer-sized (`is_small`, on a block grid)."""
    return bool(cells.any()) and is_small({(int(y), int(x)) for y, x in np.argwhere(cells)}, size)


def line_rows(held: Held) -> np.ndarray:
    """The rows of blocks of the line a held change is part of: those of the line it continues
    (a descender or the pointer touching the last piece does not make the line taller)."""
    return held.rows if held.rows is not None else np.asarray(held.cells.any(axis=1))


def stood_until(held: Held, now: float | None) -> float | None:
    """Until when the held change stood as it settled: until its blocks were first seen
    changing again, if they were (what replaced it began then), else until `now`."""
    return held.touched if held.touched is not None else now


def since_of(held: Held) -> float:
    """When a held change was first seen."""
    return held.time_s if held.since is None else held.since


def on_a_line(cells: np.ndarray) -> bool:
    """Whether the blocks `cells` lie on a line or two (`CAPTION_ROWS` of the picture's height
    at most) within `CAPTION_BAND` of its bottom edge."""
    rows = np.nonzero(cells.any(axis=1))[0]
    if not len(rows):
        return False
    height = cells.shape[0]
    if rows.max() - rows.min() + 1 > max(1, round(CAPTION_ROWS * height)):
        return False
    return bool(rows.min() >= height - round(CAPTION_BAND * height))
