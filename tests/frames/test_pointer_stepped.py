"""A small thing that moved is no build: the pointer that stepped a few pixels where it rests,
or a block on as it settled, unseen moving at the analysis size, is known by the thing that
came being the one that went from beside it (`displaced`). A glyph replaced by another, a
word that appeared, a different thing appearing where another went, are not."""

from __future__ import annotations

import av
import numpy as np
import pytest

from peepshow_core.frames.slides.displaced import displaced
from peepshow_core.frames.slides.motion import Motion, Trace
from peepshow_core.frames.slides.pointer import Held
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import cells_at, feed_scaled

TUNING = SlidesTuning()
DARK, TEXT, WHITE = 30, 200, 255


def i_beam() -> tuple[np.ndarray, np.ndarray]:
    """An I-beam as systems draw it, 19 px tall: white, outlined in black (body, outline)."""
    body = np.zeros((19, 7), bool)
    body[1, 1:6] = body[17, 1:6] = True  # its bars
    body[1:18, 3] = True  # its stem
    grown = np.zeros_like(body)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            grown |= np.roll(np.roll(body, dy, 0), dx, 1)
    return body, grown & ~body


def draw_i_beam(img: np.ndarray, y: int, x: int, scale: int = 1) -> None:
    """The I-beam at (`y`, `x`), `scale` times its size (a Retina screen's, an enlarged one)."""
    body, outline = (np.kron(m, np.ones((scale, scale), bool)) for m in i_beam())
    img[y : y + body.shape[0], x : x + body.shape[1]][outline] = 0
    img[y : y + body.shape[0], x : x + body.shape[1]][body] = WHITE


def crop(text: bool = False) -> np.ndarray:
    img = np.full((96, 96), DARK, np.uint8)
    if text:
        for x in range(4, 92, 9):  # a line of text the pointer rests over
            img[40:52, x : x + 6] = TEXT
    return img


@pytest.mark.parametrize(("dy", "dx"), [(3, 0), (3, 1), (-2, 2), (30, 10), (-40, -25)])
@pytest.mark.parametrize("text", [False, True])
def test_the_pointer_that_stepped_is_displaced(dy: int, dx: int, text: bool) -> None:
    before, now = crop(text), crop(text)
    draw_i_beam(before, 44, 44)
    draw_i_beam(now, 44 + dy, 44 + dx)
    assert displaced(now, before)


@pytest.mark.parametrize("shift", [(4, 2), (-30, 20)])
def test_a_big_pointer_that_stepped_is_displaced(shift: tuple[int, int]) -> None:
    """Four times the size: more pixels came than the search looks at."""
    before, now = np.full((200, 160), DARK, np.uint8), np.full((200, 160), DARK, np.uint8)
    draw_i_beam(before, 70, 60, scale=4)
    draw_i_beam(now, 70 + shift[0], 60 + shift[1], scale=4)
    assert displaced(now, before)


def digit(img: np.ndarray, x: int, shown: str) -> None:
    """A seven-segment digit, 2 px strokes, 14 px tall, at column `x`."""
    on = {"1": "bc", "2": "abged", "3": "abgcd", "5": "afgcd", "8": "abcdefg"}[shown]
    y = 40
    spans = {
        "a": (slice(y, y + 2), slice(x, x + 8)),
        "g": (slice(y + 6, y + 8), slice(x, x + 8)),
        "d": (slice(y + 12, y + 14), slice(x, x + 8)),
        "f": (slice(y, y + 8), slice(x, x + 2)),
        "b": (slice(y, y + 8), slice(x + 6, x + 8)),
        "e": (slice(y + 6, y + 14), slice(x, x + 2)),
        "c": (slice(y + 6, y + 14), slice(x + 6, x + 8)),
    }
    for segment in on:
        img[spans[segment]] = TEXT


@pytest.mark.parametrize(("was", "now_shown"), [("2", "3"), ("3", "5"), ("5", "2"), ("8", "2")])
def test_a_glyph_replaced_by_another_is_not_displaced(was: str, now_shown: str) -> None:
    """A figure changed in a line of figures ("1122" to "1123"): its strokes match strokes
    all over, and no one shift carries what came and what went."""
    before, now = crop(), crop()
    for n, ch in enumerate("112"):
        digit(before, 10 + 12 * n, ch)
        digit(now, 10 + 12 * n, ch)
    digit(before, 46, was)
    digit(now, 46, now_shown)
    assert not displaced(now, before)


def test_a_word_that_appeared_or_another_thing_is_not_displaced() -> None:
    before = crop()
    draw_i_beam(before, 10, 10)
    appeared = before.copy()
    appeared[60:68, 30:70] = TEXT  # a word, nothing gone
    assert not displaced(appeared, before)
    other = crop()
    other[60:75, 60:72] = TEXT  # the I-beam gone, a box come elsewhere
    assert not displaced(other, before)


# --- the tracker: the pointer shifting where it rests is no state ---

H, W, SCALE, FPS = 184, 320, 2, 15
SHIFT_AT = 3.0  # the I-beam, resting since the slide showed, shifts a few pixels ...
SHIFT = (2, 1)  # ... by this much (analysis pixels), over one sample
STROKE = (1.0, 2.0)  # an arrow seen moving (then gone) before: a recording with a pointer


