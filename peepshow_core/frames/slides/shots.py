"""A clip's own cut to its next shot, told from a change of the slide around it.

A clip cuts to its next shot: most of its blocks change at once. What changed with it, touching
it, is its picture too (a shot's sky, a band nothing moves in: they change only at its cuts,
seconds apart, and would never be learned by themselves; its edge falling a pixel into the next
block row), unless it is more than `CUT_REACH` times the region's rectangle: then the slide
changed around it (a push over a mostly plain slide, not frame-wide, moves a small region with
everything else). A big clip's cut is wider than `wide_share`: it is no transition while it
stays within the mask but for what changed with it so (`own_cut`).

Functions over `regions.ActiveRegions` (its rectangles and blocks), kept apart from how the
regions are learned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from peepshow_core.frames.diff import label
from peepshow_core.frames.slides.blocks import dilate
from peepshow_core.frames.slides.rectangles import Region
from peepshow_core.frames.slides.tuning import CUT_REACH, CUT_SHARE

if TYPE_CHECKING:
    from peepshow_core.frames.slides.regions import ActiveRegions


def taken_along(
    regions: ActiveRegions, step: np.ndarray, pointer: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The blocks not yet active that a region bigger than the pointer takes along as it cuts:
    most of its blocks changed for real at once, from one sample to the next (its shapes moving
    change a few at a time), and these changed with it, touching it: the parts of its picture
    that change only at its cuts (a shot's sky, a band nothing moves in) are the region's, not
    content that appeared beside it. Which region each block joins says whether it is an
    overlay: the second array."""
    tuning = regions.tuning
    joined_all = np.zeros(step.shape, bool)
    overlay = np.zeros(step.shape, bool)
    strong = step > tuning.strong
    if not strong.any():
        return joined_all, overlay
    jumped = step > tuning.weak
    if pointer is not None:
        jumped &= ~pointer
    for region in regions.groups():
        if not regions.big(region.box) or strong[region.where].mean() <= CUT_SHARE:
            continue
        joined = _touching(jumped, region) & ~regions.active & ~joined_all
        if not joined.any() or joined.sum() > CUT_REACH * _area(region):
            continue
        joined_all |= joined
        if region.overlay:
            overlay |= joined
    return joined_all, overlay


def own_cut(regions: ActiveRegions, changed: np.ndarray, pointer: np.ndarray) -> bool:
    """Whether a change wider than `wide_share` that reaches beyond the mask is a big region's
    own cut (a clip's next shot): most of the region's blocks changed, and beyond the mask only
    blocks that changed with it, touching it, did, no more than `CUT_REACH` times its rectangle
    (its picture's edge falling a pixel into the block row next to its rectangle, a shot's sky:
    `taken_along` takes them; a slide changing around a clip changes more, or apart from it)."""
    mask = regions.mask()
    beyond = changed & ~mask & ~pointer
    far = beyond & ~dilate(mask)
    for region in regions.groups():
        if (
            not regions.big(region.box)
            or regions.box_now(region) is None  # (stopped)
            or changed[region.where].mean() <= CUT_SHARE
        ):
            continue
        if not far.any():
            return True
        joined = _touching(changed, region)
        if not (far & ~joined).any() and beyond.sum() <= CUT_REACH * _area(region):
            return True
    return False


def _area(region: Region) -> int:
    y0, y1, x0, x1 = region.box
    return (y1 - y0) * (x1 - x0)


def _touching(changed: np.ndarray, region: Region) -> np.ndarray:
    """The region's blocks and the blocks of `changed` 8-connected to it through changed ones."""
    linked = changed.copy()
    linked[region.where] = True
    groups, _ = label(linked)
    return groups == groups[region.where[0][0], region.where[1][0]]
