"""Whether the picture has held still: a change counts only once it has (a fade, a dissolve, a
push, a wipe, a scroll, a build animation, a click ripple have ended by then)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.blocks import Blob, blobs
from peepshow_core.frames.slides.tuning import SlidesTuning


def jumps(step: list[Blob], size: int) -> bool:
    """Whether something bigger than the pointer changed since the sample just before (`step`:
    what changed outside active regions, as `Motion.step` judged the pointer's steps): the
    pointer moves one small piece at a time, so this is no pointer moving, even on its path
    (a click ripple swelling around it). `size`: the pointer's extent (`Motion.size`)."""
    return any(not b.fits(size) for b in step)


def moving(
    lag_diff: np.ndarray,
    new: list[Blob] | None,
    jump: bool,
    ignore: np.ndarray,
    playing: np.ndarray,
    tuning: SlidesTuning,
    size: int,
) -> bool:
    """Whether the picture still changes: something bigger than the pointer changed since the
    sample just before (`jump`); any large blob of motion since `settle_s` ago (`lag_diff`);
    for a small change (`new`), any motion on it; for a large one, motion on its own blocks
    that goes one way (a bullet's line still fading in beside it), not back and forth (a caret
    blinking where the scrolled page put it: `playing`). Active regions and the pointer's path
    are left out (`ignore`): a pointer moving, elsewhere or over a new slide, does not keep it
    from settling. `size`: the pointer's extent in blocks (`Motion.size`)."""
    if jump:
        return True
    motion = blobs(lag_diff, tuning.motion, tuning.weak, ignore)
    if any(not b.fits(size) for b in motion):
        return True
    if new is None:
        return False
    where = set().union(*(b.cells for b in new))
    if any(not b.fits(size) for b in new):
        if len(where) > tuning.wide_share * lag_diff.size:
            return False  # (a new slide: the pointer moving over it is no transition)
        where = {cell for cell in where if not playing[cell]}
    return any(b.cells & where for b in motion)
