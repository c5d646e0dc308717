"""Small changes that are a region's doing, not content: healed into the reference, never held.

A clock's next digit turning beside the digit learned ticking (`beyond.next_digit`), a glyph
replaced in a screen's menu bar or taskbar whole minutes after one there (`chrome`), a caption
(`captions`: a short cue), and a calm webcam's picture beyond the blocks learned playing
(`beyond.overlay_edge`: judged blob by blob as a change settles, before anything else).
`RegionsDoing` is a mixin of `SmallChanges` (and so of `Tracker`, which owns the state it
reads).
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.beyond import next_digit, overlay_edge
from peepshow_core.frames.slides.blocks import Blob, cells_of, copy_cells, describe
from peepshow_core.frames.slides.captions import CaptionTurns
from peepshow_core.frames.slides.chrome import chrome_turn


class RegionsDoing(CaptionTurns):
    """The small changes that are a region's doing (see the module docstring)."""

    def _regions_doing(
        self, t: float, cells: np.ndarray, reference: np.ndarray, img: np.ndarray
    ) -> str | None:
        """Why a small change settled at `t` is a region's doing (healed into the reference,
        never held), or None: a glyph replaced right beside a region that ticks, or in a
        screen's menu bar or taskbar whole minutes after one there (`chrome`), or a caption
        (`captions`: a short cue). (A webcam's picture beyond the blocks learned playing was
        healed before: `_webcam_picture`.)"""
        if next_digit(self.regions, cells, reference, img):
            return "a glyph replaced beside a region that ticks: its next digit"
        if chrome_turn(cells, reference, img) and self.clock.turned(t, cells):
            return "a glyph replaced in the menu bar or taskbar, whole minutes after one there"
        if self._caption(t, [cells], reference, img):
            return "a caption: the line at the picture's edge changed again in place"
        return None

    def _webcam_picture(self, t: float, img: np.ndarray, found: list[Blob]) -> list[Blob]:
        """`found` but the blobs an overlay's picture holds (`overlay_edge`: a calm webcam's
        picture drifting where its presenter sways, beyond the blocks learned playing),
        healed into the reference with the small changes held there (their start, seen before
        the webcam was learned); judged blob by blob: the pointer may settle elsewhere at once."""
        before = self.reference()
        assert before is not None
        theirs = [b for b in found if overlay_edge(self.regions, b.mask(self.grid), before, img)]
        if not theirs:
            return found
        cells = cells_of(theirs, self.grid)
        held = [
            h
            for h in self.small
            if not h.pointer and overlay_edge(self.regions, h.cells, before, img)
        ]
        for h in held:
            cells |= h.cells
        self.small = [h for h in self.small if not any(h is k for k in held)]
        p = self.provisional
        for picture in (self.kept, p.image if p is not None else None):
            if picture is not None:
                copy_cells(picture, img, cells)
        self.log(t, "drop", f"{describe(theirs)}: the webcam's picture, beyond the blocks learned")
        return [b for b in found if not any(b is k for k in theirs)]
