"""The first seconds, while the noise model learns: when the first settled picture was first
seen, and the states found meanwhile judged again once the regions and the pointer are known.
`Opening` is a mixin of `Tracker`, which owns the state it reads."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.beyond import overlay_edge
from peepshow_core.frames.slides.blocks import blobs, block_diff, cells_of, dilate
from peepshow_core.frames.slides.fields import TrackerFields
from peepshow_core.frames.slides.states import Keep


class Opening(TrackerFields):
    """The first settled picture's time, and the learning seconds' states judged again."""

    def relearned(self, keeps: list[Keep]) -> list[Keep]:
        """States found while the noise model was still learning, judged again with what it has
        learned: one that differs from the state before it only inside regions now known to
        change on their own (a webcam's head moving before the webcam was learned) and their
        pictures beyond (`overlay_edge`: its light changing, all of it, as a webcam's exposure
        settles), or there and where the pointer, known by its look, moved meanwhile, was
        none."""
        out: list[Keep] = []
        for keep in keeps:
            before = out[-1] if out else None
            if before is None:
                out.append(keep)
                continue
            diff = block_diff(before.image, keep.image)
            found = blobs(diff, self.tuning.weak, self.tuning.strong, self.mask)
            if found and overlay_edge(
                self.regions, cells_of(found, self.grid), before.image, keep.image
            ):
                found = []
            if not found:
                self.log(
                    keep.time_s, "drop", "only a region learned since, or its picture, changed"
                )
                continue
            if self.looks.all_pointer(found, keep, before.frame, self.grid, self.motion.size):
                self.log(
                    keep.time_s, "drop", "only a region learned since, and the pointer, changed"
                )
                continue
            out.append(keep)
        return out

    def _since(self, t: float, img: np.ndarray) -> float:
        """When the first settled picture was first seen: the earliest sample from which on the
        picture showed it (only regions, learned since, and the pointer differed)."""
        since = t
        for when, earlier in reversed(self.opening):
            ignore = self.mask | dilate(self.motion.over(when, 0.0))  # (where the pointer went
            found = blobs(block_diff(earlier, img), self.tuning.weak, self.tuning.strong, ignore)
            if any(not b.fits(self.motion.size) for b in found):
                break
            since = when
        self.opening = []
        return since
