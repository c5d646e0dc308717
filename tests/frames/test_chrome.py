"""A taskbar's or a menu bar's clock that shows hours and minutes only turns once a minute: too
seldom to be learned as a region, and each turn is a glyph replaced, held as a small change and
kept (a recording of a desktop an hour long would get sixty frames of its clock). A glyph
replaced in place within `CHROME_SHARE` of the picture's top or bottom is a *turn*; one where
another turned a whole number of minutes before is the clock's, and the states kept for the
turns before it there are withdrawn. The same edit anywhere else, text written on plain
background in the band, or a lone turn (a scroll whose only visible piece lay in the band) stay
what they are."""

from __future__ import annotations

import av
import numpy as np
import pytest

from peepshow_core.frames.slides.chrome import MinuteClock, band_rows, chrome_turn, minutes_apart
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import (
    CHROME_SHARE,
    MINUTE_S,
    TURN_SLACK_S,
    SlidesTuning,
)

TUNING = SlidesTuning()
FPS = 15
SEGMENTS = {  # a seven-segment digit's lit segments: top, top left, top right, middle, ...
    "0": "abcefg",
    "1": "cf",
    "2": "acdeg",
    "3": "acdfg",
    "5": "abdfg",
    "8": "abcdefg",
    "9": "abcdfg",
}


def digit(img: np.ndarray, y: int, x: int, d: str, ink: int = 230) -> None:
    """A 5 x 8 px seven-segment digit with its top left at (y, x)."""
    lit = SEGMENTS[d]
    spans = {
        "a": (slice(y, y + 1), slice(x, x + 5)),
        "b": (slice(y, y + 4), slice(x, x + 1)),
        "c": (slice(y, y + 4), slice(x + 4, x + 5)),
        "d": (slice(y + 3, y + 4), slice(x, x + 5)),
        "e": (slice(y + 4, y + 8), slice(x, x + 1)),
        "f": (slice(y + 4, y + 8), slice(x + 4, x + 5)),
        "g": (slice(y + 7, y + 8), slice(x, x + 5)),
    }
    for segment in lit:
        img[spans[segment]] = ink


def clock(img: np.ndarray, y: int, x: int, text: str) -> None:
    for i, d in enumerate(text):
        digit(img, y, x + 7 * i, d)


