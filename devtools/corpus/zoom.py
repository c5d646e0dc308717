"""A zooming recorder (Screen Studio, OBS zoom scripts, El Ojo's smart zoom): the screen, pointer
and all, zooms in towards where the pointer is, holds there while the pointer moves on, and
zooms back out. Every pixel changes during a zoom, with no new slide (shared reference:
real-recordings.md, section 2, "Cursor smoothing, auto-zoom, pans").

A zoom lies inside one state's settled interval, `ZOOM_MARGIN_S` from each end, so the ground
truth stays the state's: a frame taken while zoomed shows the state (a part of it, larger), a
frame taken while the zoom moves is mid-transition (`moving`). The camera (webcam, meeting
strip) is drawn over the zoomed screen, as these tools draw it.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from devtools.corpus.overlays import ease, pointer_at

if TYPE_CHECKING:
    from devtools.corpus.timeline import Timeline

ZOOM_SCALE = (1.4, 2.2)  # how far a zoom magnifies the screen
ZOOM_MOTION_S = (0.5, 1.0)  # how long zooming in (and out) takes, eased
ZOOM_HOLD_S = (1.5, 4.0)  # how long the screen stays zoomed in
ZOOM_MARGIN_S = 2.0  # a zoom starts and ends this far inside its state's settled interval
ZOOM_SHARE = 0.6  # share of the states with room for a zoom that get one

Zoom = dict[str, float]  # t0, motion, hold, scale, x, y (the zoomed view's centre, shares)


def plan(timeline: Timeline, rng: random.Random) -> list[Zoom]:
    """Zooms towards the pointer (or anywhere when it is hidden) in states with room for one."""
    zooms: list[Zoom] = []
    for state in timeline.states:
        motion, hold = rng.uniform(*ZOOM_MOTION_S), rng.uniform(*ZOOM_HOLD_S)
        scale, share = rng.uniform(*ZOOM_SCALE), rng.random()
        first = state.settle + ZOOM_MARGIN_S
        last = state.end - ZOOM_MARGIN_S - 2 * motion - hold
        if last < first or share >= ZOOM_SHARE:
            continue
        t0 = round(rng.uniform(first, last) * timeline.spec.fps) / timeline.spec.fps
        where = pointer_at(timeline.pointer, t0)
        x, y = (where[0], where[1]) if where else (rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8))
        zooms.append({"t0": t0, "motion": motion, "hold": hold, "scale": scale, "x": x, "y": y})
    return zooms


def moving(zooms: list[Zoom]) -> list[tuple[float, float]]:
    """The intervals in which a zoom moves (in, then out)."""
    out = []
    for z in zooms:
        out.append((z["t0"], z["t0"] + z["motion"]))
        back = z["t0"] + z["motion"] + z["hold"]
        out.append((back, back + z["motion"]))
    return out


def view_box(zooms: list[Zoom], t: float, width: int, height: int) -> tuple[float, ...] | None:
    """The part of the screen shown at `t` (x0, y0, x1, y1 in pixels), None when not zoomed."""
    for z in zooms:
        t0, motion, hold = z["t0"], z["motion"], z["hold"]
        if not t0 < t < t0 + 2 * motion + hold:
            continue
        p = ease(min((t - t0) / motion, (t0 + 2 * motion + hold - t) / motion, 1.0))
        w, h = width / z["scale"], height / z["scale"]
        x0 = min(max(z["x"] * width - w / 2, 0.0), width - w)
        y0 = min(max(z["y"] * height - h / 2, 0.0), height - h)
        return (p * x0, p * y0, width + p * (x0 + w - width), height + p * (y0 + h - height))
    return None


def apply(image: np.ndarray, zooms: list[Zoom], t: float) -> np.ndarray:
    """The screen as the recorder writes it at `t` (zoomed, or `image` itself)."""
    height, width = image.shape[:2]
    box = view_box(zooms, t, width, height)
    if box is None:
        return image
    picture = Image.fromarray(image).resize((width, height), Image.BILINEAR, box=box)
    return np.array(picture, dtype=np.uint8)
