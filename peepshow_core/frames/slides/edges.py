"""The edges of regions that change on their own, to the pixel: what of a masked block beside a
webcam or a clip is the region's, and what is the slide's.

A region bigger than the pointer is masked as a rectangle of 8x8 blocks grown by one
(compression bleeds past its edge), and that ring of blocks is mostly slide: the few letters of
a line that show beside a webcam, or a word typed beside a clip, would be hidden with it. A
region's own pixels go back and forth (a head moving, a light's slow flicker, a clip's shapes,
and their bleed); content is drawn once (a word appearing, even fading in, and the encoder
sharpening it within a moment). So each pixel of the masked blocks is watched as a region's
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
shift, the picture's exposure.) Only the bounding box of the watched blocks is looked at.
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.diff import BLOCK, block_sums
from peepshow_core.frames.slides.tuning import PLAIN

Box = tuple[slice, slice, tuple[int, int, int, int]]


def _box(blocks: np.ndarray) -> Box | None:
    """The pixel slices of the bounding box of `blocks`, and the box in blocks."""
    ys, xs = np.nonzero(blocks)
    if not len(ys):
        return None
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    return slice(y0 * BLOCK, y1 * BLOCK), slice(x0 * BLOCK, x1 * BLOCK), (y0, y1, x0, x1)


def _structure(tiles: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Per block of `tiles` (blocks-rows, 8, blocks-columns, 8): the steps between neighbouring
    pixels both `free`, summed (`blocks.energy`, on the slide's pixels only)."""
    t = tiles.astype(np.int16)
    across = np.abs(t[..., 1:] - t[..., :-1]) * (free[..., 1:] & free[..., :-1])
    down = np.abs(t[:, 1:] - t[:, :-1]) * (free[:, 1:] & free[:, :-1])
    return across.sum(axis=(1, 3)) + down.sum(axis=(1, 3))


def _pixels(blocks: np.ndarray) -> np.ndarray:
    return np.repeat(np.repeat(blocks, BLOCK, axis=0), BLOCK, axis=1)


class RegionEdges:
    def __init__(self, grid: tuple[int, int], level: float, pause_s: float, span_s: float):
        self.grid = grid
        self.level = level  # a reversal turns back by more than this
        self.pause_s = pause_s  # reversed this long after it first moved: a region's pixel
        self.span_s = span_s  # a ring block is judged once watched this long
        shape = (grid[0] * BLOCK, grid[1] * BLOCK)
        self.extreme = np.zeros(shape, np.int16)  # furthest brightness this way
        self.direction = np.zeros(shape, np.int8)  # +1 rising, -1 falling, 0 not yet known
        self.first = np.full(shape, np.inf, np.float32)  # when each pixel first moved
        self.reversed = np.full(shape, -np.inf, np.float32)  # ... and last turned back
        self.watched = np.full(grid, np.inf)  # when each block was first watched

    def observe(self, t: float, img: np.ndarray, blocks: np.ndarray, evidence: bool) -> None:
        """The sample `img` at `t`; `blocks`: the masked ones, off the pointer's path.
        `evidence`: nothing bigger than the pointer changed outside the regions since the
        sample before (else the pixels start over from this one)."""
        box = _box(blocks)
        if box is None:
            return
        py, px, (y0, y1, x0, x1) = box
        here = _pixels(blocks[y0:y1, x0:x1])
        new = _pixels((blocks & np.isinf(self.watched))[y0:y1, x0:x1])
        np.minimum(self.watched, np.where(blocks, t, np.inf), out=self.watched)
        now = img[py, px].astype(np.int16)
        extreme, direction = self.extreme[py, px], self.direction[py, px]
        restart = new if evidence else here
        np.copyto(extreme, now, where=restart)
        np.copyto(direction, np.int8(0), where=restart)
        if not evidence:
            return
        here &= ~new
        move = now - extreme
        rising, falling = direction > 0, direction < 0
        back = here & ((rising & (move < -self.level)) | (falling & (move > self.level)))
        start = here & (direction == 0) & (np.abs(move) > self.level)
        turned = back | start
        np.copyto(direction, np.sign(move).astype(np.int8), where=turned)
        further = here & (((direction > 0) & (now > extreme)) | ((direction < 0) & (now < extreme)))
        np.copyto(extreme, now, where=turned | further)
        first = self.first[py, px]
        np.copyto(first, np.float32(t), where=start & np.isinf(first))
        np.copyto(self.reversed[py, px], np.float32(t), where=back)

    def _own(self, py: slice, px: slice) -> np.ndarray:
        return self.reversed[py, px] - self.first[py, px] >= self.pause_s

    def content(
        self, t: float, ref: np.ndarray, img: np.ndarray, ring: np.ndarray, strong: float
    ) -> np.ndarray:
        """The blocks of `ring`, watched for `span_s` by `t`, where the pixels not the region's
        differ between `ref` and `img` by more than `strong`."""
        out = np.zeros(self.grid, bool)
        judged = ring & (t - self.watched >= self.span_s)
        box = _box(judged)
        if box is None:
            return out
        py, px, (y0, y1, x0, x1) = box
        a, b = ref[py, px], img[py, px]
        own = self._own(py, px)
        diff = np.maximum(a, b) - np.minimum(a, b)
        diff[own] = 0
        changed = block_sums(diff) > strong * BLOCK * BLOCK
        shape = (y1 - y0, BLOCK, x1 - x0, BLOCK)
        free = ~own.reshape(shape)
        written = _structure(a.reshape(shape), free) < PLAIN * _structure(b.reshape(shape), free)
        out[y0:y1, x0:x1] = judged[y0:y1, x0:x1] & changed & written
        return out

    def own(self) -> np.ndarray:
        """The regions' pixels, as an image."""
        return self._own(slice(None), slice(None))
