"""Feeding analysis pictures to the slides tracker directly, as the strategies do."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning


def kept_times(pictures: list[tuple[float, np.ndarray]], tuning: SlidesTuning) -> list[float]:
    """When the states the tracker keeps from these (time, gray picture) samples settled,
    those it resolves at the end included."""
    height, width = pictures[0][1].shape
    tracker = Tracker((height // BLOCK, width // BLOCK), tuning)
    kept = []
    for t, img in pictures:
        frame = av.VideoFrame.from_ndarray(img, format="gray")
        kept += [k.time_s for k in tracker.feed(t, img, frame)]
    return kept + [k.time_s for k in tracker.finish()]


def standing(
    picture: Callable[[float], np.ndarray], seconds: float, fps: float, tuning: SlidesTuning
) -> list[float]:
    """When the states the tracker keeps from `seconds` of `picture(t)` at `fps` settled,
    those it resolves at the end included and those it withdraws at the end left out."""
    height, width = picture(0.0).shape
    tracker = Tracker((height // BLOCK, width // BLOCK), tuning)
    out = []
    for n in range(round(seconds * fps)):
        t = n / fps
        img = picture(t)
        out += tracker.feed(t, img, av.VideoFrame.from_ndarray(img, format="gray"))
    out += tracker.finish()
    withdrawn = set(tracker.withdrawn())
    return [k.time_s for k in out if k.time_s not in withdrawn]


def feed_scaled(
    tracker: Tracker,
    picture: Callable[[float], np.ndarray],
    seconds: float,
    fps: float,
    scale: int,
) -> list[float]:
    """Feed `tracker` `seconds` of `picture(t)` at `fps` (the analysis picture, and `scale`
    times its size as the decoded frame, whose full-resolution pixels the pointer's looks are
    cut from); when the states it kept so far settled."""
    kept = []
    for n in range(int(seconds * fps)):
        t = n / fps
        img = picture(t)
        full = np.repeat(np.repeat(img, scale, axis=0), scale, axis=1)
        frame = av.VideoFrame.from_ndarray(full, "gray")
        kept += [k.time_s for k in tracker.feed(t, img, frame)]
    return kept


def cells_at(grid: tuple[int, int], *blocks: tuple[int, int]) -> np.ndarray:
    """A boolean block grid with `blocks` set."""
    cells = np.zeros(grid, bool)
    for block in blocks:
        cells[block] = True
    return cells


def encode_scaled(
    path: Path, picture: Callable[[float], np.ndarray], seconds: float, fps: float, scale: int
) -> Path:
    """`seconds` of `picture(t)` at `fps`, each `scale` times its size, encoded as a recorder
    writes it (libx264, x264 defaults) to `path`: through a strategy, as `feed_scaled` feeds
    the tracker."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        height, width = picture(0.0).shape
        stream.width, stream.height, stream.pix_fmt = width * scale, height * scale, "yuv420p"
        for n in range(int(seconds * fps)):
            full = np.repeat(np.repeat(picture(n / fps), scale, axis=0), scale, axis=1)
            frame = av.VideoFrame.from_ndarray(np.dstack([full] * 3), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, round(fps))
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path
