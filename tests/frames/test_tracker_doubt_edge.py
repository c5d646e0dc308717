"""The pointer showing at the picture's edge, only part of it inside, is known by the part of
its look that shows.

A presenter's pointer pokes in from below the picture and rests there, its tip showing (the
second generator's i524: the arrow's top 18 of 36 rows at a 720p recording's foot). It came
in one step, unseen on its way: a small pointer-shaped thing that appeared and stayed, kept
as a state when the next slide came (nothing tells it from a small build then) and doubted
(`PointerLooks.doubt`). Once the pointer moves into the picture and rests, its look is known;
but a look is compared with another from its top left corner, and a tip 18 rows tall is not
an arrow of 36: the doubt was never settled and the frame stayed. A look reaching the
picture's edge may go on beyond it (`Look.cut`): compared with a whole one, only as much of
the whole as it shows on that side counts (`pointer.as_cut`)."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.looks import PointerLooks
from peepshow_core.frames.slides.pointer import Look, alike, as_cut, at_edges
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import feed_scaled

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
SCALE = 4  # the decoded frame's size over the analysis picture's (a 1280 px wide recording)
PAGE, INK = 230, 30
SHOWS_AT = 1.5  # the pointer shows at the edge, resting (or a small build appears there) ...
BUILD_AT = 4.0  # ... a line of text is built, the small thing still there ...
MOVES_AT = 6.0  # ... the pointer moves into the picture and rests for good
STEPS = 8  # samples the stroke takes
REST = (80, 150)
ARROW = np.tri(8, 5, dtype=bool)  # the pointer, its tip at the top left: 32 px tall in the frame
FILL = np.tri(8, 5, -2, dtype=bool)  # ... white inside a black outline, as a system's arrow
FILL[-1] = False
STAR = np.ones((7, 6), dtype=bool)  # a small build: one piece, pointer-sized
STAR[::3, ::3] = False
EDGE = {  # where it shows at each edge of the picture: partly beyond it
    "bottom": (H - 4, 200),
    "right": (60, W - 3),
    "top": (-4, 200),
    "left": (60, -2),
}


def _draw(img: np.ndarray, shape: np.ndarray, y: int, x: int) -> None:
    """`shape` at (y, x), clipped by the picture's edges: the pointer outlined, a build in ink."""
    h, w = shape.shape
    y0, x0 = max(0, y), max(0, x)
    y1, x1 = min(img.shape[0], y + h), min(img.shape[1], x + w)
    cut = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
    ink = np.where(FILL, 255, 0) if shape is ARROW else np.full(shape.shape, INK)
    img[y0:y1, x0:x1][shape[cut]] = ink[cut][shape[cut]]


def _slide(t: float, side: str, small: np.ndarray, pointer_moves: bool) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    img[40:46, 16:120] = INK  # a line
    if t >= BUILD_AT:
        img[120:126, 16:160] = INK  # the build
    y, x = EDGE[side]
    if small is not ARROW:  # the small build stays; the pointer comes in from the bottom right
        if t >= SHOWS_AT:
            _draw(img, small, y, x)
        y, x = H - 30, W - 20
    if pointer_moves and t >= MOVES_AT:
        step = min(STEPS, round((t - MOVES_AT) * FPS)) / STEPS
        y, x = round(y + step * (REST[0] - y)), round(x + step * (REST[1] - x))
    elif small is not ARROW or t < SHOWS_AT:
        return img  # (the pointer not yet shown)
    _draw(img, ARROW, y, x)
    return img


def _kept(side: str, small: np.ndarray, pointer_moves: bool) -> tuple[list[float], list[float]]:
    """When the states the tracker kept settled, and those it withdrew."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, lambda t: _slide(t, side, small, pointer_moves), 10.0, FPS, SCALE)
    kept += [k.time_s for k in tracker.finish()]
    return kept, tracker.withdrawn()


@pytest.mark.parametrize("side", list(EDGE))
def test_a_pointer_kept_at_the_pictures_edge_is_withdrawn_once_its_look_is_known(
    side: str,
) -> None:
    kept, withdrawn = _kept(side, ARROW, True)
    assert len(withdrawn) == 1 and SHOWS_AT <= withdrawn[0] < BUILD_AT, (kept, withdrawn)
    assert withdrawn[0] in kept and len(kept) == 3, kept  # the opening, the rest, the build


def test_a_pointer_at_the_edge_that_never_moves_again_stays_kept() -> None:
    """Nothing ever tells it from a small build: it stays (a state may not be lost)."""
    kept, withdrawn = _kept("bottom", ARROW, False)
    assert withdrawn == [] and len(kept) == 3, (kept, withdrawn)


@pytest.mark.parametrize("side", ["bottom", "right"])
def test_a_small_build_at_the_edge_the_pointer_does_not_look_like_stays_kept(side: str) -> None:
    kept, withdrawn = _kept(side, STAR, True)
    assert withdrawn == [], withdrawn
    assert len(kept) == 3 and SHOWS_AT <= kept[1] < BUILD_AT, kept


def _look(mask: np.ndarray, ink: int = 20) -> Look:
    return Look(mask, np.where(mask, ink, 0).astype(np.uint8))


ARROW_FULL = np.tri(36, 22, dtype=bool)  # as the frame shows it


@pytest.mark.parametrize(
    "side, part",
    [
        ("bottom", (slice(0, 18), slice(None))),
        ("top", (slice(14, None), slice(None))),
        ("right", (slice(None), slice(0, 9))),
        ("left", (slice(None), slice(10, None))),
    ],
)
def test_a_look_cut_by_the_edge_is_alike_the_whole_as_far_as_it_shows(
    side: str, part: tuple[slice, slice]
) -> None:
    whole = _look(ARROW_FULL)
    shown = ARROW_FULL[part]
    ys, xs = np.nonzero(shown)
    shown = shown[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    cut = Look(shown, np.where(shown, 20, 0).astype(np.uint8), frozenset({side}))
    assert alike(cut, whole) and alike(whole, cut)
    assert not alike(Look(cut.mask, cut.values), whole), "the premise: uncut, they differ"
    assert not alike(cut, _look(ARROW_FULL, ink=200)), "other pixels are another look"
    assert as_cut(whole, cut).cut == frozenset({side})


def test_a_look_knows_the_edges_it_reaches() -> None:
    look = _look(np.ones((5, 4), bool))
    assert at_edges(look, (10, 10), (100, 100)).cut == frozenset()
    assert at_edges(look, (95, 0), (100, 100)).cut == frozenset({"bottom", "left"})
    assert at_edges(look, (0, 96), (100, 100)).cut == frozenset({"top", "right"})


def test_cut_looks_set_no_bound_on_the_pointers_size_and_the_whole_is_learned() -> None:
    looks = PointerLooks()
    tip = Look(ARROW_FULL[:6, :6], np.where(ARROW_FULL[:6, :6], 20, 0).astype(np.uint8))
    looks.learn(at_edges(tip, (94, 10), (100, 100)))
    assert looks.could_be(_look(ARROW_FULL)), "a tip six rows tall sets no bound"
    looks.learn(_look(ARROW_FULL))
    assert len(looks.looks) == 2, "the whole look is learned though its tip was known"
