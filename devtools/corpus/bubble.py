"""A webcam bubble the presenter moves: dragged to another corner, or hidden and shown again
(the camera turned off and on), as Loom's, mmhmm's and a meeting's floating self-view are.

A move lies inside one state's settled interval, `BUBBLE_MARGIN_S` from each end, so the
ground truth stays the state's: a drag slides the bubble across the slide for a moment (a
frame taken while it slides is mid-transition: `moving`); a hidden camera shows the slide
under the bubble's corner until it comes back, in the same corner or another. What the bubble
may cover is every corner it sits in (`corners`): a build there is hidden, as under any webcam.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from devtools.corpus.overlays import ease, webcam_box

if TYPE_CHECKING:
    from devtools.corpus.timeline import Timeline

BUBBLE_DRAG_S = (0.4, 0.9)  # how long a drag to another corner takes, eased
BUBBLE_HIDDEN_S = (1.5, 5.0)  # how long a camera turned off stays off
BUBBLE_HIDE_SHARE = 0.4  # share of the moves that turn the camera off (the rest drag it)
BUBBLE_MARGIN_S = 1.5  # a move starts and ends this far inside its state's settled interval
BUBBLE_SHARE = 0.4  # share of the states with room for a move that get one
CORNERS = ("tl", "tr", "bl", "br")

Move = dict[str, float | str]  # t0, t1, corner (where the bubble is from t1 on), kind


def plan(timeline: Timeline, rng: random.Random) -> list[Move]:
    """Moves in states with room for one; the bubble starts in its planned corner."""
    assert timeline.webcam is not None
    moves: list[Move] = []
    corner = str(timeline.webcam["corner"])
    for state in timeline.states:
        hide = rng.random() < BUBBLE_HIDE_SHARE
        length = rng.uniform(*(BUBBLE_HIDDEN_S if hide else BUBBLE_DRAG_S))
        share, to = rng.random(), rng.choice([c for c in CORNERS if c != corner])
        if hide and rng.random() < 0.5:
            to = corner  # (back where it was)
        first = state.settle + BUBBLE_MARGIN_S
        last = state.end - BUBBLE_MARGIN_S - length
        if last < first or share >= BUBBLE_SHARE:
            continue
        fps = timeline.spec.fps
        t0 = round(rng.uniform(first, last) * fps) / fps
        kind = "hide" if hide else "drag"
        moves.append({"t0": t0, "t1": t0 + length, "corner": to, "kind": kind})
        corner = to
    return moves


def box_at(
    params: dict[str, float | str], moves: list[Move], t: float, width: int, height: int
) -> tuple[int, int, int, int] | None:
    """The bubble's box at `t` (x, y, w, h), None while the camera is off."""
    corner = str(params["corner"])
    for move in moves:
        t0, t1 = float(move["t0"]), float(move["t1"])
        if t < t0:
            break
        if t < t1:
            if move["kind"] == "hide":
                return None
            a = webcam_box({**params, "corner": corner}, width, height)
            b = webcam_box({**params, "corner": move["corner"]}, width, height)
            p = ease((t - t0) / (t1 - t0))
            x, y = (round(a[i] + (b[i] - a[i]) * p) for i in (0, 1))
            return x, y, a[2], a[3]
        corner = str(move["corner"])
    return webcam_box({**params, "corner": corner}, width, height)


def corners(params: dict[str, float | str], moves: list[Move]) -> list[str]:
    """Every corner the bubble sits in."""
    return sorted({str(params["corner"]), *(str(m["corner"]) for m in moves)})


def moving(moves: list[Move]) -> list[tuple[float, float]]:
    """The intervals in which the bubble slides across the slide."""
    return [(float(m["t0"]), float(m["t1"])) for m in moves if m["kind"] == "drag"]
