"""Active blocks grouped into regions, each of one kind (overlays, or not), and the rectangle
each takes (`regions`): a webcam beside a clip is two; pieces bigger than the pointer at most
two blocks apart and in line (side by side or one above the other) are one (a clip's parts
that hold still between shots); a pointer-sized piece never bridges others, and joins a bigger
one of its kind within reach.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from peepshow_core.frames.diff import components, is_small

Box = tuple[int, int, int, int]  # y0, y1, x0, x1 of a rectangle of blocks (the ends excluded)
REACH = 2  # blocks that may lie between two pieces of one region


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
    than the pointer (`small` blocks a side) at most two blocks apart and in line (`_in_line`)
    are one region (a clip's parts that hold still between shots); a pointer-sized piece never
    bridges others, and joins a bigger one in line within reach: a caret's old and new places
    a few lines apart, a caret blinking beside a webcam, are regions of their own, and the line
    written between them is content; a speck of a clip beside its busy part is the clip; a
    calm webcam learned pointer-sized off a clip's corner is not."""
    out = []
    for kind in (overlay, ~overlay):
        pieces = [sorted(piece) for piece in components(active & kind)]
        bigs = [_Piece.of(p) for p in pieces if not is_small(set(p), small)]
        numbers = _big_groups(bigs)
        joined: dict[int, list[tuple[int, int]]] = {}
        for piece in pieces:
            number = _number(_Piece.of(piece), bigs, numbers)
            if number:
                joined.setdefault(number, []).extend(piece)
            else:
                out.append(piece)
        out.extend(joined.values())
    return out


class _Piece(NamedTuple):
    first: tuple[int, int]  # its first block
    where: tuple[np.ndarray, np.ndarray]  # its blocks (rows, columns)
    box: Box

    @staticmethod
    def of(cells: list[tuple[int, int]]) -> _Piece:
        ys, xs = (np.array(v, np.intp) for v in zip(*cells, strict=True))
        box = (int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1)
        return _Piece(cells[0], (ys, xs), box)

    def near(self, other: _Piece) -> bool:
        """At most two blocks lie between the two, and they are in line (`_in_line`)."""
        gap_y = max(self.box[0], other.box[0]) - min(self.box[1], other.box[1])
        gap_x = max(self.box[2], other.box[2]) - min(self.box[3], other.box[3])
        if max(gap_y, gap_x) > REACH or not _in_line(self.box, other.box):
            return False
        dy = np.abs(self.where[0][:, None] - other.where[0][None, :])
        dx = np.abs(self.where[1][:, None] - other.where[1][None, :])
        return bool((np.maximum(dy, dx) <= REACH + 1).any())


def _big_groups(bigs: list[_Piece]) -> list[int]:
    """The group of each piece bigger than the pointer, numbered from 1: pieces `near` each
    other are one group, and so is a chain of such."""
    group = list(range(len(bigs)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i, a in enumerate(bigs):
        for j in range(i + 1, len(bigs)):
            if a.near(bigs[j]):
                group[root(j)] = root(i)
    return [root(i) + 1 for i in range(len(bigs))]


def _number(piece: _Piece, bigs: list[_Piece], numbers: list[int]) -> int:
    """The group a piece joins: its own, if it is one of the big ones; else that of a big one
    `near` it (the highest numbered), or 0."""
    for big, number in zip(bigs, numbers, strict=True):
        if big.first == piece.first:
            return number
    return max((n for big, n in zip(bigs, numbers, strict=True) if piece.near(big)), default=0)


def _in_line(a: Box, b: Box) -> bool:
    """Whether two rectangles lie side by side or one above the other: their rows, or their
    columns, overlap. A webcam in a slide's corner diagonally beside a clip's corner is no part
    of the clip: their hull would mask the slide's empty corner between them."""
    return min(a[1], b[1]) > max(a[0], b[0]) or min(a[3], b[3]) > max(a[2], b[2])
