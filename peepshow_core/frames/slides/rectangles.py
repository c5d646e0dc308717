"""Active blocks grouped into regions, each of one kind (overlays, or not), and the rectangle
each takes (`regions`): a webcam beside a clip is two; pieces bigger than the pointer at most
two blocks apart are one (a clip's parts that hold still between shots); a pointer-sized piece
never bridges others, and joins a bigger one of its kind within reach.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from peepshow_core.frames.diff import components, is_small, label
from peepshow_core.frames.slides.blocks import dilate

Box = tuple[int, int, int, int]  # y0, y1, x0, x1 of a rectangle of blocks (the ends excluded)


class Region(NamedTuple):
    where: tuple[np.ndarray, np.ndarray]  # its blocks (rows, columns)
    box: Box
    overlay: bool  # any of its blocks is an overlay's

    @staticmethod
    def of(cells: list[tuple[int, int]], overlay: np.ndarray) -> Region:
        ys, xs = (np.array(v, np.intp) for v in zip(*cells, strict=True))
        box = (int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1)
        return Region((ys, xs), box, bool(overlay[ys, xs].any()))


def grouped(active: np.ndarray, overlay: np.ndarray, small: int) -> list[list[tuple[int, int]]]:
    """The `active` blocks, grouped into regions, each of one kind (`overlay`, or not): a
    webcam beside a clip is two. Pieces are 8-connected blocks of a kind; pieces bigger
    than the pointer (`small` blocks a side) at most two blocks apart are one region (a clip's
    parts that hold still between shots); a pointer-sized piece never bridges others, and
    joins a bigger one within reach: a caret's old and new places a few lines apart, a caret
    blinking beside a webcam, are regions of their own, and the line written between them is
    content; a speck of a clip beside its busy part is the clip."""
    out = []
    for kind in (overlay, ~overlay):
        pieces = [sorted(piece) for piece in components(active & kind)]
        big = np.zeros_like(active)
        for piece in pieces:
            if not is_small(set(piece), small):
                big[tuple(zip(*piece, strict=True))] = True
        near, _ = label(dilate(big))  # (groups of big pieces, by number)
        joined: dict[int, list[tuple[int, int]]] = {}
        for piece in pieces:
            number = int(near[piece[0]]) if big[piece[0]] else _within_reach(piece, big, near)
            if number:
                joined.setdefault(number, []).extend(piece)
            else:
                out.append(piece)
        out.extend(joined.values())
    return out


def _within_reach(piece: list[tuple[int, int]], big: np.ndarray, near: np.ndarray) -> int:
    """The group (its number in `near`) of a piece in `big` within reach of `piece` (two
    blocks between them at most), or 0."""
    reach = np.zeros_like(big)
    reach[tuple(zip(*piece, strict=True))] = True
    reach = dilate(dilate(dilate(reach))) & big
    return int(near[reach].max(initial=0))


def pieces(cells: np.ndarray) -> list[Box]:
    """The rectangles of the 8-connected pieces of `cells`."""
    return [Region.of(sorted(piece), cells).box for piece in components(cells)]


def within(box: Box, boxes: list[Box]) -> bool:
    """Whether `box` lies within one of `boxes`."""
    y0, y1, x0, x1 = box
    return any(b[0] <= y0 and y1 <= b[1] and b[2] <= x0 and x1 <= b[3] for b in boxes)
