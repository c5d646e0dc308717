"""How big the pointer is, learned from its strokes (`PointerExtent`), and the two questions
about small changes that learning asks: what *left* a place (`left_blocks`: the pointer moving on
leaves where it was; a line being typed only gains) and what touches what (`touching`).

A recorder that draws a highlight disc around the pointer makes it two to four times the arrow.
Every blob up to `HIGHLIGHT_BLOCKS` times the prior that moved (next to one of the step before,
not in its place, something leaving), in a step where nothing bigger changed, gives its narrower
side (the side along its stroke is the step's length too); once `EXTENT_SEEN` were seen, the
largest a quarter of them reach is its extent (`learned_size`), never less than the prior nor
than what it was learned before (a pointer shrinking under a held change would make it a
state).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from peepshow_core.frames.slides.blocks import Blob, cell_steps
from peepshow_core.frames.slides.tuning import EXTENT_SEEN, EXTENT_SHARE, HIGHLIGHT_BLOCKS

Cells = frozenset[tuple[int, int]]


class PointerExtent:
    """The pointer's extent in blocks (`size`): the prior until learned from its strokes."""

    def __init__(self, prior: int) -> None:
        self.prior = self.size = prior
        self.extents: Counter[int] = Counter()  # the narrower side of each blob seen moving
        self.strokes: list[Cells] = []  # the last step's candidates

    @property
    def seen(self) -> bool:
        """Whether something has been seen moving as the pointer does (its extent counted)."""
        return bool(self.extents)

    def break_stroke(self) -> None:
        """A stroke is followed only from one sample to the next: this one follows none."""
        self.strokes = []

    def learn(self, before: np.ndarray, img: np.ndarray, changed: list[Blob]) -> None:
        """Learn from the blobs up to `HIGHLIGHT_BLOCKS` times the prior that moved in this step
        (consecutive to the one before), if nothing bigger changed."""
        candidates = [b for b in changed if b.fits(HIGHLIGHT_BLOCKS * self.prior)]
        strokes, self.strokes = self.strokes, [b.cells for b in candidates]
        if len(candidates) < len(changed):
            return  # (a lecturer's head moves with the torso)
        left: set[tuple[int, int]] | None = None  # (what left: looked for only if needed)
        for blob in candidates:
            near = [
                cells for cells in strokes if cells != blob.cells and touching(cells, blob.cells)
            ]
            if not near:
                continue
            if left is None:
                left = left_blocks(before, img, candidates)
            if any(not left.isdisjoint(cells | blob.cells) for cells in near):
                self.extents[min(blob.height, blob.width)] += 1
        self.resize()

    def resize(self) -> None:
        """The extent from the blobs seen moving so far: never shrinking (a pointer shrinking
        under a held rest would make the rest a state)."""
        self.size = max(self.size, learned_size(self.extents, self.prior))


def learned_size(extents: Counter[int], prior: int) -> int:
    """The pointer's extent in blocks, from the narrower sides of the blobs seen moving: the
    largest that `EXTENT_SHARE` of them reach (a moving blob is at least the pointer, so a
    quarter of them reach the extent a resting pointer has at its worst alignment: a plain
    arrow's reach the prior); between the prior and `HIGHLIGHT_BLOCKS` times it, the prior
    until `EXTENT_SEEN` were seen."""
    total = extents.total()
    if total < EXTENT_SEEN:
        return prior
    reaching = 0
    for extent in sorted(extents, reverse=True):
        reaching += extents[extent]
        if reaching >= EXTENT_SHARE * total:
            return max(prior, min(extent, HIGHLIGHT_BLOCKS * prior))
    return prior  # (not reached: EXTENT_SHARE <= 1)


def left_blocks(before: np.ndarray, img: np.ndarray, changed: list[Blob]) -> set[tuple[int, int]]:
    """The blocks of `changed` with less structure in `img` than in `before`: something left
    them (the pointer moving on leaves where it was; a line being typed only gains)."""
    cells = list({c for blob in changed for c in blob.cells})
    less = cell_steps(img, cells) < cell_steps(before, cells)
    return {c for c, fewer in zip(cells, less.tolist(), strict=True) if fewer}


def touching(a: Cells, b: Cells) -> bool:
    """Whether two groups of blocks overlap or touch (8-neighbourhood; the smaller one's
    neighbourhood looked up in the other)."""
    if len(b) > len(a):
        a, b = b, a
    return any((y + dy, x + dx) in a for y, x in b for dy in (-1, 0, 1) for dx in (-1, 0, 1))
