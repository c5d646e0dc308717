"""Camera footage: telling it from screen content, and picking its frames (shots + coverage).

Screen content holds still: between its changes almost every block of a screen recording stays
exactly the same (a pointer, a webcam box or a clip move a small part of it). Camera footage
never settles: the camera moves, things in the scene move, a cartoon scrolls. `ContentWatch`
measures, over the first seconds, the share of blocks that moved within `settle_s`; a video whose
median sample moved more than `camera_share` of its blocks is camera content.

`Coverage` picks camera frames in one pass: a shot cut is a change of the whole picture much
larger than the frame-to-frame change before it; every shot is cut into pieces shorter than
max(`coverage_min_s`, duration / `coverage_pieces`) and the frame in the middle of each piece is
kept, so no stretch longer than that goes without a frame, and no frame is a shot's last instant.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from peepshow_core.frames.diff import block_diff

Pick = tuple[float, Any, np.ndarray]  # time, decoded frame, analysis image
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
    """... and this many times the typical frame-to-frame change before it."""
    coverage_min_s: float = 5.0
    coverage_pieces: int = 8
    """No stretch longer than max(coverage_min_s, duration / coverage_pieces) without a frame."""

    def piece_s(self, duration_s: float | None) -> float:
        return max(self.coverage_min_s, (duration_s or 0.0) / self.coverage_pieces)

    def as_params(self) -> dict[str, float]:
        return dict(asdict(self))


class ContentWatch:
    """Screen or camera? Fed the samples of the first seconds, while they are also covered."""

    def __init__(
        self, tuning: CameraTuning, duration_s: float | None, settle_s: float, motion: float
    ) -> None:
        self.tuning = tuning
        self.settle_s, self.motion = settle_s, motion
        self.shares: list[float] = []
        self.recent: deque[tuple[float, np.ndarray]] = deque()
        self.coverage = Coverage(tuning, duration_s)
        self.picks: list[Pick] = []
        self.decided: bool | None = None  # None: not yet; True: camera

    def feed(self, t: float, img: np.ndarray, frame: Any) -> None:
        self.picks += self.coverage.feed(t, img, frame)
        while len(self.recent) >= 2 and self.recent[1][0] <= t - self.settle_s + 1e-6:
            self.recent.popleft()
        if self.recent and self.recent[0][0] <= t - self.settle_s + 1e-6:
            moved = block_diff(self.recent[0][1], img) > self.motion
            self.shares.append(float(moved.mean()))
        self.recent.append((t, img))

    @property
    def share(self) -> float:
        return float(np.median(self.shares)) if self.shares else 0.0

    def decide(self) -> bool:
        """Whether the video is camera content (and stop watching)."""
        self.decided = self.share > self.tuning.camera_share
        self.recent.clear()
        return self.decided

    def params(self) -> dict[str, Any]:
        content = "camera" if self.decided else "screen"
        return {"content": content, "content_moving_share": round(self.share, 4)}


class Coverage:
    """Frames for camera footage: the middle of every piece of every shot.

    A piece ends at a shot cut or when it reaches `PIECE_SHARE` of the longest allowed gap; its
    frame is the candidate nearest its middle. Candidates are held at offsets growing by
    `CANDIDATE_STEP` from the piece's start, so a few frames cover any piece length."""

    def __init__(self, tuning: CameraTuning, duration_s: float | None) -> None:
        self.tuning = tuning
        self.piece_s = PIECE_SHARE * tuning.piece_s(duration_s)
        self.piece_start: float | None = None
        self.changes: deque[float] = deque(maxlen=8)  # recent frame-to-frame changes
        self.prev: np.ndarray | None = None
        self.candidates: list[Pick] = []
        self.shots = 0

    def feed(self, t: float, img: np.ndarray, frame: Any) -> list[Pick]:
        """The frames to keep now (each piece's, once it ended)."""
        out: list[Pick] = []
        if self.prev is not None and self.prev.shape == img.shape:
            change = float(np.abs(self.prev.astype(np.int16) - img).mean())
            typical = float(np.median(self.changes)) if self.changes else 0.0
            if change >= self.tuning.cut_level and change >= self.tuning.cut_ratio * typical:
                out += self._close(t)
                self.changes.clear()
            else:
                self.changes.append(change)
        self.prev = img
        if self.piece_start is not None and t - self.piece_start >= self.piece_s:
            out += self._close(t)
        if self.piece_start is None:
            self.piece_start, self.candidates = t, []
            self.shots += 1
        self._remember(t, frame, img)
        return out

    def finish(self, end_s: float) -> list[Pick]:
        return self._close(end_s)

    def _close(self, end_s: float) -> list[Pick]:
        """The piece ended: the candidate nearest its middle."""
        if self.piece_start is None or not self.candidates:
            return []
        middle = (self.piece_start + end_s) / 2
        best = min(self.candidates, key=lambda c: abs(c[0] - middle))
        self.piece_start, self.candidates = None, []
        return [best]

    def _remember(self, t: float, frame: Any, img: np.ndarray) -> None:
        assert self.piece_start is not None
        offset = t - self.piece_start
        last = self.candidates[-1][0] - self.piece_start if self.candidates else 0.0
        if len(self.candidates) < 2 or offset >= CANDIDATE_STEP * last:
            self.candidates.append((t, frame, img))
