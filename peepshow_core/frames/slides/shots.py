"""A clip's own cut to its next shot, told from a change of the slide around it.

A clip cuts to its next shot: most of its blocks change at once. What changed with it, touching
it, is its picture too (a shot's sky, a band nothing moves in: they change only at its cuts,
seconds apart, and would never be learned by themselves; its edge falling a pixel into the next
block row), unless it is more than `CUT_REACH` times the region's rectangle: then the slide
changed around it (a push over a mostly plain slide, not frame-wide, moves a small region with
everything else). A big clip's cut is wider than `wide_share`: it is no transition while it
stays within the mask but for what changed with it so (`own_cut`).

A clip big from its first picture is learned like a small one (`BigWindow`): a change wider
than `wide_share` only through *windows on a still screen* (`windows.windows`: a box its motion
fills, or one straight edges frame, at most `WINDOW_MAX` of the picture), going on in the same
place, is no transition. A clip filling close to half a slide changes more than `wide_share`
every sample: taken for a transition, it was never learned, the slide never held still and the
stretch was judged camera footage. A page scrolling or a slide pushed moves a box wider than
`WINDOW_MAX`. A slide cut around a big clip is no cut of the clip's own: what changed with it
makes a box wider than a window (`_within`), or lies outside the clip's frame on the picture,
which the cut took away (`_framed`).

A clip that stopped playing keeps its blocks for `region_quiet_s`: paused on a picture, it
may play on. One that ended, or went with its slide, leaving the slide's plain background
where it played (over `LEFT_SHARE` of its rectangle), is content again at once (`gone`): a
sample seconds after the last (a GOP the fast path skipped) counts any change since as
playing, and a build written there would be taken for the clip playing again — a clip on the
first slide, learned as an overlay as a webcam is (it plays from the opening), too. A
webcam lies on top of the slides and shows its picture after a slide change; captions not
learned yet, a line at the picture's foot, leave the background there between their cues
and come back: never gone.

Functions over `regions.ActiveRegions` (its rectangles and blocks), kept apart from how the
regions are learned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from peepshow_core.frames.diff import BLOCK, label
from peepshow_core.frames.slides.lines import on_a_line, pointer_sized
from peepshow_core.frames.slides.rectangles import Region
from peepshow_core.frames.slides.tuning import (
    CUT_REACH,
    CUT_SHARE,
    LEFT_SHARE,
    SAME_PLACE,
    SlidesTuning,
)
from peepshow_core.frames.windows import FRAME_STEP, WINDOW_MAX, background, framed_box, windows

if TYPE_CHECKING:
    from peepshow_core.frames.slides.regions import ActiveRegions


def taken_along(
    regions: ActiveRegions, t: float, step: np.ndarray, pointer: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The blocks not yet active that a region bigger than the pointer takes along as it cuts
    at `t`: most of its blocks changed for real at once, from one sample to the next (its shapes
    moving change a few at a time), and these changed with it, touching it: the parts of its
    picture that change only at its cuts (a shot's sky, a band nothing moves in) are the
    region's, not content that appeared beside it. A region most of whose blocks were learned
    within `settle_s` before is the change under way, no clip seen playing: it takes nothing
    along (a slow cross-fade to a slide much like the last, learned where the pointer had
    moved just before, grew by what it took along sample after sample over the slide). Which
    region each block joins says whether it is an overlay: the second array."""
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
        if 2 * (regions.became[region.where] > t - tuning.settle_s).sum() > region.where[0].size:
            continue
        joined = _touching(jumped, region) & ~regions.active & ~joined_all
        if not joined.any() or not _within(joined, region):
            continue
        joined_all |= joined
        if region.overlay:
            overlay |= joined
    return joined_all, overlay


def own_cut(
    regions: ActiveRegions,
    changed: np.ndarray,
    pointer: np.ndarray,
    before: np.ndarray,
    img: np.ndarray,
) -> bool:
    """Whether a change wider than `wide_share` that reaches beyond the mask, from `before` to
    `img`, is a big region's own cut (a clip's next shot): most of the region's blocks changed,
    and beyond the mask only blocks that changed with it, touching it, did, no more than
    `CUT_REACH` times its rectangle (its picture's edge falling a pixel into the block row next
    to its rectangle, a shot's sky: `taken_along` takes them; a slide changing around a clip
    changes more), within the region's frame on both pictures and the block ring around it
    (`windows.framed_box`: a shot's sky lies inside the clip's border, which stays; a slide
    cut takes the border away, and its new content beside the clip lies outside it, or brings
    a panel's own border where the clip was, bigger than the clip's; a title changed two block
    rows above the clip, joined to it by a descender, lies beyond it), and apart from it no
    more than a pointer-sized piece (a caret, a click's ring: a title, a line beside the clip
    is the slide changing, however near)."""
    mask, size = regions.mask(), regions.tuning.overlay_blocks
    beyond = changed & ~mask & ~pointer
    for region in regions.groups():
        if (
            not regions.big(region.box)
            or regions.box_now(region) is None  # (stopped)
            or changed[region.where].mean() <= CUT_SHARE
        ):
            continue
        joined = _touching(changed, region)
        near = beyond & joined
        stray = beyond & ~joined  # (a pointer-sized piece elsewhere: a caret, a click's ring)
        if (
            (not stray.any() or pointer_sized(stray, size))
            and _within(near, region)
            and _framed(near, region, img)
            and _framed(near, region, before)
        ):
            return True
    return False


