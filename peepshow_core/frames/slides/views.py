"""Where the regions are, as rectangles: what the tracker masks and follows.

`regions` learns which blocks change on their own (active), which of them are an overlay, and
which play now. This module turns those blocks into rectangles, each of one kind
(`rectangles.grouped`: a webcam box, a clip's player, parts that happen to hold still between
shots still the region's; a webcam beside a clip is a rectangle of its own, and the corner beside
both is content), and answers the tracker's questions about them. Of the rectangles not stopped,
`core()` is where the kept picture follows the live one; `mask()`, rectangles bigger than the
pointer grown by a block for compression bleed, is where differences are ignored; `inner()`,
the masked rectangles of a slide's own clips, where content may appear once they stop.
Overlays that line up as a meeting's cameras are one rectangle, their hull (`panels`).

A region bigger than the pointer none of whose blocks plays has *stopped* (`box_now`): it is
judged like the rest of the slide again; a pointer-sized one keeps its rectangle until it
expires.

The rectangles are made again only when the blocks they come from changed (asked several times
a sample), and the blocks regrouped only when the active or overlay blocks did (the costly
part).
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.panels import panels
from peepshow_core.frames.slides.rectangles import Box, Region, grouped, pieces, within
from peepshow_core.frames.slides.tuning import SlidesTuning


class RegionViews:
    """The rectangles of `regions.ActiveRegions`'s blocks (a base class: it owns the blocks)."""

    tuning: SlidesTuning
    active: np.ndarray
    overlay: np.ndarray
    playing: np.ndarray

    def _views(self) -> None:
        """Nothing made yet (called by the owner once its blocks exist)."""
        self._seen_of: bytes | None = None  # the active, overlay and playing blocks `_core`
        # and `_mask` were made of
        self._shape_of: bytes | None = None  # the active and overlay blocks grouped ...
        self._regions: list[Region] = []  # ... into these
        self._pieces: list[Box] = []  # the rectangles of the overlay blocks' pieces
        self._core = self.active
        self._mask = self.active
        self._inner = self.active
        self._small = self.active
        self._panels: list[Box] = []
        self._overlays: list[Box] = []
        self._parts: list[Box] = []
        self._plays = False

    def groups(self) -> list[Region]:
        """The active blocks grouped into regions, each of one kind (`rectangles.grouped`)."""
        self._update()
        return self._regions

    def core(self) -> np.ndarray:
        """The rectangles not stopped: where the kept picture follows the live one."""
        self._update()
        return self._core

    def mask(self) -> np.ndarray:
        """Where differences are ignored: the rectangles, those bigger than the pointer grown by
        a block (compression bleeds past a webcam's or a clip's edge)."""
        self._update()
        return self._mask

    def ring(self) -> np.ndarray:
        """The margin masked around the rectangles bigger than the pointer, outside them (what
        `edges` judges to the pixel)."""
        return self.mask() & ~self.core()

    def inner(self) -> np.ndarray:
        """The masked rectangles bigger than the pointer that are no overlay: a slide's own
        clips and animations, where content may appear once they stop."""
        self._update()
        return self._inner

    def panels(self) -> list[Box]:
        """The overlays' rectangles bigger than the pointer (those in line joined: a meeting's
        strip, `panels`)."""
        self._update()
        return self._panels

    def small(self) -> np.ndarray:
        """The pointer-sized rectangles: a caret, a clock's digit."""
        self._update()
        return self._small

    def overlays(self) -> list[Box]:
        """The overlays' rectangles, of any size (those in line joined: `panels`)."""
        self._update()
        return self._overlays

    def overlay_parts(self) -> list[Box]:
        """The rectangles of the pieces of an overlay joined with others (`grouped`, `panels`):
        a calm webcam learned pointer-sized where its eyes blink, grouped with a clip whose
        corner lies two blocks off, is a picture of its own."""
        self._update()
        return self._parts

    def plays(self) -> bool:
        """Whether a rectangle bigger than the pointer plays (a webcam, a clip not stopped):
        the encoder spends on it all along."""
        self._update()
        return self._plays

    def _update(self) -> None:
        """The rectangles, made again when the active, overlay or playing blocks changed; the
        regions regrouped only when the active or overlay blocks did (the costly part)."""
        shape = self.active.tobytes() + self.overlay.tobytes()
        seen = shape + self.playing.tobytes()
        if seen == self._seen_of:
            return  # (asked several times a sample: nothing changed since)
        self._seen_of = seen
        if shape != self._shape_of:
            self._shape_of = shape
            small = self.tuning.overlay_blocks
            groups = grouped(self.active, self.overlay, small)
            self._regions = [Region.of(cells, self.overlay) for cells in groups]
            self._pieces = pieces(self.active & self.overlay)
        boxes = [self.box_now(region) for region in self._regions]
        self._core = np.zeros_like(self.active)
        self._mask = np.zeros_like(self.active)
        self._inner = np.zeros_like(self.active)
        self._small = np.zeros_like(self.active)
        self._plays = False
        gh, gw = self.active.shape
        live = [(b, r.overlay) for r, b in zip(self._regions, boxes, strict=True) if b is not None]
        overlays = panels([b for b, overlay in live if overlay])
        self._overlays = overlays
        self._parts = [p for p in self._pieces if p not in overlays and within(p, overlays)]
        self._panels = [box for box in overlays if self.big(box)]
        others = [b for b, overlay in live if not overlay]
        for box, overlay in [*((b, True) for b in overlays), *((b, False) for b in others)]:
            y0, y1, x0, x1 = box
            big = self.big(box)
            self._core[y0:y1, x0:x1] = True
            if not big:
                self._small[y0:y1, x0:x1] = True
            self._plays |= big
            if big:
                y0, y1, x0, x1 = max(0, y0 - 1), min(gh, y1 + 1), max(0, x0 - 1), min(gw, x1 + 1)
                if not overlay:
                    self._inner[y0:y1, x0:x1] = True
            self._mask[y0:y1, x0:x1] = True

    def big(self, box: Box) -> bool:
        small = self.tuning.overlay_blocks
        return box[1] - box[0] > small or box[3] - box[2] > small

    def box_now(self, region: Region) -> Box | None:
        """The rectangle `region` takes now, None if it has stopped. A pointer-sized region (a
        caret, a clock's digit) keeps its rectangle; a bigger one stops once no block of it
        plays. A slide's own clip or animation whose blocks still playing fit in a
        pointer-sized square (a caret blinking where the clip was) has stopped but for them:
        content may appear where it played. An overlay (a webcam) shows no content: it keeps
        its rectangle while any part of it plays."""
        if not self.big(region.box):
            return region.box
        playing = self.playing[region.where]
        if not playing.any():
            return None
        if region.overlay:
            return region.box
        ys, xs = region.where[0][playing], region.where[1][playing]
        part = (int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1)
        return region.box if self.big(part) else part
