"""Frame-difference scoring shared by every strategy.

Images are small grayscale (luma) arrays. Change is judged per 8x8 block, like ffmpeg's mpdecimate:
a frame differs when any block changes strongly (mean |diff| > `hi`) or when many blocks change a
little (more than `frac` of them above `lo`). A whole-frame mean would miss text-only changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BLOCK = 8
ANALYSIS_WIDTH = 320
THUMB_DIVISOR = 4  # thumbnails for max_frames selection are analysis images / 4 (80 px wide)
BLANK_RANGE = 24  # grey levels: the most a picture with nothing on it spans (black or a flat
# colour, an encoder's noise in it); faint text on black spans several times more

Blocks = frozenset[tuple[int, int]]


def analysis_size(width: int, height: int, target: int = ANALYSIS_WIDTH) -> tuple[int, int]:
    """(width, height) of the analysis image: at most `target` px wide, sides multiples of 8."""
    w = min(target, max(BLOCK, width - width % BLOCK))
    h = max(BLOCK, round(w * height / max(1, width) / BLOCK) * BLOCK)
    return w, h


@dataclass(frozen=True)
class BlockRule:
    hi: float = 10.0  # a block whose mean |diff| exceeds this is a strong change (mpdecimate: 12)
    lo: float = 5.0  # ... exceeds this is a weak change (mpdecimate: 5)
    frac: float = 0.10  # this share of weakly changed blocks also counts as a change

    def as_params(self) -> dict[str, float]:
        return {"block_hi": self.hi, "block_lo": self.lo, "block_frac": self.frac}


def block_sums(img: np.ndarray) -> np.ndarray:
    """The sum of each 8x8 block of a uint8 image (uint16, shape (h/8, w/8)): each block's 8
    rows added first (a column sum, at most 8 x 255), then its 8 columns (at most 64 x 255)."""
    h, w = img.shape
    by, bx = h // BLOCK, w // BLOCK
    if not by or not bx:
        return np.zeros((by, bx), np.uint16)
    cells = img[: by * BLOCK, : bx * BLOCK].reshape(by, BLOCK, bx * BLOCK)
    columns = cells.sum(axis=1, dtype=np.uint16)
    return np.add.reduceat(columns, np.arange(0, bx * BLOCK, BLOCK), axis=1, dtype=np.uint16)


def block_diff(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mean absolute difference of each 8x8 block (float32, shape (h/8, w/8))."""
    diff = np.maximum(a, b) - np.minimum(a, b)  # |a - b| without leaving uint8
    return block_sums(diff).astype(np.float32) * (1.0 / (BLOCK * BLOCK))


def is_change(blocks: np.ndarray, rule: BlockRule, ignore: np.ndarray | None = None) -> bool:
    if ignore is not None:
        blocks = np.where(ignore, 0.0, blocks)
    if float(blocks.max(initial=0.0)) > rule.hi:
        return True
    return int((blocks > rule.lo).sum()) > rule.frac * blocks.size


def distance(blocks: np.ndarray, rule: BlockRule, ignore: np.ndarray | None = None) -> float:
    """How different two images are, 0..1, from the total amount of change (mean block |diff|).

    Adding one bullet scores ~0.15, a new slide of text ~0.3, a different picture close to 1.
    """
    if ignore is not None:
        blocks = np.where(ignore, 0.0, blocks)
    if not blocks.size:
        return 0.0
    return round(1.0 - math.exp(-float(blocks.mean()) / 4.0), 4)


def label(cells: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected groups of True cells in a small boolean block grid: a grid numbering each
    cell's group from 1 (0 where False), and the number of groups. Each row's runs of True
    cells are joined to the runs of the row above that they touch (union-find over runs)."""
    h, w = cells.shape
    padded = np.zeros((h, w + 2), np.int8)
    padded[:, 1:-1] = cells
    step = np.diff(padded, axis=1)
    run_rows, run_starts = np.nonzero(step == 1)
    run_ends = np.nonzero(step == -1)[1]
    rows, starts, ends = run_rows.tolist(), run_starts.tolist(), run_ends.tolist()
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    j = 0  # the first run of the row above that may touch run i (runs in row-major order)
    for i, (row, start, end) in enumerate(zip(rows, starts, ends, strict=True)):
        while j < i and (rows[j] < row - 1 or (rows[j] == row - 1 and ends[j] < start)):
            j += 1
        k = j
        while k < i and rows[k] == row - 1 and starts[k] <= end:
            parent[root(k)] = root(i)
            k += 1
    numbers: dict[int, int] = {}
    run_labels = [numbers.setdefault(root(i), len(numbers) + 1) for i in range(len(rows))]
    grid = np.zeros(h * w, np.int32)
    grid[np.flatnonzero(cells)] = np.repeat(np.array(run_labels, np.int32), run_ends - run_starts)
    return grid.reshape(h, w), len(numbers)


def components(cells: np.ndarray) -> list[set[tuple[int, int]]]:
    """8-connected groups of True cells in a small boolean block grid."""
    grid, count = label(cells)
    groups: list[set[tuple[int, int]]] = [set() for _ in range(count)]
    ys, xs = np.nonzero(grid)
    for y, x, k in zip(ys.tolist(), xs.tolist(), grid[ys, xs].tolist(), strict=True):
        groups[k - 1].add((y, x))
    return groups


def is_small(group: set[tuple[int, int]] | Blocks, max_blocks: int = 3) -> bool:
    """Fits in a max_blocks x max_blocks box: cursor-sized."""
    ys = [y for y, _ in group]
    xs = [x for _, x in group]
    return max(ys) - min(ys) < max_blocks and max(xs) - min(xs) < max_blocks


def near(group: set[tuple[int, int]] | Blocks, zone: set[tuple[int, int]], gap: int = 1) -> bool:
    """True when a cell of `group` lies within `gap` blocks of a cell of `zone`."""
    return any(
        (y + dy, x + dx) in zone
        for y, x in group
        for dy in range(-gap, gap + 1)
        for dx in range(-gap, gap + 1)
    )


def thumbnail(analysis: np.ndarray) -> np.ndarray:
    """A 4x smaller copy (one pixel per 4x4 area) kept for each candidate (80x45 bytes at 16:9)."""
    h, w = analysis.shape
    d = THUMB_DIVISOR
    cells = analysis[: h - h % d, : w - w % d].reshape(h // d, d, w // d, d)
    return cells.mean(axis=(1, 3)).astype(np.uint8)


def is_blank(analysis: np.ndarray) -> bool:
    """Nothing to see: a black (or flat) picture, the opening or end of many recordings."""
    return bool(analysis.size) and int(analysis.max()) - int(analysis.min()) <= BLANK_RANGE


def thumb_distance(a: np.ndarray, b: np.ndarray, rule: BlockRule) -> float:
    """`distance` on thumbnails: 2x2 thumbnail cells stand for the 8x8 analysis blocks."""
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16)).astype(np.float32)
    h, w = diff.shape
    cells = diff[: h - h % 2, : w - w % 2].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
    return distance(cells, rule)


def hsv_content_score(a_hsv: np.ndarray, b_hsv: np.ndarray) -> float:
    """PySceneDetect ContentDetector's score: mean |dH|,|dS|,|dV| averaged (0..255 scale)."""
    diff = np.abs(a_hsv.astype(np.int16) - b_hsv.astype(np.int16))
    hue = diff[..., 0]
    hue = np.minimum(hue, 256 - hue)  # hue is circular
    return float((hue.mean() + diff[..., 1].mean() + diff[..., 2].mean()) / 3.0)