def grid_change(rows: int, row: int, replaced: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 40-block-wide grid `rows` high; a glyph in block row `row`, column 30, replaced by
    another (or written on plain background)."""
    before = np.full((rows * 8, 320), 30, np.uint8)
    after = before.copy()
    if replaced:
        digit(before, row * 8, 241, "5")
    digit(after, row * 8, 241, "0")
    cells = np.zeros((rows, 40), bool)
    cells[row, 30] = True
    return cells, before, after


@pytest.mark.parametrize(
    ("rows", "row", "replaced", "tick"),
    [
        (22, 0, True, True),  # a menu bar's clock turning
        (22, 21, True, True),  # a taskbar's
        (22, 0, False, False),  # written on plain background there: a footer or title built
        (22, 3, True, False),  # an edit below the band
        (30, 1, True, True),  # a 4:3 picture's band is two rows (half the share: one)
        (30, 2, True, False),  # (twice the share: three)
        (30, 28, True, True),
    ],
)
def test_chrome_turn_table(rows: int, row: int, replaced: bool, tick: bool) -> None:
    cells, before, after = grid_change(rows, row, replaced)
    assert chrome_turn(cells, before, after) is tick


def test_the_band_is_the_share_of_the_height() -> None:
    assert band_rows(22) == round(CHROME_SHARE * 22) == 1
    assert band_rows(30) == 2
    assert band_rows(4) == 1  # (never none)


@pytest.mark.parametrize(
    ("seconds", "apart"),
    [
        (MINUTE_S, True),
        (MINUTE_S + TURN_SLACK_S - 0.1, True),
        (MINUTE_S + TURN_SLACK_S + 0.1, False),
        (2 * MINUTE_S - TURN_SLACK_S + 0.1, True),  # (a turn between missed: a slide changed)
        (MINUTE_S / 2, False),
        (TURN_SLACK_S / 2, False),  # (no minute at all: the same turn seen twice)
    ],
)
def test_minutes_apart_table(seconds: float, apart: bool) -> None:
    assert minutes_apart(seconds) is apart


def test_a_clock_is_a_turn_a_minute_after_one_touching_it() -> None:
    """The first turn is kept (nothing tells it from an edit yet); the one a minute later,
    a block beside it (11:19 -> 11:20, then 11:20 -> 11:21), withdraws it, and only it (an
    edit there half a minute after it stays); one elsewhere, or half a minute later, is no
    clock."""
    clock = MinuteClock()
    at = np.zeros((22, 40), bool)
    at[21, 37] = True
    beside = np.roll(at, 1, axis=1)
    elsewhere = np.roll(at, -20, axis=1)
    assert not clock.turned(10.0, at)
    clock.confirmed(10.0)
    assert not clock.turned(40.0, beside)  # (half a minute: an edit there, kept)
    clock.confirmed(40.0)
    assert not clock.turned(70.5, elsewhere)
    assert clock.withdrawn == []
    assert clock.turned(70.5, beside)
    assert clock.withdrawn == [10.0]


@pytest.mark.parametrize(("gap_minutes", "clock"), [(2, True), (4, False)])
def test_turns_are_remembered_minutes_kept(gap_minutes: int, clock: bool) -> None:
    """A turn hidden between two (a slide changed as the minute turned) is bridged; turns
    older than `MINUTES_KEPT` minutes (three: twice as many would bridge four, half not two)
    are forgotten (a band that churns all along, a terminal's
    last line, costs no more than that)."""
    minute = MinuteClock()
    at = np.zeros((22, 40), bool)
    at[0, 36] = True
    assert not minute.turned(5.0, at)
    assert minute.turned(5.0 + gap_minutes * MINUTE_S, at) is clock


def screen(t: float, turns: tuple[float, ...], where: str) -> np.ndarray:
    """A code editor's window above a taskbar (its bottom 8 px), whose clock's last digit
    turns at `turns` (each time a stroke moves: 2, 3, 5; a stroke that only goes, 8 to 9,
    leaves plain background in its block and heals like the pointer hiding, never held); or
    the same digits in the editor, edited (`where`)."""
    img = np.full((184, 320), 30, np.uint8)
    for row in range(16, 120, 10):  # lines of code
        img[row : row + 5, 16 : 16 + (row * 37) % 200 + 40 : 4] = 200
    img[176:184] = 60  # the taskbar
    y = 176 if where == "taskbar" else 140
    shown = ["1122", "1123", "1125", "1122"][sum(t >= turn for turn in turns)]
    clock(img, y, 280, shown)
    return img


def kept(turns: tuple[float, ...], where: str, seconds: float) -> list[float]:
    """When the states kept settled, those withdrawn at the end left out."""
    tracker = Tracker((23, 40), TUNING)
    out = []
    for n in range(round(seconds * FPS)):
        img = screen(n / FPS, turns, where)
        out += [
            k.time_s for k in tracker.feed(n / FPS, img, av.VideoFrame.from_ndarray(img, "gray"))
        ]
    out += [k.time_s for k in tracker.finish()]
    gone = tracker.withdrawn()
    return [t for t in out if t not in gone]


FIRST_TURN_S = TUNING.learn_s + 4.0


@pytest.mark.parametrize(
    ("turns", "where", "states"),
    [
        ((FIRST_TURN_S, FIRST_TURN_S + MINUTE_S, FIRST_TURN_S + 2 * MINUTE_S), "taskbar", 1),
        ((FIRST_TURN_S, FIRST_TURN_S + MINUTE_S), "taskbar", 1),
        ((FIRST_TURN_S,), "taskbar", 2),  # (a turn alone: nothing tells it from an edit)
        ((FIRST_TURN_S,), "editor", 2),
    ],
)
def test_a_taskbar_clock_turning_each_minute_is_no_state_an_edit_is(
    turns: tuple[float, ...], where: str, states: int
) -> None:
    times = kept(turns, where, turns[-1] + 6.0)
    assert len(times) == states, times
