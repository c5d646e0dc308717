"""Where a picture shows another magnified: the search behind a zoom's view, and its judgement
through the noise model (`zoom` asks it).

`view_of(full, img)` finds the part of `full` that `img` shows magnified, if any:
- the magnification is searched coarse (`COARSE_STEP` apart, from `ZOOM_MIN` to `ZOOM_MAX`, at
  the analysis size divided by `COARSE_DIVISOR`), each scale's best placement by FFT
  correlation, the regions and the pointer's path, with a `RING` around them, left out (a
  camera drawn over the zoom keeps its frame, a webcam bubble its rim, where they were);
- the best placement found, if it explains enough of the view (`COARSE_FIT`), is refined by a
  pattern search on scale and placement, both pictures blurred by `BLUR` (at half the analysis
  size, at most `MOVES` moves, then `POLISH` moves at the analysis size, to a quarter pixel);
- and judged: `img` blurred as the magnification blurs `full`, block by block against the
  magnified picture at `LOOSE` times the noise model's levels, only blobs the size of the
  pointer (as magnified) left, both pictures alike in structure (`LIKENESS`), every edge
  of `img` near one of the magnified picture (`EDGE`), all where the regions, magnified and
  with a `RING` around them, still show `DETAIL` blocks with edges and `JUDGED_SHARE` of
  those in sight (a zoom into a plain part of the slide fits anything plain).

`shift_fits_better(full, img, ignore, view)`: whether `full` moved, not magnified, explains
`img` as well as the view does (a push's first step to a sparse slide fits a view magnified
1.04x; a zoom's view, tens of times better than any shift).
"""

from __future__ import annotations

from math import ceil
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image, ImageFilter

from peepshow_core.frames.diff import BLOCK, label
from peepshow_core.frames.slides.blocks import blobs, block_diff, dilate, fits
from peepshow_core.frames.slides.tuning import SlidesTuning

ZOOM_MIN = 1.15  # a smaller magnification is not told from a scroll or a slide's own motion
ZOOM_MAX = 3.0  # ... and a larger one leaves too little of the slide to match (a third a side)
COARSE_DIVISOR = 4  # the scale is searched at the analysis size divided by this
COARSE_STEP = 1.04  # ... on scales this ratio apart
STEP = (0.01, 1.0)  # the refinement's first steps: of the scale (a share), of the placement (px)
FINEST = 0.25  # ... halved down to this share of the first
MOVES = 8  # ... or moved this often (at half the analysis size; a wrong fit wanders off)
COARSE_FIT = 1.0  # refined only if the coarse fit's error is at most this share of the
# view's variance (a zoom's: 0.01-0.88; another picture's: 0.34-3, half of them above 1)
FIT = 0.2  # ... then polished if its error is at most this share of the view's variance (a
# zoom's: 0.003-0.09; another picture's: a third of it and more)
POLISH = 2  # moves at the analysis size, with the finest steps
BLUR = 2  # box blur radius (px) of both pictures while refining and judging
LOOSE = 2  # changes judged at the noise model's levels times this (two ways to interpolate
# an edge differ by up to 8 levels at black on white; words that changed, by far more)
EDGE = 24  # a step between neighbouring pixels above this is an edge (text, a border)
RING = 2  # blocks around the regions not judged either (a camera's frame, its bleed)
DETAIL = 40  # blocks of `img` holding edges that a zoom must explain (two lines of text)
JUDGED_SHARE = 0.5  # ... and this share at least of those the regions leave in sight
LIKENESS = 0.95  # the view and the magnified picture correlate at least this well
MIN_OVERLAP = 0.5  # a shift of the picture that leaves less than this share of the view to
# compare explains nothing (`shift_fits_better`)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (pixels)


def detailed(img: np.ndarray, ignore: np.ndarray) -> bool:
    """Whether `img` shows `DETAIL` blocks with edges where `ignore` leaves it in sight."""
    return int((edge_blocks(img) & ~ignore).sum()) >= DETAIL


class View(NamedTuple):
    scale: float
    box: Box  # the part of `full` shown, pixels


