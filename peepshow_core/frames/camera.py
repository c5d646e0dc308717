"""Camera footage: telling it from screen content, and picking its frames (shots + coverage).

Screen content holds still: between its changes almost every block of a screen recording stays
exactly the same (a pointer, a webcam box or a clip move a small part of it). Camera footage
never settles: the camera moves, things in the scene move, a cartoon scrolls. `ContentWatch`
(content.py) measures the share of blocks that moved within `settle_s` and tells screen and
camera stretches apart by it (`camera_share`), windows on a still screen (a webcam box, a clip
playing in a slide: `windows.py`) not counted. Things moving in a camera's scene are shapes (a
head, a body) whose surroundings go on past them, and a moving camera moves the whole picture.

`Coverage` picks camera frames in one pass: a shot cut is a change of the whole picture much
larger than the frame-to-frame changes on both sides of it (judged a few samples later); every
shot is cut into pieces shorter than max(`coverage_min_s`, duration / `coverage_pieces`) and the
frame in the middle of each piece is kept, so no stretch longer than that goes without a frame,
and no frame is a shot's last instant.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

Pick = tuple[float, Any, np.ndarray]  # time, decoded frame, analysis image
CUT_NEIGHBOURS = 2  # a cut is judged against this many samples' changes on each side of it
# (PySceneDetect's adaptive ratio, `window_width` 2): its frames are kept that many samples later
PIECE_SHARE = 0.8  # pieces a little shorter than the longest gap: the nearest frames keep under it
CANDIDATE_STEP = 1.25  # candidates at offsets growing by this factor (the nearest is within 11 %)


@dataclass(frozen=True)
class CameraTuning:
    camera_share: float = 0.08
    """A video whose median sample moved more than this share of its blocks within `settle_s`
    is camera content (screen recordings: a few %, a webcam and the pointer; camera footage,
    even a steady shot of a person talking: more)."""
    cut_level: float = 20.0
    """A shot cut changes the picture by at least this much (mean |difference|, 0..255) ..."""
    cut_ratio: float = 3.0
    """... and this many times the mean change of the samples around it (`CUT_NEIGHBOURS` on
    each side: PySceneDetect's adaptive threshold)."""
    coverage_min_s: float = 5.0
    coverage_pieces: int = 8
    """No stretch longer than max(coverage_min_s, duration / coverage_pieces) without a frame."""

    def piece_s(self, duration_s: float | None) -> float:
        return max(self.coverage_min_s, (duration_s or 0.0) / self.coverage_pieces)

    def as_params(self) -> dict[str, float]:
        return dict(asdict(self))


@dataclass
class _Piece:
    start: float
    candidates: list[Pick]
    end: float = 0.0  # once it ended

    def nearest(self, t: float) -> Pick:
        return min(self.candidates, key=lambda c: abs(c[0] - t))

    def nearest_before(self, t: float) -> Pick:
        """The candidate nearest `t` and not after it (the nearest if none is)."""
        before = [c for c in self.candidates if c[0] <= t]
        return max(before, key=lambda c: c[0]) if before else self.nearest(t)

    def middle(self) -> Pick:
        return self.nearest((self.start + self.end) / 2)


class Coverage:
    """Frames for camera footage: every shot cut into pieces, a frame from the middle of each.

    A piece ends at a shot cut or when it reaches `PIECE_SHARE` of the longest allowed gap; its
    frame is the candidate nearest its middle. A piece that ended by length is held until the
    next one ends: when that one closes the shot, the two share the span between them evenly
    (frames at a quarter and three quarters of it), so a shot a little longer than a piece does
    not end with a short last piece whose middle is the shot's last instant. Candidates are held
    at offsets growing by `CANDIDATE_STEP` from each piece's start, so a few frames cover any
    piece length."""

    def __init__(self, tuning: CameraTuning, duration_s: float | None) -> None:
        self.tuning = tuning
        self.piece_s = PIECE_SHARE * tuning.piece_s(duration_s)
        self.piece: _Piece | None = None
        self.held: _Piece | None = None  # the shot's previous piece, its frame not given yet
        self.changes: deque[float] = deque(maxlen=CUT_NEIGHBOURS)  # the shot's latest
        # frame-to-frame changes before the sample judged
        self.waiting: deque[tuple[float, Any, np.ndarray, float | None]] = deque()  # samples
        # not judged yet, for want of the ones after them: (time, frame, image, change)
        self.prev: np.ndarray | None = None
        self.cut_s: float | None = None  # the last cut found (a new shot from then)

    def feed(self, t: float, img: np.ndarray, frame: Any) -> list[Pick]:
        """The frames to keep now (each piece's, once it is settled)."""
        change = None
        if self.prev is not None and self.prev.shape == img.shape:
            change = float(np.abs(self.prev.astype(np.int16) - img).mean())
        self.prev = img
        self.waiting.append((t, frame, img, change))
        if len(self.waiting) <= CUT_NEIGHBOURS:
            return []
        return self._take(*self.waiting.popleft())

    def finish(self, end_s: float) -> list[Pick]:
        out: list[Pick] = []
        while self.waiting:
            out += self._take(*self.waiting.popleft())
        return out + self._end_shot(end_s)

    def _take(self, t: float, frame: Any, img: np.ndarray, change: float | None) -> list[Pick]:
        """A sample whose neighbours after it are known: a cut ends the shot before it."""
        out: list[Pick] = []
        if change is not None:
            ahead = itertools.islice(self.waiting, CUT_NEIGHBOURS)
            after = [c for _, _, _, c in ahead if c is not None]
            if self._cut(change, after):
                out += self._end_shot(t)
                self.changes.clear()
                self.cut_s = t
            else:
                self.changes.append(change)
        if self.piece is not None and t - self.piece.start >= self.piece_s:
            out += self._split(t)
        if self.piece is None:
            self.piece = _Piece(t, [])
        self._remember(t, frame, img)
        return out

    def _cut(self, change: float, after: list[float]) -> bool:
        """A change of the whole picture much larger than the changes around it, on both sides:
        each sample of a fast pan is none, and a cut from a fast pan to a still shot is one. It
        is judged against the shot it ends, so not before that shot showed any change (right
        after a cut nothing is typical yet: a pan after a cut gave a frame per sample)."""
        if not self.changes or change < self.tuning.cut_level:
            return False
        around = [*self.changes, *after]
        return change >= self.tuning.cut_ratio * sum(around) / len(around)

    def _split(self, t: float) -> list[Pick]:
        """The piece reached its length at `t`: give the held one's frame and hold this one."""
        out = [] if self.held is None else [self.held.middle()]
        assert self.piece is not None
        self.piece.end = t
        self.held, self.piece = self.piece, None
        return out

    def _end_shot(self, end_s: float) -> list[Pick]:
        """The shot ended at `end_s`: its last piece's frame, or the last two pieces' frames at
        a quarter and three quarters of their span."""
        piece, held = self.piece, self.held
        self.piece = self.held = None
        if piece is None:  # nothing was fed
            return []
        if held is None:
            piece.end = end_s
            return [piece.middle()]
        both = _Piece(held.start, held.candidates + piece.candidates)
        span = end_s - held.start
        # (the second not after its place: candidates thin out along a piece, and the nearest
        # one may be a shot's last instants)
        first, second = both.nearest(held.start + span / 4), both.nearest_before(end_s - span / 4)
        return [first] if first is second else [first, second]

    def _remember(self, t: float, frame: Any, img: np.ndarray) -> None:
        assert self.piece is not None
        candidates = self.piece.candidates
        offset = t - self.piece.start
        last = candidates[-1][0] - self.piece.start if candidates else 0.0
        if len(candidates) < 2 or offset >= CANDIDATE_STEP * last:
            candidates.append((t, frame, img))
