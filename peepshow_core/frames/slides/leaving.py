"""Small things that moved or left: the reference healed where one left, and the pointer's
looks learned as the tracker goes.

A small thing that left the picture heals the reference once the place it left holds still:
where the pointer was seen moving off, or where it left plain background (a digit replaced by
another is neither); a speaker's border or a tile whose camera is off beside a meeting's strip
is the strip's (`panels.beside`). What is seen moving is cut at full resolution (its *look*),
so the pointer is known where it rests next, however it got there unseen; what left plain
background is the pointer hiding. `Leaving` is a mixin of `Tracker`, which owns the state it
reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from peepshow_core.frames.slides.blocks import Blob, copy_cells, energy
from peepshow_core.frames.slides.fields import TrackerFields
from peepshow_core.frames.slides.panels import beside
from peepshow_core.frames.slides.pointer import Held, alike, appeared
from peepshow_core.frames.slides.tuning import PLAIN, TRAIL_S


class Leaving(TrackerFields):
    """The reference healed where small things left, and their looks learned (see above)."""

    def _heal(
        self,
        ref: np.ndarray,
        img: np.ndarray,
        frame: Any,
        found: list[Blob],
        diff: np.ndarray,
        step: np.ndarray | None,
    ) -> list[Blob]:
        """Small things that left the picture heal the reference: where the pointer was seen
        moving off, or that left plain background (a digit replaced by another is neither),
        once the place it left holds still (`step`: the change since the sample just before,
        None when that is not known): a box fading out at the start of a cross-fade loses
        structure too, step after step, and is no pointer leaving. `diff`, block_diff(ref,
        img), heals with it (0 where the blocks are now the same)."""
        keep = []
        assert self.prev_t is not None
        trail = self.motion.near(self.prev_t, self.tuning.settle_s + TRAIL_S)
        alone = sum(not b.fits(self.motion.size) for b in found) == 1
        for blob in found:
            still = step is None or max(step[c] for c in blob.cells) <= self.tuning.motion
            if still and alone and beside(blob.cells, self.regions.panels(), ref, img):
                copy_cells(ref, img, blob.mask(self.grid))  # (a speaker's border, a tile off)
                diff[blob.mask(self.grid)] = 0.0
                continue
            if blob.fits(self.motion.size) and still and not appeared(ref, img, blob):
                gone = energy(img, blob.cells) < PLAIN * energy(ref, blob.cells)
                if gone or any(trail[c] for c in blob.cells):
                    healed = blob.mask(self.grid)
                    if gone:
                        self._learn_leaving(healed, frame)
                    copy_cells(ref, img, healed)
                    diff[healed] = 0.0
                    continue
            keep.append(blob)
        return keep

    def _learn_moving(self, t: float, moving: np.ndarray, frame: Any) -> None:
        """The look of what is seen moving (`moving`: blocks it moved over in this step), once
        it looked the same in the step before (the pointer keeps its look along a stroke; what
        else changes near it does not) and could be the pointer: so it is known where it rests
        next, however it got there unseen (a stretch not decoded, hidden and shown again, too
        fast a stroke). Cut at full resolution against the reference picture; once a look held
        two steps running, none is cut for a `settle_s`."""
        base = self.provisional.frame if self.provisional is not None else self.kept_frame
        before, self.moving_looks = self.moving_looks, []
        if not moving.any() or base is None or frame is None:
            return
        if t - self.look_seen_t < self.tuning.settle_s:
            return
        for blob in self.motion.changed:
            cells = blob.mask(self.grid)
            if not blob.fits(self.motion.size) or not (cells & moving).any():
                continue
            seen = Held(t, cells, cells, np.zeros(0, np.uint8), frame)
            self.looks.take_look(seen, base, self.grid)
            if seen.look is None:
                continue
            self.moving_looks.append(seen.look)
            if any(alike(seen.look, look) for look in before):
                self.look_seen_t = t  # (learned, or known: no more cuts for a while)
                if self.looks.could_be(seen.look):
                    self.looks.seen_moving(seen.look)

    def _learn_leaving(self, cells: np.ndarray, frame: Any) -> None:
        """The look of a small thing that left plain background where it was: the pointer
        hiding or moving off (so it is known where it shows up next, even unseen moving)."""
        base = self.provisional.frame if self.provisional is not None else self.kept_frame
        if base is None or frame is None:
            return
        gone = Held(0.0, cells, cells, np.zeros(0, np.uint8), base)
        self.looks.take_look(gone, frame, self.grid)
        if gone.look is not None:
            self.looks.left(gone.look)
