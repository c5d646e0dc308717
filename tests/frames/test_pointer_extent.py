"""How big the pointer is, learned from its strokes: a recorder that draws a highlight disc
around it (Camtasia's, ScreenFlow's cursor highlight) makes every rest a change bigger than the
prior `overlay_blocks`; what moved in strokes says how big the pointer is."""

from __future__ import annotations

from collections import Counter

import av
import numpy as np
import pytest

from peepshow_core.frames.slides.extent import learned_size
from peepshow_core.frames.slides.motion import Motion
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import (
    EXTENT_SEEN,
    EXTENT_SHARE,
    HIGHLIGHT_BLOCKS,
    SlidesTuning,
)

TUNING = SlidesTuning()
PRIOR = TUNING.overlay_blocks
H, W = 184, 320
FPS = 15
ARROW = np.tri(12, 8, dtype=bool)  # a solid arrow head, 12 px tall
YY, XX = np.mgrid[0:H, 0:W]


def slide(word: bool = False) -> np.ndarray:
    img = np.full((H, W), 40, np.uint8)  # a dark slide
    img[16:24, 16:200] = 220  # a title
    for row in range(48, 112, 16):  # lines of text
        img[row : row + 6, 24:280:6] = 200
    if word:  # a short build: two words of a bullet
        img[140:148, 40:56] = 220
        img[140:148, 62:74] = 220
    return img


def picture(at: tuple[int, int] | None, radius: int, word: bool = False) -> np.ndarray:
    """The slide with the pointer at `at` (its hot spot) in a translucent disc of `radius` px
    (none at 0), as a recorder's cursor highlight draws it."""
    img = slide(word).astype(np.float32)
    if at is not None:
        y, x = at
        if radius:
            disc = (YY - y) ** 2 + (XX - x) ** 2 <= radius * radius
            img[disc] = img[disc] * 0.55 + 230 * 0.45
        img[y : y + 12, x : x + 8][ARROW[: H - y, : W - x]] = 255
    return img.astype(np.uint8)


def strokes(radius: int, rests: int, word_at: float = 1e9) -> list[tuple[float, np.ndarray]]:
    """A presenter's strokes over a dark slide: eased moves of about a second between rests of
    2.5 s, all over the slide; the first 2 s without the pointer."""
    rng = np.random.default_rng(7)
    at = (90, 160)
    out, t = [], 0.0
    for _ in range(2 * FPS):
        out.append((t, picture(None, radius, t >= word_at)))
        t += 1 / FPS
    for _ in range(rests):
        goal = (int(rng.integers(40, 110)), int(rng.integers(40, 280)))
        for n in range(1, FPS + 1):  # eased: slow, fast, slow
            f = (1 - np.cos(np.pi * n / FPS)) / 2
            here = (round(at[0] + (goal[0] - at[0]) * f), round(at[1] + (goal[1] - at[1]) * f))
            out.append((t, picture(here, radius, t >= word_at)))
            t += 1 / FPS
        at = goal
        for _ in range(int(2.5 * FPS)):
            out.append((t, picture(at, radius, t >= word_at)))
            t += 1 / FPS
    return out


def kept(samples: list[tuple[float, np.ndarray]]) -> tuple[list[float], int]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    out = []
    for t, img in samples:
        frame = av.VideoFrame.from_ndarray(img, format="gray")
        out += [k.time_s for k in tracker.feed(t, img, frame)]
    return out + [k.time_s for k in tracker.finish()], tracker.motion.size


def test_a_pointer_in_a_highlight_disc_resting_is_no_state() -> None:
    """A disc of 26 px (four blocks, where the prior is three) around the pointer, resting
    eight times: learned from its strokes, its rests are the pointer's; a two-word build
    while it rests is still a state."""
    times, size = kept(strokes(radius=13, rests=8, word_at=20.0))
    assert PRIOR < size <= HIGHLIGHT_BLOCKS * PRIOR
    assert times[0] == 0.0 and len(times) == 2, times
    assert 20.0 <= times[1] <= 20.0 + 2 * TUNING.settle_s + TUNING.region_span_s


def test_a_plain_arrow_keeps_the_prior() -> None:
    """The arrow alone (two blocks) teaches nothing bigger: the prior stands, and a two-word
    build the size of a disc is a state."""
    times, size = kept(strokes(radius=0, rests=8, word_at=20.0))
    assert size == PRIOR
    assert len(times) == 2 and times[0] == 0.0, times


def test_something_bigger_moving_is_no_pointer() -> None:
    """A box of eight blocks dragged in strokes (a window, a clip's subject) is more than
    `HIGHLIGHT_BLOCKS` times the prior: nothing is learned from it."""
    motion = Motion.tuned((H // 8, W // 8), TUNING)
    before = None
    for n in range(40):
        img = slide()
        x = 20 + 4 * n
        img[60:124, x : x + 64] = 250
        img[70:114, x + 10 : x + 54] = 90
        if before is not None:
            motion.watch(n / FPS)
            motion.step(n / FPS, before, img, np.zeros((H // 8, W // 8), bool))
        else:
            motion.watch(0.0)
        before = img
    assert motion.size == PRIOR


@pytest.mark.parametrize(
    ("extents", "size"),
    [
        ({2: 80, 3: 15, 4: 5}, PRIOR),  # a plain arrow, at 2x now and then
        ({1: 20, 2: 35, 3: 20, 4: 35, 5: 10}, 4),  # in a disc: four blocks in 38 %
        ({3: 7, 4: 3}, 4),  # ... in three of the first ten
        ({1: 12, 2: 4, 3: 2, 4: 2}, PRIOR),  # four blocks in a tenth: at 2x, or text beside it
        ({4: EXTENT_SEEN - 1}, PRIOR),  # too few seen to say
        ({4: EXTENT_SEEN}, 4),
        ({6: 20}, HIGHLIGHT_BLOCKS * PRIOR),  # never more than that
    ],
)
def test_learned_size_table(extents: dict[int, int], size: int) -> None:
    assert learned_size(Counter(extents), PRIOR) == size


def test_the_share_is_a_quarter_not_a_half_nor_an_eighth() -> None:
    """A disc's blobs reach four blocks in 39-44 % of its steps as measured; a plain arrow's in
    1-8 %: the share lies between."""
    assert learned_size(Counter({2: 62, 4: 38}), PRIOR) == 4  # (a half would miss it)
    assert learned_size(Counter({2: 85, 4: 15}), PRIOR) == PRIOR  # (an eighth would learn it)
    assert 0.15 < EXTENT_SHARE <= 0.38


def test_the_learned_extent_never_shrinks() -> None:
    """Once the pointer was seen that big it may be that big: shrinking while a rest is held
    as the pointer's would make the rest a state (a low-rate recording's arrow did)."""
    motion = Motion.tuned((H // 8, W // 8), TUNING)
    motion.extent.extents.update({2: 6, 4: 4})
    motion.extent.resize()
    assert motion.size == 4
    motion.extent.extents.update({2: 30})
    motion.extent.resize()
    assert motion.size == 4
