"""Where each sample goes, and which frames are kept: the slides tracker's states where the
screen holds still, the camera's coverage where it never settles (`ContentWatch`, stretch by
stretch). Without a watch (`--strategy slides`) every sample goes to the tracker."""

from __future__ import annotations

from typing import Any

import numpy as np

from peepshow_core.frames.camera import Pick
from peepshow_core.frames.content import ContentWatch, Seen
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.tracker import Keep, Log, Tracker
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S


class Route:
    def __init__(
        self,
        sink: FrameSink,
        tracker: Tracker,
        watch: ContentWatch | None,
        learn_s: float,
        log: Log,
    ) -> None:
        self.sink, self.tracker, self.watch = sink, tracker, watch
        self.learn_s, self.log = learn_s, log
        self.held: list[Keep] = []  # states found before the first seconds are judged
        self.unsettled: list[tuple[float, float]] = []  # when the tracker saw a change under
        # way, from its start to when it settled (the last: to now, while it is under way)
        self.settling_since: float | None = None

    @property
    def deciding(self) -> bool:
        """The first seconds are still being judged."""
        return self.watch is not None and self.watch.decided is None

    @property
    def camera(self) -> bool:
        """A camera stretch is under way: the tracker is not fed."""
        return self.watch is not None and self.watch.camera

    def feed(self, t: float, img: np.ndarray, frame: Any) -> list[Keep]:
        """One sample; the states the tracker found with it."""
        watch = self.watch
        if watch is None:
            keeps = self.tracker.feed(t, img, frame)
            offer(self.sink, keeps)
            return keeps
        seen = Seen(self.tracker.mask, self._unsettled_since(t), self.tracker.kept is None)
        switched = watch.feed(t, img, frame, seen)
        if watch.decided is None:
            keeps = self.tracker.feed(t, img, frame)
            self.held += keeps
            if t >= self.learn_s:
                self._decide(t)
            return keeps
        if switched is not None:
            self._switched(t, switched)
        keeps = []
        if watch.camera:
            self.tracker.prev_t = t  # (the tracker's samples stay evenly spaced)
        else:
            keeps = self.tracker.feed(t, img, frame)
            self._offer(keeps)
            self._follow_settling(t)
        offer_picks(self.sink, watch.ready(t, self._never_settled))
        return keeps

    def _unsettled_since(self, now: float) -> float | None:
        """Since when the tracker has seen a change bigger than the pointer under way; or, as
        long as no picture of its stretch has held still (no state kept yet), since its first
        sample: screen content settles within a transition of its opening too. Things that are
        no pointer passing over the state (`Motion.passing`: bigger than a plain pointer, or two
        at once) are a change under way as well: the pointer rests between its strokes, and
        figures that never rest for a window (a cartoon's crossing a still scene, a game's
        characters) mean the picture never settled."""
        tracker = self.tracker
        if tracker.kept is None and tracker.opening:
            return tracker.opening[0][0]
        since = tracker.settling_since
        moving = tracker.motion.moving_since(now)
        if moving is None or (since is not None and since <= moving):
            return since
        return moving

    def _follow_settling(self, t: float) -> None:
        since = self._unsettled_since(t)
        if since is not None and self.settling_since is None:
            self.settling_since = since
        elif since is None and self.settling_since is not None:
            self.settling_since = None
        if self.settling_since is not None:
            if self.unsettled and self.unsettled[-1][0] == self.settling_since:
                self.unsettled[-1] = (self.settling_since, t)
            else:
                self.unsettled.append((self.settling_since, t))

    def _never_settled(self, t: float) -> bool:
        """The tracker saw a change under way, never settling, for a window around `t`: the
        picture there is camera footage however little of it moves (a steady shot whose
        speaker gestures), and the coverage frame is kept."""
        assert self.watch is not None
        half = self.watch.window_s / 2
        return any(a <= t - half and t + half <= b for a, b in self.unsettled)

    def _switched(self, t: float, camera: bool) -> None:
        """A stretch began. Camera footage ends the screen stretch before it: what the tracker
        still held is resolved as at a video's end. A screen stretch after camera footage is
        judged as a recording of its own (`Tracker.restart`), from the pictures the watch
        sampled of it in the last `settle_s`."""
        assert self.watch is not None
        start = self.watch.stretches[-1][0]
        self.log(t, "content", f"{'camera' if camera else 'screen'} since {start:.2f} s")
        if camera:
            if self.tracker.kept is not None:  # (a screen stretch whose pictures held still
                self.settling_since = None  # ends: so does the change the tracker saw under
                # way; where none held still, the stretch was none, and its change goes on)
            self._offer(self.tracker.finish())
            self.sink.withdraw(self.tracker.withdrawn())
        else:
            self.tracker.restart(t, [(s, img) for s, img in self.watch.recent if s < t])

    def _decide(self, t: float) -> None:
        """The first seconds are seen: the states found meanwhile are judged again with the
        regions the tracker learned, or dropped if they were camera footage."""
        assert self.watch is not None
        passing = self._passing_through(t)
        camera = self.watch.decide(never_settled=passing)
        share = self.watch.share
        why = f"moving share {share:.3f}" + (", figures passing since it opened" if passing else "")
        self.log(t, "content", f"{'camera' if camera else 'screen'} ({why})")
        if not camera:
            offer(self.sink, self.tracker.relearned(self.held))
        self.held = []

    def _passing_through(self, t: float) -> bool:
        """Whether, by the first seconds' verdict at `t`, things that are no pointer have
        passed over the opening without rest since within a transition of its first state (it
        was kept with them under way: the picture never settled but for them), for `settle_s`
        at least: a cartoon's figures from its first picture, outside the windows the watch
        saw meanwhile (`ContentWatch.windowed`: balls bouncing in a clip on a slide are the
        clip's). The pointer rests between its strokes; screen recordings showed no such run
        at their verdict (docs/ACCURACY.md)."""
        motion = self.tracker.motion
        since = motion.moving_since(t)
        if since is None or not self.held:
            return False
        tuning, windowed = self.tracker.tuning, self.watch.windowed if self.watch else None
        if windowed is not None and all(windowed[cell] for cell in motion.passed):
            return False  # (balls bouncing in a clip on a slide: a window's)
        return since - self.held[0].time_s <= MAX_TRANSITION_S and t - since >= tuning.settle_s

    def _offer(self, keeps: list[Keep]) -> None:
        """Offer the states found in screen stretches."""
        if self.watch is not None:
            keeps = [k for k in keeps if not self.watch.camera_at(k.time_s)]
        offer(self.sink, keeps)

    def finish(self, end_s: float) -> None:
        """The end: the states resolved then (those that were the pointer withdrawn), and the
        camera's last frames."""
        if self.deciding:  # shorter than the first seconds
            self._decide(end_s)
        self._offer(self.tracker.finish())
        self.sink.withdraw(self.tracker.withdrawn())
        if self.watch is not None:
            offer_picks(self.sink, self.watch.finish(end_s, self._never_settled))


def offer(sink: FrameSink, keeps: list[Keep]) -> None:
    for keep in keeps:
        sink.offer(keep.frame, round(keep.time_s, 3), keep.image, score=keep.score, dedup=False)


def offer_picks(sink: FrameSink, picks: list[Pick]) -> None:
    for t, frame, img in picks:
        sink.offer(frame, round(t, 3), img, dedup=False)
