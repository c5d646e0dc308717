"""Panels: a meeting's participant tiles, in a row or a column, are one overlay.

A meeting recorder lays a strip of participant tiles over the shared screen (or beside it):
several cameras of one size, side by side, a few pixels apart. Each camera is learned as an
overlay of its own, and only where its person moves: a small camera's wall and edges hold still.
What happens between and around them is the strip's, not the slide's: the active speaker's
border hopping from tile to tile, a tile whose camera is off (its name, its speaking ring).
So overlay rectangles that line up, of about one size across the strip and no further apart
than `PANEL_GAP` times their length along it (a tile whose camera is off between two), are one
panel: their hull is masked like one overlay. A lone webcam, or overlays of other sizes or not
in line (a webcam and a caret), stay what they are.

A tile whose camera is off at the strip's end lies beyond that hull. A change there that could
be one more tile (`one_more`: shaped as a camera's picture, as wide across the strip as the
panel, right beside its end) and is a frame (`framed`: what it moved lies along the edges of
its rectangle, as a speaker's border does; a box with its label or lines of text fill theirs)
is the strip's too (`beside`): the tracker heals it into its reference.
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.rectangles import Box
from peepshow_core.frames.slides.tuning import (
    FRAME_LEVEL,
    FRAME_PX,
    FRAME_SHARE,
    PANEL_GAP,
    PANEL_SIZE,
    TILE_SLACK,
    TILE_WIDE,
)


def panels(boxes: list[Box]) -> list[Box]:
    """`boxes` (overlays' rectangles) with those in line joined into their hull; the others as
    they are (in their order, a panel where its first tile was)."""
    group = list(range(len(boxes)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            if in_line(a, boxes[j]):
                group[root(j)] = root(i)
    out: dict[int, Box] = {}
    for i, box in enumerate(boxes):
        r = root(i)
        out[r] = hull(out[r], box) if r in out else box
    return list(out.values())


def in_line(a: Box, b: Box) -> bool:
    """Whether two rectangles are neighbouring tiles of one strip: along a row (or a column),
    their spans across it overlap by most of the smaller's and differ by at most `PANEL_SIZE`
    times, and the gap between them is at most `PANEL_GAP` times the longer one's length."""
    return _along(a, b, 0) or _along(a, b, 2)


def _along(a: Box, b: Box, across: int) -> bool:
    """`across` = 0: a row (spans across it are rows y0..y1); 2: a column (x0..x1)."""
    along = 2 - across
    a0, a1, b0, b1 = a[across], a[across + 1], b[across], b[across + 1]
    size_a, size_b = a1 - a0, b1 - b0
    if max(size_a, size_b) > PANEL_SIZE * min(size_a, size_b):
        return False
    if min(a1, b1) - max(a0, b0) < min(size_a, size_b) / 2:
        return False
    gap = max(a[along], b[along]) - min(a[along + 1], b[along + 1])
    longer = max(a[along + 1] - a[along], b[along + 1] - b[along])
    return gap <= PANEL_GAP * longer


def beside(
    cells: frozenset[tuple[int, int]], strips: list[Box], before: np.ndarray, after: np.ndarray
) -> bool:
    """Whether a change over `cells` (from `before` to `after`) could be one more tile of one
    of `strips` (panels: `one_more`) whose frame came or went (`framed`): the speaker's border
    on a tile whose camera is off, at the strip's end."""
    ys = [y for y, _ in cells]
    xs = [x for _, x in cells]
    box = (min(ys), max(ys) + 1, min(xs), max(xs) + 1)
    return any(one_more(box, strip) for strip in strips) and framed(before, after, cells)


def framed(before: np.ndarray, after: np.ndarray, cells: frozenset[tuple[int, int]]) -> bool:
    """Whether what changed over `cells` (blocks) from `before` to `after` (analysis images)
    is a frame: more than `FRAME_SHARE` of the pixels it moved by more than `FRAME_LEVEL` lie
    within `FRAME_PX` of the edges of their rectangle (a speaker's border drawn or taken away;
    a box with its label, a line of text, fill their rectangle)."""
    mask = np.zeros(before.shape, bool)
    for y, x in cells:
        mask[y * BLOCK : (y + 1) * BLOCK, x * BLOCK : (x + 1) * BLOCK] = True
    moved = mask & (np.abs(after.astype(np.int16) - before) > FRAME_LEVEL)
    ys, xs = np.nonzero(moved)
    if not len(ys):
        return False
    edge = np.minimum.reduce([ys - ys.min(), ys.max() - ys, xs - xs.min(), xs.max() - xs])
    return bool((edge <= FRAME_PX).mean() > FRAME_SHARE)


def one_more(box: Box, panel: Box) -> bool:
    """Whether a change in `box` could be one more tile at an end of `panel` (an overlay's
    rectangle, a meeting's cameras): shaped as a camera's picture (wider than tall, at most
    `TILE_WIDE` times; up to `TILE_SLACK` blocks narrower, where the mask around the panel
    cut it), right beside the panel along a row or a column (at most `TILE_SLACK` blocks
    between) and as wide across the strip as it (its ends within `TILE_SLACK` blocks of the
    panel's: the cameras are learned only where their people move)."""
    height, width = box[1] - box[0], box[3] - box[2]
    if not height - TILE_SLACK <= width <= TILE_WIDE * height:
        return False
    for across in (0, 2):
        along = 2 - across
        if abs(box[across] - panel[across]) > TILE_SLACK:
            continue
        if abs(box[across + 1] - panel[across + 1]) > TILE_SLACK:
            continue
        gap = max(box[along], panel[along]) - min(box[along + 1], panel[along + 1])
        if 0 <= gap <= TILE_SLACK + 1:
            return True
    return False


def hull(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])
