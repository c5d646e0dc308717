"""What a GOP's compressed packets say before anything is decoded.

An encoder spends bytes on what changed: a still picture costs small packets, a change a
*burst* of large ones (a run of packets above the running size statistics), a whole new picture
a *big* one. Something that keeps moving (a clip playing, a video) keeps every packet large: the
running statistics adapt to it, so it shows as one burst and then nothing. What tells it from a
change that settled is the packets after the burst: still again only if they are as small as
in the stillest moment of the GOP or the one before it (under the lowest burst limit either
saw: a two-second GOP right after a change may never see its limits fall back). The statistics
count each packet for as long as its picture is shown: a variable frame rate writes one frame
for a still second and thirty for a second of change.

A GOP shorter than the longest so far ended *early*: the encoder put a keyframe on a change.
Intra-only video (every frame a keyframe) gives the fast path nothing to skip.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

import numpy as np

from peepshow_core.frames.slides.tuning import (
    BIG_FACTOR,
    BURST_BYTES,
    DENSE_MIN,
    DENSE_SAMPLE,
    DENSE_SHARE,
    EARLY_FRAMES,
    HIGH_FACTOR,
    HIGH_QUANTILE,
    MAX_TRANSITION_S,
    MIN_SIZES,
    PAID_SHARE,
    SIZE_WINDOW,
    STATS_EVERY,
    STILL_SLACK,
)
from peepshow_core.media.video import AV_ERRORS, Video

TIME_EPSILON = 1e-6  # seconds: timestamps this close are the same frame's


class Burst(NamedTuple):
    start: float
    end: float
    big: bool


class GopSizes(NamedTuple):
    """The non-key packets of one GOP in presentation order, and what they show."""

    times: np.ndarray  # seconds
    sizes: np.ndarray  # bytes
    bursts: list[Burst]
    still: float  # the lowest burst limit in the GOP or the one before it: a packet under it
    # shows a still picture (a short GOP's limits may all still count the burst before it)

    def still_after(self, when: float) -> bool:
        """Whether the picture holds still after `when`: the packets after it are, mostly,
        as small as a still picture's (`still`; a clip that started playing keeps them
        large)."""
        tail = self.sizes[self.times > when]
        return not len(tail) or float(np.median(tail)) <= self.still

    def settled(self, burst: Burst, settle_s: float) -> float:
        """When the change of `burst` had surely settled: `settle_s` after the burst, if no
        packet in that time is larger than a still picture's (`still`, and `STILL_SLACK` times
        the GOP's median packet); else (a wipe's or a dissolve's last steps, or keys typed on,
        too cheap to be part of the burst, or anything else moving) no sooner than the longest
        transition after the burst began."""
        after = burst.end + settle_s
        inside = (self.times > burst.end + TIME_EPSILON) & (self.times <= after)
        still = min(self.still, STILL_SLACK * float(np.median(self.sizes)))
        if (self.sizes[inside] > still).any():
            return max(after, burst.start + MAX_TRANSITION_S)
        return after

    def key_settled(
        self, settle_s: float, key_t: float, began: float | None, seen: float | None
    ) -> float:
        """When the one change of the GOP, whose picture is the next keyframe's (at `key_t`),
        had surely settled: as its first burst says (`settled`), never after the keyframe; and
        for a change bigger than the pointer seen starting at `began`, before the GOP (still
        settling when last seen, at `seen`: the GOP's burst is its rest), no later than the
        longest transition after it started, whatever else the packets carry (a webcam's spike
        later in the GOP)."""
        settled = min(self.settled(self.bursts[0], settle_s), key_t)
        if began is not None and seen is not None:
            settled = min(settled, max(began + MAX_TRANSITION_S, seen))
        return settled

    def spent(self, bursts: list[Burst]) -> int:
        """The bytes of the packets from each burst's first to its last (all of a fade's
        steps, those too cheap to count as the burst's included)."""
        inside = np.zeros(len(self.times), bool)
        for burst in bursts:
            inside |= (self.times >= burst.start - TIME_EPSILON) & (
                self.times <= burst.end + TIME_EPSILON
            )
        return int(self.sizes[inside].sum())

    def paid_for(self, bursts: list[Burst], changed: float, key_bytes: int) -> bool:
        """Whether `bursts` spent enough to have drawn what the next keyframe (of `key_bytes`)
        shows changed over the share `changed` of the picture: new content costs a frame about
        what a keyframe spends on that much of the picture (`PAID_SHARE` of it, a wide margin).
        A burst the encoder spent on something else (its own refresh, the pointer) before a
        change that began at the keyframe itself (a scroll's first step) is far cheaper."""
        return self.spent(bursts) >= PAID_SHARE * changed * key_bytes

    def holds(self, when: float, longer_s: float) -> bool:
        """Whether the frame at `when` stays on screen longer than `longer_s` (the next frame
        comes later: a variable frame rate's pause)."""
        later = self.times[np.searchsorted(self.times, when + TIME_EPSILON) :]
        return not len(later) or float(later[0]) - when > longer_s

    def pauses(self, key_s: float, next_s: float, gap_s: float) -> bool:
        """Whether a picture of the GOP (its keyframe at `key_s`; the next keyframe, or the
        end of the last picture's stay, at `next_s`) stayed on screen longer than `gap_s`:
        frames come only on change (a recorder writing a variable frame rate), so every packet
        is a change's."""
        shown = np.concatenate(([key_s], self.times, [next_s]))
        return bool((np.diff(shown) > gap_s).any())

    def next_shown(self, after: float) -> float | None:
        """When the GOP's next picture after the one shown at `after` comes (decoded or not:
        non-reference frames are skipped, and a fade or a wipe shows moving in them), or None
        if none of its packets does."""
        later = self.times[self.times > after + TIME_EPSILON]
        return float(later.min()) if len(later) else None


class PacketSizes:
    """Running packet-size statistics over a video's GOPs, fed in order."""

    def __init__(
        self,
        settle_s: float,
        fps: float,
        start_pts: int,
        time_base: float,
        grid_fps: float | None = None,
    ) -> None:
        self.settle_s, self.fps = settle_s, fps
        self.start_pts, self.time_base = start_pts, time_base
        self.grid_fps = grid_fps or fps  # the frame grid's rate (`Video.grid_fps`): `_shown`'s unit
        self.window: deque[tuple[int, int]] = deque(maxlen=SIZE_WINDOW)  # (size, frames shown)
        self.longest_gop_s = 0.0
        self.floor = float("inf")  # the previous GOP's lowest burst limit

    def ends_early(self, key_t: float, next_key_t: float) -> bool:
        """Whether the GOP is shorter than the longest so far: the encoder cut it (a change)."""
        span = next_key_t - key_t
        early = bool(self.longest_gop_s) and span < self.longest_gop_s - EARLY_FRAMES / self.fps
        self.longest_gop_s = max(self.longest_gop_s, span)
        return early

    def gop(self, key_pts: int, pts: list[int | None], sizes: list[int]) -> GopSizes:
        """The GOP's packets after its keyframe (`pts` in decoding order; unknown ones are
        taken as the keyframe's) and their runs of unusually large packets (one run = one
        change, or one fade)."""
        if not sizes:
            return GopSizes(np.zeros(0), np.zeros(0, np.int64), [], float("inf"))
        known = np.fromiter((p or key_pts for p in pts), np.int64)
        order = np.argsort(known, kind="stable")
        times = (known[order] - self.start_pts) * self.time_base
        sized = np.asarray(sizes, np.int64)[order]
        limits, medians = self._limits(sized, self._shown(times))
        runs: list[Burst] = []
        for t, size, limit, median in zip(times, sized, limits, medians, strict=True):
            if size <= limit:
                continue
            big = bool(size > BIG_FACTOR * median)
            if runs and t - runs[-1].end <= self.settle_s:
                runs[-1] = Burst(runs[-1].start, float(t), runs[-1].big or big)
            else:
                runs.append(Burst(float(t), float(t), big))
        lowest = float(limits.min())
        still, self.floor = min(lowest, self.floor), lowest
        return GopSizes(times, sized, runs, still)

    def _shown(self, times: np.ndarray) -> np.ndarray:
        """How many frame intervals each packet's picture stays on screen (1 at a constant frame
        rate; a variable frame rate's pause holds one picture for many): the size statistics
        are over time, not packets, or a video that only writes frames when something changes
        would make every change look usual."""
        shown = np.ones(len(times), np.int64)
        if len(times) > 1:
            shown[:-1] = np.maximum(1, np.rint(np.diff(times) * self.grid_fps)).astype(np.int64)
        return shown

    def _limits(self, sizes: np.ndarray, shown: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per packet, the size above which it is a burst, and the running median size: from the
        `SIZE_WINDOW` packets before it, each counted for as long as its picture was shown
        (none until `MIN_SIZES` are known)."""
        known = np.concatenate([np.fromiter((s for s, _ in self.window), np.int64), sizes])
        counts = np.concatenate([np.fromiter((n for _, n in self.window), np.int64), shown])
        before = len(self.window)
        limits = np.full(len(sizes), np.inf)
        medians = np.full(len(sizes), np.inf)
        for first in range(0, len(sizes), STATS_EVERY):
            lo, hi = max(0, before + first - SIZE_WINDOW), before + first
            if hi - lo >= MIN_SIZES:
                median = _quantile(known[lo:hi], counts[lo:hi], 0.5)
                high = _quantile(known[lo:hi], counts[lo:hi], HIGH_QUANTILE)
                limits[first : first + STATS_EVERY] = max(HIGH_FACTOR * high, median + BURST_BYTES)
                medians[first : first + STATS_EVERY] = median
        self.window.extend(
            zip(sizes[-SIZE_WINDOW:].tolist(), shown[-SIZE_WINDOW:].tolist(), strict=True)
        )
        return limits, medians


def brief(bursts: list[Burst]) -> bool:
    """Whether every burst is no longer than the longest transition: a longer run of large
    packets is several changes (an encoder's periodic large packets, VP9's every half second,
    chain them into one run) or something moving, never one change."""
    return all(b.end - b.start <= MAX_TRANSITION_S for b in bursts)


def _quantile(sizes: np.ndarray, counts: np.ndarray, q: float) -> int:
    """The `q` quantile of `sizes`, each counted `counts` times (all ones: the size at index
    int(q * n) of the sorted sizes)."""
    order = np.argsort(sizes, kind="stable")
    cumulative = np.cumsum(counts[order])
    return int(sizes[order][np.searchsorted(cumulative, q * cumulative[-1], side="right")])


def dense_keyframes(video: Video, sample: int = DENSE_SAMPLE) -> bool:
    """True when keyframes are so frequent (intra-only codecs) that the fast path can't help."""
    keys = total = 0
    try:
        for packet in video.container.demux(video.stream):
            if packet.size:
                total += 1
                keys += bool(packet.is_keyframe)
                if total >= sample:
                    break
    except AV_ERRORS:
        pass  # the real pass reports it
    video.rewind()
    return total >= DENSE_MIN and keys / total > DENSE_SHARE
