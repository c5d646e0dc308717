"""Windows on a still screen: a webcam's box, a clip playing in a slide.

Motion that fills a rectangle (`WINDOW_FILL`) of at most `WINDOW_MAX` of the picture is a
*window* on a screen that holds still around it (a webcam box whose whole picture flickers and
shimmers, a clip playing in a slide): `ContentWatch` (content.py) does not count it, nor did a
large webcam box make a terminal recording "camera". So is one that what moved in the samples of
the last `settle_s` fills, or whose box straight edges in the picture frame (`framed`): a
camera's picture composited beside a shrunk screen moves in patches, sample by sample, and holds
still where the speaker's shirt is; it had made a talk on a stage "camera". Things moving in a
camera's scene are shapes (a head, a body: an ellipse fills about 0.79 of its box) whose
surroundings go on past them, and a moving camera moves the whole picture. A bigger box is a
window only where it is laid on a slide (`laid_on`: framed inside the picture on every side,
with the slide's background beyond and something else on the slide around it): a clip playing
big in a slide (51 % of it had made the stretch camera footage); a film letterboxed runs into
the picture's sides, and one windowboxed has nothing around it.

Where a window's picture ends (`framed_box`; the regions ask it about a small change beside a
webcam, `beyond.overlay_edge`). The regions learn a webcam from the blocks its presenter
moves in; its picture is a rectangle laid on the slide and is wider than that: its wall and the
presenter's shoulders change seldom or little, and are learned late or never while they do
change now and then. Its *frame*: from each side of the rectangle learned (a block inside it,
for the bleed), the nearest line outward, no further than `REACH` times the rectangle's own
extent, where the picture steps by more than `FRAME_STEP` along `FRAME_SHARE` of the side with
the slide's background beyond it for `FLAT_PX` pixels (past the pixel by the edge, which the
scaling blurs): `FRAME_SHARE` of them within `FRAME_STEP` of the slide's background level
(`background`: the middle of the range of levels that holds the most pixels; a webcam's wall
has plain patches too, of other levels); or the picture's own edge, where the window runs
into it. A side with neither keeps the rectangle as learned. A frame
bigger than `WINDOW_MAX` of the picture is none (the slide's own edges). Content written beside
a webcam lies outside its frame.
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.diff import BLOCK, label

Box = tuple[int, int, int, int]  # y0, y1, x0, x1 of a rectangle of blocks (the ends excluded)
WINDOW_FILL = 0.85  # moving blocks filling this share of their box are a window (a webcam box,
# a clip: about 0.9-1.0) ... (a moving head or body fills at most about 0.79: an ellipse)
WINDOW_MAX = 0.5  # ... if the box covers at most this share of the picture (more: the picture,
# unless laid on a slide)
POINTER_BOX = 3  # ... and not if it fits in this many blocks each way: a thing moving (the
# pointer's extent, `SlidesTuning.overlay_blocks`; a cartoon's small figure), not a picture
PICTURE_MAX = 0.1  # a calm webcam's picture (`outline_holds`) is at most this share of the
# slide (a corner webcam: 3-8 %); a code panel or a stage's shrunk screen is bigger
FRAME_SHARE = 0.8  # a window's side is a straight edge: a line of pixels stepping across it
# along this share of the side (a camera's box on a backdrop; a figure's surroundings go on)
FLAT_PX = 3  # analysis pixels of plain slide beyond a frame's edge (a player's margin)
REACH = 2.0  # a side moves out by at most this many times the rectangle's extent across it
FRAME_STEP = 7.0  # gray levels: a frame's edge steps by more than this; the background beyond
# it is within this of the slide's background level (`background`)


def windows(moved: np.ndarray, img: np.ndarray | None = None, level: float = 0.0) -> np.ndarray:
    """The moving blocks that are windows on a still screen: 8-connected groups that fill at
    least `WINDOW_FILL` of their bounding box, or (given the picture `img`) whose box the
    picture frames (`framed`, steps over `level`), a box no bigger than `WINDOW_MAX` of the
    grid (or, given `img`, one laid on a slide: `laid_on`) and bigger than the pointer
    (`POINTER_BOX`)."""
    groups, count = label(moved)
    out = np.zeros(moved.shape, bool)
    for number in range(1, count + 1):
        ys, xs = np.nonzero(groups == number)
        y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
        box = (y1 - y0) * (x1 - x0)
        if max(y1 - y0, x1 - x0) <= POINTER_BOX:
            continue
        if box > WINDOW_MAX * moved.size:
            if img is not None and laid_on(img, (y0, y1, x0, x1), level):
                out[ys, xs] = True
            continue
        filled = ys.size >= WINDOW_FILL * box
        if filled or (img is not None and framed(img, (y0, y1, x0, x1), level)):
            out[ys, xs] = True
    return out


def boxes(cells: np.ndarray) -> np.ndarray:
    """Each 8-connected group of `cells` as its bounding box, filled (where a window's
    picture is, though its motion left some blocks out)."""
    groups, count = label(cells)
    out = np.zeros(cells.shape, bool)
    for number in range(1, count + 1):
        ys, xs = np.nonzero(groups == number)
        out[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] = True
    return out


def laid_on(img: np.ndarray, box: Box, level: float) -> bool:
    """Whether the block box, however big, is a window laid on a slide: framed (`framed`, steps
    over `level`) inside the picture, a frame found on every side within a block of it with
    the slide's plain background beyond (`_side`; none the picture's edge), and the slide
    around it holding something else, beyond the block ring around the frame (a title, a
    caption). A clip playing big in a slide is; a camera's moving scene and a letterboxed
    film run into the picture's edges, and a windowboxed film has nothing around it."""
    grid = (img.shape[0] // BLOCK, img.shape[1] // BLOCK)
    y0, y1, x0, x1 = box
    if min(y0, x0) < 1 or y1 > grid[0] - 1 or x1 > grid[1] - 1 or not framed(img, box, level):
        return False
    picture = img[: grid[0] * BLOCK, : grid[1] * BLOCK].astype(np.int16)
    plain = np.abs(picture - background(picture)) <= FRAME_STEP
    h, w = picture.shape
    top, bottom, left, right = (v * BLOCK for v in box)
    sides = (
        _side(picture, plain, top, (left, right), BLOCK),
        _side(picture[::-1], plain[::-1], h - bottom, (left, right), BLOCK),
        _side(picture.T, plain.T, left, (top, bottom), BLOCK),
        _side(picture.T[::-1], plain.T[::-1], w - right, (top, bottom), BLOCK),
    )
    if any(side is None or side == 0 for side in sides):
        return False
    around = np.ones(grid, bool)
    around[max(0, y0 - 1) : y1 + 1, max(0, x0 - 1) : x1 + 1] = False
    content = ~plain.reshape(grid[0], BLOCK, grid[1], BLOCK).all(axis=(1, 3))
    return bool((content & around).any())


def framed(img: np.ndarray, box: tuple[int, int, int, int], level: float) -> bool:
    """Whether the picture has a straight edge along each side of the block box (rows y0:y1,
    columns x0:x1) within a block of it: a line of pixels along `FRAME_SHARE` of the side
    steps by more than `level` across it (the picture's own edge frames a side on it). A
    camera's picture composited on a backdrop or a screen is framed so, however little of it
    moves (a speaker's shirt of one colour holds still); a figure moving in a camera's scene
    is not (its surroundings go on past it)."""
    h, w = img.shape
    y0, y1, x0, x1 = box[0] * BLOCK, min(box[1] * BLOCK, h), box[2] * BLOCK, min(box[3] * BLOCK, w)
    picture = img.astype(np.int16)
    for edge, end, across in ((y0, h, False), (y1, h, False), (x0, w, True), (x1, w, True)):
        if edge <= 0 or edge >= end:
            continue  # (the picture's edge)
        lo, hi = max(1, edge - BLOCK), min(end, edge + BLOCK)  # (steps between line i - 1 and i)
        if across:
            steps = np.abs(picture[y0:y1, lo:hi] - picture[y0:y1, lo - 1 : hi - 1]) > level
            share = steps.mean(axis=0)
        else:
            steps = np.abs(picture[lo:hi, x0:x1] - picture[lo - 1 : hi - 1, x0:x1]) > level
            share = steps.mean(axis=1)
        if not share.size or float(share.max()) < FRAME_SHARE:
            return False
    return True


def framed_box(img: np.ndarray, box: Box) -> Box:
    """The rectangle of blocks (`Box`) a window learned as `box` takes on `img`: its frame,
    side by side (see the module's doc); `box` itself where the frame would be too big."""
    grid = (img.shape[0] // BLOCK, img.shape[1] // BLOCK)
    picture = img[: grid[0] * BLOCK, : grid[1] * BLOCK].astype(np.int16)
    plain = np.abs(picture - background(picture)) <= FRAME_STEP
    y0, y1, x0, x1 = (v * BLOCK for v in box)
    tall, wide = round(REACH * (y1 - y0)), round(REACH * (x1 - x0))
    h, w = picture.shape
    for _ in range(2):  # (each side measured along the others as found; none: as learned)
        top = _or(_side(picture, plain, y0, (x0, x1), tall), y0)
        bottom = h - _or(_side(picture[::-1], plain[::-1], h - y1, (x0, x1), tall), h - y1)
        left = _or(_side(picture.T, plain.T, x0, (top, bottom), wide), x0)
        right = w - _or(_side(picture.T[::-1], plain.T[::-1], w - x1, (top, bottom), wide), w - x1)
        if (top, bottom, left, right) == (y0, y1, x0, x1):
            break
        y0, y1, x0, x1 = top, bottom, left, right
    found = (y0 // BLOCK, -(-y1 // BLOCK), x0 // BLOCK, -(-x1 // BLOCK))
    area = (found[1] - found[0]) * (found[3] - found[2])
    if area > WINDOW_MAX * grid[0] * grid[1]:
        return box
    return (
        min(found[0], box[0]),
        max(found[1], box[1]),
        min(found[2], box[2]),
        max(found[3], box[3]),
    )


def outline_holds(img: np.ndarray, box: Box, cells: np.ndarray, round_only: bool = False) -> bool:
    """Whether the blocks `cells` show part of the picture of a window learned as `box`, the
    rectangle learned smaller than the window (a calm webcam, learned only where its
    presenter's eyes blink, its picture drifting where the head and the shoulders sway): they
    lie within the rectangle around the piece of `img` that is not the slide's plain
    background (`FRAME_STEP` from its level, `background`) and holds the rectangle
    learned — a webcam's picture of any shape, round too —, a piece no bigger than
    `PICTURE_MAX` (a code panel is) that does not run into the picture's edge (a panel down
    the slide's side that the webcam sits on, and a word written on it, do). A word written
    beside the webcam, or a build in a screenshot beside it, lies beyond the slide's
    background around it. `round_only`: only a piece that fills less than `WINDOW_FILL` of its
    rectangle (a round webcam's disc: about 0.79; a stage's shrunk screen or a code panel where
    a caret blinks fills it)."""
    grid = cells.shape
    picture = img[: grid[0] * BLOCK, : grid[1] * BLOCK].astype(np.int16)
    groups, _ = label(np.abs(picture - background(picture)) > FRAME_STEP)
    y0, y1, x0, x1 = (v * BLOCK for v in box)
    numbers = np.unique(groups[y0:y1, x0:x1])
    numbers = numbers[numbers > 0]
    if not numbers.size:
        return False
    ys, xs = np.nonzero(np.isin(groups, numbers))
    h, w = picture.shape
    if ys.min() == 0 or xs.min() == 0 or ys.max() == h - 1 or xs.max() == w - 1:
        return False
    area = (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)
    if area > PICTURE_MAX * h * w or (round_only and ys.size >= WINDOW_FILL * area):
        return False
    inside = np.zeros_like(cells)
    inside[ys.min() // BLOCK : ys.max() // BLOCK + 1, xs.min() // BLOCK : xs.max() // BLOCK + 1] = (
        True
    )
    return not (cells & ~inside).any()


def over_background(img: np.ndarray, cells: np.ndarray) -> bool:
    """Whether any of the blocks `cells` of `img` is the slide's plain background: `FRAME_SHARE`
    of its pixels within `FRAME_STEP` of the picture's background level (`background`)."""
    grid = cells.shape
    picture = img[: grid[0] * BLOCK, : grid[1] * BLOCK].astype(np.int16)
    plain = np.abs(picture - background(picture)) <= FRAME_STEP
    shares = plain.reshape(grid[0], BLOCK, grid[1], BLOCK).mean(axis=(1, 3))
    return bool((shares[cells] >= FRAME_SHARE).any())


def background(picture: np.ndarray) -> int:
    """The slide's background level: the middle level of the pixels in the range of levels,
    `FRAME_STEP` either side of its centre, that holds the most pixels of `picture`. A
    background shaded across a few levels has fewer pixels of each than a code panel's or a
    table's flat fill, and more than it in all; its middle keeps its levels plain on both
    sides."""
    counts = np.bincount(picture.ravel().clip(0, 255), minlength=256)
    reach = int(FRAME_STEP)
    spread = np.convolve(counts, np.ones(2 * reach + 1, np.int64), mode="same")
    centre = int(spread.argmax())
    low = max(0, centre - reach)
    inside = np.cumsum(counts[low : centre + reach + 1])
    return low + int(np.searchsorted(inside, (inside[-1] + 1) // 2))


def _or(found: int | None, edge: int) -> int:
    return edge if found is None else found


def _side(
    picture: np.ndarray,
    plain: np.ndarray,
    edge: int,
    span: tuple[int, int],
    reach: int,
) -> int | None:
    """The top of the frame (a row of `picture`) above row `edge`, measured along the columns
    `span`: the nearest line from a block below `edge` up to `reach` above it that steps by
    more than `FRAME_STEP` along `FRAME_SHARE` of the span with the background (`plain`) above it;
    0 where the window runs into the picture's top within reach (no background there); else
    None."""
    x0, x1 = span
    start = min(edge + BLOCK, picture.shape[0] - 1)
    if x1 <= x0 or start < 1:
        return None
    rows = picture[: start + 1, x0:x1]
    steps = (np.abs(rows[1:] - rows[:-1]) > FRAME_STEP).mean(axis=1)  # line i: rows i - 1 and i
    flat = plain[: start + 1, x0:x1].mean(axis=1) >= FRAME_SHARE
    for line in range(start, max(0, edge - reach), -1):
        if line < edge and flat[line]:
            return None  # (background inside: the window ended without a frame)
        beyond = flat[max(0, line - 1 - FLAT_PX) : line - 1]  # (the row by it: the edge's blur)
        if steps[line - 1] >= FRAME_SHARE and beyond.size and beyond.all():
            return line
    return 0 if edge <= reach and not flat[0] else None
