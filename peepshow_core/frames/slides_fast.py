"""`slides`, fast path: decide most of the video from keyframes and packet sizes.

One forward demux pass; the packets of the current GOP (keyframe to keyframe) are buffered,
compressed. When the next keyframe arrives it is decoded alone (decoder 1) and compared with the
previous one (block rule, learned masks, cursor blobs), and the GOP's packet sizes are scanned
for bursts: a slide change or a build makes packets larger than the running 90th percentile (a
fade makes a run of them). Then, per GOP:

- keyframes alike, no burst: nothing happened; nothing more is decoded;
- keyframes differ widely with exactly one burst: the change happened at the burst and had
  settled by the next keyframe, which becomes the state's picture (time = burst end + settle_s);
- only a cursor-sized blob differs and there is no burst: nothing happened;
- several bursts: the GOP is decoded (decoder 2) up to the last burst, then as above;
- anything else (a change without a burst, a burst near the next keyframe, a state still
  settling, a change on the keyframe itself, the first seconds, the last GOP unless quiet): the
  GOP is replayed frame by frame through the same tracker as the full path (the reference).

Every state found while replaying must have a burst (or the keyframe) just before it. If one
does not, packet sizes can't be trusted in this video (e.g. noisy content drowns small builds)
and from then on every GOP whose keyframes differ is replayed: slower, never less accurate.
Sparse keyframes likewise degrade gracefully into the full scan, GOP by GOP.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable
from typing import Any

import av
import numpy as np

from peepshow_core.frames.decode import AV_ERRORS, Video, check_complete, decoding_failed, gray
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.tracker import SlideTracker, TrackerSettings

ProgressFn = Callable[[float], None]

HIGH_FACTOR = 1.25  # a burst is a packet this many times the running 90th percentile size
BURST_BYTES = 100  # ... and at least this many bytes over the running median
MEDIAN_WINDOW = 61  # packets in the running statistics
BURST_WINDOW_S = 2.0  # a state settled within this (+ settle_s) after a burst is explained by it
KEY_FADE_S = 1.0  # ... or within this (+ settle_s) after the keyframe that starts the GOP
STATS_EVERY = 8  # packets between updates of the running statistics
LEARN_S = 2.0  # at the start, decode this long to learn the masks before trusting keyframes


Keyed = tuple[float, np.ndarray, av.VideoFrame]


class _Gop:
    def __init__(self) -> None:
        self.packets: list[av.Packet] = []
        self.bursts: list[float] = []
        self.key: tuple[float, np.ndarray, av.VideoFrame] | None = None


class FastSlides:
    def __init__(
        self, video: Video, sink: FrameSink, settings: TrackerSettings, progress: ProgressFn | None
    ) -> None:
        self.video = video
        self.sink = sink
        self.progress = progress
        self.settle_s = settings.settle_s
        self.size = analysis_size(video.width, video.height)
        self.tracker = SlideTracker((self.size[1] // 8, self.size[0] // 8), settings)
        self.key_decoder = self._decoder(threads=False)
        self.full_decoder = self._decoder(threads=True)
        self.sizes: deque[int] = deque(maxlen=MEDIAN_WINDOW)
        self.stats: dict[str, Any] = {
            "keyframes": 0,
            "replayed_gops": 0,
            "decoded_frames": 0,
            "gops": 0,
            "fallbacks": 0,
        }
        self.last: tuple[float, np.ndarray, av.VideoFrame] | None = None
        self._limit: float | None = None
        self._emitted_at: float | None = None
        self._had_state = False
        self.bursts_reliable = True  # until a replayed change shows up without a burst
        self._since_stats = 0

    def _decoder(self, threads: bool) -> Any:  # a video CodecContext (typed loosely by PyAV)
        template = self.video.stream.codec_context
        ctx = av.CodecContext.create(template.name, "r")
        if template.extradata:
            ctx.extradata = template.extradata
        if threads:
            ctx.thread_type = "AUTO"
        return ctx

    def run(self) -> dict[str, Any]:
        gop: _Gop | None = None
        last_s = 0.0
        try:
            for packet in self.video.container.demux(self.video.stream):
                if not packet.size:
                    continue
                last_s = max(last_s, self.video.seconds(packet.pts))
                if packet.is_keyframe:
                    key = self._decode_key(packet)
                    if gop is not None:
                        self._close(gop, key)
                    gop = _Gop()
                    gop.key = key
                elif gop is None:
                    continue  # leading packets before the first keyframe can't be decoded
                gop.packets.append(packet)
            if gop is not None:
                self._close(gop, None)
        except AV_ERRORS as exc:
            decoding_failed(self.video, exc, last_s, self.stats["keyframes"])
            if gop is not None:
                self._replay_safely(gop)
        if self.last is not None:
            t, img, frame = self.last
            ended = self.tracker.finish(t, img)
            if ended is not None:
                self.sink.offer(frame, t, img, score=ended.score, dedup=False)
        check_complete(self.video, last_s, self.stats["keyframes"])
        if self.progress is not None:
            self.progress(last_s)
        return {
            "path": "fast",
            "burst_p90_factor": HIGH_FACTOR,
            "bursts_trusted": self.bursts_reliable,
            **self.stats,
            "masked_blocks": int(self.tracker.wide_mask.sum()),
        }

    def _decode_key(self, packet: av.Packet) -> tuple[float, np.ndarray, av.VideoFrame] | None:
        decoded = list(self.key_decoder.decode(packet)) + list(self.key_decoder.decode(None))
        self.key_decoder.flush_buffers()
        if not decoded:
            return None
        frame = decoded[-1]
        self.stats["keyframes"] += 1
        t = self.video.seconds(frame.pts)
        if self.progress is not None:
            self.progress(t)
        return t, gray(frame, self.size), frame

    def _close(self, gop: _Gop, next_key: Keyed | None) -> None:
        """Decide what GOP `gop` needs, now that the keyframe after it is known."""
        self.stats["gops"] += 1
        bursts = self._bursts(gop)
        gop.bursts = bursts
        trusted = self.bursts_reliable
        kept = self.tracker.kept
        # the state changed on the keyframe itself (a scene cut)
        at_key = (
            kept is not None
            and gop.key is not None
            and self.tracker.classify(kept, gop.key[1])[0] in ("small", "large")
        )
        if gop.key is None or next_key is None:  # the last GOP (or no keyframe at all)
            quiet = not bursts and trusted and not at_key
            if gop.key is None or not quiet or self.tracker.pending or kept is None:
                self._replay(gop, None)
            return
        t1, img1, frame1 = next_key
        self.tracker.learn_keyframes(gop.key[1], img1)
        start: tuple[float, np.ndarray] = (gop.key[0], gop.key[1])
        if kept is None or self.tracker.pending or len(bursts) >= 2 or at_key:
            # decode until only one burst is left (or, at the start, until the mask is learned)
            stop_after = bursts[-2] + self.settle_s if len(bursts) >= 2 else gop.key[0]
            if kept is None:
                stop_after = max(stop_after, gop.key[0] + LEARN_S)
            stopped = self._replay(gop, stop_after)
            if stopped is None:
                return
            start = stopped
            bursts = [b for b in bursts if b > start[0]]
        change, blobs = self.tracker.classify(start[1], img1)
        if not bursts and (change in ("none", "cursor") or (trusted and change == "small")):
            self.last = next_key  # nothing happened (a cursor-sized blob without a burst)
            return
        if len(bursts) == 1 and trusted and change == "large":
            settled = bursts[0] + self.settle_s
            kept = self.tracker.kept
            if settled < t1 and kept is not None and self.tracker.classify(kept, img1)[0] != "none":
                emitted = self.tracker.accept(t1, img1, blobs)
                self.sink.offer(frame1, round(settled, 3), img1, score=emitted.score, dedup=False)
                self.last = next_key
                return
        self.stats["fallbacks"] += 1
        self._replay(gop, None)

    def _bursts(self, gop: _Gop) -> list[float]:
        """End times of runs of unusually large non-key packets (one run = one change)."""
        runs: list[float] = []
        last_burst: float | None = None
        timed = sorted(
            (self.video.seconds(p.pts), p.size) for p in gop.packets if not p.is_keyframe
        )
        for t, size in timed:
            limit = self._burst_limit()
            self.sizes.append(size)
            if limit is None or size <= limit:
                continue
            if last_burst is not None and t - last_burst <= self.settle_s:
                runs[-1] = t
            else:
                runs.append(t)
            last_burst = t
        return runs

    def _burst_limit(self) -> float | None:
        if len(self.sizes) < 8:
            return None
        self._since_stats += 1
        if self._limit is not None and self._since_stats < STATS_EVERY:
            return self._limit
        self._since_stats = 0
        self._limit = self._compute_limit()
        return self._limit

    def _compute_limit(self) -> float:
        ordered = sorted(self.sizes)
        median = ordered[len(ordered) // 2]
        high = ordered[int(len(ordered) * 0.9)]
        return max(HIGH_FACTOR * high, median + BURST_BYTES)

    def _replay(self, gop: _Gop, stop_after: float | None) -> tuple[float, np.ndarray] | None:
        """Decode `gop` frame by frame through the tracker; with `stop_after`, stop at the first
        quiet frame after that time and return it (None when the whole GOP was decoded)."""
        self.stats["replayed_gops"] += 1
        decoder = self.full_decoder
        try:
            for packet in [*gop.packets, None]:
                for frame in decoder.decode(packet):
                    fed = self._feed(frame)
                    if fed is None:
                        continue
                    t, img = fed
                    if self._emitted_at is not None:
                        self._check_burst(gop, self._emitted_at)
                    if stop_after is not None and t > stop_after and not self.tracker.pending:
                        return t, img
        finally:
            decoder.flush_buffers()
        return None

    def _check_burst(self, gop: _Gop, settled_at: float) -> None:
        """A state the tracker found while replaying should have come with a packet burst (or sit
        on the keyframe). If not, bursts can't be trusted in this video: stop relying on them."""
        self._emitted_at = None
        if not self._had_state:
            self._had_state = True
            return
        window = settled_at - self.settle_s - BURST_WINDOW_S
        explained = any(window <= b <= settled_at for b in gop.bursts)
        on_key = settled_at - self.settle_s - KEY_FADE_S
        if gop.key is not None and on_key <= gop.key[0] <= settled_at:
            explained = True
        if not explained and self.bursts_reliable:
            self.bursts_reliable = False
            self.stats["bursts_unreliable_at_s"] = round(settled_at, 3)

    def _replay_safely(self, gop: _Gop) -> None:
        with contextlib.suppress(*AV_ERRORS):
            self._replay(gop, None)

    def _feed(self, frame: av.VideoFrame) -> tuple[float, np.ndarray] | None:
        self.stats["decoded_frames"] += 1
        t = self.video.seconds(frame.pts)
        if not self.tracker.wants(t):
            return None
        img = gray(frame, self.size)
        emitted = self.tracker.feed(t, img)
        if emitted is not None:
            self.sink.offer(frame, t, img, score=emitted.score, dedup=False)
            self._emitted_at = t
        self.last = (t, img, frame)
        return t, img


def dense_keyframes(video: Video, sample: int = 300) -> bool:
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
    return total >= 10 and keys / total > 0.2


def slides_fast(
    video: Video, sink: FrameSink, settings: TrackerSettings, progress: ProgressFn | None
) -> dict[str, Any]:
    return FastSlides(video, sink, settings, progress).run()
