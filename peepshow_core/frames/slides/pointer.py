"""The pointer, and anything else small sitting on top of the content (a click ripple, a caret).

A pointer moves in strokes, rests anywhere for seconds, hides, shows and changes shape (arrow,
I-beam, hand; 1x or 2x): any one picture of it looks like a two-word build. What tells them
apart is where it came from and what happens next:

- a small thing that *disappeared* (the picture lost structure where the reference had some) is
  the pointer leaving: the reference heals there once the place holds still (a box dimming at
  the start of a cross-fade is no pointer leaving), it is never a state; when it left plain
  background its look is remembered (the pointer that hid, or moved while nobody watched, is
  known where it shows up next; a glyph replaced by another leaves no plain background);
- a small thing that *moved in* (seen moving between consecutive frames just before it was
  first seen resting, however much later it settled: across a GOP the fast path did not
  decode, the motion before it is remembered) is the pointer if it is *shaped* like one (no
  wider than `POINTER_ASPECT` times its height: a word appearing beside the pointer's path is
  wider) and *one piece* (lines of text written where a caret went are many glyphs), and so
  is one that *looks like* the pointer did before (its pixels at full resolution, learned from
  every pointer seen), or is the pointer in another shape (no wider than tall and as tall as a
  look it had: the arrow became an I-beam over text while unseen);
- a change, small or large, in which no pixel stands out at full resolution (by
  `SPRITE_LEVEL`) is the encoder refining its picture, not a thing: the reference heals there
  (a large one only while no block changed by `REFINED_PEAK`: more is a change of colour;
  there, what stands out may be the pointer where it was and where it is: `pointer_places`);
- any other small thing that appeared is held (`Held`), with a snapshot of the frame: dropped
  if it vanishes or moves on (then its look is learned), a state if it is still there when the
  next change comes, unless it stays on top, unchanged, through a change that replaced what
  was around it (the pointer resting through a slide change).

What the pointer has looked like is remembered in `looks.PointerLooks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from peepshow_core.frames.diff import BLOCK, label
from peepshow_core.frames.slides.blocks import Blob, block_diff, energy, fits
from peepshow_core.frames.slides.tuning import (
    COVER_PX,
    LOOK_MATCH,
    LOOK_SIZE,
    LOOK_VALUES,
    POINTER_ASPECT,
    POINTER_PLACES,
    POINTER_SOLID,
    REFINED_PEAK,
    SAME_SHARE,
    SPRITE_LEVEL,
)

PLANAR_8BIT = {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12", "gray"}


SIDES = ("top", "bottom", "left", "right")


@dataclass
class Look:
    mask: np.ndarray  # the overlay's own pixels, cropped to them
    values: np.ndarray  # their luma
    cut: frozenset[str] = frozenset()  # the picture's edges it reaches (`SIDES`): it may go on
    # beyond them, unseen (the pointer poking in from below shows its tip)


@dataclass(eq=False)
class Held:
    """A change that settled and waits for confirmation: a small one for hindsight, or a
    provisional large one (`large`) until `due`. `pointer`: known to be the pointer, followed
    until it goes, never a state. Each is itself (compared by identity: two may settle at once,
    the pointer beside a change)."""

    time_s: float
    cells: np.ndarray  # boolean block grid of the change
    core: np.ndarray  # ... its blocks that changed strongly (what makes it this change)
    image: np.ndarray  # the analysis image when it settled
    frame: Any  # the decoded frame written if it is confirmed
    large: bool = False
    due: float = 0.0
    pointer: bool = False
    look: Look | None = None  # the small thing, at full resolution (what came: `sprite`)
    whole: Look | None = None  # ... every pixel that changed around it
    box: tuple[int, int, int, int] = (0, 0, 0, 0)  # where: (y0, y1, x0, x1), full resolution
    offset: tuple[int, int] = (0, 0)  # where the look sits in that box
    since: float | None = None  # when the change was first seen (it settled at `time_s`)
    rows: np.ndarray | None = None  # the rows of blocks of the line it continues, if any
    touched: float | None = None  # when its blocks were first seen changing again
    stood: float | None = None  # seen as now across a stretch not watched, from this time
    seen: float | None = None  # last seen still there, once a stretch not watched came after
    # it settled (`SmallChanges._follow_small`; `Hindsight._resolve` judges it lasted so)
    over: np.ndarray | None = None  # the picture it came over, if a held change's (not the kept)
    regions: np.ndarray | None = None  # the regions' mask when it settled
    came: np.ndarray | None = None  # its pointer-sized pieces the pointer moved into by then


def appeared(reference: np.ndarray, img: np.ndarray, blob: Blob) -> bool:
    """Whether the change in `blob` added structure (something appeared) rather than removed
    it (something that was over the reference went away)."""
    return energy(img, blob.cells) >= energy(reference, blob.cells)


def still_there(
    held: Held,
    reference: np.ndarray,
    img: np.ndarray,
    level: float,
    ignore: np.ndarray | None = None,
    versus_reference: np.ndarray | None = None,
) -> bool:
    """Whether `img` still shows the held change outside `ignore`: it differs from `reference`
    where the change was, and most of its strong blocks look as in the snapshot (the pointer may
    cover one). `versus_reference`: block_diff(reference, img), when already known."""
    cells = held.cells if ignore is None else held.cells & ~ignore
    if not cells.any():
        return False
    if versus_reference is None:
        versus_reference = block_diff(reference, img)
    if versus_reference[cells].max(initial=0.0) <= level:
        return False
    if (held.core & cells).any():
        cells = held.core & cells
    ys, xs = np.nonzero(cells)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    crop = (slice(y0 * BLOCK, y1 * BLOCK), slice(x0 * BLOCK, x1 * BLOCK))
    versus_snapshot = block_diff(held.image[crop], img[crop])[cells[y0:y1, x0:x1]]
    return bool((versus_snapshot < level).mean() > SAME_SHARE)


def refined_since(
    held: Held,
    reference: np.ndarray,
    img: np.ndarray,
    frame: Any,
    level: float,
    ignore: np.ndarray,
    grid: tuple[int, int],
    size: int,
) -> bool:
    """Whether `img` (of `frame`) shows the held change as the encoder refined it since its
    snapshot, the pointer (of extent `size`) perhaps moved over it or off it: where no
    full-resolution pixel stands out against the snapshot's frame but in the pointer's places
    (`pointer_places`), it still differs from `reference` by more than `level` and no block
    moved from the snapshot by `REFINED_PEAK`. A low-quality picture catching up after it
    settled (a variable frame rate's next frame, seconds later) moves blocks by more than
    `level` at low resolutions, which `still_there` alone would take for something else."""
    cells = held.cells & ~ignore
    spots = standing_out(frame, held.frame, cells, grid)
    if spots is None or not pointer_places(spots, size):
        return False
    rest = cells & ~spots
    if not rest.any() or block_diff(reference, img)[rest].max() <= level:
        return False
    return bool(block_diff(held.image, img)[rest].max() < REFINED_PEAK)


def luma(frame: Any) -> np.ndarray:
    """The frame's full-resolution luma: the Y plane itself when it is 8-bit planar."""
    if frame.format.name in PLANAR_8BIT:
        plane = frame.planes[0]
        data = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
        return data[: frame.height, : frame.width]
    return np.asarray(frame.to_ndarray(format="gray"))


def cell_box(
    cells: np.ndarray, full: tuple[int, ...], grid: tuple[int, int]
) -> tuple[int, int, int, int]:
    """Full-resolution (y0, y1, x0, x1) of the blocks flagged in `cells`, one block wider."""
    ys, xs = np.nonzero(cells)
    fy, fx = full[0] / grid[0], full[1] / grid[1]
    y0, y1 = max(0, int((ys.min() - 1) * fy)), min(full[0], int((ys.max() + 2) * fy))
    x0, x1 = max(0, int((xs.min() - 1) * fx)), min(full[1], int((xs.max() + 2) * fx))
    return y0, y1, x0, x1


def sprite(
    now: np.ndarray, before: np.ndarray, whole: bool = False
) -> tuple[Look, tuple[int, int]] | None:
    """The small thing in `now` that is not in `before` (same-size crops), and its offset.

    Its pixels are those that changed by more than `SPRITE_LEVEL` and stand further from the
    background (the crop's usual level before) than they did: what *came* (the pointer or a
    caret that left a place in the crop is no part of a word that appeared). When nothing came
    but what the thing that *went* had covered (the pointer moving off text, which shows again
    where its outline was), the change is that thing leaving: every changed pixel is its look,
    as it is with `whole` (what the pointer was known by before it was told from what left)."""
    now16, before16 = now.astype(np.int16), before.astype(np.int16)
    changed = np.abs(now16 - before16) > SPRITE_LEVEL
    if not changed.any():
        return None
    background = np.int16(np.median(before))
    came = changed & (np.abs(now16 - background) > np.abs(before16 - background))
    mask = came if not whole and came.any() and not _covered(came, changed & ~came) else changed
    ys, xs = np.nonzero(mask)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    return Look(mask[y0:y1, x0:x1], now[y0:y1, x0:x1].copy()), (int(y0), int(x0))


def _covered(came: np.ndarray, went: np.ndarray) -> bool:
    """Whether every pixel of `came` lies within `COVER_PX` of the box of `went`: what a
    thing that left had hidden (its rim and shadow too, fainter than what went)."""
    if not went.any():
        return False
    ys, xs = np.nonzero(went)
    cy, cx = np.nonzero(came)
    return bool(
        cy.min() >= ys.min() - COVER_PX
        and cy.max() <= ys.max() + COVER_PX
        and cx.min() >= xs.min() - COVER_PX
        and cx.max() <= xs.max() + COVER_PX
    )


def standing_out(
    frame: Any, base: Any, cells: np.ndarray, grid: tuple[int, int]
) -> np.ndarray | None:
    """The blocks around `cells` holding a full-resolution pixel that differs by more than
    `SPRITE_LEVEL` between `frame` and `base` (None when that can't be told: no frames, other
    sizes). A change where none stands out is the encoder refining its picture (a static
    picture's quality catching up after a fade), not a thing: text, however dim, has pixels
    that stand out."""
    if frame is None or base is None or not cells.any():
        return None
    now, before = luma(frame), luma(base)
    if now.shape != before.shape:
        return None
    y0, y1, x0, x1 = cell_box(cells, now.shape, grid)
    steps = np.abs(now[y0:y1, x0:x1].astype(np.int16) - before[y0:y1, x0:x1].astype(np.int16))
    ys, xs = np.nonzero(steps > SPRITE_LEVEL)
    spots = np.zeros(grid, bool)
    fy, fx = now.shape[0] / grid[0], now.shape[1] / grid[1]
    rows = np.minimum(((ys + y0) / fy).astype(int), grid[0] - 1)
    spots[rows, np.minimum(((xs + x0) / fx).astype(int), grid[1] - 1)] = True
    return spots


def pointer_places(spots: np.ndarray, size: int) -> bool:
    """Whether the blocks `spots` (what stands out between two pictures) are no more than the
    pointer where it was and where it is: at most `POINTER_PLACES` groups, each fitting the
    pointer's extent `size` (none: nothing stands out)."""
    groups, count = label(spots)
    return count <= POINTER_PLACES and all(fits(groups == k, size) for k in range(1, count + 1))


def alike(a: Look, b: Look) -> bool:
    """Same shape (size within a few pixels, masks overlapping) and same pixels; each seen as
    far as the other is, where that one is cut by the picture's edge (`as_cut`)."""
    a, b = as_cut(a, b), as_cut(b, a)
    ha, wa = a.mask.shape
    hb, wb = b.mask.shape
    if abs(ha - hb) > max(2, LOOK_SIZE * ha) or abs(wa - wb) > max(2, LOOK_SIZE * wa):
        return False
    h, w = min(ha, hb), min(wa, wb)
    ma, mb = a.mask[:h, :w], b.mask[:h, :w]
    union = int((ma | mb).sum())
    both = ma & mb
    if not union or int(both.sum()) / union < LOOK_MATCH:
        return False
    diff = np.abs(a.values[:h, :w].astype(np.int16) - b.values[:h, :w].astype(np.int16))
    return float(diff[both].mean()) < LOOK_VALUES


def as_cut(look: Look, like: Look) -> Look:
    """`look` cut as `like` is: where `like` reaches an edge of the picture that `look` does
    not, only as much of `look` as `like` shows there (the pointer at the foot of the picture
    shows its top rows; at its left edge, its right part). Two looks cut alike are compared
    as they are."""
    sides = like.cut - look.cut
    if not sides:
        return look
    h, w = like.mask.shape
    rows = slice(0, h) if "bottom" in sides else slice(-h, None) if "top" in sides else slice(None)
    cols = slice(0, w) if "right" in sides else slice(-w, None) if "left" in sides else slice(None)
    mask = look.mask[rows, cols]
    if not mask.any():
        return look
    ys, xs = np.nonzero(mask)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    values = look.values[rows, cols][y0:y1, x0:x1]
    return Look(mask[y0:y1, x0:x1], values, look.cut | sides)


def at_edges(look: Look, at: tuple[int, int], shape: tuple[int, ...]) -> Look:
    """`look`, whose top left corner is at `at` (y, x) in a picture of `shape`, with the
    picture's edges it reaches (`Look.cut`)."""
    (y, x), (h, w) = at, look.mask.shape
    reached = (y <= 0, y + h >= shape[0], x <= 0, x + w >= shape[1])
    sides = frozenset(side for side, on in zip(SIDES, reached, strict=True) if on)
    return Look(look.mask, look.values, sides)


def pointer_shaped(look: Look) -> bool:
    """Whether `look` could be the pointer: no wider than `POINTER_ASPECT` times its height (a
    short line of text, even one word, is wider; it stays a build however near the pointer
    moved)."""
    height, width = look.mask.shape
    return width <= POINTER_ASPECT * height


def solid(look: Look) -> bool:
    """Whether `look` is one piece, as the pointer is: its largest connected part (pixels a
    pixel apart joined) holds at least `POINTER_SOLID` of its pixels. Lines of text as tall as
    they are wide (a command and its output) are many separate glyphs."""
    mask = look.mask
    total = int(mask.sum())
    if not total:
        return False
    bridged = mask.copy()
    bridged[1:] |= mask[:-1]
    bridged[:-1] |= mask[1:]
    bridged[:, 1:] |= mask[:, :-1]
    bridged[:, :-1] |= mask[:, 1:]
    return _largest_part(bridged, mask) >= POINTER_SOLID * total


def _largest_part(joined: np.ndarray, mask: np.ndarray) -> int:
    """The most `mask` pixels in one 4-connected part of `joined` (a flood fill; looks are
    small, and judged only when a never-seen thing settles)."""
    seen = np.zeros_like(joined)
    height, width = joined.shape
    best = 0
    for y, x in zip(*np.nonzero(joined), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        stack, count = [(int(y), int(x))], 0
        while stack:
            a, b = stack.pop()
            count += int(mask[a, b])
            for c, d in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):
                if 0 <= c < height and 0 <= d < width and joined[c, d] and not seen[c, d]:
                    seen[c, d] = True
                    stack.append((c, d))
        best = max(best, count)
    return best


def persists(held: Held, frame: Any) -> bool:
    """Whether the held thing is still on top, unchanged, in `frame`."""
    if held.look is None:
        return False
    now = luma(frame)
    y0, _, x0, _ = held.box
    oy, ox = held.offset
    h, w = held.look.mask.shape
    crop = now[y0 + oy : y0 + oy + h, x0 + ox : x0 + ox + w]
    if crop.shape != (h, w):
        return False
    diff = np.abs(crop.astype(np.int16) - held.look.values.astype(np.int16))[held.look.mask]
    return float(diff.mean()) < LOOK_VALUES
