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

Active blocks are grouped into rectangles, each of one kind (a webcam box, a clip's player: parts
that happen to hold still between shots are still the region; a webcam beside a clip is a
rectangle of its own, and the corner beside both is content). Of the rectangles not stopped,
`core()` is where the kept picture follows the live one; `mask()`, rectangles bigger than the
pointer grown by a block for compression bleed, is where differences are ignored. Overlays that
line up as a meeting's cameras are one rectangle, their hull (`panels`).
"""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.diff import BLOCK, block_sums, label
from peepshow_core.frames.slides import shots
from peepshow_core.frames.slides.blocks import dilate
from peepshow_core.frames.slides.panels import panels
from peepshow_core.frames.slides.rectangles import Box, Region, grouped, pieces, within
from peepshow_core.frames.slides.tuning import SlidesTuning

NEVER = -1e9


def block_means(img: np.ndarray) -> np.ndarray:
    """The mean brightness of each 8x8 block (float32: exact, a sum over 64 pixels)."""
    return block_sums(img).astype(np.float32) * (1.0 / (BLOCK * BLOCK))


class ActiveRegions:
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
        self._seen_of: bytes | None = None  # the active, overlay and playing blocks `_core`
        # and `_mask` were made of
        self._shape_of: bytes | None = None  # the active and overlay blocks grouped ...
        self._regions: list[Region] = []  # ... into these
        self._pieces: list[Box] = []  # the rectangles of the overlay blocks' pieces
        self._core = self.active
        self._mask = self.active
        self._inner = self.active
        self._small = self.active
        self._panels: list[Box] = []
        self._overlays: list[Box] = []
        self._parts: list[Box] = []
        self._plays = False

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

    def groups(self) -> list[Region]:
        """The active blocks grouped into regions, each of one kind (`rectangles.grouped`)."""
        self._update()
        return self._regions

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

    def core(self) -> np.ndarray:
        """The rectangles not stopped: where the kept picture follows the live one."""
        self._update()
        return self._core

    def mask(self) -> np.ndarray:
        """Where differences are ignored: the rectangles, those bigger than the pointer grown by
        a block (compression bleeds past a webcam's or a clip's edge)."""
        self._update()
        return self._mask

    def ring(self) -> np.ndarray:
        """The margin masked around the rectangles bigger than the pointer, outside them (what
        `edges` judges to the pixel)."""
        return self.mask() & ~self.core()

    def inner(self) -> np.ndarray:
        """The masked rectangles bigger than the pointer that are no overlay: a slide's own
        clips and animations, where content may appear once they stop."""
        self._update()
        return self._inner

    def panels(self) -> list[Box]:
        """The overlays' rectangles bigger than the pointer (those in line joined: a meeting's
        strip, `panels`)."""
        self._update()
        return self._panels

    def small(self) -> np.ndarray:
        """The pointer-sized rectangles: a caret, a clock's digit."""
        self._update()
        return self._small

    def overlays(self) -> list[Box]:
        """The overlays' rectangles, of any size (those in line joined: `panels`)."""
        self._update()
        return self._overlays

    def overlay_parts(self) -> list[Box]:
        """The rectangles of the pieces of an overlay joined with others (`grouped`, `panels`):
        a calm webcam learned pointer-sized where its eyes blink, grouped with a clip whose
        corner lies two blocks off, is a picture of its own."""
        self._update()
        return self._parts

    def plays(self) -> bool:
        """Whether a rectangle bigger than the pointer plays (a webcam, a clip not stopped):
        the encoder spends on it all along."""
        self._update()
        return self._plays

    def _update(self) -> None:
        """The rectangles, made again when the active, overlay or playing blocks changed; the
        regions regrouped only when the active or overlay blocks did (the costly part)."""
        shape = self.active.tobytes() + self.overlay.tobytes()
        seen = shape + self.playing.tobytes()
        if seen == self._seen_of:
            return  # (asked several times a sample: nothing changed since)
        self._seen_of = seen
        if shape != self._shape_of:
            self._shape_of = shape
            small = self.tuning.overlay_blocks
            groups = grouped(self.active, self.overlay, small)
            self._regions = [Region.of(cells, self.overlay) for cells in groups]
            self._pieces = pieces(self.active & self.overlay)
        boxes = [self.box_now(region) for region in self._regions]
        self._core = np.zeros_like(self.active)
        self._mask = np.zeros_like(self.active)
        self._inner = np.zeros_like(self.active)
        self._small = np.zeros_like(self.active)
        self._plays = False
        gh, gw = self.active.shape
        live = [(b, r.overlay) for r, b in zip(self._regions, boxes, strict=True) if b is not None]
        overlays = panels([b for b, overlay in live if overlay])
        self._overlays = overlays
        self._parts = [p for p in self._pieces if p not in overlays and within(p, overlays)]
        self._panels = [box for box in overlays if self.big(box)]
        others = [b for b, overlay in live if not overlay]
        for box, overlay in [*((b, True) for b in overlays), *((b, False) for b in others)]:
            y0, y1, x0, x1 = box
            big = self.big(box)
            self._core[y0:y1, x0:x1] = True
            if not big:
                self._small[y0:y1, x0:x1] = True
            self._plays |= big
            if big:
                y0, y1, x0, x1 = max(0, y0 - 1), min(gh, y1 + 1), max(0, x0 - 1), min(gw, x1 + 1)
                if not overlay:
                    self._inner[y0:y1, x0:x1] = True
            self._mask[y0:y1, x0:x1] = True

    def big(self, box: Box) -> bool:
        small = self.tuning.overlay_blocks
        return box[1] - box[0] > small or box[3] - box[2] > small

    def box_now(self, region: Region) -> Box | None:
        """The rectangle `region` takes now, None if it has stopped. A pointer-sized region (a
        caret, a clock's digit) keeps its rectangle; a bigger one stops once no block of it
        plays. A slide's own clip or animation whose blocks still playing fit in a
        pointer-sized square (a caret blinking where the clip was) has stopped but for them:
        content may appear where it played. An overlay (a webcam) shows no content: it keeps
        its rectangle while any part of it plays."""
        if not self.big(region.box):
            return region.box
        playing = self.playing[region.where]
        if not playing.any():
            return None
        if region.overlay:
            return region.box
        ys, xs = region.where[0][playing], region.where[1][playing]
        part = (int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1)
        return region.box if self.big(part) else part

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
