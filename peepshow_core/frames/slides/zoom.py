"""A zoom is a view, not a state: the kept picture seen closer.

Zooming recorders (Screen Studio, OBS zoom scripts) magnify the whole screen towards a click,
hold, and zoom back out; every pixel changes, and no slide does. `Views.judge` is asked about a
large change that settled: the whole picture again (zoomed out), a view of it (zoomed in, or
across while zoomed), or a change. Only a change that moved most edges (`WHOLESALE`) is
searched (`magnify.view_of`: where the view shows the kept picture magnified). A view with too
little in sight to judge is one when a picture the change passed through on its way is a view
(the latest first, at most `UNDER_WAY_TRIES`; a mix of the change's ends, a dissolve's
picture, never): the zoom was seen under way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from peepshow_core.frames.slides.blocks import blobs, block_diff
from peepshow_core.frames.slides.magnify import (
    COARSE_STEP,
    block_pixels,
    detailed,
    edge_blocks,
    shift_fits_better,
    view_of,
)
from peepshow_core.frames.slides.tuning import SlidesTuning

__all__ = ["Views", "view_of"]

WHOLESALE = 0.5  # a change searched for a zoom moved this share of the edges at least
UNDER_WAY_TRIES = 3  # pictures on a change's way looked at for a zoom (the latest with enough
# detail: a zoom's last steps are the closest to its view), when its view holds too little


class Views:
    """The whole kept picture while the tracker's kept picture is a zoomed view of it."""

    def __init__(self) -> None:
        self.whole: np.ndarray | None = None

    def judge(
        self,
        kept: np.ndarray,
        img: np.ndarray,
        ignore: np.ndarray,
        tuning: SlidesTuning,
        passing: Sequence[np.ndarray] = (),
        pointer: int | None = None,
    ) -> str | None:
        """How `img`, a large change settled against `kept`, shows the kept state: "out" (the
        whole picture again), "in" (a view of it: zoomed in, or across while zoomed) or None (a
        change). The caller takes `img` as its kept picture on either, without a new state.
        A view that holds too little to judge (`DETAIL`: a zoom into a plain part of the slide)
        is one when a picture the change passed through on its way (`passing`, oldest first)
        is a view: the zoom was seen under way. `pointer`: the pointer's extent in blocks
        (`Motion.size`; the prior `overlay_blocks` when not given)."""
        pointer = tuning.overlay_blocks if pointer is None else pointer
        whole = kept if self.whole is None else self.whole
        if self.whole is not None:
            found = blobs(block_diff(whole, img), tuning.weak, tuning.strong, ignore)
            if all(b.fits(pointer) for b in found):
                self.whole = None
                return "out"
        if not _wholesale(kept, img, ignore, tuning):
            return None
        if detailed(img, ignore):
            if view_of(whole, img, ignore, tuning, pointer=pointer) is None:
                return None
        elif not _under_way(whole, (kept, img), passing, ignore, tuning, pointer):
            return None
        self.whole = whole
        return "in"


def _under_way(
    whole: np.ndarray,
    ends: tuple[np.ndarray, np.ndarray],
    passing: Sequence[np.ndarray],
    ignore: np.ndarray,
    tuning: SlidesTuning,
    pointer: int,
) -> bool:
    """Whether one of the pictures a change passed through is a view of `whole`: the latest
    ones with enough detail first, at most `UNDER_WAY_TRIES` of them looked at, from one
    coarse step above no magnification (`COARSE_STEP`: into a plain part of the slide, only
    a zoom's first steps may show enough, magnified less than `ZOOM_MIN`). A picture that is
    a mix of the change's ends (`ends`: the kept picture and the view) is a dissolve's, and
    never searched."""
    tries = 0
    for picture in reversed(passing):
        if tries >= UNDER_WAY_TRIES:
            break
        if not detailed(picture, ignore):
            continue
        tries += 1
        if _mixed(*ends, picture, ignore, tuning):
            continue
        view = view_of(whole, picture, ignore, tuning, COARSE_STEP, pointer)
        if view is not None and not shift_fits_better(whole, picture, ignore, view):
            return True
    return False


def _mixed(
    a: np.ndarray, b: np.ndarray, picture: np.ndarray, ignore: np.ndarray, tuning: SlidesTuning
) -> bool:
    """Whether `picture` is a mix of `a` and `b` and a plain level (a cross-fade, a fade
    through black) through the noise model: the best such mix (least squares, `ignore` left
    out) leaves no blob at its levels."""
    keep = ~block_pixels(ignore, a.shape)
    terms = np.stack([a[keep], b[keep], np.ones(int(keep.sum()))], 1).astype(np.float64)
    gram = terms.T @ terms  # (the normal equations: 3 x 3)
    weights = np.linalg.lstsq(gram, terms.T @ picture[keep].astype(np.float64), rcond=None)[0]
    mix = a * weights[0] + b * weights[1] + weights[2]
    mix = np.clip(np.rint(mix), 0, 255).astype(np.uint8)
    return not blobs(block_diff(mix, picture), tuning.weak, tuning.strong, ignore)


def _wholesale(a: np.ndarray, b: np.ndarray, ignore: np.ndarray, tuning: SlidesTuning) -> bool:
    """Whether the change from `a` to `b` moved `WHOLESALE` of the blocks holding an edge in
    either (a zoom moves every edge; a build, or the pointer, a few: never searched)."""
    edges = (edge_blocks(a) | edge_blocks(b)) & ~ignore
    moved = edges & (block_diff(a, b) > tuning.strong)
    return bool(edges.any()) and moved.sum() >= WHOLESALE * edges.sum()
