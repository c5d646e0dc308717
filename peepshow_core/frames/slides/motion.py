"""Where the pointer has been moving: small things changing between consecutive samples.

The pointer moves in strokes; characters being typed appear one beside the other. Both are small
changes next to the last one, but the pointer *leaves* where it was, while typing only adds. The
trail of small changes, aged in watched time (a stretch the fast path did not decode counts as
no more than `gap_s`), says whether a small thing that settled came from somewhere (`arrived`)
and where the pointer's recent path was (`over`, `near`). Things that are no pointer passing
over the state (bigger than it, or two at once) are followed too (`passing`, `moving_since`):
the pointer rests between its strokes, a cartoon's figures need not.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

import numpy as np

from peepshow_core.frames.diff import label
from peepshow_core.frames.slides.blocks import Blob, blobs, block_diff, dilate
from peepshow_core.frames.slides.extent import PointerExtent, left_blocks, touching
from peepshow_core.frames.slides.tuning import CONSECUTIVE_S, MOTION_BLOBS, SlidesTuning

NEVER = -1e9


def _within(
    cells: set[tuple[int, int]] | frozenset[tuple[int, int]],
    of: frozenset[tuple[int, int]],
    reach: int,
) -> bool:
    """Whether any of `cells` lies within `reach` blocks of `of` (a pointer's step: from where
    it left to where it is now)."""
    return any(abs(y - oy) <= reach and abs(x - ox) <= reach for y, x in cells for oy, ox in of)


class Trace(NamedTuple):
    """A small change seen between consecutive samples."""

    when: float  # watched time
    cells: frozenset[tuple[int, int]]
    departed: bool  # something small left a place within reach of it in that step (`_left`)


class Motion:
    """Small things changing between consecutive samples: where the pointer has been moving.

    One next to where a small thing changed in the step before, but not in the same place, is
    moving (the pointer) if something left one of the two places (the pointer leaves where it
    was; characters being typed, one beside the other, only add); one in the same place again
    is a blink or a tick. A stroke faster than a block a sample touches no trace of the step
    before: something small leaving the place it just reached, and something small coming
    within the pointer's reach of it, is the pointer too (`_fast`).

    Motion ages in *watched* time: a stretch between two samples further apart than `gap_s` (a
    GOP the fast path skipped) counts as `gap_s`, since nothing could be seen moving in it. The
    pointer seen arriving just before such a stretch is as recent after it as it was before
    (it had been forgotten by then, and the pointer resting where it arrived became a state).
    Every method takes and gives video times; the clock is internal.

    How big the pointer is, is learned from its strokes in the steps it sees (`size`, in blocks:
    `extent.PointerExtent`; a recorder's highlight disc makes it two to four times the arrow)."""

    def __init__(
        self,
        grid: tuple[int, int],
        low: float,
        high: float,
        size: int,
        gap_s: float,
        rest_s: float,
        wide_share: float,
    ) -> None:
        self.grid, self.low, self.high, self.gap_s, self.rest_s = grid, low, high, gap_s, rest_s
        self.wide_share = wide_share  # (a step changing more is a transition: nothing passes)
        self.extent = PointerExtent(size)  # how big the pointer is: the prior until learned
        self.trail: deque[Trace] = deque()  # small changes seen, at watched times
        self.moved: deque[tuple[float, np.ndarray]] = deque()  # where it was seen moving, when
        self.previous_step = NEVER
        self.last_seen: float | None = None
        self.seen_before: float | None = None  # the sample before it
        self.skips: list[tuple[float, float, float]] = []  # (from, to, unwatched so far) per gap
        self.changed: list[Blob] = []  # what changed in the last step
        self.last_step: list[frozenset[tuple[int, int]]] = []  # ... where, if it was consecutive
        self.last_first = 0.0  # ... and that step's first picture
        self.departed: set[tuple[int, int]] = set()  # where something moved on from in it
        self.began = 0.0  # when what moved then began moving, at the latest (`passing`)
        self.run: tuple[float, float] | None = None  # the motion under way: when it began and
        # when it was last seen (video times; `moving_since`) ...
        self.passed: set[tuple[int, int]] = set()  # ... and the places it left

    @classmethod
    def tuned(
        cls, grid: tuple[int, int], tuning: SlidesTuning, gap_s: float = CONSECUTIVE_S
    ) -> Motion:
        """The tracker's: its thresholds, the pointer's prior extent, a rest of `settle_s`."""
        bounds = (tuning.weak, tuning.strong, tuning.overlay_blocks)
        return cls(grid, *bounds, gap_s, tuning.settle_s, tuning.wide_share)

    def watch(self, t: float) -> None:
        """A sample at `t` is seen (every sample, consecutive or not, in time order)."""
        if self.last_seen is not None and t - self.last_seen > self.gap_s:
            unwatched = self.skips[-1][2] if self.skips else 0.0
            unwatched += t - self.last_seen - self.gap_s
            self.skips.append((self.last_seen, t, unwatched))
            self.extent.break_stroke()
            self.last_step, self.run = [], None  # (nor is motion: unseen, it may have rested)
        self.seen_before, self.last_seen = self.last_seen, t
        self.departed = set()  # (`step` says, if the sample follows the one before)

    def watched(self, t: float) -> float:
        """`t` on the watched clock (a time inside a skipped stretch: its start)."""
        for start, end, unwatched in reversed(self.skips):
            if t >= end:
                return t - unwatched
            if t > start:
                return start - (unwatched - (end - start - self.gap_s))
        return t

    def step(
        self,
        t: float,
        before: np.ndarray,
        img: np.ndarray,
        ignore: np.ndarray,
        diff: np.ndarray | None = None,
    ) -> np.ndarray:
        """The blocks the pointer moved over between `before` and `img` (consecutive; `diff`:
        block_diff(before, img), when already known)."""
        w = self.watched(t)
        moving = np.zeros(self.grid, bool)
        if diff is None:
            diff = block_diff(before, img)
        changed = blobs(diff, self.low, self.high, ignore)
        self.changed = changed
        first = self.seen_before  # (the step's first picture, if consecutive)
        first = first if first is not None and t - first <= self.gap_s else t
        before_step, self.last_step = self.last_step, []
        before_first, self.last_first = self.last_first, first
        self.departed = set()  # (`passing`)
        if len(changed) <= MOTION_BLOBS:  # (not a transition, where everything changes)
            fitting = [b for b in changed if b.fits(self.size)]
            left = left_blocks(before, img, fitting)
            for blob in fitting:
                if any(
                    when >= self.previous_step
                    and cells != blob.cells
                    and touching(cells, blob.cells)
                    and not left.isdisjoint(cells | blob.cells)
                    for when, cells, _ in self.trail
                ):
                    moving |= blob.mask(self.grid)
                self.trail.append(Trace(w, blob.cells, _within(left, blob.cells, self.size)))
            moving |= self._fast(fitting, left, before_step)
            self.extent.learn(before, img, changed)
            self.last_step = [b.cells for b in changed]
            self.departed = self._departed(before, img, changed, before_step, left)
        else:
            self.extent.break_stroke()
        self.began = before_first if before_step else first
        self.previous_step = w
        if moving.any():
            self.moved.append((w, moving))
        return moving

    def _fast(
        self,
        fitting: list[Blob],
        left: set[tuple[int, int]],
        before: list[frozenset[tuple[int, int]]],
    ) -> np.ndarray:
        """A stroke faster than a block a sample: in one step something small left a place
        wholly (nothing of it came back there), a place it had just reached (it changed there
        in the step before), and one thing small, no more, came apart from it within the
        pointer's reach: the pointer's path, both. (Where it arrived touches no trace of the
        step before, and where it left is where it was: the rule of `step` sees neither. A
        step touching where it was is that rule's; two things coming, a character typed
        beside where the pointer went, say nothing.)"""
        out = np.zeros(self.grid, bool)
        for gone in fitting:
            if not gone.cells <= left or not any(touching(c, gone.cells) for c in before):
                continue
            came = [
                blob
                for blob in fitting
                if blob is not gone
                and left.isdisjoint(blob.cells)
                and _within(blob.cells, gone.cells, self.size)
            ]
            if len(came) == 1:
                out |= came[0].mask(self.grid) | gone.mask(self.grid)
        return out

    def passing(self, t: float, restored: np.ndarray, step: np.ndarray) -> None:
        """After `step` (`step`: how each block changed in it): `restored` says where the
        picture is back to the state it is judged against. Something that is no pointer moved
        on in the step and left a place as that state shows it: a thing passing over it (a
        cartoon's figure), not a line typed, whose caret leaves a character behind; its run
        goes on unless it rested for `rest_s` before. In a transition nothing passes."""
        left = {c for c in self.departed if restored[c]}
        if not left or float((step > self.low).mean()) > self.wide_share:
            return
        if self.run is not None and t - self.run[1] <= self.rest_s:
            self.run, self.passed = (self.run[0], t), self.passed | left
        else:
            self.run, self.passed = (self.began, t), left

    def moving_since(self, t: float) -> float | None:
        """Since when something has been passing (`passing`) without resting for `rest_s` up
        to `t` (None: it rests). A stretch the fast path did not decode ends the run: it may
        have rested there."""
        if self.run is None or t - self.run[1] > self.rest_s:
            return None
        return self.run[0]

    def _departed(
        self,
        before: np.ndarray,
        img: np.ndarray,
        changed: list[Blob],
        before_step: list[frozenset[tuple[int, int]]],
        left: set[tuple[int, int]],
    ) -> set[tuple[int, int]]:
        """Where things that are no pointer moved on from in this step: the blocks something
        left of a blob next to one of the step before (consecutive), not in its place (a caret
        blinks in place), when it is bigger than a plain pointer (the prior) or it left two
        places apart (there is one pointer): a cartoon's figures, a game's characters. The
        pointer alone, however long it goes on, is never one: the screen under it holds
        still."""
        pairs = [
            (blob, cells | blob.cells)
            for blob in changed
            for cells in before_step
            if cells != blob.cells and touching(cells, blob.cells)
        ]
        if not pairs:
            return set()
        left = left | left_blocks(before, img, [b for b, _ in pairs if not b.fits(self.size)])
        departed = {c for _, pair in pairs for c in pair if c in left}
        places = _places(departed, self.grid)
        big = any(max(y1 - y0, x1 - x0) > self.extent.prior for y0, y1, x0, x1 in places)
        return departed if big or len(places) > 1 else set()

    @property
    def size(self) -> int:
        """The pointer's extent in blocks, as learned so far (`extent.PointerExtent`)."""
        return self.extent.size

    @property
    def seen(self) -> bool:
        """Whether something has been seen moving as the pointer does (its extent counted)."""
        return self.extent.seen

    def over(self, t: float, seconds: float) -> np.ndarray:
        """The blocks the pointer moved over in the `seconds` watched up to `t`."""
        since = self.watched(t) - seconds
        out = np.zeros(self.grid, bool)
        for when, cells in self.moved:
            if when >= since:
                out |= cells
        return out

    def trailed(self, since: float, t: float) -> np.ndarray:
        """The blocks where small things were seen changing between `since` and `t`."""
        first, last = self.watched(since), self.watched(t)
        out = np.zeros(self.grid, bool)
        for when, cells, _ in self.trail:
            if first <= when <= last:
                for c in cells:
                    out[c] = True
        return out

    def near(self, t: float, seconds: float) -> np.ndarray:
        """Around everywhere small things were seen changing in the `seconds` watched up to `t`
        (the trail)."""
        since = self.watched(t) - seconds
        out = np.zeros(self.grid, bool)
        for when, cells, _ in self.trail:
            if when >= since:
                for c in cells:
                    out[c] = True
        return dilate(out)

    def forget(self, t: float, seconds: float, keep: tuple[float, float] | None = None) -> None:
        """Forget what was seen longer than `seconds` watched before `t`, except the trail in
        the `keep[1]` seconds watched before `keep[0]`: what brought a change first seen long
        before it settles (however long that takes, the trail stays bounded)."""
        horizon = self.watched(t) - seconds
        first = self.watched(keep[0]) if keep is not None else horizon
        window = (first - keep[1], first) if keep is not None else (horizon, horizon)
        if window[0] < horizon:
            self.trail = deque(
                trace
                for trace in self.trail
                if trace.when >= horizon or window[0] <= trace.when <= window[1]
            )
        else:  # (the same, cheaper, when nothing older is kept)
            while self.trail and self.trail[0][0] < horizon:
                self.trail.popleft()
        while self.moved and self.moved[0][0] < horizon:
            self.moved.popleft()

    def arrived(self, cells: np.ndarray, t: float) -> bool:
        """Whether something small moved into `cells` before `t`: seen, between consecutive
        samples, next to them but not only in them (a build or a caret appears in place; the
        pointer comes from somewhere)."""
        w = self.watched(t)
        near = dilate(dilate(cells))
        for when, trail, departed in self.trail:
            if (
                departed
                and when <= w
                and any(near[c] for c in trail)
                and any(not cells[c] for c in trail)
            ):
                return True
        return False

    def jumped(self, cells: np.ndarray, since: float, t: float) -> bool:
        """Whether the pointer jumped into `cells`, where something small was first seen at
        `since`: in a step before that one (up to `gap_s` earlier) something small left a
        place elsewhere, and up to `t` nothing small changed but in or next to `cells`. There
        is one pointer: moved off one place, it shows in the next sample (a stroke too fast to
        be seen between them), and went nowhere else. (Two things changing in one step, far
        apart, are two glyphs replaced as well as a pointer's jump: no evidence.)"""
        first, last = self.watched(since), self.watched(t)
        around = dilate(cells)
        left = False
        for when, trail, departed in self.trail:
            if first < when <= last and not any(around[c] for c in trail):
                return False
            if departed and first - self.gap_s <= when < first:
                left = left or not all(around[c] for c in trail)
        return left


def _places(cells: set[tuple[int, int]], grid: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """The places `cells` lie in (groups more than two blocks apart): each one's box, y0, y1,
    x0, x1 (the ends excluded)."""
    mask = np.zeros(grid, bool)
    if not cells:
        return []
    ys, xs = zip(*cells, strict=True)
    mask[list(ys), list(xs)] = True
    groups, count = label(dilate(mask))
    places = []
    for number in range(1, count + 1):
        gy, gx = np.nonzero((groups == number) & mask)
        places.append((int(gy.min()), int(gy.max()) + 1, int(gx.min()), int(gx.max()) + 1))
    return places
