"""The slide-state tracker: fed analysis images in time order, it says which states to keep.

A new state is decided against the last KEPT state, through the noise model:
- compression noise (`blocks`): only blobs with a strong block count;
- regions that change on their own (`regions`): masked while active, and the kept picture
  follows them there, so a clip that stops or a clock that ticks is never a difference; the
  ring masked around them is judged to the pixel (`edges`: a word written beside a webcam); a
  meeting's cameras in line are one, and a change shaped as one more of its tiles is its own
  (`panels`: the speaker's border on a tile whose camera is off);
- the pointer (`pointer`): a small thing that left heals the reference; one that moved in or
  looks like the pointer did is the pointer; any other small thing that appeared is held until
  hindsight says whether it stayed (a build) or moved on (the pointer);
- transitions: a difference counts only once the picture has held still for `settle_s`
  (fades, dissolves, pushes, wipes, scrolls and builds have ended). A large one is then
  *provisional* for `region_span_s`: a state if it stays put or lasts until the next change,
  none if it changes again in place (a clip or an animation starting, not yet learned).

The reference path feeds every frame (at most `sample_fps`); the fast path feeds keyframes and
the GOPs it decodes, asks `peek` how a keyframe differs, and `accept`s states it judged from
keyframes. `log(t, event, detail)` receives every decision (the --debug decision log).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from peepshow_core.frames.slides import shots, still
from peepshow_core.frames.slides.blocks import (
    Blob,
    blobs,
    block_diff,
    cells_of,
    copy_cells,
    dilate,
)
from peepshow_core.frames.slides.captions import Captions
from peepshow_core.frames.slides.chrome import MinuteClock, ticking
from peepshow_core.frames.slides.edges import RegionEdges
from peepshow_core.frames.slides.held import Hindsight
from peepshow_core.frames.slides.keeping import Keeping
from peepshow_core.frames.slides.leaving import Leaving
from peepshow_core.frames.slides.looks import PointerLooks
from peepshow_core.frames.slides.motion import Motion
from peepshow_core.frames.slides.moved import OverlayPictures
from peepshow_core.frames.slides.notices import Notices
from peepshow_core.frames.slides.opening import Opening
from peepshow_core.frames.slides.pointer import (
    Held,
    Look,
)
from peepshow_core.frames.slides.recent import Recent
from peepshow_core.frames.slides.regions import ActiveRegions, block_means
from peepshow_core.frames.slides.states import Keep, Log, Sample, no_log
from peepshow_core.frames.slides.tuning import (
    CONSECUTIVE_S,
    TRAIL_S,
    SlidesTuning,
)
from peepshow_core.frames.slides.zoom import Views

__all__ = ["Keep", "Log", "Tracker", "no_log"]


class Tracker(Keeping, Hindsight, Leaving, Opening):
    def __init__(self, grid: tuple[int, int], tuning: SlidesTuning, log: Log = no_log) -> None:
        self.tuning = tuning
        self.grid = grid
        self.log = log
        self.samples = 0  # pictures analysed (`feed`)
        self._begin(0.0)

    def restart(self, opening_s: float, seen: Sequence[tuple[float, np.ndarray]] = ()) -> None:
        """A screen stretch begins at `opening_s` after camera footage: it is judged as a
        recording of its own (its first picture a state, its opening's regions overlays);
        what was learned before is forgotten; the next sample is judged against `seen`, its
        pictures sampled before the verdict (a state shown a moment after it is kept)."""
        self._begin(opening_s)
        for when, img in seen:
            self.recent.remember(when, img)

    def _begin(self, opening_s: float) -> None:
        grid, tuning = self.grid, self.tuning
        self.regions = ActiveRegions(grid, tuning, opening_s)
        self.big_window = shots.BigWindow()  # a change wide only through windows, going on
        self.edges = RegionEdges(grid, tuning.motion, tuning.region_pause_s, tuning.region_span_s)
        self.overlays = OverlayPictures()  # the webcams' pictures, in case they move
        self.unmasked = np.zeros(grid, bool)  # blocks of the regions' ring where content showed
        self.looks = PointerLooks()
        self.clock = MinuteClock()
        self.captions = Captions(grid)
        self.notices = Notices()
        self.motion = Motion.tuned(grid, tuning)
        self.kept: np.ndarray | None = None
        self.kept_frame: Any = None
        self.kept_s: float | None = None  # when the state kept last settled
        self.superseded: list[float] = []  # states kept that a change settled just after,
        # before they held still (`Hindsight._resolve`): withdrawn at the end
        self.provisional: Held | None = None
        self.small: list[Held] = []
        # samples are kept as long as a line may keep growing after a change settled
        self.recent = Recent(2 * tuning.settle_s + tuning.region_pause_s, tuning.settle_s)
        self.prev_t: float | None = None
        self.pending_since: float | None = None
        self.regions_then = np.zeros(grid, bool)  # the regions' mask when it was first seen
        self.resumed_t = -np.inf  # the first sample after the last stretch not watched (skipped)
        self.large_since: float | None = None  # ... and when it was first bigger than the pointer
        self.pending_grows = False  # when first seen, the provisional line was still growing
        self.quiet: Sample | None = None  # the last sample that showed no new change
        self.last: Sample | None = None
        self.pointer_path = np.zeros(grid, bool)  # where the pointer moved in the last settle_s
        self.opening: list[tuple[float, np.ndarray]] = []  # the samples before the first state
        self.look_seen_t = -np.inf  # when a look last held two moving steps running
        self.moving_looks: list[Look] = []  # the looks cut from what moved in the last step
        self.views = Views()  # the whole kept picture while the kept one is zoomed in
        self.zoomed_t = -np.inf  # when a zoom was last seen (packet sizes say little then)

    # --- what callers ask ---
    def wants(self, t: float) -> bool:
        return self.prev_t is None or t - self.prev_t >= 1.0 / self.tuning.sample_fps - 1e-3

    @property
    def busy(self) -> bool:
        """Something is happening: a change pending or provisional, or a small one held."""
        return self.holding or self.provisional is not None

    @property
    def holding(self) -> bool:
        """A change is pending, or a small one is held: only later pictures can tell what
        becomes of it (a provisional large state is also told by packet sizes: no burst after
        it, no change in place)."""
        return self.pending_since is not None or any(not h.pointer for h in self.small)

    @property
    def settling(self) -> bool:
        """A change bigger than the pointer was seen and has not settled yet."""
        return self.pending_since is not None and self.large_since is not None

    @property
    def settling_since(self) -> float | None:
        """When the change bigger than the pointer that has not settled yet was first seen (not
        when a smaller change pending before it was: a pointer's step before a scroll)."""
        return self.large_since if self.settling else None

    @property
    def mask(self) -> np.ndarray:
        """Where differences are ignored: the regions' mask but where content showed (`edges`),
        and the captions' area."""
        return self.captions.masked(self.regions.mask() & ~self.unmasked)

    def reference(self) -> np.ndarray | None:
        """The picture new changes are judged against: the provisional state, else the kept."""
        return self.provisional.image if self.provisional is not None else self.kept

    # --- feeding ---
    def feed(self, t: float, img: np.ndarray, frame: Any) -> list[Keep]:
        self.samples += 1
        consecutive = self.prev_t is not None and 0 < t - self.prev_t <= CONSECUTIVE_S
        if self.prev_t is not None and not consecutive:
            self.resumed_t = t
        self.motion.watch(t)
        step = None  # (how each block changed since the sample just before, if consecutive)
        if consecutive and self.last is not None:
            step = block_diff(self.last[1], img)
            moved = self.motion.step(t, self.last[1], img, self.mask, step)
            self._learn_moving(t, moved, frame)
        jump = step is not None and still.jumps(self.motion.changed, self.motion.size)
        first_seen = self.pending_since  # (the motion before it is kept for `arrived`: a
        arrival = None if first_seen is None else (first_seen, TRAIL_S)  # change
        self.motion.forget(t, self.tuning.settle_s + TRAIL_S, arrival)  # may settle long
        # after, across a stretch not decoded)
        self.pointer_path = dilate(self.motion.over(t, self.tuning.settle_s))
        evidence = step is not None and not jump  # (a transition or a build: none)
        ring = self.regions.ring() & ~self.pointer_path
        self.edges.observe(t, img, ring, evidence)
        lagged = self.recent.lagged(t)
        lag_diff = block_diff(lagged[1], img) if lagged is not None else None
        was_masked = self.regions.mask()
        lag = None if lagged is None or lag_diff is None else (lagged[1], lag_diff)
        self._learn(t, img, lag, consecutive, self.pointer_path)
        self.recent.remember(t, img)
        self.prev_t, self.last = t, (t, img, frame)
        if self.kept is None:
            self.opening.append((t, img))
            if lag_diff is not None and not self._moving(lag_diff, None, jump):
                return [self._keep(self._since(t, img), img, frame, "the first settled picture")]
            return []
        # a region that stopped (or ended while nobody watched) leaves its last picture, and
        # the compression bleed around it, as content: a change there from now on is one (but
        # for a change held there, seen in its ring: it is judged against the kept state); and
        # a region that grew over a change held outside it (a webcam dragged across a build)
        # may leave it as it was: the pictures keep what they showed there
        stopped = was_masked & ~self.regions.mask()
        if stopped.any():
            stopped &= ~self._held_cells()
        follow = self.captions.masked(self.regions.core() | stopped) & ~self._held_cells(True)
        ref = self.reference()
        assert ref is not None
        for picture in {id(self.kept): self.kept, id(ref): ref}.values():
            copy_cells(picture, img, follow)  # active regions follow the live picture
        low, high = self.tuning.weak, self.tuning.strong
        diff = block_diff(ref, img)
        if step is not None:
            self.motion.passing(t, diff <= low, step)
        self._unmask(t, ref, img, diff)
        core = diff > high
        found = self._heal(ref, img, frame, blobs(diff, low, high, self._ignored(img)), diff, step)
        size = self.motion.size
        changing = [b for b in found if not b.fits(size)]
        moving = None if lag_diff is None else lag_diff > self.tuning.motion
        out = self._follow_small(img, frame, bool(changing), diff, moving)
        out += self._due(t, img, frame, changing, found)
        if not found:
            self.pending_since = None
            if not self.busy:
                self.overlays.remember(img, self.regions.panels())
            if lag_diff is None or not self._moving(lag_diff, None, jump):
                self.quiet = (t, img, frame)  # (not the first frames of a fade)
            return out
        if self.pending_since is None:
            self.pending_since, self.regions_then = t, self.regions.mask()
            self.pending_grows = self.provisional is not None and self._growing(
                self._line(self.provisional), t
            )
            self.large_since = None
        if not changing:
            self.large_since = None
        elif self.large_since is None:
            self.large_since = t
        if lag_diff is None or self._moving(lag_diff, found, jump):
            return out
        if lagged is not None and self._ring_moving(lagged[1], img, found):
            return out
        first_seen, self.pending_since = self.pending_since, None
        found = self._webcam_picture(t, img, self._refined(t, img, frame, found))
        changing = [b for b in found if not b.fits(size)]
        if not found:
            return out
        if changing:
            return out + self._large(t, img, frame, found, core, first_seen, self.pending_grows)
        stood = None if consecutive or lagged is None else lagged[0]  # (keyframes apart)
        return out + self._small_change(
            t, img, frame, found, core, first_seen, self.pending_grows, stood
        )

    def finish(self) -> list[Keep]:
        """End of the video: held changes still there are states; so is one still settling,
        and the last picture of a video that ended before any picture held still (shorter
        than `settle_s`): every video gets a frame."""
        out = self._resolve("at the end", None, None)
        if self.last is not None and (self.settling or self.kept is None):
            t, img, frame = self.last
            why = "still settling" if self.kept is not None else "no picture had held still"
            out.append(self._keep(t, img, frame, f"{why} when the video ended"))
        return out

    def accept(self, settled: float, t: float, img: np.ndarray, frame: Any, why: str) -> list[Keep]:
        """Take `img`, the picture at `t`, as a change that settled at `settled`, judged
        elsewhere (the fast path, from a keyframe and its GOP's packet sizes, which say the
        picture held still since). Like any large change it is provisional until
        `region_span_s` after it settled, and at least until it has been watched holding
        still for `settle_s` from the keyframe on (packets can't tell a clip's still shot from
        a still slide): the pictures after it confirm it, or show it changing again in place
        (a clip that started playing). It ends a change seen pending (that is the one judged
        here); a picture that shows the kept state is none."""
        lagged = self.recent.lagged(t)
        lag_diff = block_diff(lagged[1], img) if lagged is not None else None
        lag = None if lagged is None or lag_diff is None else (lagged[1], lag_diff)
        self._learn(t, img, lag, False, self.pointer_path)  # (a webcam stays known)
        out = self._resolve("before a new state", (t, img, frame), self._replaced(img))
        self.pending_since = None  # (the change seen pending is the one judged here)
        due = max(settled + self.tuning.region_span_s, t + self.tuning.settle_s)
        found = []
        if self.kept is not None:
            copy_cells(self.kept, img, self.regions.core())
            diff = block_diff(self.kept, img)
            self._unmask(t, self.kept, img, diff)
            found = blobs(diff, self.tuning.weak, self.tuning.strong, self._ignored(img))
            if not found:
                self.log(settled, "drop", f"{why}, but it shows the kept state")
        pieces = [b.mask(self.grid) for b in found]
        if found and (
            self._viewed(settled, img)
            or self._moved(settled, img, cells_of(found, self.grid))
            or (self.kept is not None and self._caption(settled, pieces, self.kept, img))
            or self._went(settled, cells_of(found, self.grid), img, frame)
        ):
            found = []
        if found:
            cells = cells_of(found, self.grid)
            core = cells & (diff > self.tuning.strong)
            self.provisional = Held(settled, cells, core, img.copy(), frame, large=True, due=due)
            self.provisional.regions = self.regions.mask()
            self.log(settled, "settled", f"{why}: a state unless it changes again in place")
        elif self.kept is None:
            out.append(self._keep(settled, img, frame, why))
        self.quiet = (t, img, frame)
        self.recent.restart(t, img)
        self.prev_t, self.last = t, (t, img, frame)
        return out

    def _replaced(self, img: np.ndarray) -> np.ndarray | None:
        """Where `img` differs from the tracked state (blocks of its changes): what a held small
        change on top of it has ridden through (the pointer resting across a slide change)."""
        ref = self.reference()
        if ref is None:
            return None
        ref = ref.copy()
        copy_cells(ref, img, self.regions.core())
        ignore = self._ignored(img)
        found = blobs(block_diff(ref, img), self.tuning.weak, self.tuning.strong, ignore)
        return cells_of(found, self.grid)

    def _viewed(self, t: float, img: np.ndarray, since: float | None = None) -> bool:
        """A zoom in, out or across (`zoom.Views`): `img` shows the kept state closer, or
        whole again; it becomes the kept picture, and no state. A change whose first picture
        (at `since`) already showed `img` came in one step, a cut: zooms are animated."""
        ignore = self._ignored(img)
        first = None if since is None else self._seen_at(since)
        if self.kept is None or (first is not None and not self._differs(first, img, ignore)):
            return False
        passing = [] if since is None else self.recent.between(since, t)
        how = self.views.judge(self.kept, img, ignore, self.tuning, passing, self.motion.size)
        if how is not None:
            self.kept, self.zoomed_t = img.copy(), t
            if since is not None:  # (the zoom's motion taught the regions nothing)
                self.regions.forget(since)
            self.log(t, "drop", f"zoomed {how}: the kept state seen closer or whole again")
        return how is not None

    def _held_cells(self, outside: bool = False) -> np.ndarray:
        """The blocks of the changes held for hindsight (the pointer's aside); `outside`: only
        those outside the regions' mask when they settled."""
        cells = np.zeros(self.grid, bool)
        for held in [*self.small, *([self.provisional] if self.provisional else [])]:
            if not held.pointer:
                out = ~held.regions if outside and held.regions is not None else True
                cells |= held.cells & out
        return cells

    def _differs(self, a: np.ndarray, b: np.ndarray, ignore: np.ndarray) -> bool:
        """Whether something bigger than the pointer differs from `a` to `b`."""
        found = blobs(block_diff(a, b), self.tuning.weak, self.tuning.strong, ignore)
        return any(not x.fits(self.motion.size) for x in found)

    # --- internals ---
    def _moving(self, lag_diff: np.ndarray, new: list[Blob] | None, jump: bool) -> bool:
        """Whether the picture still changes (`still.moving`)."""
        ignore = self.captions.masked(self.regions.mask()) | self.pointer_path  # (the ring's
        # bleed moves too)
        playing, size = self.regions.playing, self.motion.size
        return still.moving(lag_diff, new, jump, ignore, playing, self.tuning, size)

    def _learn(
        self,
        t: float,
        img: np.ndarray,
        lag: tuple[np.ndarray, np.ndarray] | None,
        consecutive: bool,
        pointer: np.ndarray,
    ) -> None:
        """The regions learn from a sample (`lag`: the picture `settle_s` before it, and how
        each block changed since), unless it is part of a frame-wide change: one wider than
        `wide_share` that reaches beyond the regions playing and the pointer's path. A big
        clip's cut to its next shot changes as much of the frame, within its own rectangle:
        taken for a transition, the clip playing on after it was an overlay; a clip big from
        its first picture is that wide only through its window (`shots.BigWindow`). Looks
        learned where regions play now were theirs (`PointerLooks.forget_in`)."""
        means = block_means(img)
        changed = None
        if lag is not None:
            before, lag_diff = lag
            changed = lag_diff > self.tuning.motion
            wide = float(changed.mean()) > self.tuning.wide_share
            if not wide or not (changed & ~self.regions.mask() & ~pointer).any():  # (beyond)
                self.big_window.stop()
            elif not self.regions.own_cut(changed, pointer, before, img):
                clip = self.big_window.playing(changed, img, self.tuning)
                if clip is None:
                    self.regions.transition(t, means)
                    return
                self.regions.big_clip |= clip  # (the slide's own, never an overlay)
            changed |= ticking(lag_diff)  # (a clock's seconds, faint in the chrome's band)
        self.regions.observe(t, means, changed, pointer, consecutive)
        self.regions.forget_gone(img)
        self.looks.forget_in(self.regions.core())

    def _seen_at(self, t: float) -> np.ndarray | None:
        return self.recent.seen_at(t)