def _slide(t: float, shift: tuple[int, int]) -> np.ndarray:
    img = np.full((H, W), DARK, np.uint8)
    img[16:26, 16:220] = TEXT  # a title
    for row in range(48, 150, 16):  # lines of text
        img[row : row + 8, 24 : 24 + (row * 29) % 200 + 60] = TEXT
    if STROKE[0] <= t < STROKE[1]:  # the pointer seen moving first, an arrow crossing
        ax = 40 + round((t - STROKE[0]) * FPS) * 8
        img[150:162, ax : ax + 8][np.tri(12, 8, dtype=bool)] = 0
    dy, dx = shift if t >= SHIFT_AT else (0, 0)
    y, x = 82 + dy, 120 + dx
    img[y : y + 10, x : x + 5] = 0  # the I-beam's outline ...
    img[y + 1 : y + 9, x + 2] = WHITE  # ... its stem ...
    img[y + 1, x + 1 : x + 4] = img[y + 8, x + 1 : x + 4] = WHITE  # ... and bars
    return img


@pytest.mark.parametrize("shift", [SHIFT, (0, 0)])
def test_the_pointer_shifting_where_it_rests_is_no_state(shift: tuple[int, int]) -> None:
    """An I-beam rests over text in the slide as first kept (never seen moving: no look of
    it known; an arrow seen crossing the slide before, so the recording has a pointer), then
    shifts a few pixels, within its block, and rests there: a small change that came in
    place, which only the thing that went beside it tells from a build."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, lambda t: _slide(t, shift), SHIFT_AT + 4.0, FPS, SCALE)
    kept += [k.time_s for k in tracker.finish()]
    gone = tracker.withdrawn()
    assert [t for t in kept if t not in gone] == [0.0]


# --- motion: the pointer that jumped ---

GRID = (23, 40)
STEP = 1 / FPS


def _motion(*traces: tuple[float, set[tuple[int, int]], bool]) -> Motion:
    """A motion that watched a sample every `STEP` (from a second before the first trace to
    the last), with these small changes seen (when, where, whether something left a place)."""
    motion = Motion.tuned(GRID, TUNING)
    first, last = traces[0][0] - 1.0, max(when for when, _, _ in traces)
    for n in range(round((last - first) * FPS) + 1):
        t = round(first + n * STEP, 9)
        motion.watch(t)
        for when, cells, departed in traces:
            if abs(when - t) < STEP / 2:
                motion.trail.append(Trace(motion.watched(when), frozenset(cells), departed))
    return motion


def _cells(*blocks: tuple[int, int]) -> np.ndarray:
    return cells_at(GRID, *blocks)


def test_the_pointer_that_left_a_place_and_showed_far_off_at_once_jumped() -> None:
    """It left (11, 9) and, a step later, something showed at (12, 3), six blocks off (a
    stroke too fast to be seen between), and rested there."""
    since = 2.0
    motion = _motion((since - STEP, {(11, 9)}, True), (since, {(12, 3)}, False))
    assert motion.jumped(_cells((12, 3)), since, since + 1.0)


@pytest.mark.parametrize(
    "traces",
    [
        [(2.0 - 1.0, {(11, 9)}, True), (2.0, {(12, 3)}, False)],  # it left a second before
        [(2.0 - STEP, {(11, 9)}, False), (2.0, {(12, 3)}, False)],  # nothing left
        [(2.0 - STEP, {(12, 3)}, True), (2.0, {(12, 3)}, False)],  # it left in place (a blink)
        [(2.0 - STEP, {(11, 9)}, True), (2.0, {(12, 3)}, False), (2.4, {(5, 30)}, True)],
        [(2.0, {(11, 9)}, True), (2.0, {(12, 3)}, False)],  # in the same step: two glyphs
    ],
)
def test_no_jump_without_a_place_left_just_before_and_nowhere_else_after(
    traces: list[tuple[float, set[tuple[int, int]], bool]],
) -> None:
    """The pointer moved on elsewhere after (what settled is something else); two things
    changed far apart in one step (a slide's title "Slide 1: topic A" turned to "Slide 2:
    topic B": two glyphs replaced, one of them losing structure, is no jump)."""
    motion = _motion(*traces)
    assert not motion.jumped(_cells((12, 3)), 2.0, 3.0)


# --- the picture a change came over ---


def _marked(*places: tuple[int, int]) -> np.ndarray:
    img = np.full((H, W), DARK, np.uint8)
    img[16:26, 16:220] = TEXT  # a title
    for y, x in places:
        img[y : y + 10, x : x + 5] = WHITE  # an I-beam's size, resting
    return img


def _frame(img: np.ndarray) -> av.VideoFrame:
    return av.VideoFrame.from_ndarray(img, "gray")


@pytest.mark.parametrize("known", [True, False])
def test_a_change_shown_already_beside_is_cut_against_the_picture_before(known: bool) -> None:
    """The pointer left A (a small change held, its picture taken) after it had come to rest
    at B, whose change settles later: cut against that held picture, which shows B already,
    nothing stands out (no look); cut against the kept picture, it is the I-beam, known by a
    look it had. Known only so: what is not a look the pointer had stays what it was judged."""
    a, b = (80, 40), (40, 120)
    tracker = Tracker((H // 8, W // 8), TUNING)
    for n in range(FPS):  # the plain slide, kept
        tracker.feed(n / FPS, _marked(), _frame(_marked()))
    now = _marked(a, b)
    cells_b = np.zeros((H // 8, W // 8), bool)
    cells_b[b[0] // 8 : (b[0] + 10) // 8 + 1, b[1] // 8] = True
    held = Held(2.0, cells_b, cells_b, now, _frame(now))
    tracker.looks.take_look(held, _frame(now), tracker.grid)
    assert held.look is None  # (against the picture beside, which shows it already)
    seen = Held(1.0, cells_b, cells_b, now, _frame(now))
    tracker.looks.take_look(seen, _frame(_marked()), tracker.grid)
    assert seen.look is not None
    if known:
        tracker.looks.learn(seen.look)
    assert tracker._known_before(held, None) == ("known" if known else None)
    assert (held.look is not None) is known