def view_of(
    full: np.ndarray,
    img: np.ndarray,
    ignore: np.ndarray,
    tuning: SlidesTuning,
    least: float = ZOOM_MIN,
    pointer: int | None = None,
) -> View | None:
    """The part of `full` that `img` shows magnified `least` times at least, or None (blocks
    of `ignore`, in `img`'s place, are not judged: the regions and the pointer's path;
    `pointer`: the pointer's extent in blocks, the prior `overlay_blocks` when not given)."""
    if not detailed(img, ignore):
        return None
    target = _blurred(img)
    around = _ringed(ignore)  # (the search leaves out what the judgement does)
    keep = (~block_pixels(around, img.shape)).astype(np.float32)
    variance = float(target[keep > 0].var())
    pointer = tuning.overlay_blocks if pointer is None else pointer
    box = _coarse(full, img, around, least)
    keep = _pointer_out(full, target, keep, box, _pointer(box, full, pointer))
    if _error(full, target, keep, box, blur=True) > COARSE_FIT * variance:
        return None  # (another picture: not worth refining)
    box = _rough(full, target, keep, box, least)
    if _error(full, target, keep, box, blur=True) > FIT * variance:
        return None  # (another picture: not worth polishing)
    finest = STEP[0] * FINEST, STEP[1] * FINEST
    box = _search(full, target, keep, box, *finest, POLISH, least, blur=True)
    if not _fits(full, img, box, ignore, tuning, pointer):
        return None
    return View(img.shape[1] / (box[2] - box[0]), box)


def _pointer_out(
    full: np.ndarray, target: np.ndarray, keep: np.ndarray, box: Box, span: int
) -> np.ndarray:
    """`keep` but the square of `span` blocks where `full`'s `box` magnified differs most
    from `target`: the pointer, drawn into the screen and magnified with it (a recorder's
    highlight disc, bright on a dark slide, outweighs the rest of a zoom's fit), is left out
    of the fit's error as `_fits` leaves out a pointer-sized blob."""
    diff = _blurred(magnified(full, box)) - target
    error = diff * diff * keep
    gh, gw = error.shape[0] // BLOCK, error.shape[1] // BLOCK
    span = min(span, gh, gw)
    per_block = error[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK).sum(axis=(1, 3))
    windows = sliding_window_view(per_block, (span, span)).sum(axis=(2, 3))
    y, x = np.unravel_index(int(np.argmax(windows)), windows.shape)
    out = keep.copy()
    out[y * BLOCK : (y + span) * BLOCK, x * BLOCK : (x + span) * BLOCK] = 0.0
    return out


def magnified(full: np.ndarray, box: Box) -> np.ndarray:
    """`full`'s `box` at `full`'s size."""
    height, width = full.shape
    picture = Image.fromarray(full).resize((width, height), Image.Resampling.BILINEAR, box=box)
    return np.asarray(picture, dtype=np.uint8)


def _box(scale: float, x0: float, y0: float, shape: tuple[int, ...]) -> Box:
    """The box magnified `scale` times at (x0, y0), moved inside the picture."""
    height, width = shape
    w, h = width / scale, height / scale
    x0, y0 = min(max(x0, 0.0), width - w), min(max(y0, 0.0), height - h)
    return (x0, y0, x0 + w, y0 + h)


def _blurred(img: np.ndarray) -> np.ndarray:
    return np.asarray(Image.fromarray(img).filter(ImageFilter.BoxBlur(BLUR)), np.float32)


