"""The slide-state tracker: fed small gray images in time order, it says when a new state settled.

Shared by the full-decode (reference) and the fast slides paths. Per sample it:
- learns a mask of blocks that change nearly all the time (a webcam box, a playing clip) from
  consecutive-frame differences, ignoring full-frame transitions;
- follows the mouse cursor: a small changed blob that moves between consecutive frames;
- compares the sample with the last KEPT state using the block rule, outside the mask, ignoring
  small blobs where the cursor is or was when the state was kept;
- declares a new state once it is settled: the sample matches the one `settle_s` earlier (so a fade
  or a build animation has finished), and then hands back the frame to keep.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from peepshow_core.frames.diff import (
    BlockRule,
    block_diff,
    components,
    distance,
    is_small,
    near,
)

KEPT_CURSOR_S = 1.0  # cursor blobs seen this soon after a state was kept mark its cursor ghost
CONSECUTIVE_S = 0.25  # samples closer than this are "consecutive" (mask learning, cursor tracking)


@dataclass
class TrackerSettings:
    rule: BlockRule = field(default_factory=BlockRule)
    settle_s: float = 0.5  # a new state must be unchanged for this long before it is taken
    mask_tau_s: float = 2.0  # time constant of the per-block activity average
    mask_level: float = 2.0  # a block "moves" between consecutive frames above this mean |diff|
    mask_on: float = 0.5  # activity above this masks a block ...
    mask_off: float = 0.2  # ... and below this unmasks it again
    global_share: float = 0.3  # frame-to-frame changes wider than this are transitions, not regions
    cursor_blocks: int = (
        8  # a changed blob of at most this many blocks on the cursor's path is ignored
    )
    settle_factor: float = 0.5  # settling is judged with the block thresholds scaled by this
    sample_fps: float = 15.0  # frames closer together than this rate are not analysed
    cursor_keep: int = 2  # the last cursor positions are remembered however old they are

    def as_params(self) -> dict[str, float]:
        return {
            **self.rule.as_params(),
            "settle_s": self.settle_s,
            "mask_tau_s": self.mask_tau_s,
            "mask_on": self.mask_on,
            "sample_fps": self.sample_fps,
        }


@dataclass
class Emission:
    time_s: float
    score: float


class SlideTracker:
    def __init__(self, grid: tuple[int, int], settings: TrackerSettings | None = None) -> None:
        self.s = settings or TrackerSettings()
        self.activity = np.zeros(grid, dtype=np.float32)
        self.mask = np.zeros(grid, dtype=bool)
        self.wide_mask = self.mask
        self.key_activity = np.zeros(grid, dtype=np.float32)
        self.key_mask = self.mask
        self.cursor_seen: set[tuple[int, int]] = set()  # every block a cursor was seen on
        self.kept: np.ndarray | None = None
        self.kept_cursor: set[tuple[int, int]] = set()
        self.kept_t = 0.0
        self.cursor_trail: deque[tuple[float, frozenset[tuple[int, int]]]] = deque()
        self.history: deque[tuple[float, np.ndarray]] = deque()
        self.prev: tuple[float, np.ndarray] | None = None
        self.prev_small: list[set[tuple[int, int]]] = []
        self.pending_since: float | None = None

    @property
    def pending(self) -> bool:
        return self.pending_since is not None

    def cursor_zone(self) -> set[tuple[int, int]]:
        zone: set[tuple[int, int]] = set()
        for _, blob in self.cursor_trail:
            zone |= blob
        return zone

    def wants(self, t: float) -> bool:
        """Whether the frame at `t` should be analysed (at most `sample_fps` frames a second)."""
        return self.prev is None or t - self.prev[0] >= 1.0 / self.s.sample_fps - 1e-3

    def feed(self, t: float, img: np.ndarray) -> Emission | None:
        horizon = t - self.s.settle_s - CONSECUTIVE_S
        while len(self.cursor_trail) > self.s.cursor_keep and self.cursor_trail[0][0] < horizon:
            self.cursor_trail.popleft()
        if self.prev is not None and 0 < t - self.prev[0] <= CONSECUTIVE_S:
            self._learn(t, t - self.prev[0], block_diff(self.prev[1], img))
        else:
            self.prev_small = []
            if self.prev is not None:
                self._forget(t - self.prev[0])
        self.prev = (t, img)
        self._remember(t, img)

        if self.kept is not None and not self._differs(self.kept, img, self.kept_cursor):
            self.pending_since = None
            return None
        if self.pending_since is None:
            self.pending_since = t
        lag = self._lagged(t)
        if lag is None or self._differs(lag, img, set(), self.s.settle_factor):
            return None
        score = 1.0
        if self.kept is not None:
            score = max(0.01, distance(block_diff(self.kept, img), self.s.rule, self.wide_mask))
        self.kept, self.kept_t = img, t
        self.kept_cursor = self.cursor_zone()
        self.pending_since = None
        return Emission(t, score)

    def accept(self, t: float, img: np.ndarray, cursor_hint: set[tuple[int, int]]) -> Emission:
        """Take `img` as the new kept state (the fast path decided it from keyframes + packets).

        `cursor_hint`: small blobs from the keyframe comparison, where the cursor may be in `img`.
        """
        score = 1.0
        if self.kept is not None:
            score = max(0.01, distance(block_diff(self.kept, img), self.s.rule, self.wide_mask))
        # where the cursor was in `img` is unknown: anywhere it has been seen so far
        self.kept, self.pending_since, self.kept_t = img, None, t
        self.kept_cursor = self.cursor_seen | cursor_hint
        self.prev, self.prev_small = (t, img), []
        self.history.clear()
        self.history.append((t, img))
        return Emission(t, score)

    def classify(self, a: np.ndarray, b: np.ndarray) -> tuple[str, set[tuple[int, int]]]:
        """'none', 'cursor' (only small blobs where a cursor has been seen), 'small' or 'large',
        and the cells of small blobs near the cursor's known haunts (possible cursor positions)."""
        blocks = np.where(self.wide_mask, 0.0, block_diff(a, b))
        changed = blocks > self.s.rule.lo
        groups = components(changed)
        small: set[tuple[int, int]] = set()  # small blobs close to where a cursor has been seen
        for g in groups:
            if len(g) <= self.s.cursor_blocks and near(g, self.cursor_seen, gap=2):
                small |= g
        if not groups:
            return "none", small
        if all(len(g) <= self.s.cursor_blocks for g in groups):
            if self.cursor_seen and all(_inside(g, self.cursor_seen) for g in groups):
                return "cursor", small
            strong = any(float(blocks[y, x]) > self.s.rule.hi for g in groups for y, x in g)
            return ("small" if strong else "none"), small
        return "large", small

    def learn_keyframes(self, a: np.ndarray, b: np.ndarray, weight: float = 0.15) -> None:
        """Mask learning from a pair of keyframes: a block changing in most pairs is masked."""
        changed = block_diff(a, b) > self.s.mask_level
        if float(changed.mean()) >= self.s.global_share:
            return
        self.key_activity += weight * (changed.astype(np.float32) - self.key_activity)
        self.key_mask = self.key_activity > 0.85
        self.wide_mask = _dilate(self.mask | self.key_mask)

    def _forget(self, gap_s: float) -> None:
        """Samples resume after `gap_s` unseen seconds (the fast path skipped them): block
        activity decays as over quiet time, except where keyframes keep showing change (a
        webcam). Otherwise fades on one text line, replayed minutes apart, pile up until the
        line is masked and a later build on it goes unseen."""
        alpha = min(1.0, max(0.0, gap_s) / self.s.mask_tau_s)
        changing = self.key_activity > self.s.mask_on
        self.activity = np.where(changing, self.activity, (1.0 - alpha) * self.activity)
        self.mask &= self.activity > self.s.mask_off
        self.wide_mask = _dilate(self.mask | self.key_mask)

    def finish(self, t: float, img: np.ndarray) -> Emission | None:
        """End of video: a state still settling (or none kept yet) is taken from the last frame."""
        if self.kept is not None and (not self.pending or not self._differs(self.kept, img, set())):
            return None
        score = 1.0
        if self.kept is not None:
            score = max(0.01, distance(block_diff(self.kept, img), self.s.rule, self.wide_mask))
        self.kept = img
        self.pending_since = None
        return Emission(t, score)

    def _differs(
        self,
        ref: np.ndarray,
        img: np.ndarray,
        extra_cursor: set[tuple[int, int]],
        factor: float = 1.0,
    ) -> bool:
        blocks = np.where(self.wide_mask, 0.0, block_diff(ref, img))
        hi, lo = self.s.rule.hi * factor, self.s.rule.lo * factor
        changed = blocks > lo
        if not changed.any():
            return False
        zone = self.cursor_zone() | extra_cursor
        weak_total = 0
        for group in components(changed):
            if zone and len(group) <= self.s.cursor_blocks and _inside(group, zone):
                continue
            if max(float(blocks[y, x]) for y, x in group) > hi:
                return True
            weak_total += len(group)
        return weak_total > self.s.rule.frac * blocks.size

    def _learn(self, t: float, dt: float, blocks: np.ndarray) -> None:
        """Update the always-changing mask and the cursor position from a consecutive pair."""
        changed = blocks > self.s.mask_level
        share = float(changed.mean())
        groups = components(changed & ~self.wide_mask) if share < self.s.global_share else []
        small = [g for g in groups if is_small(g)]
        moving = [g for g in small if any(g != p and near(g, p, gap=1) for p in self.prev_small)]
        if moving:
            blob: set[tuple[int, int]] = set().union(*moving)
            self.cursor_trail.append((t, frozenset(blob)))
            self.cursor_seen |= blob
            if t - self.kept_t <= KEPT_CURSOR_S:
                self.kept_cursor |= blob
        self.prev_small = small
        if share >= self.s.global_share:
            return
        cursor = np.zeros_like(changed)
        for g in moving:
            for y, x in g:
                cursor[y, x] = True
        alpha = min(1.0, dt / self.s.mask_tau_s)
        self.activity += alpha * ((changed & ~cursor).astype(np.float32) - self.activity)
        self.mask = np.where(
            self.mask, self.activity > self.s.mask_off, self.activity > self.s.mask_on
        )
        self.wide_mask = _dilate(self.mask | self.key_mask)

    def _remember(self, t: float, img: np.ndarray) -> None:
        self.history.append((t, img))
        # keep exactly one sample at or before t - settle_s (the lag reference) plus newer ones
        while len(self.history) >= 2 and self.history[1][0] <= t - self.s.settle_s + 1e-6:
            self.history.popleft()

    def _lagged(self, t: float) -> np.ndarray | None:
        first_t, first = self.history[0]
        if first_t <= t - self.s.settle_s + 1e-6:
            return first
        return None


def _inside(group: set[tuple[int, int]], zone: set[tuple[int, int]]) -> bool:
    """Every block of `group` is on or next to a block of `zone`."""
    return all(near({cell}, zone) for cell in group)


def _dilate(mask: np.ndarray) -> np.ndarray:
    """Grow a block mask by one block in every direction."""
    if not mask.any():
        return mask
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= grown[:, :-1].copy()
    grown[:, :-1] |= grown[:, 1:].copy()
    return grown
