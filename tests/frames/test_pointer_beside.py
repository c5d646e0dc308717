"""A small change of several blobs is judged blob by blob for the pointer: the pointer coming to
rest far from a line being typed, as an arrow or an I-beam, as the first word settles, is the
pointer; the word is a piece of the line. Before, the two were held as one change, not the
pointer as a whole and no line's piece (its last block lay at the pointer's column), and kept
as a state mid-command (a fresh design draw's s4822, "git status" of "git status  tests/unit",
on both paths). A build of two labels at once, neither the pointer, stays one change."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
ARROW = np.tri(12, 8, dtype=bool)  # a solid arrow head, 12 px tall
BEAM = np.zeros((12, 8), bool)
BEAM[:, 3:5] = True  # an I-beam: as tall, two px wide
BEAM[0, 1:7] = BEAM[11, 1:7] = True
REST = (150, 260)  # where the pointer rests while the command is typed
GOALS = [(60, 60), (120, 200), (40, 240), REST]  # strokes of a second, rests of 1.5 s
TYPED_S = 9.0  # the first word is typed from here, at `PER_S` characters a second
PER_S = 7.5  # (a character every second sample)
PIECES = (3, 7, 3)  # characters typed in one go: "git", " status", " -s"
SPACES = (PIECES[0], PIECES[0] + PIECES[1])  # (each piece but the first begins with one)
PAUSE_S = 0.6  # between them: longer than `settle_s`, shorter than `region_pause_s`
CHAR = 2  # px a character at the analysis size (a 1080p terminal's)
ROW = 98  # the command line (one row of blocks; its first piece fills one block)


def terminal(typed: int, output: bool) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    for row in range(12, 90, 12):  # earlier commands and their output
        img[row : row + 6, 8 : 8 + 30 * (1 + row % 5)] = 60
    img[ROW : ROW + 6, 8:14] = 40  # the prompt
    for c in range(typed):
        if c not in SPACES:
            img[ROW : ROW + 6, 16 + c * CHAR : 16 + (c + 1) * CHAR - 1] = 40
    if output:
        img[ROW + 12 : ROW + 18, 8:120] = 60
        img[ROW + 24 : ROW + 30, 8:14] = 40  # the next prompt
    return img


def pointer_at(t: float, last_at: float, last: np.ndarray) -> tuple[tuple[int, int], np.ndarray]:
    """Where the pointer is at `t` and how it looks: strokes of a second between rests of 1.5
    s (`GOALS`), the last arriving at `REST` at `last_at`, looking `last` from then on."""
    arrivals = [3.0 + 2.5 * i for i in range(len(GOALS) - 1)] + [last_at]
    at = (90, 160)
    for goal, arrive in zip(GOALS, arrivals, strict=True):
        f = 1.0 - (arrive - t)
        if f < 1.0:
            f = (1 - np.cos(np.pi * max(f, 0.0))) / 2
            return (
                round(at[0] + (goal[0] - at[0]) * f),
                round(at[1] + (goal[1] - at[1]) * f),
            ), ARROW
        at = goal
    return at, last


def typed_at(t: float) -> int:
    """How many characters of the command show at `t`: `PIECES` typed at `PER_S`, a pause of
    `PAUSE_S` after each but the last."""
    start, typed = TYPED_S, 0
    for piece in PIECES:
        if t < start:
            return typed
        shown = min(piece, int((t - start) * PER_S + 1e-6) + 1)
        if shown < piece:
            return typed + shown
        typed, start = typed + piece, start + piece / PER_S + PAUSE_S
    return typed


def typing_ends() -> float:
    """When the command's last character (and with it its output) shows."""
    return TYPED_S + sum(PIECES) / PER_S + PAUSE_S * (len(PIECES) - 1)


def recording(last: str) -> list[tuple[float, np.ndarray]]:
    """The pointer strokes and rests; a command is typed in pieces, its output printed with
    its last character (as a recorded demo does), and the pointer comes to rest at `REST` as
    an arrow or an I-beam (`last`) as the first piece settles."""
    arrive = TYPED_S + (PIECES[0] - 1) / PER_S  # (with the piece's last character)
    pictures = []
    for n in range(round((typing_ends() + 4.0) * FPS)):
        t = n / FPS
        img = terminal(typed_at(t), t >= typing_ends())
        (y, x), sprite = pointer_at(t, arrive, BEAM if last == "beam" else ARROW)
        img[y : y + 12, x : x + 8][sprite] = 0
        pictures.append((t, img))
    return pictures


@pytest.mark.parametrize("last", ["arrow", "beam"])
def test_the_pointer_coming_to_rest_as_a_word_settles_is_no_state(last: str) -> None:
    """Two states: the terminal before the command, and with its output (the command typed in
    pieces grew into it); none mid-command."""
    done = typing_ends()
    kept = kept_times(recording(last), TUNING)
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert done <= kept[1] <= done + 2 * TUNING.settle_s, kept


def test_two_labels_built_at_once_are_one_state() -> None:
    """Two labels appearing at once, far apart, as the pointer comes to rest elsewhere: one
    state (judged blob by blob, the pointer is split off; neither label is the pointer, and
    the two stay one change)."""
    pictures = []
    for n in range(round(14.0 * FPS)):
        t = n / FPS
        img = terminal(0, False)
        if t >= TYPED_S:
            img[140:146, 40:52] = 40
            img[140:146, 200:212] = 40
        (y, x), sprite = pointer_at(t, TYPED_S, ARROW)
        img[y : y + 12, x : x + 8][sprite] = 0
        pictures.append((t, img))
    kept = kept_times(pictures, TUNING)
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert TYPED_S <= kept[1] <= TYPED_S + 2 * TUNING.settle_s, kept
