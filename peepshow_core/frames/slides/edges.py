"""The edges of regions that change on their own, to the pixel: what of a masked block beside a
webcam or a clip is the region's, and what is the slide's.

A region bigger than the pointer is masked as a rectangle of 8x8 blocks grown by one
(compression bleeds past its edge), and that ring of blocks is mostly slide: the few letters of
a line that show beside a webcam, or a word typed beside a clip, would be hidden with it. A
region's own pixels go back and forth (a head moving, a light's slow flicker, a clip's shapes,
and their bleed); content is drawn once (a word appearing, even fading in, and the encoder
sharpening it within a moment). So each pixel of the ring's blocks is watched as a region's
block is (`regions`), for *reversals*: its brightness turning back by more than `motion` from
its furthest value. A pixel that reversed `region_pause_s` or more after it first moved is the
region's. Only samples with nothing bigger than the pointer changing outside the regions are
evidence (a transition or a build starts the pixels over), and never the pointer's path.
A ring block watched for `region_span_s` is judged by the rest of its pixels, the slide's: where
they differ from the reference by more than `strong` (summed over the block, as the block rule
does) and were plain background before (less than `PLAIN` of the structure they have now),
content was written beside the region; a glyph replaced by another (a clock's slower digit,
which changes too seldom to be seen turning back) is the region's. (A region's part that
changes only at its cuts is no content: `ActiveRegions._cut` takes it in; nor is a uniform
shift, the picture's exposure.) Pixels are kept per block (the grid's blocks x 8 x 8), and
only the ring's blocks are looked at.
"""

from __future__ import annotations

import math

import numpy as np

from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.tuning import PLAIN


def _tiles(img: np.ndarray, grid: tuple[int, int], blocks: np.ndarray) -> np.ndarray:
    """The 8x8 pixels of the `blocks` (flat indices into the grid) of `img`: (blocks, 8, 8)."""
    gh, gw = grid
    ys, xs = np.divmod(blocks, gw)
    return img[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK)[ys, :, xs, :]


def _structure(tiles: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Per tile (blocks, 8, 8): the steps between neighbouring pixels both `free`, summed
    (`blocks.energy`, on the slide's pixels only)."""
    t = tiles.astype(np.int16)
    across = np.abs(t[..., 1:] - t[..., :-1]) * (free[..., 1:] & free[..., :-1])
    down = np.abs(t[:, 1:] - t[:, :-1]) * (free[:, 1:] & free[:, :-1])
    return across.sum(axis=(1, 2)) + down.sum(axis=(1, 2))


class RegionEdges:
    def __init__(self, grid: tuple[int, int], level: float, pause_s: float, span_s: float):
        self.grid = grid
        self.level = level  # a reversal turns back by more than this
        self.pause_s = pause_s  # reversed this long after it first moved: a region's pixel
        self.span_s = span_s  # a ring block is judged once watched this long
        shape = (grid[0] * grid[1], BLOCK, BLOCK)  # (the blocks in the grid's order)
        self.extreme = np.zeros(shape, np.int16)  # furthest brightness this way
        self.direction = np.zeros(shape, np.int8)  # +1 rising, -1 falling, 0 not yet known
        self.first = np.full(shape, np.inf, np.float32)  # when each pixel first moved
        self.reversed = np.full(shape, -np.inf, np.float32)  # ... and last turned back
        self.watched = np.full(grid[0] * grid[1], np.inf)  # when each block was first watched

    def observe(self, t: float, img: np.ndarray, ring: np.ndarray, evidence: bool) -> None:
        """The sample `img` at `t`; `ring`: the blocks of the ring, off the pointer's path.
        `evidence`: nothing bigger than the pointer changed outside the regions since the
        sample before (else their pixels start over from this one)."""
        k = np.flatnonzero(ring)
        if not len(k):
            return
        now = _tiles(img, self.grid, k).astype(np.int16)
        new = np.isinf(self.watched[k])
        self.watched[k[new]] = t
        if not evidence:
            self.extreme[k] = now
            self.direction[k] = 0
            return
        if new.any():
            self.extreme[k[new]] = now[new]
        extreme, direction = self.extreme[k], self.direction[k]
        move = now - extreme
        step = math.floor(self.level)  # (moves are whole levels: more than `level` is more than
        way = (move > step).view(np.int8) - (move < -step).view(np.int8)  # its whole part)
        turned = (way != 0) & (way != direction)  # (started, or turned back)
        turned[new] = False
        back = turned & (direction != 0)
        direction = np.where(turned, way, direction)
        self.extreme[k] = np.where(turned | (direction * move > 0), now, extreme)
        self.direction[k] = direction
        if turned.any():
            first = self.first[k]
            self.first[k] = np.where(turned & np.isinf(first), np.float32(t), first)
        if back.any():
            self.reversed[k] = np.where(back, np.float32(t), self.reversed[k])

    def _own(self, k: np.ndarray | slice) -> np.ndarray:
        return self.reversed[k] - self.first[k] >= self.pause_s

    def content(
        self, t: float, ref: np.ndarray, img: np.ndarray, ring: np.ndarray, strong: float
    ) -> np.ndarray:
        """The blocks of `ring`, watched for `span_s` by `t`, where the pixels not the region's
        differ between `ref` and `img` by more than `strong`, on plain background before."""
        out = np.zeros(self.grid, bool)
        k = np.flatnonzero(ring.ravel() & (t - self.watched >= self.span_s))
        if not len(k):
            return out
        a, b = _tiles(ref, self.grid, k), _tiles(img, self.grid, k)
        free = ~self._own(k)
        diff = (np.maximum(a, b) - np.minimum(a, b)).astype(np.int32) * free
        changed = diff.sum(axis=(1, 2)) > strong * BLOCK * BLOCK
        written = _structure(a, free) < PLAIN * _structure(b, free)
        out.ravel()[k] = changed & written
        return out

    def moving(self, before: np.ndarray, img: np.ndarray, blocks: np.ndarray, level: float) -> bool:
        """Whether the pixels of `blocks` not the region's changed from `before` to `img` by more
        than `level` (summed over a block, as the block rule does): content shown there is still
        under way (the region's own edge moving out over the slide: a webcam being dragged)."""
        k = np.flatnonzero(blocks.ravel())
        if not len(k):
            return False
        a, b = _tiles(before, self.grid, k), _tiles(img, self.grid, k)
        diff = (np.maximum(a, b) - np.minimum(a, b)).astype(np.int32) * ~self._own(k)
        return bool((diff.sum(axis=(1, 2)) > level * BLOCK * BLOCK).any())

    def own(self) -> np.ndarray:
        """The regions' pixels, as an image (the ring's blocks watched so far)."""
        gh, gw = self.grid
        own = self._own(slice(None)).reshape(gh, gw, BLOCK, BLOCK)
        return own.swapaxes(1, 2).reshape(gh * BLOCK, gw * BLOCK)
