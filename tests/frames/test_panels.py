"""Panels (`frames/slides/panels.py`): a meeting's participant tiles in line are one overlay.

A table of rectangles (y0, y1, x0, x1 in blocks) and what they join into; each row pins one
part of the rule (`PANEL_SIZE`, `PANEL_GAP`: halving or doubling either flips a row).
"""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.panels import Box, framed, one_more, panels
from peepshow_core.frames.slides.regions import ActiveRegions
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

ROW = [(1, 3, 27, 30), (1, 3, 32, 34), (1, 3, 36, 39)]  # three small cameras, a block apart

CASES: list[tuple[str, list[Box], list[Box]]] = [
    ("a row of three cameras is one panel", ROW, [(1, 3, 27, 39)]),
    ("a column of them too", [(2, 6, 30, 34), (7, 11, 30, 34)], [(2, 11, 30, 34)]),
    ("a camera that is off between two", [(0, 3, 10, 14), (0, 3, 22, 26)], [(0, 3, 10, 26)]),
    ("one webcam stays itself", [(0, 5, 30, 38)], [(0, 5, 30, 38)]),
    (
        "a caret beside a webcam is no tile of it (PANEL_SIZE)",
        [(0, 3, 30, 38), (1, 2, 27, 28)],
        [(0, 3, 30, 38), (1, 2, 27, 28)],
    ),
    (
        "cameras a screen apart are two (PANEL_GAP)",
        [(0, 3, 0, 4), (0, 3, 13, 17)],
        [(0, 3, 0, 4), (0, 3, 13, 17)],
    ),
    (
        "not in line: one above the other's end",
        [(0, 3, 0, 4), (5, 8, 6, 10)],
        [(0, 3, 0, 4), (5, 8, 6, 10)],
    ),
    (
        "a tile half the height of the next still lines up",
        [(0, 4, 0, 4), (1, 3, 5, 9)],
        [(0, 4, 0, 9)],
    ),
]


@pytest.mark.parametrize(("why", "boxes", "joined"), CASES, ids=[c[0] for c in CASES])
def test_panels(why: str, boxes: list[Box], joined: list[Box]) -> None:
    assert sorted(panels(boxes)) == sorted(joined), why


def test_a_meetings_cameras_in_a_row_mask_the_strip_between_and_around_them() -> None:
    """Three small cameras, each learned only where its person moves: their hull and a block
    around it are masked (the speaker's border on a tile's still edge, a camera that is off
    between two), the slide below them is not."""
    r = ActiveRegions((12, 40), SlidesTuning())
    for x0, x1 in ((27, 29), (32, 34), (36, 38)):
        r.active[1:3, x0:x1] = r.overlay[1:3, x0:x1] = r.playing[1, x0] = True
    mask = r.mask()
    assert mask[0:4, 26:39].all(), "the strip and a block around it"
    assert not mask[5:, :].any() and not mask[:, :25].any(), "the slide"
    lone = ActiveRegions((12, 40), SlidesTuning())
    lone.active[1:3, 27:29] = lone.overlay[1:3, 27:29] = lone.playing[1, 27] = True
    assert lone.mask().sum() == 4, "a lone small camera is masked where it moves"


H, W = 184, 320
FPS = 15
TILES = [(8, 36, 200), (8, 36, 240), (8, 36, 280)]  # y0, y1, x0 of three 36-px wide cameras
BUILD_T = 9.0  # a line is written on the slide ...
BUILD = (100, 106, 16, 120)  # ... here
END = 14.0


def meeting(
    t: float, off: int | None = None, build: tuple[int, int, int, int] = BUILD
) -> np.ndarray:
    """A slide under a meeting's strip: three small cameras, each a still wall with a head that
    sways (learned only where it moves), or a tile whose camera is `off` (a still initial); the
    active speaker's border hops every 1.5 s; a line (`build`: y0, y1, x0, x1) is written."""
    img = np.full((H, W), 230, np.uint8)
    img[60:68, 16:200] = 30  # the slide's title
    if t >= BUILD_T:
        y0, y1, x0, x1 = build
        img[y0:y1, x0:x1] = 40
    img[6:38, 198:318] = 26  # the strip's background
    speaker = int(t / 1.5) % len(TILES)
    for i, (y0, y1, x0) in enumerate(TILES):
        img[y0:y1, x0 : x0 + 36] = 120 + 20 * i  # the wall
        if i == off:
            img[y0 + 8 : y1 - 8, x0 + 14 : x0 + 22] = 90  # the person's initial
        else:
            cx = x0 + 18 + round(4 * np.sin(2 * np.pi * t / (2.0 + i)))
            img[y0 + 10 : y1, cx - 5 : cx + 5] = 200  # a head and shoulders
        if i == speaker:
            img[y0, x0 : x0 + 36] = img[y1 - 1, x0 : x0 + 36] = 60
            img[y0:y1, x0] = img[y0:y1, x0 + 35] = 60
    return img


