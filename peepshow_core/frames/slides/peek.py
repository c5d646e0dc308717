"""How a keyframe differs from the tracked state, through the noise model, without learning from
it: the fast path's question about the keyframe that closes a GOP (`planner.Keys`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from peepshow_core.frames.slides.blocks import blobs, block_diff, copy_cells
from peepshow_core.frames.slides.planner import Keys
from peepshow_core.frames.slides.pointer import appeared, still_there
from peepshow_core.frames.slides.tracker import Tracker


class Peek(NamedTuple):
    keys: Keys
    changed: float  # the share of the picture's blocks in the changes found (1.0: unknown)


def peek(tracker: Tracker, img: np.ndarray) -> Peek:
    """`same`: nothing beyond active regions, held changes and the pointer leaving; `inside`:
    the same but for a change inside a slide's own clip or animation, which may have stopped
    and shown content there; `small`: only pointer-sized things appeared; else `large`."""
    live = tracker.reference()
    if live is None:
        return Peek(Keys.large, 1.0)
    tuning, regions = tracker.tuning, tracker.regions
    ref = live.copy()
    copy_cells(ref, img, regions.core())
    diff = block_diff(ref, img)
    path = tracker.pointer_path
    ignore = tracker.mask | path
    for held in tracker.small:  # held changes that still look the same are nothing new
        if still_there(held, ref, img, tuning.weak, tracker.mask, diff):
            ignore = ignore | held.cells
    found = blobs(diff, tuning.weak, tuning.strong, ignore)
    size = tracker.motion.size
    found = [b for b in found if not b.fits(size) or appeared(ref, img, b)]
    if not found:
        inner = regions.inner()
        if inner.any() and blobs(block_diff(live, img), tuning.weak, tuning.strong, ~inner | path):
            return Peek(Keys.inside, 0.0)
        return Peek(Keys.same, 0.0)
    changed = sum(len(b.cells) for b in found) / diff.size
    return Peek(Keys.small if all(b.fits(size) for b in found) else Keys.large, changed)
