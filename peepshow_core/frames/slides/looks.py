"""What the pointer has looked like, and the states kept that may have been it.

Looks are learned from small things that moved in and rested, cut from the pointer seen moving,
and taken from small things that left plain background (the pointer hiding). A small change
that stayed is kept as a state when nothing known tells it from a small build; one that could
be the pointer (pointer-shaped, one piece) is *doubted*, and withdrawn if the pointer is later
known by its look: a pointer that showed where it rests, unseen on its way there, before any
of its looks was known (it hid while the presenter typed; the recording began with it hidden),
is known once it moves and rests again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from peepshow_core.frames.slides.blocks import Blob
from peepshow_core.frames.slides.displaced import displaced
from peepshow_core.frames.slides.pointer import (
    Held,
    Look,
    alike,
    at_edges,
    cell_box,
    luma,
    pointer_shaped,
    solid,
    sprite,
)
from peepshow_core.frames.slides.states import Keep
from peepshow_core.frames.slides.tuning import (
    LOOK_SIZE,
    LOOKS_KEPT,
    POINTER_GROWTH,
)


class PointerLooks:
    """What the pointer has looked like, learned from small things that moved; and the looks
    of small things that left the picture (the pointer hiding, or moving off unseen)."""

    def __init__(self) -> None:
        self.looks: list[Look] = []
        self.places: list[np.ndarray | None] = []  # where each look was learned
        self.moving: list[Look] = []  # looks cut from the pointer seen moving (`seen_moving`)
        self.gone: list[Look] = []
        self.doubted: list[tuple[float, Look, Look | None]] = []  # (`doubt`)
        self.withdrawn: list[float] = []  # ... when those kept that were the pointer settled

    @property
    def seen(self) -> bool:
        """Whether the pointer has been seen: a look learned where it rested, or cut where it
        moved (camera footage has none: what stands out there is no pointer's)."""
        return bool(self.looks or self.moving)

    def learn(self, look: Look, cells: np.ndarray | None = None) -> None:
        """The pointer had `look` where it rested, on the blocks `cells`."""
        self._settle_doubts(look)
        if not any(_covers(known, look) for known in self.looks):
            self.looks.append(look)
            self.places.append(cells)
            del self.looks[:-LOOKS_KEPT], self.places[:-LOOKS_KEPT]

    def forget_in(self, regions: np.ndarray) -> None:
        """The looks learned where regions play now were their pictures, no pointer's: a
        small thing that moved in and rested where a webcam was learned since (its presenter
        moving, before the webcam was known) sets no bound on the pointer's size."""
        keep = [
            i for i, cells in enumerate(self.places) if cells is None or (cells & ~regions).any()
        ]
        if len(keep) < len(self.looks):
            self.looks = [self.looks[i] for i in keep]
            self.places = [self.places[i] for i in keep]

    def learn_held(self, held: Held) -> None:
        """The held thing was the pointer: learn what came and all that changed around it (the
        pointer over another background may be told by either)."""
        for look in (held.look, held.whole):
            if look is not None:
                self.learn(look, held.cells)

    def left(self, look: Look) -> None:
        """A small thing left the picture, leaving plain background (not a glyph replaced by
        another): the pointer hiding or moving off."""
        self.gone.append(look)
        del self.gone[:-LOOKS_KEPT]

    def could_be(self, look: Look, parts: Sequence[Look | None] = ()) -> bool:
        """Whether a thing never seen before could be the pointer in a new shape: pointer-shaped
        (`pointer_shaped`), one piece (`solid`) and, once the pointer's looks are known, no
        more than `POINTER_GROWTH` times as tall as the tallest of them. A look cut around
        several separate `parts` (`part_looks`: each cut on its own, None where nothing came)
        measures how far apart they are, not a size or a piece: its shape counts, and each part
        must be one the pointer could be (where it left and where it is now; a line typed
        beside a terminal's caret is a part of many glyphs)."""
        if not pointer_shaped(look):
            return False
        if len(parts) > 1:
            return all(part is None or self.could_be(part) for part in parts)
        tallest = max((known.mask.shape[0] for known in _whole(self.looks)), default=None)
        return solid(look) and (tallest is None or look.mask.shape[0] <= POINTER_GROWTH * tallest)

    def knows(self, held: Held) -> bool:
        """Whether the held thing looks like the pointer did, or like a small thing that left
        the picture; or is the pointer in another shape: no wider than tall (arrow, I-beam,
        hand) and as tall as one of those (the arrow that became an I-beam over text, or a
        hand over a link, where it rests)."""
        look = held.look
        if look is None:
            return False
        for seen in (look, held.whole):  # (what came, or all that changed around it)
            if seen is not None and (
                self._known(seen) or any(alike(seen, known) for known in self.gone)
            ):
                return True
        height, width = look.mask.shape
        return width <= height and any(
            abs(height - known.mask.shape[0]) <= max(2, LOOK_SIZE * known.mask.shape[0])
            for known in _whole(self.looks + self.moving + self.gone)
        )

    def stepped(self, held: Held, base: Any, grid: tuple[int, int], around: np.ndarray) -> bool:
        """Whether the held thing could be the pointer (`could_be`) and stepped there from
        beside it (`displaced`: what came is what went from elsewhere in the crop around
        `around`, one block wider; cut from its frame against `base`)."""
        if held.look is None or not self.could_be(held.look):
            return False
        lumas = _lumas(held.frame, base)
        return lumas is not None and displaced(*_crops(*lumas, around, grid)[1:])

    def rested(self, held: Held) -> None:
        """The held thing, known as the pointer (`knows`), rests: a state doubted that looks
        like it was the pointer too; known by a look the pointer had moving, that look is the
        pointer's at rest (it sets the size it keeps)."""
        for look in (held.look, held.whole):
            if look is not None:
                self._settle_doubts(look)
        if held.look is not None and any(alike(held.look, known) for known in self.moving):
            self.learn(held.look, held.cells)

    def seen_moving(self, look: Look) -> None:
        """A look the pointer had while seen moving: it is known by it where it rests next.
        Cut from one step of a stroke, it may hold what changed beside it: unlike the look of
        a rest the pointer moved to, it sets no bound on the pointer's size (`could_be`); the
        pointer in another shape is as tall as either (`knows`)."""
        self._settle_doubts(look)
        if not any(_covers(known, look) for known in self.moving):
            self.moving.append(look)
            del self.moving[:-LOOKS_KEPT]

    def doubt(self, held: Held) -> None:
        """A small change kept as a state (it stayed, and nothing known told it from a small
        build) that could be the pointer (`could_be`): withdrawn if the pointer is later known
        by its look, or by all that changed around it."""
        if held.look is not None and self.could_be(held.look):
            self.doubted.append((held.time_s, held.look, held.whole))

    def all_pointer(
        self, found: list[Blob], keep: Keep, base: Any, grid: tuple[int, int], size: int
    ) -> bool:
        """Whether each blob of a change is the pointer: no bigger than it (`size` blocks) and
        known by a look it had (`knows`), cut from the state's frame against `base`."""
        for blob in found:
            if not blob.fits(size):
                return False
            cells = blob.mask(grid)
            held = Held(keep.time_s, cells, cells, keep.image, keep.frame)
            self.take_look(held, base, grid)
            if not self.knows(held):
                return False
        return True

    def _settle_doubts(self, look: Look) -> None:
        """A look the pointer has had, just learned: the states doubted that look so were the
        pointer."""
        for doubted in list(self.doubted):
            if any(seen is not None and alike(seen, look) for seen in doubted[1:]):
                self.doubted.remove(doubted)
                self.withdrawn.append(doubted[0])

    def _known(self, look: Look) -> bool:
        return any(alike(look, known) for known in self.looks + self.moving)

    def take_look(self, held: Held, base: Any, grid: tuple[int, int]) -> None:
        """Cut the held thing out of its frame at full resolution, against `base` (the frame of
        the reference picture); no look when that can't be done (no base frame, other sizes)."""
        lumas = _lumas(held.frame, base)
        if lumas is None:
            return
        box, now, before = _crops(*lumas, held.cells, grid)
        found = sprite(now, before)
        if found is not None:
            look, held.offset = found
            held.look = _placed(look, held.offset, box, lumas[0].shape)
            held.box = box
            whole = sprite(now, before, whole=True)
            held.whole = _placed(*whole, box, lumas[0].shape) if whole is not None else None


def _covers(known: Look, look: Look) -> bool:
    """Whether `known` stands for `look`: alike, and cut by the picture's edges no more (the
    pointer seen whole is learned though its tip at the picture's foot was known)."""
    return not (known.cut - look.cut) and alike(look, known)


def _whole(looks: Sequence[Look]) -> list[Look]:
    """The looks not cut by the picture's edges: only those tell the pointer's size."""
    return [look for look in looks if not look.cut]


def part_looks(
    frame: Any, base: Any, found: list[Blob], grid: tuple[int, int]
) -> list[Look | None]:
    """The look of each blob of a small change on its own, cut from its frame at full
    resolution against `base` (None where nothing is cut); none for one blob, or without
    frames of one size to cut from."""
    lumas = _lumas(frame, base) if len(found) >= 2 else None
    if lumas is None:
        return []
    out: list[Look | None] = []
    for blob in found:
        box, now, before = _crops(*lumas, blob.mask(grid), grid)
        cut = sprite(now, before)
        out.append(_placed(*cut, box, lumas[0].shape) if cut is not None else None)
    return out


def _placed(
    look: Look, offset: tuple[int, int], box: tuple[int, int, int, int], shape: tuple[int, ...]
) -> Look:
    """`look`, cut at `offset` in the crop `box` of a picture of `shape`, with the picture's
    edges it reaches (`at_edges`)."""
    return at_edges(look, (box[0] + offset[0], box[2] + offset[1]), shape)


def _lumas(frame: Any, base: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The full-resolution luma of `frame` and of `base`, None unless both are there and of
    one size (a look is cut from the one against the other)."""
    if frame is None or base is None:
        return None
    now, before = luma(frame), luma(base)
    return (now, before) if now.shape == before.shape else None


def _crops(
    now: np.ndarray, before: np.ndarray, cells: np.ndarray, grid: tuple[int, int]
) -> tuple[tuple[int, int, int, int], np.ndarray, np.ndarray]:
    """The full-resolution box around `cells` (`cell_box`) and both pictures cropped to it."""
    y0, y1, x0, x1 = cell_box(cells, now.shape, grid)
    return (y0, y1, x0, x1), now[y0:y1, x0:x1], before[y0:y1, x0:x1]