def kept(**picture: object) -> list[float]:
    frames = [(n / FPS, meeting(n / FPS, **picture)) for n in range(round(END * FPS))]  # type: ignore[arg-type]
    return kept_times(frames, SlidesTuning())


def test_a_speakers_border_hopping_between_small_cameras_is_no_state() -> None:
    times = kept()
    assert len(times) == 2 and BUILD_T <= times[1] <= BUILD_T + 1.0, times


def test_a_speakers_border_on_a_tile_whose_camera_is_off_at_the_strips_end_is_no_state() -> None:
    """The tile beyond the cameras' hull: its border comes and goes, as one more tile of the
    strip (`panels.one_more`); a line written right under the strip, as wide as it, is a
    state (it is no tile's shape)."""
    times = kept(off=2)
    assert len(times) == 2 and BUILD_T <= times[1] <= BUILD_T + 1.0, times
    under = kept(off=2, build=(40, 46, 200, 318))
    assert len(under) == 2 and BUILD_T <= under[1] <= BUILD_T + 1.0, under


ONE_MORE: list[tuple[str, Box, Box, bool]] = [
    ("a tile at the end of a row", (1, 4, 12, 17), (1, 4, 1, 11), True),
    ("... its edge block masked: one narrower", (0, 4, 11, 14), (1, 4, 1, 10), True),
    ("a tile below a column", (7, 9, 1, 6), (1, 6, 2, 5), True),
    ("a line under a row, as wide as it (TILE_WIDE)", (4, 6, 2, 12), (1, 4, 1, 11), False),
    (
        "a taller box at its end: not as wide across (TILE_SLACK)",
        (0, 6, 12, 17),
        (1, 4, 1, 11),
        False,
    ),
    ("a tile three blocks off the end (TILE_SLACK)", (1, 4, 14, 19), (1, 4, 1, 11), False),
    ("a square at its end", (1, 4, 11, 14), (1, 4, 1, 11), True),
]


@pytest.mark.parametrize(("why", "box", "panel", "more"), ONE_MORE, ids=[c[0] for c in ONE_MORE])
def test_one_more(why: str, box: Box, panel: Box, more: bool) -> None:
    assert one_more(box, panel) == more, why


def tile_change(kind: str) -> tuple[np.ndarray, np.ndarray, frozenset[tuple[int, int]]]:
    """A 40x24 tile (blocks 1-5 x 1-3) of a camera that is off, with the noise a camera's
    picture carries (+-14; the encoder redraws its inside by up to 20), before and after: its
    speaker's `border` drawn 30 levels darker, one pixel wide, or two (`wide`); a `box` with a
    label drawn (a diagram's build), or a `label` two pixels in from its edges; lines of `text`."""
    rng = np.random.default_rng(5)
    before = np.full((40, 56), 120, np.int16)
    before[8:32, 8:48] += rng.integers(-14, 15, (24, 40))
    after = before.copy()
    after[10:30, 10:46] += rng.integers(-20, 21, (20, 36))  # (redrawn: none moved over 20)
    if kind in ("border", "wide"):
        w = 2 if kind == "wide" else 1
        ring = np.zeros(after.shape, bool)
        ring[8:32, 8:48] = True
        ring[8 + w : 32 - w, 8 + w : 48 - w] = False
        after[ring] -= 30
    elif kind == "box":
        after[8, 8:48] = after[31, 8:48] = after[8:32, 8] = after[8:32, 47] = 30
        after[18:22, 14:42:2] = 30  # its label, well inside
    elif kind == "label":
        after[8, 8:48] = after[31, 8:48] = after[8:32, 8] = after[8:32, 47] = 30
        after[10, 10:46] = after[29, 10:46] = 30  # a label's lines two pixels in from its edges
    else:
        after[12:15, 10:46:2] = after[20:23, 10:40:2] = after[27:30, 10:30:2] = 30
    cells = frozenset((y, x) for y in range(1, 4) for x in range(1, 6))
    return before.clip(0, 255).astype(np.uint8), after.clip(0, 255).astype(np.uint8), cells


@pytest.mark.parametrize(
    ("kind", "frame"),
    [("border", True), ("wide", True), ("box", False), ("label", False), ("text", False)],
)
def test_a_frame_is_a_change_along_the_edges_of_its_rectangle(kind: str, frame: bool) -> None:
    """FRAME_LEVEL: the camera's noise (+-14) is no change, the border (30) is; FRAME_PX: a
    border two pixels wide is on its edges, a label two pixels in is not; FRAME_SHARE: a box
    with its label (about half on its edges) is no frame."""
    assert framed(*tile_change(kind)) == frame
