"""Hindsight on held changes: the tracker's part that decides what a settled change was.

A settled change is not written at once. A large one is *provisional* for `region_span_s`: a
state if it stays put or lasts until the next change, none if it changes again in place (a clip
or an animation starting, not yet learned as an active region). A small one (pointer-sized) is
*held*: the pointer if it moved in, looks like the pointer did, moves on, or rides on top,
unchanged, through a change that replaced what was around it; a state (a short build) if it
stays (followed in `small`; what is still held before a new state is resolved here). A held
change, large or small, that the next one *continues* (`_continues`: more of the same line of
text, beside it, soon after) is no state of its own: a line typed piece by piece is one state
once whole. `Hindsight` is a mixin of `Tracker`, which owns the state it reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from peepshow_core.frames.slides.beyond import overlay_edge
from peepshow_core.frames.slides.blocks import (
    Blob,
    block_diff,
    cells_of,
    copy_cells,
    describe,
    dilate,
)
from peepshow_core.frames.slides.lines import inside, line_rows, pointer_sized, since_of
from peepshow_core.frames.slides.notices import TakenAway
from peepshow_core.frames.slides.pointer import (
    Held,
    persists,
    pointer_places,
    refined_since,
    standing_out,
    still_there,
)
from peepshow_core.frames.slides.small import SmallChanges
from peepshow_core.frames.slides.states import Keep, Sample
from peepshow_core.frames.slides.tuning import (
    REFINED_PEAK,
    REPLACED,
    SAME_SHARE,
)


class Hindsight(SmallChanges, TakenAway):
    """The provisional large change and the held small ones (see the module docstring)."""

    def _ignored(self, img: np.ndarray) -> np.ndarray:
        """Where differences in `img` are not judged: active regions, the pointer's recent path,
        small changes already held. Of a held change still there (more than `SAME_SHARE` of its
        blocks as when it settled), the blocks that changed since are judged: a line written
        over some of them is a change of its own. One mostly changed is being replaced, and
        hindsight says so first (`_follow_small`); the pointer held is followed wherever it is."""
        ignore = self.mask | self.pointer_path
        for held in self.small:
            cells = held.cells
            if not held.pointer:
                since = cells & (block_diff(held.image, img) > self.tuning.weak)
                if since.sum() < (1.0 - SAME_SHARE) * cells.sum():
                    cells = cells & ~since
            ignore = ignore | cells
        return ignore

    def _unmask(self, t: float, ref: np.ndarray, img: np.ndarray, diff: np.ndarray) -> None:
        """Which blocks of the ring around the regions are judged like the slide: where content
        was written, from `ref` to `img` at `t` (`edges`; `diff`: their block differences), and
        where a small change held came from, until hindsight has judged it."""
        ring = self.regions.ring()
        shown = self.edges.content(
            t, ref, img, ring & (diff > self.tuning.strong), self.tuning.strong
        )
        for held in self.small:
            shown |= ring & held.cells
        self.unmasked = shown

    def _ring_moving(self, before: np.ndarray, img: np.ndarray, found: list[Blob]) -> bool:
        """Whether a change `found` in the ring, where content showed (`_unmask`), still moves
        there since `before` (the sample `settle_s` ago), judged to the pixel at the level of
        `motion`: motion in the ring is otherwise ignored, its bleed moving on and on
        (`_moving`)."""
        cells = cells_of(found, self.grid) & self.unmasked
        return bool(cells.any()) and self.edges.moving(before, img, cells, self.tuning.motion)

    # --- what settled: the encoder refining, or things ---
    def _refined(self, t: float, img: np.ndarray, frame: Any, found: list[Blob]) -> list[Blob]:
        """The blobs of a settled change that are things: one in which no full-resolution
        pixel stands out (`standing_out`) is the encoder refining its picture, if pointer-sized
        or if no block of it changed by `REFINED_PEAK` (more is a change of colour; in one
        bigger than the pointer, what stands out may be the pointer where it was and where it
        is, `pointer_places`: the quality catching up while it moved); the reference heals
        there, and the rest is judged without it (a pointer settling while a corner is refined
        is a small change, not a large one)."""
        base = self.provisional.frame if self.provisional is not None else self.kept_frame
        ref = self.reference()
        assert ref is not None
        diff = block_diff(ref, img)
        things = []
        size, places = self.motion.size, self._pointer_places()
        for blob in found:
            cells = blob.mask(self.grid)
            spots = standing_out(frame, base, cells, self.grid)
            if spots is None:
                things.append(blob)
                continue
            if blob.fits(size):
                refined = not spots.any()
            else:  # (bigger than the pointer: only where it was and is may something stand out)
                rest = cells & ~spots
                faint = rest.any() and diff[rest].max() < REFINED_PEAK
                refined = bool(faint) and pointer_places(spots, places)
            if refined:
                copy_cells(ref, img, cells)  # (the reference heals: it is judged once)
                self.log(
                    t,
                    "drop",
                    f"{describe([blob])}: no pixel stands out at full "
                    "resolution (the encoder refining the picture, not a new thing)",
                )
                continue
            things.append(blob)
        return things

    # --- large changes: provisional, then states ---
    def _large(
        self,
        t: float,
        img: np.ndarray,
        frame: Any,
        found: list[Blob],
        core: np.ndarray,
        first_seen: float | None = None,
        grows: bool = False,
    ) -> list[Keep]:
        """A large change settled at `t` (first seen at `first_seen`, when the provisional
        line was still growing: `grows`)."""
        cells = cells_of(found, self.grid)
        before = self.reference()
        assert before is not None
        pieces = [b.mask(self.grid) for b in found]
        if (
            self._moved(t, img, cells)
            or self._caption(t, pieces, before, img)
            or self._went(t, cells, img, frame)
        ):
            self.quiet = (t, img, frame)
            return []
        p = self.provisional
        out: list[Keep] = []
        rows = None
        since = t if first_seen is None else first_seen
        in_place = p is not None and self._again(p, t, since, img) and self._in_place(p, cells)
        if p is not None and in_place:
            why = "a region changing on its own, or a build the encoder finished drawing"
            self.log(p.time_s, "drop", f"it changed again in place: {why}")
            self.provisional = None
        elif p is not None and grows and self._continues(self._line(p), cells, since):
            self.log(p.time_s, "drop", "a build still growing (typing): more came beside it")
            rows = line_rows(p)
            self.provisional = None
            self.small = [h for h in self.small if h.pointer or h.time_s < p.time_s]
        else:
            ref = self.reference()
            assert ref is not None
            self._grown_into(cells, since, ref, img)
            out = self._resolve("before a new state", (t, img, frame), cells, self.regions_then)
            if self._viewed(t, img, since):
                self.quiet = (t, img, frame)
                return out
        due = t + self.tuning.region_span_s
        self.provisional = Held(
            t, cells, cells & core, img.copy(), frame, large=True, due=due, since=since
        )
        self.provisional.regions = self.regions.mask()
        self.provisional.rows = rows
        came = np.zeros_like(cells)
        for piece in (b.mask(self.grid) for b in found if b.fits(self.motion.size)):
            if self.motion.arrived(piece, t):
                came |= piece
        self.provisional.came = came
        self.log(t, "settled", f"{describe(found)}: a state unless it changes again in place")
        self.quiet = (t, img, frame)
        return out

    def _moved(self, t: float, img: np.ndarray, cells: np.ndarray) -> bool:
        """Whether the change settled at `t` on `img` (its blocks `cells`) is an overlay that
        moved there, or came back (`moved`): it plays there from now on, and is no state."""
        box = self.overlays.moved_here(img, cells)
        if box is None:
            return False
        self.regions.resume(box, t)
        self.log(t, "drop", "an overlay moved here, or back: its picture, seen playing before")
        return True

    def _again(self, p: Held, t: float, since: float, img: np.ndarray) -> bool:
        """Whether a change first seen at `since`, settled at `t` on `img`, came soon enough
        after the provisional one `p` to be it changing again (a region's next shot, the
        encoder finishing a build): settled before `p` is due, and begun within
        `region_span_s` of when `p` began, or back to the kept picture (`p` undone: a zoom in
        and out over a playing clip, each slow to settle). A page scrolled twice, its first
        scroll slow to settle (the encoder refining its text for a second), is two states."""
        if t >= p.due:
            return False
        if since < since_of(p) + self.tuning.region_span_s:
            return True
        return self.kept is not None and not self._differs(self.kept, img, self._ignored(img))

    def _in_place(self, p: Held, cells: np.ndarray) -> bool:
        """Mostly where the provisional change was, or that change changed again and grown
        by a block at most (an encoder starved of bits drawing a build faint and small first,
        then catching up); the provisional one not frame-wide (a frame-wide change is a
        transition, never a region)."""
        if p.cells.mean() > self.tuning.wide_share:
            return False
        return inside(cells, p.cells) or (inside(p.cells, cells) and inside(cells, dilate(p.cells)))

    def _due(
        self, t: float, img: np.ndarray, frame: Any, changing: list[Blob], found: list[Blob]
    ) -> list[Keep]:
        """A provisional change that stayed put for `region_span_s` (its picture the same, or
        refined by the encoder since) is a state, unless its line is still growing (`found`:
        the changes seen now, not settled yet)."""
        p = self.provisional
        if p is None or p.due > t or changing:
            return []
        line = self._line(p)
        since = t if self.pending_since is None else self.pending_since
        if line is not p or (found and self._continues(line, cells_of(found, self.grid), since)):
            return []  # judged once the line is whole (`_large`, `_resolve`)
        assert self.kept is not None
        versus_kept = block_diff(self.kept, img)
        if self._region_started(p, img):
            self.provisional = None
            why = "a region learned since took it over but for a pointer-sized edge or its picture"
            self.log(p.time_s, "drop", f"{why}: a clip starting, not a state")
            return []
        if self._shows(p, img, frame, versus_kept):
            self.provisional = None
            return [self._confirm(p, "new state")]
        cells = p.cells & ~self.mask
        if versus_kept[cells].max(initial=0.0) <= self.tuning.weak:
            self.provisional = None
            self.log(p.time_s, "drop", "it went back, or became an active region")
        return []  # else it changed again: the next change settling decides (`_large`)

    def _shows(
        self,
        held: Held,
        img: np.ndarray,
        frame: Any,
        versus_kept: np.ndarray | None = None,
        then: np.ndarray | None = None,
    ) -> bool:
        """Whether `img` still shows the held change against the kept state: the same, or (a
        large one) as the encoder refined it since (`refined_since`); `then`: judged as the
        regions were when the change that replaced it was first seen."""
        assert self.kept is not None
        tuning, kept = self.tuning, self.kept
        mask = self.mask if then is None else self._mask_then(then)
        if still_there(held, kept, img, tuning.weak, mask, versus_kept):
            return True
        return held.large and refined_since(
            held, kept, img, frame, tuning.weak, mask, self.grid, self._pointer_places()
        )

    def _pointer_places(self) -> int:
        """The extent of what may stand out where the pointer was and is (`pointer_places`):
        its own once it has been seen moving or its look learned, else none (nothing may)."""
        return self.motion.size if self.looks.seen or self.motion.seen else 0

    def _region_started(self, p: Held, img: np.ndarray, then: np.ndarray | None = None) -> bool:
        """Whether an active region learned while the provisional change was watched took it
        over, all but a pointer-sized part (or nothing) of it (a clip or an animation that
        started playing, its edge bleeding past the region), or whether an overlay's picture
        holds what the regions do not, but for the pieces the pointer moved into as it settled
        (`overlay_edge`: a webcam whose light changed all over, or whose presenter moved, in
        the first seconds, before the webcam was learned, or learned only where an eye blinks;
        `Held.came`: the pointer coming to rest on the slide meanwhile); not a new state.
        `then`: the regions when the change that replaced it was first seen (one learned since
        is that change's)."""
        size = self.motion.size
        mask = self.mask if then is None else self._mask_then(then)
        taken, left = p.cells & mask, p.cells & ~self.mask
        if p.came is not None:
            left &= ~p.came
        if p.regions is not None:  # (a region's ring, judged when the change settled, is none)
            taken &= ~p.regions
        big, edge = not pointer_sized(taken, size), pointer_sized(left, size)
        if taken.any() and big and (edge or not left.any()):
            return True
        return (
            bool(left.any())
            and self.kept is not None
            and overlay_edge(self.regions, left, self.kept, img)
        )

    # --- resolving what is held ---
    def _resolve(
        self,
        when: str,
        after: Sample | None,
        changed: np.ndarray | None,
        then: np.ndarray | None = None,
    ) -> list[Keep]:
        """Before a new state (or at the end), in time order: the provisional change and the
        small ones still showing in the last quiet picture are states (lasting until last seen
        still there: after a GOP skipped, none may be quiet before the next), unless a small one is
        the pointer after all (its look, or on top, unchanged, after a change that replaced
        what was around it), or the provisional one a region's doing after all, as when it is
        due (`_region_started`: a new state may come before it is). `then`: the regions when
        the change that brought the new state was first seen (one learned since is that
        change's: the held are judged as the regions were then)."""
        items = sorted([*self.small, *([self.provisional] if self.provisional else [])],
                       key=lambda h: h.time_s)  # fmt: skip
        self.small, self.provisional = [], None
        out: list[Keep] = []
        if self.quiet is None or self.kept is None:
            return out
        quiet_t, quiet_img, quiet_frame = self.quiet
        confirmed: list[Held] = []
        replaced: list[Held] = []
        for held in items:
            if held.pointer:
                continue
            if held.large and self._region_started(held, quiet_img, then):
                why = "a region learned since, or its picture, took it over"
                self.log(held.time_s, "drop", f"{why} ({when})")
                continue
            if not self._shows(held, quiet_img, quiet_frame, then=then):
                if self._outlasted(held, (quiet_t, quiet_img, quiet_frame)):
                    confirmed.append(held)
                    replaced.append(held)
                continue
            if not held.large:
                if not self._lasted(held, max(quiet_t, held.seen or quiet_t)):
                    continue  # too brief to be a state (a caret blinking on)
                if held.look is not None and (
                    self.looks.knows(held) or self._rode_through(held, after, changed)
                ):
                    self.looks.learn_held(held)
                    self.log(held.time_s, "drop", f"the held change was the pointer ({when})")
                    continue
            confirmed.append(held)
        for held in confirmed:
            if self._grew(held, confirmed):
                self.log(held.time_s, "drop", "a build still growing (typing): more came beside it")
                continue
            why = "new state" if held.large else f"a small change that stayed ({when})"
            doubted = True
            if held in replaced:  # (`Held` compares by identity)
                why = f"a small change that lasted until replaced ({when})"
            elif self._settled_since_kept(held):
                assert self.kept_s is not None
                self.superseded.append(self.kept_s)
                why, doubted = f"the state kept before settled with it ({when})", False
            out.append(self._confirm(held, why, doubted))
        return out

    def _settled_since_kept(self, held: Held) -> bool:
        """Whether a small change settled less than `settle_s` after the state kept last: that
        state never held still without it (a click's ring fading around the pointer just after
        a slide settled; a build's second part the encoder finished a sample after the first),
        so it is taken again with it, the first frame withdrawn; holding more than the pointer,
        it is never withdrawn as the pointer's."""
        return (
            not held.large
            and self.kept_s is not None
            and 0 < held.time_s - self.kept_s < self.tuning.settle_s
        )

    def _outlasted(self, held: Held, quiet: Sample) -> bool:
        """Whether a small held change no longer showing in the last quiet picture before the
        new state (`quiet`) was replaced in place after it had stood `settle_s`: more written
        over its blocks, seen changing `settle_s` before that picture (not the new state's
        own first moments) and still changing when it came (a caret blinking on the line
        written over a build: judged once it held still, it never did); not gone back."""
        touched, (quiet_t, img, _) = held.touched, quiet
        if held.large or touched is None or not self._lasted(held, touched):
            return False
        if quiet_t - touched < self.tuning.settle_s:
            return False
        kept = self.kept
        return kept is not None and not self._back(held, img, block_diff(kept, img))

    def _rode_through(self, held: Held, after: Sample | None, changed: np.ndarray | None) -> bool:
        """On top, unchanged, after a change that replaced what was around it."""
        if after is None or changed is None:
            return False
        ring = dilate(held.cells) & ~held.cells
        return bool(ring.any() and changed[ring].mean() >= REPLACED and persists(held, after[2]))
