"""The pointer found in pieces is the pointer: a recorder's translucent highlight disc over
dense text arrives at a rest (or leaves one) a few blocks at a time, and a piece that settles
beside the pointer just found, the two together no bigger than the pointer, is more of it
(a fresh highlight draw's s4620: the last block a disc lifted off a line of code was kept as a
state). A glyph typed on plain background beside a resting pointer is no piece of it."""

from __future__ import annotations

import av
import numpy as np
import pytest

from peepshow_core.frames.slides.pointer import Held
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
ARROW = np.tri(12, 8, dtype=bool)  # a solid arrow head, 12 px tall
YY, XX = np.mgrid[0:H, 0:W]
SECOND_SLIDE_S = 16.0  # while the pointer rests (its fourth rest: 15-18 s)


def slide(dense: bool) -> np.ndarray:
    img = np.full((H, W), 40, np.uint8)  # a dark slide
    img[16:24, 16:200] = 220  # a title
    for row in range(48, 140, 12):
        if dense:  # a page of code: dotted runs of glyphs
            img[row : row + 6, 24:300:5] = 200
            img[row : row + 6, 24:300:11] = 40
        else:
            img[row : row + 6, 24:200:6] = 200
    return img


def picture(t: float, at: tuple[int, int] | None) -> np.ndarray:
    """The slide of `t` with the pointer's hot spot at `at` in a translucent disc (radius 16
    px, three tenths opaque: a recorder's cursor highlight)."""
    img = slide(t >= SECOND_SLIDE_S).astype(np.float32)
    if at is not None:
        y, x = at
        disc = (YY - y) ** 2 + (XX - x) ** 2 <= 16 * 16
        img[disc] = img[disc] * 0.7 + 230 * 0.3
        img[y : y + 12, x : x + 8][ARROW[: H - y, : W - x]] = 255
    return img.astype(np.uint8)


def kept(goals: list[tuple[int, int]]) -> list[float]:
    """Eased strokes of a second between rests of three seconds at `goals` (the first two
    seconds without the pointer); when the states kept settled."""
    samples, t, at = [], 0.0, (90, 160)
    for _ in range(2 * FPS):
        samples.append((t, picture(t, None)))
        t += 1 / FPS
    for goal in goals:
        for n in range(1, FPS + 1):  # eased: slow, fast, slow
            f = (1 - np.cos(np.pi * n / FPS)) / 2
            here = (round(at[0] + (goal[0] - at[0]) * f), round(at[1] + (goal[1] - at[1]) * f))
            samples.append((t, picture(t, here)))
            t += 1 / FPS
        at = goal
        for _ in range(3 * FPS):
            samples.append((t, picture(t, at)))
            t += 1 / FPS
    tracker = Tracker((H // 8, W // 8), TUNING)
    out = []
    for t, img in samples:
        frame = av.VideoFrame.from_ndarray(img, format="gray")
        out += [k.time_s for k in tracker.feed(t, img, frame)]
    return out + [k.time_s for k in tracker.finish()]


def goals(seed: int) -> list[tuple[int, int]]:
    rng = np.random.default_rng(seed)
    return [(int(rng.integers(40, 150)), int(rng.integers(40, 280))) for _ in range(6)]


@pytest.mark.parametrize("seed", [5])
def test_a_highlight_disc_arriving_in_pieces_is_the_pointer(seed: int) -> None:
    """Six rests, the slide replaced during the fourth: two states, none at a rest."""
    times = kept(goals(seed))
    assert len(times) == 2, times
    assert times[0] == 0.0
    assert SECOND_SLIDE_S <= times[1] <= SECOND_SLIDE_S + 2 * TUNING.settle_s


def held(cells: list[tuple[int, int]], t: float, pointer: bool = False) -> Held:
    grid = np.zeros((H // 8, W // 8), bool)
    for c in cells:
        grid[c] = True
    return Held(t, grid, grid, np.zeros(0, np.uint8), None, pointer=pointer)


@pytest.mark.parametrize(
    ("cells", "after_s", "under", "piece"),
    [
        ([(8, 12)], 0.1, "text", True),  # the last block a disc lifted off a line of code
        ([(8, 12)], 0.1, "plain", False),  # a glyph typed beside the resting pointer
        ([(8, 12)], TUNING.settle_s + 0.1, "text", False),  # settled too long after it
        ([(8, 14)], 0.1, "text", False),  # not touching it
        ([(8, 12), (8, 13), (8, 14), (8, 15)], 0.1, "text", False),  # the two too big
    ],
)
def test_a_piece_of_the_pointer_table(
    cells: list[tuple[int, int]], after_s: float, under: str, piece: bool
) -> None:
    """The pointer (2 x 2 blocks at rows 6-7, columns 10-11) was found settling at 10 s; what
    settles after it, where the reference showed a line of text or plain background (the
    picture now shows text there in both: what left showed it, or it was typed)."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    tracker.small = [held([(6, 10), (6, 11), (7, 10), (7, 11)], 10.0, pointer=True)]
    text = slide(dense=True)
    reference = text.copy() if under == "text" else np.full((H, W), 40, np.uint8)
    reference[:64] = text[:64]  # (the rows above agree)
    if under == "text":  # (the disc dimmed it)
        reference[64:72] = (reference[64:72] * 0.7 + 230 * 0.3).astype(np.uint8)
    piece_of = tracker._piece_of_pointer(held(cells, 10.0 + after_s), reference, text)
    assert piece_of is piece
