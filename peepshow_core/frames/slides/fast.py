"""`slides`, fast path: decide most of the video from keyframes and packet sizes.

One forward demux pass; the packets of the current GOP (keyframe to keyframe) are buffered,
compressed. When the next keyframe arrives it is decoded alone (decoder 1) and compared with the
previous one (block rule, learned masks, cursor blobs), and the GOP's packet sizes are scanned
for bursts: a slide change or a build makes packets larger than the running 90th percentile (a
fade makes a run of them). Then, per GOP:

- keyframes alike, no burst: nothing happened; nothing more is decoded;
- keyframes differ widely with exactly one burst: the change happened at the burst and had
  settled by the next keyframe, which becomes the state's picture (time = burst end + settle_s);
- the change is on the keyframe itself (the encoder keyed it) and the GOP is quiet after it, or
  its only burst is that change's fade: the next keyframe is the state's picture;
- only a cursor-sized blob differs and there is no burst: nothing happened;
- several bursts: the GOP is decoded (decoder 2) up to the last burst no keyframe shows;
- a GOP shorter than the longest so far ends on a keyframe the encoder likely put on a change:
  that keyframe never stands for the GOP's last burst (decoded instead);
- anything else (a change without a burst, a burst near the next keyframe, a state still
  settling, the first seconds, the last GOP unless quiet): the GOP is replayed frame by frame
  through the same tracker as the full path (the reference).

Every state found while replaying must have a burst (or the keyframe) just before it. If one
does not, packet sizes can't be trusted in this video (e.g. noisy content drowns small builds)
and from then on every GOP whose keyframes differ is replayed: slower, never less accurate.
Sparse keyframes likewise degrade gracefully into the full scan, GOP by GOP.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Generator
from typing import Any, NamedTuple

import av
import numpy as np

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.tracker import SlideTracker, TrackerSettings
from peepshow_core.media.video import AV_ERRORS, Video, check_complete, decoding_failed, gray

HIGH_FACTOR = 1.25  # a burst is a packet this many times the running 90th percentile size
BURST_BYTES = 100  # ... and at least this many bytes over the running median
MEDIAN_WINDOW = 61  # packets in the running statistics
BURST_WINDOW_S = 2.0  # a state settled within this (+ settle_s) after a burst is explained by it
KEY_FADE_S = 1.0  # ... or within this (+ settle_s) after the keyframe that starts the GOP
STATS_EVERY = 8  # packets between updates of the running statistics
LEARN_S = 2.0  # at the start, decode this long to learn the masks before trusting keyframes


Keyed = tuple[float, np.ndarray, av.VideoFrame]


class Burst(NamedTuple):
    start: float  # first unusually large packet of the run (s)
    end: float  # last one


class _Gop:
    def __init__(self) -> None:
        self.packets: list[av.Packet] = []
        self.bursts: list[Burst] = []
        self.key: tuple[float, np.ndarray, av.VideoFrame] | None = None
        self.frames: Generator[av.VideoFrame, None, None] | None = None  # while replaying


class FastSlides:
    def __init__(
        self, video: Video, sink: FrameSink, settings: TrackerSettings, on_seconds: OnSeconds | None
    ) -> None:
        self.video = video
        self.sink = sink
        self.on_seconds = on_seconds
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
            "states_from_keyframes": 0,
        }
        self.last: tuple[float, np.ndarray, av.VideoFrame] | None = None
        self._emitted_at: float | None = None
        self._had_state = False
        self.bursts_reliable = True  # until a replayed change shows up without a burst
        self.longest_gop_s = 0.0

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
        last_pts: int | None = None
        try:
            for packet in self.video.container.demux(self.video.stream):
                if not packet.size:
                    continue
                last_pts = packet.pts  # in decoding order: close enough to say where it stopped
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
            last_s = self.video.seconds(last_pts)
            decoding_failed(self.video, exc, last_s, self.stats["keyframes"])
            if gop is not None:
                self._replay_safely(gop)
        if self.last is not None:
            t, img, frame = self.last
            ended = self.tracker.finish(t, img)
            if ended is not None:
                self.sink.offer(frame, t, img, score=ended.score, dedup=False)
        last_s = self.video.seconds(last_pts)
        check_complete(self.video, last_s, self.stats["keyframes"])
        if self.on_seconds is not None:
            self.on_seconds(last_s)
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
        if self.on_seconds is not None:
            self.on_seconds(t)
        return t, gray(frame, self.size), frame

    def _close(self, gop: _Gop, next_key: Keyed | None) -> None:
        try:
            self._decide(gop, next_key)
        finally:
            if gop.frames is not None:
                gop.frames.close()  # flushes the decoder for the next GOP

    def _decide(self, gop: _Gop, next_key: Keyed | None) -> None:
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
        t1, img1, _ = next_key
        self.tracker.learn_keyframes(gop.key[1], img1)
        # a keyframe that comes early was put there by the encoder, likely on a change: it can't
        # show how the GOP's last burst left the picture, and the next GOP handles its change
        cut = self._ends_early(gop.key[0], t1)
        on_key = at_key and trusted and not self.tracker.pending
        if on_key and self._changed_on_key(gop, next_key, cut):
            return
        start: tuple[float, np.ndarray] = (gop.key[0], gop.key[1])
        # bursts whose state no keyframe shows: every one but the last, or all before a cut
        unseen = bursts if cut else bursts[:-1]
        if kept is None or self.tracker.pending or unseen or at_key:
            stop_after = unseen[-1].end + self.settle_s if unseen else gop.key[0]
            if kept is None:
                stop_after = max(stop_after, gop.key[0] + LEARN_S)  # learn the masks first
            stopped = self._replay(gop, stop_after)
            if stopped is None:
                return
            start = stopped
            bursts = [b for b in bursts if b.end > start[0]]
        change, blobs = self.tracker.classify(start[1], img1)
        if not bursts and (change in ("none", "cursor") or (trusted and change == "small")):
            self.last = next_key  # nothing happened (a cursor-sized blob without a burst)
            return
        one_change = len(bursts) == 1 and trusted and change == "large" and not cut
        if one_change and self._take(next_key, bursts[0].end + self.settle_s, blobs):
            return
        self.stats["fallbacks"] += 1
        self._replay(gop, None)

    def _ends_early(self, key_t: float, next_key_t: float) -> bool:
        """Whether the GOP is shorter than the longest one so far (or is the first one)."""
        span = next_key_t - key_t
        early = not self.longest_gop_s or span < self.longest_gop_s - 1.5 / self.video.fps
        self.longest_gop_s = max(self.longest_gop_s, span)
        return early

    def _changed_on_key(self, gop: _Gop, next_key: Keyed, cut: bool) -> bool:
        """The encoder put a keyframe on the change (scene cut). If the GOP is quiet after it, or
        its only burst follows the keyframe too soon for the keyframe's picture to have settled
        (the fade of the same change) and no cut ends the GOP, the next keyframe shows the
        settled state: take it without decoding the GOP."""
        assert gop.key is not None
        key_t, key_img, _ = gop.key
        change, blobs = self.tracker.classify(key_img, next_key[1])
        if not gop.bursts and change in ("none", "cursor"):
            return self._take(next_key, key_t + self.settle_s, blobs)
        fade = len(gop.bursts) == 1 and gop.bursts[0].start < key_t + self.settle_s
        if fade and not cut:
            return self._take(next_key, gop.bursts[0].end + self.settle_s, blobs)
        return False

    def _take(self, next_key: Keyed, settled: float, blobs: set[tuple[int, int]]) -> bool:
        """Keep the next keyframe as the state that settled at `settled`, if it is a new state
        that settled before that keyframe."""
        t1, img1, frame1 = next_key
        kept = self.tracker.kept
        if settled >= t1 or kept is None or self.tracker.classify(kept, img1)[0] == "none":
            return False
        emitted = self.tracker.accept(t1, img1, blobs)
        self.stats["states_from_keyframes"] += 1
        self.sink.offer(frame1, round(settled, 3), img1, score=emitted.score, dedup=False)
        self.last = next_key
        return True

    def _bursts(self, gop: _Gop) -> list[Burst]:
        """Runs of unusually large non-key packets (one run = one change, or one fade)."""
        if len(gop.packets) < 2:
            return []
        key_pts = gop.packets[0].pts or 0  # [0] is the keyframe; a packet without pts: at it
        pts = np.fromiter((p.pts or key_pts for p in gop.packets[1:]), np.int64)
        order = np.argsort(pts, kind="stable")
        times = (pts[order] - self.video.start_pts) * self.video.tb_float
        sizes = np.fromiter((p.size for p in gop.packets[1:]), np.int64)[order]
        large = sizes > self._limits(sizes)
        runs: list[Burst] = []
        for t in times[large].tolist():
            if runs and t - runs[-1].end <= self.settle_s:
                runs[-1] = Burst(runs[-1].start, t)
            else:
                runs.append(Burst(t, t))
        return runs

    def _limits(self, sizes: np.ndarray) -> np.ndarray:
        """Per packet, the size above which it is a burst: from the `MEDIAN_WINDOW` packets
        before it (updated every `STATS_EVERY` packets; none until 8 are known)."""
        known = np.concatenate([np.fromiter(self.sizes, np.int64), sizes])
        before = len(self.sizes)
        limits = np.full(len(sizes), np.inf)
        for first in range(0, len(sizes), STATS_EVERY):
            window = np.sort(known[max(0, before + first - MEDIAN_WINDOW) : before + first])
            if len(window) >= 8:
                median, high = window[len(window) // 2], window[int(len(window) * 0.9)]
                limits[first : first + STATS_EVERY] = max(HIGH_FACTOR * high, median + BURST_BYTES)
        self.sizes.extend(sizes[-MEDIAN_WINDOW:].tolist())
        return limits

    def _replay(self, gop: _Gop, stop_after: float | None) -> tuple[float, np.ndarray] | None:
        """Decode `gop` frame by frame through the tracker; with `stop_after`, stop at the first
        quiet frame after that time and return it (None when the whole GOP was decoded). A
        second call goes on from where the first one stopped."""
        if gop.frames is None:
            self.stats["replayed_gops"] += 1
            gop.frames = self._decoded(gop)
        for frame in gop.frames:
            fed = self._feed(frame)
            if fed is None:
                continue
            t, img = fed
            if self._emitted_at is not None:
                self._check_burst(gop, self._emitted_at)
            if stop_after is not None and t > stop_after and not self.tracker.pending:
                return t, img
        return None

    def _decoded(self, gop: _Gop) -> Generator[av.VideoFrame, None, None]:
        decoder = self.full_decoder
        try:
            for packet in [*gop.packets, None]:
                yield from decoder.decode(packet)
        finally:
            decoder.flush_buffers()

    def _check_burst(self, gop: _Gop, settled_at: float) -> None:
        """A state the tracker found while replaying should have come with a packet burst (or sit
        on the keyframe). If not, bursts can't be trusted in this video: stop relying on them."""
        self._emitted_at = None
        if not self._had_state:
            self._had_state = True
            return
        window = settled_at - self.settle_s - BURST_WINDOW_S
        explained = any(window <= b.end <= settled_at for b in gop.bursts)
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
    video: Video, sink: FrameSink, settings: TrackerSettings, on_seconds: OnSeconds | None
) -> dict[str, Any]:
    return FastSlides(video, sink, settings, on_seconds).run()