def block_pixels(cells: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Blocks `cells` as a pixel mask of `shape`."""
    out = np.zeros(shape, bool)
    by, bx = cells.shape
    out[: by * BLOCK, : bx * BLOCK] = np.kron(cells, np.ones((BLOCK, BLOCK), bool))
    return out


def _error(
    picture: np.ndarray, target: np.ndarray, keep: np.ndarray, box: Box, blur: bool = False
) -> float:
    """Mean squared difference of `picture`'s `box` magnified (then blurred by `BLUR` if
    `blur`; else `picture` was blurred before) and `target` (`img` blurred), weighted by `keep`
    (the regions left out): what the refinement lowers."""
    view = magnified(picture, box)
    diff = (_blurred(view) if blur else view.astype(np.float32)) - target
    return float((diff * diff * keep).sum()) / max(1.0, float(keep.sum()))


def _rough(full: np.ndarray, target: np.ndarray, keep: np.ndarray, box: Box, least: float) -> Box:
    """`box` refined by a pattern search (`_search`) at half the analysis size, `full`
    blurred before it is magnified (fast; its optimum may lie a pixel off: `view_of` polishes
    it at the analysis size, blurred after)."""
    half: Box = (box[0] / 2, box[1] / 2, box[2] / 2, box[3] / 2)
    soft = np.rint(_half(_blurred(full))).astype(np.uint8)
    x0, y0, x1, y1 = _search(
        soft, _half(target), _half(keep), half, STEP[0], STEP[1] / 2, MOVES, least
    )
    return (2 * x0, 2 * y0, 2 * x1, 2 * y1)


def _half(picture: np.ndarray) -> np.ndarray:
    height, width = picture.shape
    out = picture[: height // 2 * 2, : width // 2 * 2].astype(np.float32)
    return (out[::2, ::2] + out[1::2, ::2] + out[::2, 1::2] + out[1::2, 1::2]) / 4


def _search(
    picture: np.ndarray, target: np.ndarray, keep: np.ndarray, box: Box, ds: float, dp: float,
    moves: int, least: float, blur: bool = False,
) -> Box:  # fmt: skip
    """A pattern search from `box`: the placement moved `dp` pixels each way, the scale changed
    by a share `ds` each way about the box's corner, centre or far corner (a view held against
    the screen's edge grows from there), the best taken; all steps halved when none helps,
    down to `FINEST` of the first, or after `moves` moves (a wrong fit wanders off)."""
    height, width = target.shape
    scale, x0, y0 = width / (box[2] - box[0]), box[0], box[1]
    best = _error(picture, target, keep, box, blur)
    smallest = ds * FINEST
    while ds >= smallest and moves > 0:
        tries = [
            (scale, x0 + dx * dp, y0 + dy * dp) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
        ]
        for way in (1, -1):
            s = scale * (1 + way * ds)
            grow_x, grow_y = width / scale - width / s, height / scale - height / s
            tries += [(s, x0 + a * grow_x, y0 + a * grow_y) for a in (0.0, 0.5, 1.0)]
        scored = [
            (_error(picture, target, keep, _box(s, x, y, target.shape), blur), s, x, y)
            for s, x, y in tries
            if least <= s <= ZOOM_MAX
        ]
        error, s, x, y = min(scored, default=(best, scale, x0, y0))
        if error < best:
            best, scale, x0, y0 = error, s, x, y
            moves -= 1
        else:
            ds, dp = ds / 2, dp / 2
    return _box(scale, x0, y0, target.shape)


def _fits(
    full: np.ndarray,
    img: np.ndarray,
    box: Box,
    ignore: np.ndarray,
    tuning: SlidesTuning,
    pointer: int,
) -> bool:
    """Whether `img` shows `full`'s `box` magnified, through the noise model: `img` blurred as
    the magnification blurs `full` (shrunk to the box's size and back), both by `BLUR`, block
    by block against the magnified picture; only pointer-sized blobs left, the two alike
    (`_likeness`, `_explained`; the largest of those blobs, the pointer, left out of the
    likeness), where enough of `img` is judged (`DETAIL`, `JUDGED_SHARE`)."""
    height, width = img.shape
    size = (max(1, round(box[2] - box[0])), max(1, round(box[3] - box[1])))
    shrunk = Image.fromarray(img).resize(size, Image.Resampling.BILINEAR)
    own = _blurred(np.asarray(shrunk.resize((width, height), Image.Resampling.BILINEAR), np.uint8))
    own = np.rint(own).astype(np.uint8)
    picture = np.rint(_blurred(magnified(full, box))).astype(np.uint8)
    diff = block_diff(picture, own)
    span = _pointer(box, full, pointer)
    out = _ringed(ignore, pointer) | _ringed(_moved(ignore, box, full.shape), span)
    seen = edge_blocks(img) & ~ignore
    judged = int((seen & ~out).sum())
    if judged < max(DETAIL, JUDGED_SHARE * seen.sum()):
        return False  # (what the regions hide, magnified, hides most of the picture)
    found = blobs(diff, LOOSE * tuning.weak, LOOSE * tuning.strong, out)
    if not _explained(full, img, box, out, span) or not all(b.fits(span) for b in found):
        return False
    if found:  # (the pointer, one piece, is no part of the likeness: a highlight disc, bright
        out = out | max(found, key=lambda b: len(b.cells)).mask(out.shape)  # on a dark slide)
    return _likeness(own, picture, out) >= LIKENESS


def _ringed(cells: np.ndarray, small: int = 0) -> np.ndarray:
    """Blocks `cells` and a `RING` around them (a camera drawn over the zoom keeps its frame,
    a bubble's rim, where it was; a region's bleed), but for their pieces that fit in `small`
    blocks (the pointer's path, a caret: no frame, no bleed; ringed, a few of them hide a
    sparse slide's every piece from the judgement)."""
    pieces, count = label(cells)
    big = np.isin(pieces, [n for n in range(1, count + 1) if not fits(pieces == n, small)])
    for _ in range(RING):
        big = dilate(big)
    return cells | big


def _moved(cells: np.ndarray, box: Box, shape: tuple[int, int]) -> np.ndarray:
    """Where blocks `cells` of the full view land in the magnified view (any part of them)."""
    if not cells.any():
        return cells
    pixels = block_pixels(cells, shape).astype(np.uint8) * 255
    return _per_block(magnified(pixels, box) > 0, cells.shape)


def _per_block(pixels: np.ndarray, grid: tuple[int, ...]) -> np.ndarray:
    """Blocks of `grid` holding any of `pixels`."""
    by, bx = grid
    blocks = pixels[: by * BLOCK, : bx * BLOCK].reshape(by, BLOCK, bx, BLOCK)
    return np.asarray(blocks.any(axis=(1, 3)), bool)


def _coarse(full: np.ndarray, img: np.ndarray, ignore: np.ndarray, least: float) -> Box:
    """The best box of `full` that `img` shows, searched at the analysis size divided by
    `COARSE_DIVISOR` (offsets at the analysis size), `img`'s `ignore` blocks left out; each
    placement's squared error as a share of what the shrunk picture holds about its mean (a
    plain part of `img` explains nothing)."""
    height, width = full.shape
    w, h = width // COARSE_DIVISOR, height // COARSE_DIVISOR
    small_full = np.asarray(
        Image.fromarray(full).resize((w, h), Image.Resampling.BILINEAR), np.float32
    )
    small_img = Image.fromarray(img).resize((w, h), Image.Resampling.BILINEAR)
    keep = (~block_pixels(ignore, img.shape)).astype(np.uint8) * 255
    small_keep = Image.fromarray(keep).resize((w, h), Image.Resampling.BILINEAR)
    spectrum, squares = np.fft.rfft2(small_full), np.fft.rfft2(small_full**2)
    found: list[tuple[float, float, float, float]] = []  # (error share, scale, x0, y0)
    scale = least
    while scale <= ZOOM_MAX:
        tw, th = round(w / scale), round(h / scale)
        template = np.asarray(small_img.resize((tw, th), Image.Resampling.BILINEAR), np.float32)
        weight = (
            np.asarray(small_keep.resize((tw, th), Image.Resampling.BILINEAR), np.float32) > 254
        )
        template = template * weight
        held = (
            float(np.square(template - template[weight].mean())[weight].sum())
            if weight.any()
            else 0.0
        )
        error = (
            correlate(squares, weight, (h, w))
            - 2 * correlate(spectrum, template, (h, w))
            + float((template**2).sum())
        )[: h - th + 1, : w - tw + 1]
        y, x = np.unravel_index(int(np.argmin(error)), error.shape)
        share = float(error[y, x]) / max(held, 1.0)
        found.append((share, w / tw, float(x * COARSE_DIVISOR), float(y * COARSE_DIVISOR)))
        scale *= COARSE_STEP
    _, scale, x0, y0 = min(found)
    return _box(scale, x0, y0, img.shape)


def shift_fits_better(full: np.ndarray, img: np.ndarray, ignore: np.ndarray, view: View) -> bool:
    """Whether `full` moved, nothing magnified (a push's or a scroll's step), explains `img` at
    least as well as `view` does: the best shift's mean squared difference over what it
    overlaps (at least `MIN_OVERLAP` of the view), both pictures blurred as `view_of` judges
    them, against the view's. A slightly magnified view of a slide with little on it fits a
    shifted one nearly as well; a zoom's fits far better than any shift of it."""
    blurred = _blurred(img)
    target = blurred.astype(np.float64)
    moved = _blurred(full).astype(np.float64)
    keep = (~block_pixels(_ringed(ignore), img.shape)).astype(np.float64)
    height, width = img.shape
    shape = (2 * height, 2 * width)  # (every shift, no wrapping)

    def across(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # sum of a(x) b(x + shift)
        fa, fb = np.fft.rfft2(a, s=shape), np.fft.rfft2(b, s=shape)
        return np.fft.irfft2(np.conj(fa) * fb, s=shape)

    inside = np.ones_like(moved)
    overlap = across(keep, inside)
    squares = across(keep, moved**2) - 2 * across(keep * target, moved)
    squares += across(keep * target**2, inside)
    enough = overlap >= MIN_OVERLAP * keep.sum()
    if not enough.any():
        return False
    best = float((squares[enough] / overlap[enough]).min())
    return best <= _error(full, blurred, keep.astype(np.float32), view.box, blur=True)


def correlate(spectrum: np.ndarray, template: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """The sum of `template` times the picture whose `spectrum` is given, at each placement."""
    padded = np.zeros(shape, np.float32)
    padded[: template.shape[0], : template.shape[1]] = template
    return np.fft.irfft2(spectrum * np.conj(np.fft.rfft2(padded)), s=shape)


def edge_blocks(img: np.ndarray) -> np.ndarray:
    """Blocks holding an edge: a step of more than `EDGE` levels between neighbouring pixels,
    across or down (text, a box's border; compression noise stays below)."""
    picture = img.astype(np.int16)
    height, width = img.shape
    steps = np.zeros((height, width), bool)
    steps[:, 1:] = np.abs(np.diff(picture, axis=1)) > EDGE
    steps[1:, :] |= np.abs(np.diff(picture, axis=0)) > EDGE
    return _per_block(steps, (height // BLOCK, width // BLOCK))


def _likeness(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> float:
    """Normalised cross-correlation of pictures `a` and `b` but in blocks `out`: how alike
    their structure is whatever its contrast (a dark slide's faint text counts in full)."""
    keep = ~block_pixels(out, a.shape)
    x = a[keep].astype(np.float32)
    y = b[keep].astype(np.float32)
    x, y = x - x.mean(), y - y.mean()
    return float((x * y).sum() / np.sqrt(max(float((x * x).sum() * (y * y).sum()), 1e-9)))


def _explained(full: np.ndarray, img: np.ndarray, box: Box, out: np.ndarray, size: int) -> bool:
    """Whether each edge of `img` lies by one of `full`'s `box` magnified (a block away at
    most), but for pointer-sized parts, where `out` does not hide them: text that dims in a
    blurred comparison (a dark slide's grey line) still has its edges, and a plain part of
    the slide magnified explains none. (Not the other way round: magnifying blurs faint edges
    below `EDGE`.)"""
    alone = edge_blocks(img) & ~dilate(_moved(edge_blocks(full), box, full.shape))
    parts = blobs(alone.astype(np.float32), 0.5, 0.5, out)
    return all(b.fits(size) for b in parts)


def _pointer(box: Box, full: np.ndarray, pointer: int) -> int:
    """How many blocks the pointer (`pointer` blocks across) may span in the view: magnified
    as the slide is (drawn into the screen before it zooms), and where `full` showed it,
    magnified too."""
    return ceil(pointer * full.shape[1] / (box[2] - box[0]))
