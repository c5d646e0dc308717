"""The curtain: the pixels of regions that change on their own, painted flat in every picture.

`regions.ActiveRegions.curtain()` says which analysis pixels belong to a webcam, a playing clip
or anything else bigger than the pointer that keeps changing on its own, at pixel precision. The
tracker paints them flat (`PAINT`) in each picture it is fed and in every picture it holds, so
no difference it judges ever comes from there, while the slide's pixels sharing a block with
the region's edge are judged like any others. When the curtain grows, the pictures held are
painted where it grew; where it withdrew (a region that stopped), they take the live picture
(what the region left is the slide now, seen as it is, not as a change).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

PAINT = 0  # the flat value painted over the curtain


def painted(img: np.ndarray, curtain: np.ndarray | None) -> np.ndarray:
    """A copy of `img` with the curtain painted over."""
    out = img.copy()
    if curtain is not None:
        out[curtain] = PAINT
    return out


def repaint(
    pictures: Iterable[np.ndarray | None],
    old: np.ndarray | None,
    new: np.ndarray | None,
    live: np.ndarray,
) -> None:
    """Bring the `pictures` held (in place; None: no picture) from the `old` curtain to the
    `new` one; `live`: the picture just seen, unpainted."""
    shape = live.shape
    before = old if old is not None else np.zeros(shape, bool)
    after = new if new is not None else np.zeros(shape, bool)
    grew, withdrew = after & ~before, before & ~after
    if not grew.any() and not withdrew.any():
        return
    seen: set[int] = set()
    for picture in pictures:
        if picture is None or id(picture) in seen:
            continue
        seen.add(id(picture))
        picture[grew] = PAINT
        picture[withdrew] = live[withdrew]
