"""A small thing that moved: the one that came is one that left from beside it.

Text, a diagram or a build never moves a few pixels and rests: what appears where nothing
was, or replaces a glyph, is new. A small thing whose pixels are those of a thing that stood
beside it in the picture before, and left from there, moved: the pointer stepping a block or
so as it settles, unseen at the analysis size, or turning from the arrow it moved in to the
I-beam it had where it rested before, or shifting a few pixels where it rests.
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tuning import LOOK_VALUES, SEARCH_PIXELS, SPRITE_LEVEL


def displaced(now: np.ndarray, before: np.ndarray) -> bool:
    """Whether what changed between `before` and `now` (full-resolution luma crops of one
    place) is a thing that moved within the crop: for some shift, the pixels that came match
    what `before` holds that far back, and the pixels that went match what `now` holds that
    far on (each by less than `LOOK_VALUES` on average), what came matching in one place only
    (`_one_place`). A glyph replaced by another, however alike the two, is no shift of one
    thing. What came is taken whole, and without what lies where the thing went (text it
    uncovered there, brighter than its outline had been: no part of it)."""
    now16, before16 = now.astype(np.int16), before.astype(np.int16)
    changed = np.abs(now16 - before16) > SPRITE_LEVEL
    background = np.int16(np.median(before))
    came = changed & (np.abs(now16 - background) > np.abs(before16 - background))
    went = changed & ~came
    if not came.any() or not went.any():
        return False
    wy, wx = np.nonzero(went)
    beyond = came.copy()
    beyond[max(0, wy.min() - 1) : wy.max() + 2, max(0, wx.min() - 1) : wx.max() + 2] = False
    return any(
        _shifted(before16, now16, went, shift)
        for pixels in (came, beyond)
        if pixels.any()
        for shift in _one_place(pixels, _shifts(now16, before16, pixels))
    )


def _one_place(pixels: np.ndarray, shifts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`shifts`, if they all lie within the size of the box of `pixels` of each other: what
    came stood in one place; none if it matches further apart (a glyph's stroke matches
    strokes everywhere: no evidence where it came from)."""
    if not shifts:
        return []
    ys, xs = np.nonzero(pixels)
    dy, dx = np.array(shifts).T
    if np.ptp(dy) > np.ptp(ys) + 1 or np.ptp(dx) > np.ptp(xs) + 1:
        return []
    return shifts


def _shifts(now: np.ndarray, before: np.ndarray, came: np.ndarray) -> list[tuple[int, int]]:
    """The shifts (dy, dx), none zero, by which the pixels `came` in `now` match `before`
    held them that far back. Searched a row of shifts at a time over at most
    `SEARCH_PIXELS` of them, evenly spread; each shift found is then checked on them all."""
    ys, xs = np.nonzero(came)
    height, width = now.shape
    dys = np.arange(int(ys.max()) - height + 1, int(ys.min()) + 1)
    dxs = np.arange(int(xs.max()) - width + 1, int(xs.min()) + 1)
    step = max(1, len(ys) // SEARCH_PIXELS)
    sy, sx = ys[::step], xs[::step]
    values = now[sy, sx]
    found = []
    for dy in dys:
        at = before[sy - dy, sx - dxs[:, None]]  # (shift x, pixel)
        for j in np.nonzero(np.abs(at - values).mean(axis=1) < LOOK_VALUES)[0]:
            shift = (int(dy), int(dxs[j]))
            if shift != (0, 0) and _shifted(now, before, came, (-shift[0], -shift[1])):
                found.append(shift)
    return found


def _shifted(
    first: np.ndarray, then: np.ndarray, pixels: np.ndarray, shift: tuple[int, int]
) -> bool:
    """Whether `pixels` of the picture `first` stand `shift` on in the picture `then` (a
    negative shift: back), matching by less than `LOOK_VALUES` on average."""
    ys, xs = np.nonzero(pixels)
    sy, sx = ys + shift[0], xs + shift[1]
    if sy.min() < 0 or sx.min() < 0 or sy.max() >= then.shape[0] or sx.max() >= then.shape[1]:
        return False
    return float(np.abs(then[sy, sx] - first[ys, xs]).mean()) < LOOK_VALUES
