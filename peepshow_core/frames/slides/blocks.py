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

from peepshow_core.frames.diff import BLOCK, block_diff, components

Cell = tuple[int, int]

__all__ = ["Blob", "blobs", "block_diff", "copy_cells", "dilate", "energy", "grid_of"]


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
    found = []
    for group in components(diff > low):
        ys = [y for y, _ in group]
        xs = [x for _, x in group]
        peak = float(diff[ys, xs].max())
        if peak > high:
            found.append(Blob(frozenset(group), peak, max(ys) - min(ys) + 1, max(xs) - min(xs) + 1))
    return found


def energy(img: np.ndarray, cells: frozenset[Cell]) -> float:
    """How much structure (edges) `img` has in `cells`: mean |vertical + horizontal step|."""
    total = 0.0
    for y, x in cells:
        tile = img[y * BLOCK : (y + 1) * BLOCK, x * BLOCK : (x + 1) * BLOCK].astype(np.int16)
        total += float(np.abs(np.diff(tile, axis=0)).mean() + np.abs(np.diff(tile, axis=1)).mean())
    return total / max(1, len(cells))


def copy_cells(dst: np.ndarray, src: np.ndarray, cells: np.ndarray) -> None:
    """Copy the 8x8 blocks flagged in the boolean grid `cells` from `src` into `dst`."""
    if not cells.any():
        return
    gh, gw = cells.shape
    d = dst[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK)
    s = src[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK)
    np.copyto(d, s, where=np.broadcast_to(cells[:, None, :, None], d.shape))


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
