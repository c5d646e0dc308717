"""Screen or camera content: judged from the first seconds, then stretch by stretch.

Screen content holds still between its changes; camera footage never settles (camera.py). A
recording may hold both: a conference talk cut by its director between the speaker's camera and
the slides, a screen recording that plays a video full screen, a talk that opens on the speaker.
`ContentWatch` measures a sample's *moving share* (the share of blocks that moved within
`settle_s`, windows on a still screen not counted: a box the sample's motion fills, or one that
what moved in the samples of the last `settle_s` fills or that straight edges in the picture
frame, `windows.framed`) and judges the first seconds as before (their median share over
`camera_share`: camera). It then keeps judging the last `window_s` seconds, the regions the
slides tracker knows to change on their own (a clip playing in a slide) not counted either, nor
measured while the tracker sees no change under way: a sample moved when its share is over
`camera_share` (in camera stretches the tracker is not fed, and every block counts), and counts
for the time since the one before it, at most
`settle_s` (no sample for longer: the picture held still, as a variable frame rate's pause or a
GOP the fast path skipped say). A camera stretch begins once the picture held still for less
than `settle_s` of the window (screen content settles between its changes, however often it
scrolls or dissolves: the window is long enough that no transition moves all of it,
`stretch_window`), or once a change the tracker sees under way has not settled for as long
(`Seen`: however little of it moves — a steady shot of the speaker after the slides, whose
figure the tracker learned as a region; a sample with a change under way never holds still
either; the time all that moved lay inside windows that stayed put not counted: a clip laid on
a slide, playing from its first picture, before the tracker learns it), back where the
picture last rested half a window (at most `BACK_WINDOWS` back), or where the tracker's change
under way began if that is later (a cut to the camera); a screen
stretch once it has held still for half the window, up to now, back where it stopped moving.
Until a picture of a stretch has held still, a change is under way since its first sample, and
a screen stretch none of whose pictures held still was none: the camera footage before it goes
on (a lecturer walking slowly across a still stage moves too little of the picture to be told
by its share, and would otherwise turn screen and camera by turns). A camera stretch begun
where a change never settled (not by its share) goes on while anything outside windows moves
(`stirring`: a cartoon's figures crossing a still scene move a few blocks of it) — until a cut,
or a transition (more than `wide_share` of it moving, as the slides tracker tells one: a slide
change dissolving back to the slides, which no cut tells): the next shot, the slides with a
webcam or a pointer of their own, moves by its share. Camera stretches are covered shot by shot
(`Coverage`, fed while the screen does not rest); a frame it gives is kept once the stretch at
its time is known, where that stretch is camera footage (or where the caller says the picture
never settled around it: `slides/route.py`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from peepshow_core.frames.camera import CameraTuning, Coverage, Pick
from peepshow_core.frames.diff import block_diff
from peepshow_core.frames.windows import boxes, windows

EPS = 1e-6
BACK_WINDOWS = 3  # a camera stretch is found at most this many windows after it began: a
# steady shot still for up to half a window, after less than a window of motion, delays the
# verdict until the still moment leaves the window (so coverage frames wait that long, no more)


def _never(t: float) -> bool:
    return False


def stretch_window(settle_s: float, longest_transition_s: float) -> float:
    """How long a stretch is judged over: twice what a transition moves the picture for (its
    length, and the `settle_s` after it that a sample looks back over), and `settle_s` more."""
    return 2 * (longest_transition_s + settle_s) + settle_s


class Seen(NamedTuple):
    """What the slides tracker makes of a sample."""

    regions: np.ndarray  # the blocks it knows to change on their own
    unsettled_since: float | None  # when the change bigger than the pointer under way began
    opening: bool = False  # no picture of the stretch has held still yet (the change under way
    # is its opening's)


class ContentWatch:
    """Screen or camera? Fed every sample; covers the camera's stretches."""

    def __init__(
        self,
        tuning: CameraTuning,
        duration_s: float | None,
        settle_s: float,
        motion: float,
        window_s: float,
        wide_share: float,
    ) -> None:
        self.tuning = tuning
        self.settle_s, self.motion, self.window_s = settle_s, motion, window_s
        self.wide_share = wide_share  # a sample moving more than this share of the picture
        # (outside windows) is a transition, as the slides tracker tells one
        self.shares: list[float] = []  # the first seconds' moving shares
        self.recent: deque[tuple[float, np.ndarray]] = deque()  # the samples of the last settle_s
        self.moved: deque[tuple[float, np.ndarray]] = deque()  # what moved in the samples
        # measured over the last settle_s (a box it fills is a window, however patchily each
        # sample moves in it)
        self.windowed: np.ndarray | None = None  # the windows seen in the first seconds
        self.window: deque[tuple[float, bool, float]] = deque()  # the last window_s:
        # (time, moved?, the time the sample counts for)
        self.run: tuple[bool, float] | None = None  # the run of samples under way: moving?,
        # and when the sample before it was taken
        self.last_t = 0.0  # the last sample's time
        self.began = {True: 0.0, False: 0.0}  # (`_runs`)
        self.coverage = Coverage(tuning, duration_s)
        self.pending: list[Pick] = []  # coverage frames whose stretch is not known yet
        self.decided: bool | None = None  # the first seconds: None: not yet; True: camera
        self.stretches: list[tuple[float, bool]] = []  # (start, camera), in time order
        self.opening = False  # no picture of the screen stretch under way has held still yet
        self.stirring = False  # the camera stretch under way began where a change never
        # settled, however little of the picture it moved: any motion outside windows goes on
        # (in that shot: a cut found after, not `cut_before`, ends it)
        self.cut_before: float | None = None
        self.framed: deque[tuple[float, np.ndarray]] = deque()  # the windows found in the
        # samples of the last settle_s while the tracker saw a change under way
        self.played: tuple[float | None, float] = (None, 0.0)  # the change under way: when it
        # began, and for how long only windows moved since (`_played`)

    def feed(self, t: float, img: np.ndarray, frame: Any, seen: Seen | None = None) -> bool | None:
        """One sample; the kind of the stretch it began (True: camera), when one began.
        `seen`: what the slides tracker makes of the sample (without it every sample is
        measured, every block counted). In a screen stretch the regions it knows are not
        counted, the sample is measured only while it sees a change under way, and holds still
        only if none is: screen content settles within a transition, so a change under way
        without settling for most of a window is camera footage however little of it moves (a
        steady shot whose speaker the tracker learned as a region), from where it began.
        While a screen rests, no camera stretch can begin (one begins where the picture last
        held still): the coverage is not fed."""
        prev_t = self.recent[-1][0] if self.recent else None
        self.opening = seen is not None and seen.opening
        while len(self.recent) >= 2 and self.recent[1][0] <= t - self.settle_s + EPS:
            self.recent.popleft()
        share: float | None = 0.0
        unsettled, only_windows = None, False
        if seen is None or self.decided is None or self.camera:
            # (in a camera stretch the tracker is not fed: what it knows is of another one)
            share, _ = self._moving_share(t, img, None)
        elif seen.unsettled_since is not None:
            unsettled = seen.unsettled_since
            share, only_windows = self._moving_share(t, img, seen.regions)
        self.recent.append((t, img))
        switched = None
        if share is not None and self.decided is None:
            self.shares.append(share)
        elif share is not None:
            moved_s = 0.0 if prev_t is None else min(t - prev_t, self.settle_s)
            opening = seen is not None and seen.opening
            self._moved_by_share(share)
            moved = share > self.tuning.camera_share or (self.stirring and share > 0)
            played = self._played(unsettled, moved_s, only_windows)
            switched = self._follow(t, moved, moved_s, unsettled, opening, played)
        if self.decided is None or self.camera or not self._resting():
            self.pending += self.coverage.feed(t, img, frame)
            self._new_shot()
        return switched

    def _new_shot(self) -> None:
        """A cut found (`Coverage`) after the stirring camera stretch was found: what moved
        without settling was that shot's; the next shot — the slides cut back to, with a
        webcam, a pointer, a clip of their own — moves by its share to be camera footage."""
        if self.stirring and self.coverage.cut_s != self.cut_before:
            self.stirring = False

    def _moved_by_share(self, share: float) -> None:
        """A transition after the stirring camera stretch was found (more than `wide_share`
        of the picture moving, outside windows: a slide change that dissolves, wipes or cuts
        between alike slides, which no cut tells) ends that shot as a cut does: from then on
        the picture moves by its share to be camera footage (a pointer's strokes and a webcam
        beside the slides move a few blocks again and again; a cartoon's figures, moving about
        `camera_share` of it, go on stirring)."""
        if self.stirring and share > self.wide_share:
            self.stirring = False

    def _moving_share(
        self, t: float, img: np.ndarray, regions: np.ndarray | None
    ) -> tuple[float | None, bool]:
        """The share of blocks that moved since the sample `settle_s` before (None: no such
        sample yet), windows and, once the first seconds are judged, `regions` not counted
        (then, a share that is no camera's without leaving windows out is final); and, given
        `regions`, whether all that moved outside them lay inside windows that stayed put
        (`_in_windows`)."""
        share, only_windows = None, False
        if self.recent and self.recent[0][0] <= t - self.settle_s + EPS:
            moved = block_diff(self.recent[0][1], img) > self.motion
            lately = self._lately(t, moved)
            if self.decided is not None and regions is not None and regions.shape == moved.shape:
                moved &= ~regions
            share = float(moved.mean())
            tracked = self.decided is not None and regions is not None and share > 0
            if self.decided is None or share > self.tuning.camera_share or self.stirring or tracked:
                seen = windows(moved) | windows(lately, img, self.motion)
                share = float((moved & ~seen).mean())
                if tracked:
                    only_windows = self._in_windows(t, moved, seen)
                if self.decided is None:
                    self.windowed = seen if self.windowed is None else self.windowed | seen
        return share, only_windows

    def _in_windows(self, t: float, moved: np.ndarray, seen: np.ndarray) -> bool:
        """All that `moved` lies in windows (`seen`) that stayed put: inside the boxes of those
        found `settle_s` before (a clip playing in its frame on a slide, its motion filling its
        box more or less from sample to sample; a figure walking across a scene fills a box
        too, one that moves with it)."""
        while len(self.framed) >= 2 and self.framed[1][0] <= t - self.settle_s + EPS:
            self.framed.popleft()
        if self.framed and self.framed[0][1].shape != seen.shape:
            self.framed.clear()
        self.framed.append((t, seen))
        before_t, before = self.framed[0]
        if before_t > t - self.settle_s + EPS or (moved & ~seen).any():
            return False
        return not (moved & ~boxes(before)).any()

    def _lately(self, t: float, moved: np.ndarray) -> np.ndarray:
        """What moved in the samples measured over the last `settle_s`, `moved` the last: a
        camera's box beside a shrunk screen, whose picture moves in patches sample by sample,
        fills its rectangle within it, or is framed by its edges where part of it holds still
        (a speaker's shirt); a figure moving in a camera's scene does neither."""
        while self.moved and self.moved[0][0] < t - self.settle_s - EPS:
            self.moved.popleft()
        if self.moved and self.moved[0][1].shape != moved.shape:
            self.moved.clear()
        self.moved.append((t, moved))
        return np.logical_or.reduce([m for _, m in self.moved])

    @property
    def share(self) -> float:
        """The first seconds' median moving share."""
        return float(np.median(self.shares)) if self.shares else 0.0

    @property
    def camera(self) -> bool:
        """Whether the stretch under way is camera footage."""
        return bool(self.stretches) and self.stretches[-1][1]

    def decide(self, never_settled: bool = False) -> bool:
        """Whether the video opens on camera content (its first stretch): its moving share,
        or what the caller saw (`never_settled`: figures passing since the opening's first
        picture, however little of it they move, `Route._decide`)."""
        self.decided = self.share > self.tuning.camera_share or never_settled
        self.stretches = [(0.0, self.decided)]
        self.last_t = self.recent[-1][0] if self.recent else 0.0  # (runs begin here)
        self.stirring = never_settled and self.share <= self.tuning.camera_share
        self.cut_before = self.coverage.cut_s
        return self.decided

    def _played(self, unsettled_since: float | None, counts_s: float, only_windows: bool) -> float:
        """For how long of the tracker's change under way (begun at `unsettled_since`) all that
        moved outside its regions was inside windows (`only_windows`, this sample's, from
        `_moving_share`), this sample counting for `counts_s`: a clip laid on a slide, playing
        from the slide's first picture, keeps the change from settling until the tracker learns
        it, and is a window on a still screen all the while (not camera footage, however long
        the tracker takes)."""
        began, played = self.played
        if unsettled_since is None or began != unsettled_since:
            played = 0.0
        if unsettled_since is not None and only_windows:
            played += counts_s
        self.played = (unsettled_since, played)
        return played

    def _follow(
        self,
        t: float,
        moved: bool,
        counts_s: float,
        unsettled_since: float | None = None,
        opening: bool = False,
        played_s: float = 0.0,
    ) -> bool | None:
        """Judge the last `window_s` seconds: camera footage once the picture held still for
        less than `settle_s` of them (screen content settles between its changes, however
        often it scrolls), or once the tracker's change under way (`unsettled_since`: a sample
        with one under way did not hold still) has not settled for as long, not counting the
        `played_s` only windows that stayed put moved in (`_played`); screen content
        once it has held still for half of them, up to now. After a switch the window starts
        empty (camera footage again needs a window of motion); stillness is judged from the
        runs, which carry across. A camera stretch begins where the tracker's change under way
        began at the earliest; where it is the `opening` of a screen stretch none of whose
        pictures held still, that stretch was none, and the camera footage before it goes on."""
        self._runs(t, moved or unsettled_since is not None)
        self.last_t = t
        self.window.append((t, moved, counts_s))
        while self.window[0][0] < t - self.window_s - EPS:
            self.window.popleft()
        camera = self.camera
        least = self.window_s - self.settle_s
        moved_s = sum(c for _, m, c in self.window if m)
        never = unsettled_since is not None and t - unsettled_since - played_s > least
        moving = not self._resting() if camera else moved_s > least or never
        if moving == camera:
            return None
        start = max(self._began(moving, t), self.stretches[-1][0])
        if moving and unsettled_since is not None:
            start = max(start, unsettled_since)
            if opening:  # (no picture of the stretch under way held still: it was none)
                start = self.stretches[-1][0]
        if start <= self.stretches[-1][0]:  # (the stretch under way was none: the one before
            self.stretches.pop()  # it, of this kind, goes on)
        if not self.stretches or self.stretches[-1][1] != moving:
            self.stretches.append((start, moving))
        self.stirring = moving and never and moved_s <= least
        self.cut_before = self.coverage.cut_s
        self.window.clear()
        return moving

    def _began(self, moving: bool, now: float) -> float:
        """When a stretch of this kind found at `now` began: `settle_s` before the run that
        began it (what its first sample looked back over), at most `BACK_WINDOWS` back."""
        return max(self.began[moving] - self.settle_s, now - BACK_WINDOWS * self.window_s)

    def _runs(self, t: float, moving: bool) -> None:
        """Follow the runs of moving and still samples: `began[True]` is the first moving
        sample after the picture held still for half the window (as long as makes a screen
        stretch: a steady shot's still moment begins nothing), `began[False]` the first still
        one after it moved for `settle_s` (a pointer's stroke on a still slide begins
        nothing)."""
        if self.run is not None and self.run[0] == moving:
            return
        least = self.window_s / 2 if moving else self.settle_s
        if self.run is not None and self.last_t - self.run[1] >= least:
            self.began[moving] = t
        self.run = (moving, self.last_t)  # (its side, when the sample before it was taken)

    def camera_at(self, t: float) -> bool:
        kind = self.stretches[0][1] if self.stretches else False
        for start, camera in self.stretches:
            if start > t:
                break
            kind = camera
        return kind

    def ready(self, now: float, unsettled: Callable[[float], bool] = _never) -> list[Pick]:
        """The coverage frames whose stretch is known by `now` that lie in a camera stretch,
        or where `unsettled` says the picture never settled around them. A screen stretch is
        recognised at most `window_s` after it began; a camera stretch may prove to have begun
        where the picture last held still for half the window."""
        if self.decided is None:
            return []
        known = now - self.window_s
        if not self.camera and not self._resting():
            known = min(known, self._began(True, now))
        if not self.camera and self.opening:  # (a screen stretch none of whose pictures held
            known = min(known, self.stretches[-1][0])  # still may prove to have been none)
        picks = [p for p in self.pending if p[0] <= known]
        self.pending = [p for p in self.pending if p[0] > known]
        return [p for p in picks if self.camera_at(p[0]) or unsettled(p[0])]

    def _resting(self) -> bool:
        """The picture has held still for half the window, up to the last sample."""
        run = self.run
        return run is not None and not run[0] and self.last_t - run[1] >= self.window_s / 2

    def finish(self, end_s: float, unsettled: Callable[[float], bool] = _never) -> list[Pick]:
        """The end: the last coverage frames, and every one still waiting, in camera stretches
        (or where the picture never settled)."""
        picks = self.pending + self.coverage.finish(end_s)
        self.pending = []
        return [p for p in picks if self.camera_at(p[0]) or unsettled(p[0])]

    def params(self) -> dict[str, Any]:
        kinds = {camera for _, camera in self.stretches}
        content = "mixed" if len(kinds) > 1 else "camera" if True in kinds else "screen"
        out: dict[str, Any] = {"content": content, "content_moving_share": round(self.share, 4)}
        if content == "mixed":
            out["content_stretches"] = [
                [round(start, 3), "camera" if camera else "screen"]
                for start, camera in self.stretches
            ]
        return out
