"""A webcam that moves: dragged to another corner (Loom's bubble, a meeting's self-view), or turned
off and on again, where it was or elsewhere.

An overlay's picture (`regions`: a webcam laid over every slide) is remembered while it plays
and nothing else goes on (`OverlayPictures.remember`): its rectangle of the analysis picture.
Where it went, its blocks stop playing and are forgotten in time; where it comes to rest, its
picture is a large change that settles like a build, and only once its blocks have been seen
playing for `region_span_s` would the regions learn it, by which time hindsight may have kept it
as a state. So a large change that settles is first looked for that picture (`moved_here`):
where the remembered picture matches a place of the change (normalized correlation at least
`LIKENESS`: the same camera, its presenter moving a little) and the change's rectangle is no
more than `SPREAD` times the remembered one (the bubble whole, the wall its rectangle had not
learned, the bleed; not a slide change that also shows the webcam) and no more than `WINDOW_MAX`
of the picture (a clip playing from the opening is an overlay too: a slide that comes back
showing its last shot is a slide change), it is the overlay, moved: it plays there from now on
and is no state. A remembered picture `SPREAD` times whose rectangle is more than `WINDOW_MAX`
of the picture is never looked for: a big clip (grown into the overlay of a webcam beside it),
not a webcam a presenter drags about. An overlay still playing where it was has not moved (a
build beside the webcam shows the webcam too). A flat picture (`MIN_DETAIL`: a camera that shows
a wall) is never looked for: it would match any plain part of a slide; nor is a flat place
matched (less varied than `MIN_DETAIL` too: correlation is blind to contrast, and a build's faint
first picture, a stroke a level or two above the slide, may be laid out like the webcam's). A
picture laid out as the webcam's is (a bright head on a wall of its size) would be taken for it.
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.magnify import correlate
from peepshow_core.frames.slides.rectangles import Box
from peepshow_core.frames.windows import WINDOW_MAX

LIKENESS = 0.8  # normalized correlation of the remembered picture with a place of the change
SPREAD = 3.0  # a change at most this many times the remembered rectangle's blocks
MIN_DETAIL = 8.0  # gray levels: a remembered picture less varied than this is never looked for
REMEMBERED = 4  # the overlays' pictures kept, the latest: four cameras apart, a meeting's corners
HELD_SHARE = 0.5  # the share of the blocks under the matching place the change must hold


def _normalized(patch: np.ndarray) -> np.ndarray | None:
    centred = patch.astype(np.float32) - float(patch.mean())
    norm = float(np.sqrt((centred * centred).sum()))
    return None if norm == 0.0 else centred / norm


class OverlayPictures:
    def __init__(self) -> None:
        self.pictures: dict[Box, np.ndarray] = {}  # rectangle (blocks) -> its picture

    def remember(self, img: np.ndarray, boxes: list[Box]) -> None:
        """The pictures of the overlays playing (their rectangles, bigger than the pointer)."""
        for box in boxes:
            y0, y1, x0, x1 = box
            picture = img[y0 * BLOCK : y1 * BLOCK, x0 * BLOCK : x1 * BLOCK]
            if float(picture.std()) < MIN_DETAIL:
                continue  # (a flat one is never looked for: a camera turned off, the slide)
            self.pictures.pop(box, None)
            self.pictures[box] = picture.copy()
        while len(self.pictures) > REMEMBERED:
            del self.pictures[next(iter(self.pictures))]

    def moved_here(self, img: np.ndarray, cells: np.ndarray) -> Box | None:
        """The rectangle of the change `cells` when it is an overlay remembered, moved there (or
        back): its picture matches a place most of whose blocks the change holds (not the
        webcam still where it was beside a build), else None."""
        ys, xs = np.nonzero(cells)
        if not len(ys):
            return None
        box = (int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1)
        gh, gw = cells.shape
        spread = (box[1] - box[0]) * (box[3] - box[2])
        if spread > WINDOW_MAX * gh * gw:
            return None  # (the picture changed: a slide came back showing a clip's last shot)
        for (ry0, ry1, rx0, rx1), picture in reversed(self.pictures.items()):
            bh, bw = ry1 - ry0, rx1 - rx0
            if spread > SPREAD * bh * bw or SPREAD * bh * bw > WINDOW_MAX * gh * gw:
                continue  # (too far spread; or a clip's picture, too big for a webcam dragged)
            by, bx = max(0, box[0] - bh), max(0, box[2] - bw)  # (places overlapping the change)
            y1, x1 = min(gh, box[1] + bh), min(gw, box[3] + bw)
            area = img[by * BLOCK : y1 * BLOCK, bx * BLOCK : x1 * BLOCK].astype(np.float32)
            h, w = picture.shape
            if h > area.shape[0] or w > area.shape[1]:
                continue
            template = _normalized(picture)
            assert template is not None
            score, (py, px) = _best(area, template)
            if score < LIKENESS:
                continue
            top, left = by + py // BLOCK, bx + px // BLOCK  # (the blocks the place lies on)
            place = cells[top : top + ry1 - ry0, left : left + rx1 - rx0]
            if place.size and float(place.mean()) >= HELD_SHARE:
                return box
        return None


def _window_sums(values: np.ndarray, h: int, w: int) -> np.ndarray:
    """The sum of every h x w window of `values` (by a summed-area table)."""
    table = np.zeros((values.shape[0] + 1, values.shape[1] + 1), np.float64)
    table[1:, 1:] = values.astype(np.float64).cumsum(axis=0).cumsum(axis=1)  # (float32 loses
    # a window's spread, a few levels, against its sums: a flat place scored up to 4.5)
    return table[h:, w:] - table[:-h, w:] - table[h:, :-w] + table[:-h, :-w]


def _best(area: np.ndarray, template: np.ndarray) -> tuple[float, tuple[int, int]]:
    """The highest normalized correlation of `template` (zero mean, unit norm) with a window
    of `area` varied at least as `MIN_DETAIL` (a flat place matches nothing), and where that
    window's top left corner lies (by FFT, `magnify.correlate`; the windows' means and spreads
    by summed-area tables)."""
    h, w = template.shape
    shape = area.shape
    products = correlate(np.fft.rfft2(area), template, shape)[
        : shape[0] - h + 1, : shape[1] - w + 1
    ]
    n = h * w
    sums = _window_sums(area, h, w)
    spread = _window_sums(area * area, h, w) - sums * sums / n
    flat = n * MIN_DETAIL * MIN_DETAIL  # (a window's spread is n times its variance)
    scores = np.where(spread >= flat, products / np.sqrt(np.maximum(spread, flat)), 0.0)
    at = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return float(scores[at]), (int(at[0]), int(at[1]))
