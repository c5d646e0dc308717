"""`slides`, fast path (the default): keyframes through the noise model, decode only where needed.

One forward demux pass; the packets of the current GOP (keyframe to keyframe) are buffered,
compressed. When the next keyframe arrives it is decoded alone and judged against the tracked
state (`Tracker.peek`), and the GOP's packet sizes are scanned for bursts; the planner
(`planner.plan`) decides: skip the GOP, take the next keyframe as the picture of its one change,
or decode it. A decoded GOP goes through the same tracker as the reference path, without its
non-reference frames (the tracker samples at most 15 frames a second anyway), and stops once it
has shown what the next keyframe shows. Every picture written is a fully decoded frame.

The first `learn_s` seconds are decoded (the noise model learns the webcam and the pointer; the
`auto` strategy judges screen or camera there). Camera footage, there or in a later stretch, is
decoded on, and covered (`route.Route`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import av
import numpy as np

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.content import ContentWatch
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.keys import Keyed, KeyReader, gop_decoder
from peepshow_core.frames.slides.packets import Burst, GopSizes, PacketSizes, brief
from peepshow_core.frames.slides.peek import Peek, peek
from peepshow_core.frames.slides.planner import Decision, GopFacts, Keys, plan
from peepshow_core.frames.slides.route import Route, offer
from peepshow_core.frames.slides.shown import Shown
from peepshow_core.frames.slides.tracker import Keep, Log, Tracker, no_log
from peepshow_core.frames.slides.tuning import (
    B_FRAMES_RUN,
    CONSECUTIVE_S,
    MAX_TRANSITION_S,
    RECENT_BURSTS,
    STOP_CHECK_S,
    SlidesTuning,
)
from peepshow_core.media.ahead import ahead
from peepshow_core.media.undecodable import Undecodable, decoding, read
from peepshow_core.media.video import ShownOrder, Video, check_complete, decoding_failed


@dataclass
class Gop:
    key: Keyed
    packets: list[av.Packet] = field(default_factory=list)
    next_key: Keyed | None = None  # (once the GOP is complete; None: the last)
    sizes: GopSizes | None = None  # (likewise)
    paused: bool = False  # (likewise: a picture stayed on screen longer than settle_s)
    key_holds: bool = True  # the next keyframe held still: no burst within settle_s after it
    early: bool = False  # the GOP ended early: the encoder put the next keyframe on a change


class FastSlides:
    def __init__(
        self,
        video: Video,
        sink: FrameSink,
        tuning: SlidesTuning,
        on_seconds: OnSeconds | None,
        watch: ContentWatch | None,
        log: Log,
    ) -> None:
        self.video, self.sink, self.tuning = video, sink, tuning
        self.on_seconds, self.log = on_seconds, log
        self.size = analysis_size(video.width, video.height)
        self.tracker = Tracker((self.size[1] // 8, self.size[0] // 8), tuning, log)
        self.key_reader = KeyReader(video, self.size, on_seconds)
        # Non-reference frames are skipped only where the reference frames left still follow
        # each other (`CONSECUTIVE_S`): at a low frame rate (a 15 fps screen share) B-frames
        # skipped would leave every sample apart, and runs of change and motion unseen.
        # (An untimed stream's frames are timed as they come out: none may be skipped.)
        self.skip_nonref = (
            bool(video.stream.codec_context.has_b_frames)
            and (B_FRAMES_RUN + 1) / video.grid_fps <= CONSECUTIVE_S
            and not video.untimed
        )
        self.packets = PacketSizes(
            tuning.settle_s, video.fps, video.start_pts, video.tb_float, video.grid_fps
        )
        self.bursts: deque[Burst] = deque(
            maxlen=RECENT_BURSTS
        )  # the latest ones, for the trust check
        self.cut_keys: deque[float] = deque(maxlen=RECENT_BURSTS)  # keyframes the encoder put
        # on a change first seen there: its bytes are theirs
        self.trusted = True
        self.key_taken: tuple[float, float] | None = None  # the last keyframe taken as a
        # change's picture, and when that change's burst began
        self.route = Route(sink, self.tracker, watch, tuning.learn_s, log)
        self.end = 0.0
        self.stats: dict[str, Any] = {"gops": 0, "decoded_gops": 0}
        self.stats.update({"decoded_frames": 0, "states_from_keyframes": 0})

    def run(self) -> dict[str, Any]:
        gop: Gop | None = None  # the GOP being read
        waiting: Gop | None = None  # complete: planned once the GOP after it is complete too
        last_pts: int | None = None
        try:
            for packet in read(self.video.packets()):
                if not packet.size:
                    continue
                last_pts = packet.pts
                with decoding():
                    key = self._decode_key(packet) if packet.is_keyframe else None
                    leading: list[av.Packet] = []
                    if key is None and gop is None:
                        key, leading = self.key_reader.lead_in(packet)
                if key is not None:
                    if gop is None:
                        self._feed(key.time_s, key.image, key.frame)
                    else:
                        self._complete(gop, key)
                        if waiting is not None:
                            closing, waiting = waiting, None
                            self._close(closing, gop)
                        waiting = gop
                    gop = Gop(key, leading)
                if gop is not None:
                    gop.packets.append(packet)
            if gop is not None:
                self._complete(gop, None)
                if waiting is not None:
                    closing, waiting = waiting, None
                    self._close(closing, gop)
                self._close(gop, None)
        except Undecodable as failed:  # (a fault of the analysis is no damaged file: raised)
            reason = failed.__cause__ or failed
            decoding_failed(self.video, reason, self.video.seconds(last_pts), self.key_reader.count)
            self._salvage(waiting)
        self._finish()
        last_s = self.video.seconds(last_pts)
        check_complete(self.video, max(last_s, self.video.read_s, self.end), self.key_reader.count)
        if self.on_seconds is not None:
            self.on_seconds(max(last_s, self.end))
        stats = {"keyframes": self.key_reader.count, **self.stats}
        stats["analysed_frames"] = self.tracker.samples
        return {"path": "fast", "bursts_trusted": self.trusted, **stats}

    def _salvage(self, waiting: Gop | None) -> None:
        """Decoding failed mid-file: the complete GOP still waiting for the one after it is
        planned without it (what it showed is kept; the GOP being read is lost)."""
        if waiting is None:
            return
        try:
            self._close(waiting, None)
        except Undecodable:
            return

    def _finish(self) -> None:
        self.route.finish(self.end)

    def _decode_key(self, packet: av.Packet) -> Keyed | None:
        return self.key_reader.alone(packet)

    # --- one GOP ---
    def _complete(self, gop: Gop, next_key: Keyed | None) -> None:
        """The GOP's packets are all read: what their sizes say (in the order of the GOPs: the
        statistics run on)."""
        after = gop.packets[1:]
        key_pts = gop.packets[0].pts or 0
        gop.next_key = next_key
        gop.sizes = self.packets.gop(key_pts, [p.pts for p in after], [p.size for p in after])
        # (the last GOP's pictures end when its last one leaves the screen, as the file says)
        next_s = next_key.time_s if next_key else self.video.read_s
        gop.paused = gop.sizes.pauses(gop.key.time_s, next_s, self.tuning.settle_s)
        self.bursts.extend(gop.sizes.bursts)

    def _close(self, gop: Gop, follower: Gop | None) -> None:
        """Plan and do the complete GOP `gop`, once the GOP after it (`follower`) is read too:
        its packets say whether the keyframe between them held still."""
        self.stats["gops"] += 1
        next_key, sizes = gop.next_key, gop.sizes
        assert sizes is not None
        if next_key is not None and follower is not None and follower.sizes is not None:
            bursts = follower.sizes.bursts
            gop.key_holds = not bursts or bursts[0].start - next_key.time_s >= self.tuning.settle_s
        taken = False
        if self.route.camera:
            self._decode(gop, None, sizes, early=False)
        else:
            taken = self._plan(gop, next_key, sizes)
        if next_key is not None and not taken:
            self._feed(next_key.time_s, next_key.image, next_key.frame)
            if gop.early and self.tracker.pending_since == next_key.time_s:
                self.cut_keys.append(next_key.time_s)

    def _plan(self, gop: Gop, next_key: Keyed | None, sizes: GopSizes) -> bool:
        """Decide and do what the GOP needs; True when the next keyframe became a state."""
        learning = self._learning(gop.key.time_s)
        early = next_key is not None and self.packets.ends_early(gop.key.time_s, next_key.time_s)
        gop.early = early
        seen = self._keys(next_key)
        facts = self._facts(gop, gop.key.time_s, seen, sizes.bursts, learning, early)
        decision, why = plan(facts)
        end = f"{next_key.time_s:.2f} s" if next_key is not None else "the end"
        big = sum(b.big for b in sizes.bursts)
        at = "".join(f", {b.start:.2f}-{b.end:.2f} s" for b in sizes.bursts)
        self.log(gop.key.time_s, "gop", f"{gop.key.time_s:.2f} s to {end}: next keyframe "
                 f"{facts.keys}, {facts.bursts} burst(s) ({big} big{at}) -> {decision}: "
                 f"{why}")  # fmt: skip
        if decision is Decision.decode:
            self._decode(gop, next_key, sizes, early)
            return False
        if decision is Decision.key:
            assert next_key is not None
            self.key_taken = (next_key.time_s, sizes.bursts[0].start)
            self._take_key(next_key, sizes, why)
            return True
        return False

    def _keys(self, next_key: Keyed | None) -> Peek:
        """How the next keyframe differs from the tracked state (none: as if entirely)."""
        return peek(self.tracker, next_key.image) if next_key is not None else Peek(Keys.large, 1.0)

    def _facts(
        self, gop: Gop, key_t: float, seen: Peek, bursts: list[Burst], learning: bool, early: bool
    ) -> GopFacts:
        """What is known of the GOP from `key_t` (its keyframe, or how far it was decoded) to
        the next keyframe; `bursts`: those after `key_t`."""
        next_key, sizes = gop.next_key, gop.sizes
        assert sizes is not None
        since = self.tracker.settling_since  # (a change under way, seen starting before)
        began = key_t if since is None else min(key_t, since)
        quiet_end = next_key is not None and (
            not bursts
            or (
                next_key.time_s - bursts[-1].end >= self.tuning.settle_s
                and sizes.still_after(bursts[-1].end)
            )
        )
        return GopFacts(
            last=next_key is None,
            learning=learning,
            settling=self.tracker.settling,
            keys=seen.keys,
            bursts=len(bursts),
            quiet_end=quiet_end,
            sizes_trusted=self.trusted,
            early_key=early,
            burst_continues=bool(bursts) and bursts[0].start - began <= MAX_TRANSITION_S,
            holding=self.tracker.holding,
            brief=brief(bursts),
            big=any(b.big for b in bursts),
            key_unsettled=self._key_unsettled(key_t, bursts),
            paid=next_key is None or sizes.paid_for(bursts, seen.changed, next_key.size),
            key_holds=gop.key_holds,
            playing=_playing(self.tracker, gop),
            paused=gop.paused,
            passing=_passing(self.tracker, key_t),
        )

    def _key_unsettled(self, key_t: float, bursts: list[Burst]) -> bool:
        """Whether the GOP's keyframe (at `key_t`) was taken as the picture of a change whose
        burst began less than the longest transition before this GOP's first burst: the change
        may still have been under way at the keyframe (a dissolve cheaper per frame than a
        webcam's noise shows only its first and last steps as bursts)."""
        if self.key_taken is None or self.key_taken[0] != key_t or not bursts:
            return False
        return bursts[0].start - self.key_taken[1] <= MAX_TRANSITION_S

    def _take_key(self, next_key: Keyed, sizes: GopSizes, why: str) -> None:
        """The next keyframe is the picture of the one change of the GOP's burst, timed when
        that change had surely settled (`GopSizes.key_settled`)."""
        began, seen = self.tracker.settling_since, self.tracker.prev_t
        settled = sizes.key_settled(self.tuning.settle_s, next_key.time_s, began, seen)
        self.stats["states_from_keyframes"] += 1
        offer(self.sink, self.tracker.accept(
            settled, next_key.time_s, next_key.image, next_key.frame, why))  # fmt: skip

    def _decode(self, gop: Gop, next_key: Keyed | None, sizes: GopSizes, early: bool) -> None:
        """Decode the GOP through the tracker, stopping once the rest of it is not needed."""
        self.stats["decoded_gops"] += 1
        with decoding():
            decoder = gop_decoder(self.video, threads=True)
        check_at = gop.key.time_s + STOP_CHECK_S
        shown: Shown | None = None  # the last frame decoded, on screen until the next
        sample_s = 1.0 / self.tuning.sample_fps

        def decoded() -> Iterator[av.VideoFrame]:  # (run by a worker, while this thread analyses)
            order = ShownOrder(self.video)
            for packet in [*gop.packets, None]:
                if self.skip_nonref and packet is not None:  # (a frame that stays on screen
                    held = sizes.holds(self.video.seconds(packet.pts), sample_s)  # for long, in
                    decoder.skip_frame = "DEFAULT" if held else "NONREF"  # a variable frame
                yield from read(order.decode(decoder, packet))  # rate's pause, always seen)

        with ahead(decoded()) as walk:
            for frame in walk:
                self.stats["decoded_frames"] += 1
                t = self.video.seconds(frame.pts)
                self._hold(shown, t, sizes)
                shown = Shown(self._feed, self.tracker, t, frame, self.size)
                if t <= gop.key.time_s + 1e-6 or not self.tracker.wants(t):
                    continue
                shown.feed(t)
                if next_key is not None and t >= check_at and not self.route.camera:
                    check_at = t + STOP_CHECK_S
                    why = self._enough(t, gop, early)
                    if why:
                        self.log(t, "stop", why)
                        return
        if gop.next_key is not None:  # (camera footage is decoded with no `next_key` to stop at)
            self._hold(shown, gop.next_key.time_s, sizes)
        elif shown is not None:  # (the last GOP)
            self.end = max(self.end, shown.until_end(self.video))

    def _hold(self, shown: Shown | None, until_s: float, sizes: GopSizes) -> None:
        """The frame on screen stayed there until the next picture (at `until_s` or at a
        frame left undecoded before it): sampled through a pause (a variable frame rate's)."""
        if shown is None:
            return
        later = sizes.next_shown(shown.t)
        shown.hold(until_s if later is None else min(until_s, later))

    def _enough(self, t: float, gop: Gop, early: bool) -> str | None:
        """Why the GOP decoded up to `t` need not be decoded further, or None: it has shown
        what the next keyframe shows and no burst left may be a picture that went back (two
        bursts; one that drew a new picture, or hides how much it drew under a region's noise:
        the next keyframe no longer shows it, so it went back, at a later burst or at that
        keyframe itself, an encoder's cut back to this picture), or, with nothing seen still
        going on, the planner would skip the rest of it as a GOP of its own (keyframes alike,
        no burst left that hides more than the pointer)."""
        if self.tracker.settling or self._watching() or gop.paused or _passing(self.tracker, t):
            return None  # (a GOP of frames only on change: its sizes can't say what is left)
        sizes = gop.sizes
        assert sizes is not None
        seen = self._keys(gop.next_key)
        left = [b for b in sizes.bursts if b.end > t]
        hidden = bool(left) and _playing(self.tracker, gop)
        went_back = len(left) >= 2 or any(b.big for b in left) or hidden
        if seen.keys is Keys.same and not went_back:
            return "the GOP has shown what its next keyframe shows"
        if self.tracker.busy or any(b.start <= t < b.end for b in sizes.bursts):
            return None
        rest = [b for b in sizes.bursts if b.start > t]
        learning = self._learning(t)
        decision, why = plan(self._facts(gop, t, seen, rest, learning, early))
        return f"the rest of the GOP: {why}" if decision is Decision.skip else None

    # --- feeding the tracker (or the camera coverage) ---
    def _watching(self) -> bool:
        return self.route.deciding

    def _learning(self, t: float) -> bool:
        """The noise model is learning at `t`: the first seconds, while they are judged, and
        until a picture of the stretch held still (after camera footage the tracker starts
        over, and nothing says the screen is back but pictures watched settling)."""
        return t < self.tuning.learn_s or self._watching() or self.tracker.kept is None

    def _feed(self, t: float, img: np.ndarray, frame: av.VideoFrame) -> None:
        self.end = max(self.end, t)
        for keep in self.route.feed(t, img, frame):
            self._check_trust(keep)

    def _check_trust(self, keep: Keep) -> None:
        """A state should come with a burst of large packets, or settle soon after a keyframe
        the encoder cut for it (the change first seen there); if neither, packet sizes can't be
        trusted in this video to take states from keyframes."""
        if not self.trusted or keep.time_s < self.tuning.learn_s:
            return
        window = self.tuning.settle_s + MAX_TRANSITION_S
        if any(keep.time_s - window <= k <= keep.time_s for k in self.cut_keys):
            return
        if not any(b.start <= keep.time_s and b.end >= keep.time_s - window for b in self.bursts):
            self.trusted = False
            self.log(keep.time_s, "distrust", "a state came without a burst of large packets")


def slides_fast(
    video: Video,
    sink: FrameSink,
    tuning: SlidesTuning,
    on_seconds: OnSeconds | None,
    watch: ContentWatch | None = None,
    log: Log = no_log,
) -> dict[str, Any]:
    return FastSlides(video, sink, tuning, on_seconds, watch, log).run()


def _playing(tracker: Tracker, gop: Gop) -> bool:
    """A region bigger than the pointer plays, or the screen zoomed in the GOP."""
    return tracker.regions.plays() or tracker.zoomed_t >= gop.key.time_s


def _passing(tracker: Tracker, t: float) -> bool:
    """Something has passed over the state without resting for longer than a transition up
    to `t` (`Motion.moving_since`): only pictures tell whether it ever rests."""
    since = tracker.motion.moving_since(t)
    return since is not None and t - since > MAX_TRANSITION_S
