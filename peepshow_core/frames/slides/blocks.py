"""Compression noise: which differences between two analysis images count, grouped into blobs.

Images are small grayscale arrays (about 320 px wide); change is judged per 8x8 block by its
mean absolute difference (`frames.diff.block_diff`). A *blob* is an 8-connected group of blocks
above a low level that counts only when one of its blocks is above a high one: encoder noise and
the quality pulse at a keyframe spread thin over many blocks and never reach it, a line of text
appearing does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peepshow_core.frames.diff import BLOCK, block_diff, label
from peepshow_core.frames.slides.tuning import PLAIN

Cell = tuple[int, int]
STEPS = BLOCK * (BLOCK - 1)  # steps between neighbouring pixels of a block, down or across

__all__ = [
    "Blob",
    "blobs",
    "block_diff",
    "box_of",
    "cell_steps",
    "copy_cells",
    "dilate",
    "energy",
    "grid_of",
]


@dataclass(frozen=True)
class Blob:
    cells: frozenset[Cell]
    peak: float  # the strongest block's mean |diff|
    height: int  # blocks
    width: int

    def fits(self, blocks: int) -> bool:
        """Whether it fits in a square of `blocks` blocks."""
        return self.height <= blocks and self.width <= blocks

    def mask(self, grid: tuple[int, int]) -> np.ndarray:
        out = np.zeros(grid, bool)
        ys, xs = zip(*self.cells, strict=True)
        out[list(ys), list(xs)] = True
        return out


def grid_of(img: np.ndarray) -> tuple[int, int]:
    """The block grid of an analysis image."""
    return img.shape[0] // BLOCK, img.shape[1] // BLOCK


def blobs(
    diff: np.ndarray, low: float, high: float, ignore: np.ndarray | None = None
) -> list[Blob]:
    """The blobs of a block-difference grid (blocks above `low`) that reach `high`."""
    if ignore is not None:
        diff = np.where(ignore, 0.0, diff)
    if float(diff.max(initial=0.0)) <= high:
        return []
    groups, _ = label(diff > low)
    found = []
    for number in np.unique(groups[diff > high]).tolist():
        if not number:
            continue  # (a strong block below `low`: only with `high` < `low`)
        ys, xs = np.nonzero(groups == number)
        peak = float(diff[ys, xs].max())
        cells = frozenset(zip(ys.tolist(), xs.tolist(), strict=True))
        height, width = int(ys.max() - ys.min()) + 1, int(xs.max() - xs.min()) + 1
        found.append(Blob(cells, peak, height, width))
    return found


def cell_steps(img: np.ndarray, cells: list[Cell]) -> np.ndarray:
    """Each cell's structure: its 8x8 block's |vertical| + |horizontal| steps between
    neighbouring pixels, summed as integers (int64, one per cell, in the order of `cells`)."""
    if not cells:
        return np.zeros(0, np.int64)
    gh, gw = grid_of(img)
    ys, xs = zip(*cells, strict=True)
    blocks = img[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK)
    tiles = blocks[list(ys), :, list(xs), :].astype(np.int16)  # (cells, BLOCK, BLOCK)
    down = np.abs(np.diff(tiles, axis=1)).sum(axis=(1, 2), dtype=np.int64)
    return down + np.abs(np.diff(tiles, axis=2)).sum(axis=(1, 2), dtype=np.int64)


def energy(img: np.ndarray, cells: frozenset[Cell]) -> float:
    """How much structure (edges) `img` has in `cells`: mean |vertical + horizontal step| (each
    block's steps summed as integers: the same value whatever the order of `cells`)."""
    if not cells:
        return 0.0
    return int(cell_steps(img, list(cells)).sum()) / (STEPS * len(cells))


def already_stood(before: np.ndarray, img: np.ndarray, cells: np.ndarray) -> bool:
    """Whether something already stood in the blocks of the grid `cells` before the change
    from `before` to `img`: they had at least `PLAIN` of the structure they have now (a glyph
    replaced by another, or uncovered; not one written on plain background)."""
    where = frozenset((int(y), int(x)) for y, x in zip(*np.nonzero(cells), strict=True))
    return energy(before, where) >= PLAIN * energy(img, where)


def fits(cells: np.ndarray, blocks: int) -> bool:
    """Whether the blocks of the boolean grid `cells` fit in a square of `blocks` blocks (as a
    blob's do: `Blob.fits`)."""
    ys, xs = np.nonzero(cells)
    if not len(ys):
        return True
    return int(ys.max() - ys.min()) < blocks and int(xs.max() - xs.min()) < blocks


def cells_of(found: list[Blob], grid: tuple[int, int]) -> np.ndarray:
    """The blocks of the blobs `found`, as a boolean grid."""
    cells = np.zeros(grid, bool)
    for blob in found:
        cells |= blob.mask(grid)
    return cells


def copy_cells(dst: np.ndarray, src: np.ndarray, cells: np.ndarray) -> None:
    """Copy the 8x8 blocks flagged in the boolean grid `cells` from `src` into `dst`."""
    ys, xs = np.nonzero(cells)
    if not len(ys):
        return
    gh, gw = cells.shape
    d = dst[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK)
    s = src[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK)
    d[ys, :, xs, :] = s[ys, :, xs, :]


def box_of(cells: np.ndarray) -> np.ndarray:
    """The rectangle of blocks around `cells`."""
    box = np.zeros_like(cells)
    ys, xs = np.nonzero(cells)
    if len(ys):
        box[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] = True
    return box


def dilate(mask: np.ndarray) -> np.ndarray:
    """Grow a block mask by one block in every direction."""
    if not mask.any():
        return mask
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= grown[:, :-1].copy()
    grown[:, :-1] |= grown[:, 1:].copy()
    return grown


def describe(found: list[Blob]) -> str:
    """How a settled change reads in the decision log."""
    cells = sum(len(b.cells) for b in found)
    return f"{len(found)} blob(s), {cells} blocks, peak {max(b.peak for b in found):.0f}"
