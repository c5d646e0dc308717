"""Regions that change on their own: a webcam picture, a clip playing in a slide, a clock, a
blinking caret.

Content changes in steps: a bullet appears, a slide fades in, a page scrolls, and then the
picture holds still. A self-changing region keeps going: a webcam's flicker and the head moving
in it, a clip's shots, a clock's ticks, a caret's blinks. So each block is watched for *events*:
its mean brightness reversing by more than `motion` (a zig-zag), or a change starting after a
still moment. A block with events over at least `region_span_s` and no pause longer than
`region_pause_s`, or changing without a pause for `region_span_s`, is *active*; it stays so
until it has been quiet for `region_quiet_s`. Time between samples further apart than
`region_pause_s` (the fast path skipping a GOP) was not watched: it counts as quiet only in a
region (its active blocks, as `rectangles` groups them) the two samples around it show no
change in (a clip that stopped); where they differ anywhere (a webcam, a clip still playing)
the region stays active, the blocks that look as before too (the webcam's wall by the head).
Frame-wide changes (transitions) are evidence of nothing. Where the pointer is moving is not
evidence either.

An active block is *playing* from its first sign of activity (a zigzag within a stretch of
changes, an unbroken run of changes, a change across a stretch nobody watched) until it has held
still for `region_pause_s`. A region bigger than the pointer none of whose blocks plays has
*stopped* (a clip that ended on its last picture, a paused screencast); so has a slide's own
one but for its blocks still playing when they fit in a pointer-sized square (a caret blinking
where the clip was: that part stays masked, like any caret): it is judged like the
rest of the slide again, so a line revealed where the clip was, or beside it, is a build. It
stays known (active) until quiet for `region_quiet_s`, so that it is masked again at its first
zigzag if it resumes; a single step inside it (a word appearing) is no sign of playing. A
pointer-sized region (a caret, a clock's digit) stays masked until it expires: a small change
there is judged by hindsight like any other.

A region playing from the opening (learned from changes that began in the first `learn_s`) or
that kept playing across a frame-wide change (the slide behind it was replaced and it went on) is
an *overlay*: a webcam picture laid over every slide, never the slide's own content. A clean
webcam plays only where its presenter moves: a block that starts playing later touching an
overlay, and nothing else that plays, is the overlay's too. Any other region belongs to its
slide (a clip, an animation): content may appear where it was once it stops, so the fast path
does not take two keyframes that differ there as alike.

A clip cuts to its next shot: what changed with it, touching it, is its picture too, and a big
clip's cut is no transition (`shots`).

Active blocks are grouped into rectangles, each of one kind, and the tracker asks about those:
what it masks, where the kept picture follows the live one (`views`).
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.diff import BLOCK, block_sums, label
from peepshow_core.frames.slides import shots
from peepshow_core.frames.slides.blocks import dilate
from peepshow_core.frames.slides.rectangles import Box
from peepshow_core.frames.slides.tuning import SlidesTuning
from peepshow_core.frames.slides.views import RegionViews

NEVER = -1e9


def block_means(img: np.ndarray) -> np.ndarray:
    """The mean brightness of each 8x8 block (float32: exact, a sum over 64 pixels)."""
    return block_sums(img).astype(np.float32) * (1.0 / (BLOCK * BLOCK))


class ActiveRegions(RegionViews):
    def __init__(self, grid: tuple[int, int], tuning: SlidesTuning, opening_s: float = 0.0) -> None:
        self.tuning = tuning
        self.opening_s = opening_s  # when the screen stretch began (after camera footage)
        self.extreme = np.full(grid, np.nan, np.float32)  # furthest brightness this way
        self.direction = np.zeros(grid, np.int8)  # +1 rising, -1 falling, 0 not yet known
        self.last = np.full(grid, NEVER)  # last change of any kind
        self.last_event = np.full(grid, NEVER)
        self.streak_start = np.full(grid, NEVER)  # first event of the current streak
        self.run_start = np.full(grid, NEVER)  # start of an unbroken run of changes
        self.active = np.zeros(grid, bool)
        self.became = np.full(grid, NEVER)  # when each active block was learned
        self.playing = np.zeros(grid, bool)  # showing activity now (see the module's doc)
        self.means: np.ndarray | None = None  # the last sample's block means
        self.quiet = np.zeros(grid, np.float32)  # seconds unchanged
        self.overlay = np.zeros(grid, bool)  # playing from the opening or across a transition
        self.big_clip = np.zeros(grid, bool)  # where a clip big from its first picture plays
        # (`shots.BigWindow`): the slide's own, never the webcam's nor an overlay itself
        self.crossing: np.ndarray | None = None  # active at the last frame-wide change ...
        self.crossed = NEVER  # ... which was seen last at this time
        self.stopped: set[Box] = set()  # the rectangles of the regions not playing (`shots.gone`)
        self.seen: float | None = None  # the last sample's time
        self.watched = True  # ... and whether the time before it was watched
        self._views()

    def observe(
        self,
        t: float,
        means: np.ndarray,
        changed: np.ndarray | None,
        pointer: np.ndarray | None = None,
        consecutive: bool = True,
    ) -> None:
        """A new sample: its block means; which blocks moved since the sample `settle_s` (or
        more) before it; where the pointer is moving. `consecutive`: the samples follow each
        other closely (a run of changes can be followed); keyframes seconds apart do not."""
        tuning = self.tuning
        gap, watched = self._gap(t)
        paused = t - self.last > tuning.region_pause_s
        if self.means is not None and watched:  # a zigzag is one within a stretch of
            still = paused & (self.last > NEVER)  # activity (seen still since: start over)
            self.extreme = np.where(still, self.means, self.extreme)
            self.direction = np.where(still, 0, self.direction).astype(np.int8)
        if self.means is not None and watched and consecutive:
            self._cut(t, np.abs(means - self.means), pointer)
        self.means = means
        event = self._zigzag(means)
        if pointer is not None:  # (the pointer passing over a block leaves no half of a
            self.direction[pointer] = 0  # zigzag there for the next change to complete)
            self.extreme[pointer] = means[pointer]
        lively = event.copy()  # (a zigzag: playing; a lone step is not)
        if changed is None or not consecutive:
            self.run_start[:] = NEVER
            if changed is not None:
                event |= changed  # seconds apart: any change is a separate one
                lively |= changed  # (... and what played in between is not known)
        else:
            event |= changed & (self.run_start == NEVER)  # a change after a still moment
            started = np.where(self.run_start == NEVER, t, self.run_start)
            self.run_start = np.where(changed, started, NEVER)
        if pointer is not None:
            event &= ~pointer
        self.playing &= ~paused
        self.streak_start = np.where(event & paused, t, self.streak_start)
        self.last_event = np.where(event, t, self.last_event)
        moved = event | (changed if changed is not None else False)
        self.last = np.where(moved, t, self.last)
        seen = np.full(self.quiet.shape, gap if watched or changed is not None else 0.0, np.float32)
        if not watched and changed is not None:  # (unwatched: in a region that changed nowhere)
            seen[self._changed_somewhere(changed)] = 0.0
        self.quiet = np.where(moved, 0.0, self.quiet + seen).astype(np.float32)
        repeated = self.last_event - self.streak_start >= tuning.region_span_s
        running = (self.run_start > NEVER) & (t - self.run_start >= tuning.region_span_s)
        before = self.active.copy()
        self.active |= repeated | running
        self.became = np.where(self.active & ~before, t, self.became)
        self._grow_overlay(self.active & ~before)
        lively |= running
        if pointer is not None:
            lively &= ~pointer
        self.playing |= lively
        self._crossed_by(t, lively)
        if self.learning():  # (from the opening's)
            self.overlay |= self.active & ~self.big_clip
        self.expire()

    def learning(self) -> bool:
        """Whether what plays now is learned as an overlay: the first `learn_s` of the stretch,
        and `region_span_s` more to see it play."""
        tuning = self.tuning
        return (self.seen or 0.0) - self.opening_s <= tuning.learn_s + tuning.region_span_s

    def _changed_somewhere(self, changed: np.ndarray) -> np.ndarray:
        """The active blocks of the regions (as `rectangles.grouped` makes them) that `changed`
        somewhere: a webcam's wall, or the part of a clip its next shot happens to match, shows
        no change across a stretch nobody watched while the presenter's head or the clip
        played on."""
        self._update()
        out = np.zeros_like(self.active)
        for region in self._regions:
            if changed[region.where].any():
                out[region.where] = True
        return out

    def _grow_overlay(self, new: np.ndarray) -> None:
        """A webcam's picture grows as its presenter moves into blocks not seen moving before (a
        clean camera's wall never moves by itself): a block that starts playing touching an
        overlay, and touching nothing else that plays, is the overlay's; but for a piece of
        them bigger than the overlay, starting at once (a clip big from its first picture
        beside the webcam: a presenter leaning in never doubles its picture)."""
        if not new.any() or not self.overlay.any():
            return
        others = self.active & ~self.overlay & ~new
        grows = new & dilate(self.overlay) & ~dilate(others) & ~self.big_clip
        pieces, _ = label(new)
        size = int(self.overlay.sum())
        for number in set(np.unique(pieces[grows])) - {0}:
            if (pieces == number).sum() > size:
                grows &= pieces != number
        self.overlay |= grows

    def _cut(self, t: float, step: np.ndarray, pointer: np.ndarray | None) -> None:
        """What a region's cut took along (`shots.taken_along`) plays as the region does."""
        joined, overlay = shots.taken_along(self, t, step, pointer)
        if not joined.any():
            return
        self.active |= joined
        self.became = np.where(joined, t, self.became)
        self.playing |= joined
        self.overlay |= overlay
        self.last_event = np.where(joined, t, self.last_event)
        self.streak_start = np.where(joined, t, self.streak_start)

    def _crossed_by(self, t: float, lively: np.ndarray) -> None:
        """Blocks active at the last frame-wide change that play again once its picture settled
        (within `region_quiet_s`, after which they would have expired) are an overlay."""
        if self.crossing is None:
            return
        since = t - self.crossed
        if since > self.tuning.region_quiet_s:
            self.crossing = None
        elif since > self.tuning.settle_s:  # (changes before that are the transition's)
            self.overlay |= self.crossing & lively & ~self.big_clip

    def forget_gone(self, img: np.ndarray) -> None:
        """The picture `img`: a region seen to stop playing that left the slide's plain
        background there has ended, or went with its slide (`shots.gone`): its blocks are
        content again."""
        gone = shots.gone(self, img)
        for known in (self.active, self.overlay, self.playing, self.big_clip):
            known &= ~gone
        for when in (self.last, self.last_event, self.streak_start, self.run_start):
            when[gone] = NEVER

    def own_cut(
        self, changed: np.ndarray, pointer: np.ndarray, before: np.ndarray, img: np.ndarray
    ) -> bool:
        """Whether a change wider than `wide_share` reaching beyond the mask, from `before` to
        `img`, is a big region's own cut (`shots.own_cut`)."""
        return shots.own_cut(self, changed, pointer, before, img)

    def transition(self, t: float, means: np.ndarray) -> None:
        """A frame-wide change: brightness starts over from here, nothing is learned."""
        gap, watched = self._gap(t)
        self.quiet += gap if watched else 0.0
        self.last = np.where(self.last > NEVER, self.last + gap, NEVER)  # (unseen: not still)
        self.extreme, self.means = means.copy(), means
        self.direction[:] = 0
        self.run_start[:] = NEVER
        if self.crossing is None or t - self.crossed > self.tuning.settle_s:
            self.crossing = self.active.copy()  # (the first picture of a new change)
        self.crossed = t
        self.expire()

    def forget(self, since: float) -> None:
        """What was learned from `since` on was no region's doing (a zoom moving the whole
        picture, judged a view of the kept state): blocks learned since start over, and so do
        the streaks and runs of change of the blocks not active (evidence of nothing, as a
        transition's)."""
        gone = self.active & (self.became >= since)
        begun = ~self.active
        self.active &= ~gone
        self.overlay &= ~gone
        self.playing &= ~gone
        over = gone | begun  # (as never seen changing: the next change starts a streak)
        self.last[over] = NEVER
        self.last_event[over] = NEVER
        self.streak_start[over] = NEVER
        self.run_start[over] = NEVER

    def expire(self) -> None:
        """Blocks quiet for `region_quiet_s` are content again."""
        self.active &= self.quiet <= self.tuning.region_quiet_s
        self.overlay &= self.active
        self.big_clip &= self.quiet <= self.tuning.region_quiet_s

    def resume(self, box: Box, t: float) -> None:
        """An overlay moved to rectangle `box` (`moved`): it plays there from `t` on."""
        cells = (slice(box[0], box[1]), slice(box[2], box[3]))
        for known in (self.active, self.overlay, self.playing):
            known[cells] = True
        for when in (self.became, self.last, self.last_event, self.streak_start):
            when[cells] = t
        self.quiet[cells] = 0.0

    def _gap(self, t: float) -> tuple[float, bool]:
        """The time since the last sample, and whether it was watched (no longer than
        `region_pause_s`)."""
        gap = max(0.0, t - self.seen) if self.seen is not None else 0.0
        self.seen, self.watched = t, gap <= self.tuning.region_pause_s
        return gap, self.watched

    def _zigzag(self, means: np.ndarray) -> np.ndarray:
        """Blocks whose brightness reversed by more than `motion` since its last extreme."""
        level = self.tuning.motion
        if np.isnan(self.extreme).all():
            self.extreme = means.copy()
            return np.zeros(means.shape, bool)
        move = means - self.extreme
        rising, falling = self.direction > 0, self.direction < 0
        reversal = (rising & (move < -level)) | (falling & (move > level))
        start = (self.direction == 0) & (np.abs(move) > level)
        turned = reversal | start
        self.direction = np.where(turned, np.sign(move), self.direction).astype(np.int8)
        further = ((self.direction > 0) & (means > self.extreme)) | (
            (self.direction < 0) & (means < self.extreme)
        )
        self.extreme = np.where(turned | further, means, self.extreme)
        return reversal