def _framed(cells: np.ndarray, region: Region, img: np.ndarray) -> bool:
    """Whether `cells` lie within the region's frame on the picture (`framed_box`) or the
    block ring around it (compression bleeds past its edge, as the mask's ring)."""
    y0, y1, x0, x1 = framed_box(img, region.box)
    inside = np.zeros_like(cells)
    inside[max(0, y0 - 1) : y1 + 1, max(0, x0 - 1) : x1 + 1] = True
    return not (cells & ~inside).any()


class BigWindow:
    """A change wider than `wide_share` only through windows on a still screen (`windows`: a
    box what changed fills, or one straight edges frame, at most `WINDOW_MAX` of the picture;
    the blocks of a clip learned in part and the rest of it are one box), in the same place as
    the sample before (`SAME_PLACE` of its window blocks): a clip playing big in a slide. The
    regions learn from it as from any change, so it is learned as a small clip is. The first
    sample of such a run is a transition's all the same: a slide cut to a picture of a few
    boxes starts the regions' brightness over, and a webcam playing across it is an overlay
    (`ActiveRegions.transition`)."""

    def __init__(self) -> None:
        self.blocks: np.ndarray | None = None  # the last sample's window blocks, in a run

    def playing(
        self, changed: np.ndarray, img: np.ndarray, tuning: SlidesTuning
    ) -> np.ndarray | None:
        """The blocks the big clip plays in (the biggest window: a webcam beside it is another),
        when this wide sample is one playing (else None: a transition)."""
        inside = windows(changed, img, tuning.motion)
        last, self.blocks = self.blocks, inside
        if float((changed & ~inside).mean()) > tuning.wide_share:
            self.blocks = None
            return None
        if last is None or (inside & last).sum() < SAME_PLACE * last.sum():
            return None
        pieces, count = label(inside)
        sizes = np.bincount(pieces.ravel(), minlength=count + 1)[1:]
        return pieces == 1 + int(np.argmax(sizes))

    def stop(self) -> None:
        """A sample no wider than `wide_share`, or one the mask holds (the clip learned): the
        run is over (a slide cut around the clip is a transition's first sample)."""
        self.blocks = None


def _within(joined: np.ndarray, region: Region) -> bool:
    """Whether the blocks `joined` to a region can be its own picture's: no more than
    `CUT_REACH` times its rectangle, and the rectangle they make with it still a window on the
    slide (at most `WINDOW_MAX` of the picture, or the region's own rectangle and the block
    ring around it, its bleed: a slide cut around a clip filling close to half of it changes
    more)."""
    if not joined.any():
        return True
    if joined.sum() > CUT_REACH * _area(region):
        return False
    ys, xs = np.nonzero(joined)
    y0, y1, x0, x1 = region.box
    box = (max(y1, ys.max() + 1) - min(y0, ys.min())) * (max(x1, xs.max() + 1) - min(x0, xs.min()))
    return bool(box <= max(WINDOW_MAX * joined.size, (y1 - y0 + 2) * (x1 - x0 + 2)))


def _area(region: Region) -> int:
    y0, y1, x0, x1 = region.box
    return (y1 - y0) * (x1 - x0)


def _touching(changed: np.ndarray, region: Region) -> np.ndarray:
    """The region's blocks and the blocks of `changed` 8-connected to it through changed ones."""
    linked = changed.copy()
    linked[region.where] = True
    groups, _ = label(linked)
    return groups == groups[region.where[0][0], region.where[1][0]]


def gone(regions: ActiveRegions, img: np.ndarray) -> np.ndarray:
    """The blocks of the regions bigger than the pointer seen to stop playing (none of their
    blocks plays, and one did at the sample before) whose rectangle shows, on `img`, the
    slide's plain background over `LEFT_SHARE` of its pixels (within `FRAME_STEP` of the
    picture's background level): clips that ended and left nothing there, or went with
    their slide. A line at the picture's foot (`on_a_line`) is none: captions not learned
    yet leave the background there between their cues, and come back."""
    out = np.zeros_like(regions.active)
    stopped = {
        r.box: r
        for r in regions.groups()
        if regions.big(r.box) and not regions.playing[r.where].any() and not _line(regions, r)
    }
    new = [region for box, region in stopped.items() if box not in regions.stopped]
    regions.stopped = set(stopped)
    if not new:
        return out
    gh, gw = out.shape
    picture = img[: gh * BLOCK, : gw * BLOCK].astype(np.int16)
    level = background(picture)
    for region in new:
        y0, y1, x0, x1 = region.box
        pixels = picture[y0 * BLOCK : y1 * BLOCK, x0 * BLOCK : x1 * BLOCK]
        if float((np.abs(pixels - level) <= FRAME_STEP).mean()) > LEFT_SHARE:
            out[region.where] = True
    return out


def _line(regions: ActiveRegions, region: Region) -> bool:
    cells = np.zeros_like(regions.active)
    cells[region.where] = True
    return on_a_line(cells)
