"""Small changes held for hindsight: the pointer, or a small build.

A settled change that fits in a pointer-sized square is *held*: the pointer if it moved in or
looks like the pointer did (its look cut, at full resolution, against the picture it came
over: the reference's, or an earlier small change's still showing), a state if it stays or
lasts until something else replaced it where it was (once that held still), nothing if it went
back (the picture it came over shows again) or moved on. A held change that more was typed
beside or over is part of a line (`Lines`). `SmallChanges` is a mixin of `Hindsight` (and so
of `Tracker`), which owns the state it reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from peepshow_core.frames.slides.blocks import (
    Blob,
    already_stood,
    block_diff,
    cells_of,
    copy_cells,
    describe,
    dilate,
    fits,
)
from peepshow_core.frames.slides.doings import RegionsDoing
from peepshow_core.frames.slides.lines import Lines, since_of, stood_until
from peepshow_core.frames.slides.looks import part_looks
from peepshow_core.frames.slides.pointer import Held, still_there
from peepshow_core.frames.slides.states import Keep


class SmallChanges(Lines, RegionsDoing):
    """The small changes held (see the module docstring)."""

    def _small_change(
        self,
        t: float,
        img: np.ndarray,
        frame: Any,
        found: list[Blob],
        core: np.ndarray,
        first_seen: float | None = None,
        grows: bool = False,
        stood: float | None = None,
    ) -> list[Keep]:
        """A small change settled at `t` (first seen at `first_seen`, when the provisional
        line was still growing: `grows`; already seen as now in the sample before, seconds
        earlier, with nothing watched between: at `stood`)."""
        beside, p = self._beside(img), self.provisional
        base = beside.frame if beside else p.frame if p is not None else self.kept_frame
        over = beside.image if beside is not None else None
        cut = (t, img, frame, core, base, over, first_seen, stood)
        held = self._cut(found, *cut)
        how = self._pointer_by(held, found, base, grows)
        if how is None and held.look is None and beside is not None:
            how = self._known_before(held, p)
        if how is None and len(found) > 1:
            rest = self._pointer_beside(found, cut, base, grows)
            if rest:
                found, held = rest, self._cut(rest, *cut)
                how = self._pointer_by(held, found, base, grows)
        cells = held.cells
        if how is not None:
            self._pointer_found(held, how)
        reference = self.reference()
        assert reference is not None
        if not held.pointer and self._piece_of_pointer(held, reference, img):
            held.pointer = True
        why = None if held.pointer else self._regions_doing(t, cells, reference, img)
        self.quiet = (t, img, frame)  # (after: the captions' area is judged against the last)
        if why is not None:
            self.log(t, "drop", why)
            for picture in (self.kept, p.image if p is not None else None):
                if picture is not None:
                    copy_cells(picture, img, cells)
            return []
        self.small.append(held)
        self.log(t, "pointer" if held.pointer else "hold", describe(found))
        return []

    def _cut(
        self,
        found: list[Blob],
        t: float,
        img: np.ndarray,
        frame: Any,
        core: np.ndarray,
        base: Any,
        over: np.ndarray | None,
        first_seen: float | None,
        stood: float | None,
    ) -> Held:
        """The change of the blobs `found`, held as it settled at `t`, its look cut at full
        resolution against `base` (the frame of the picture it came over)."""
        cells = cells_of(found, self.grid)
        held = Held(t, cells, cells & core, img.copy(), frame, since=first_seen, stood=stood)
        held.over, held.regions = over, self.regions.mask()
        self.looks.take_look(held, base, self.grid)  # (some pixel stands out: `_refined`)
        return held

    def _pointer_beside(
        self, found: list[Blob], cut: tuple[Any, ...], base: Any, grows: bool
    ) -> list[Blob] | None:
        """A change of several blobs, not the pointer as a whole, judged blob by blob: the
        blobs that are the pointer on their own (`_pointer_by`: the pointer resting beside a
        line being typed, as an arrow or an I-beam) are held as the pointer, and the rest
        returned, to be judged as the change; None when none of them, or all, are (a build of
        two labels is one change). `cut`: how each part is cut (`_cut`), against `base`."""
        judged = []
        for blob in found:
            part = self._cut([blob], *cut)
            judged.append((blob, part, self._pointer_by(part, [blob], base, grows)))
        rest = [blob for blob, _, how in judged if how is None]
        if not rest or len(rest) == len(found):
            return None
        for blob, part, how in judged:
            if how is not None:
                self._pointer_found(part, how)
                self.small.append(part)
                self.log(part.time_s, "pointer", f"{describe([blob])}, beside a change")
        return rest

    def _pointer_by(self, held: Held, found: list[Blob], base: Any, grows: bool) -> str | None:
        """Why the held change (the blobs `found`) is the pointer: "known" by a look it had,
        "came" (a new look that could be the pointer's and moved there), "stepped" (a thing
        that could be the pointer, stepped there from beside it, unseen at the analysis size:
        `looks.stepped`, cut around the held blocks and those next to them where small things
        changed since `settle_s` before it was first seen, in a recording where the pointer was
        seen moving), or None. Neither of the last two
        is the caret a terminal's line steps ahead of it, when the provisional line grows
        (a character typed again beside the one before is the same glyph a step on)."""
        if self.looks.knows(held):
            return "known"
        p = self.provisional
        if grows and p is not None and self._continues(self._line(p), held.cells, since_of(held)):
            return None
        if (
            held.look is not None
            and self.looks.could_be(held.look, part_looks(held.frame, base, found, self.grid))
            and (
                self.motion.arrived(held.cells, self._showing(held))
                or self.motion.jumped(held.cells, since_of(held), held.time_s)
            )
        ):
            return "came"
        if not self.motion.seen:
            return None  # (no pointer seen moving: a glyph replaced by a like one is a build)
        since = since_of(held) - self.tuning.settle_s
        around = held.cells | (dilate(held.cells) & self.motion.trailed(since, held.time_s))
        if self.looks.stepped(held, base, self.grid, around):
            return "stepped"
        return None

    def _showing(self, held: Held) -> float:
        """When the held change first showed (`Recent.showing`): the pointer moved there by
        then, or it is no pointer's (a build faded in before the pointer came over it)."""
        ref = self.reference()
        assert ref is not None
        return self.recent.showing(since_of(held), held.time_s, ref, held.cells, self.tuning.weak)

    def _known_before(self, held: Held, p: Held | None) -> str | None:
        """Known: the held change with no look cut against the picture of the small change
        held beside it (that picture shows it already: the pointer came to rest before the
        place it left settled), cut against the picture before (the provisional state's, else
        the kept one's), is the pointer by a look it had (`knows`: only so; what else showed
        by then, a line typed, stays what it was judged); its look is then that one."""
        earlier = p.frame if p is not None else self.kept_frame
        again = Held(held.time_s, held.cells, held.core, held.image, held.frame)
        self.looks.take_look(again, earlier, self.grid)
        if again.look is None or not self.looks.knows(again):
            return None
        held.look, held.whole, held.box, held.offset = (
            again.look,
            again.whole,
            again.box,
            again.offset,
        )
        return "known"

    def _pointer_found(self, held: Held, how: str) -> None:
        """The held change is the pointer (`_pointer_by`): known by its look, it rests there;
        come in a new look, that look is learned."""
        held.pointer = True
        if how == "known":
            self.looks.rested(held)
        else:
            self.looks.learn_held(held)

    def _piece_of_pointer(self, held: Held, reference: np.ndarray, img: np.ndarray) -> bool:
        """Whether `held` is the rest of the pointer found settling just before it: it touches
        that pointer, held no more than `settle_s` earlier, the two together are no bigger
        than the pointer, and the reference had at least `PLAIN` of the structure there now
        (what left showed what was under it: a highlight disc lifting off a line of text; a
        glyph typed beside a resting pointer comes over plain background)."""
        for other in self.small:
            if not other.pointer or held.time_s - other.time_s > self.tuning.settle_s:
                continue
            joined = other.cells | held.cells
            if not (dilate(other.cells) & held.cells).any() or not fits(joined, self.motion.size):
                continue
            if already_stood(reference, img, held.cells):
                return True
        return False

    def _beside(self, img: np.ndarray) -> Held | None:
        """The latest small change held since the reference that `img` still shows: a change
        settling now came over the picture as it stood then. Its look is cut against that
        picture (a word typed on the line below one held is cut without that line: with it,
        the two lines' ends are as tall as a pointer, and moved there as typing does), and it
        went back when that picture shows again (a pointer resting over a smear the encoder
        left is no build once it moves on)."""
        p, reference = self.provisional, self.reference()
        for held in reversed(self.small):
            if p is not None and held.time_s <= p.time_s:
                break
            if reference is not None and still_there(
                held, reference, img, self.tuning.weak, self.mask
            ):
                return held
        return None

    def _follow_small(
        self,
        img: np.ndarray,
        frame: Any,
        transition: bool,
        diff: np.ndarray,
        moving: np.ndarray | None,
    ) -> list[Keep]:
        """Small changes that went back (the pointer moved off) are dropped; one replaced by
        something else where it was (a digit by the next), once that held still, was content
        that lasted until then, if it had stood `settle_s` before its blocks began changing
        (the edge of a pointer moving inside an active region, poking out of it for a sample,
        did not); one still there, unchanged, with more beside it over its blocks
        (a word typed on) grew: dropped, and judged again as a whole. `diff`:
        block_diff(reference, img); `moving`: blocks that changed in the last `settle_s`."""
        ref = self.reference()
        assert ref is not None
        kept, replaced, taken_back = [], [], []
        for held in self.small:
            if not (held.cells & ~self.mask).any() and not (transition and self._swept(held)):
                continue  # inside an active region
            there = still_there(held, ref, img, self.tuning.weak, self.mask, diff)
            if there and (held.seen is not None or self.resumed_t > held.time_s):
                held.seen = self.prev_t  # (seen across a stretch not watched: it lasted so)
            if there or (transition and not held.pointer):
                kept.append(held)  # (during a transition: judged once it settles, `_resolve`)
                continue
            if held.pointer:
                continue
            back = self._back(held, img, diff)
            if back and self._taken_back(held):
                taken_back.append(held)
                continue
            if not back and moving is not None and moving[held.cells].any():
                if held.touched is None:
                    held.touched = self.prev_t
                kept.append(held)  # what replaces it is still moving (the pointer leaving a
                continue  # rest, slowly at first): judged once it has held still
            if not back and self._grew_over(held, frame):
                self.log(held.time_s, "drop", "a build still growing (typing): it grew on")
                continue
            until = stood_until(held, self.prev_t)
            if not back and until is not None and self.clock.again(held.time_s, until):
                self.log(held.time_s, "drop", "a clock's minute: it turned again, a minute on")
                continue
            if not back and self._lasted(held, until):
                replaced.append(held)
                continue
            self.log(held.time_s, "drop", "the small change went away or moved on")
            if held.look is not None and self._lasted(held, self.prev_t):
                self.looks.learn_held(held)  # it rested, then moved on: the pointer
        self.small = kept if not replaced and not taken_back else []
        out = self._before(replaced + taken_back)
        for held in replaced:
            out.append(self._confirm(held, "a small change that lasted until replaced"))
        if taken_back:  # (taken back together: one state, whose latest picture shows them all)
            last = max(taken_back, key=lambda h: h.time_s)
            out.append(self._confirm(last, "a small change that lasted until taken back"))
        return out

    def _swept(self, held: Held) -> bool:
        """Whether a held change (not the pointer) lies outside the regions there were when
        the change under way was first seen, but for overlays: a slide's own region learned
        over it since is that change's (a slide cut to whose clip plays where a build was
        held), which took it away with the picture around it, not its doing; it is judged
        without it, once that change settles (`Hindsight._resolve`)."""
        return not held.pointer and bool((held.cells & ~self._mask_then(self.regions_then)).any())

    def _mask_then(self, then: np.ndarray) -> np.ndarray:
        """The mask a held change is judged under once the change replacing it (first seen when
        the regions were `then`) settles: but for a slide's own regions learned since (`inner`:
        no overlay — a webcam plays across a slide change, and what it did before is its)."""
        return self.mask & ~(self.regions.inner() & ~then)

    def _taken_back(self, held: Held) -> bool:
        """Whether a small change that went back was content taken back (a build undone, a
        return to the slide before that differs there only): it did not come moving, lasted
        longer than the pointer rests between strokes, and nothing small moved near it as it
        went (the pointer moves off; a slide's change is made where nothing moves)."""
        if self.prev_t is None or self.motion.arrived(held.cells, held.time_s):
            return False
        if self.prev_t - _still_since(held) < self.tuning.pointer_rest_s:
            return False
        moved = dilate(self.motion.over(self.prev_t, self.tuning.settle_s))
        return not moved[held.cells].any()

    def _back(self, held: Held, img: np.ndarray, diff: np.ndarray) -> bool:
        """Whether the picture shows again, where the held change was, what it came over."""
        outside, weak = held.cells & ~self.mask, self.tuning.weak
        if diff[outside].max(initial=0.0) <= weak:
            return True
        return held.over is not None and block_diff(held.over, img)[outside].max() <= weak

    def _before(self, confirmed: list[Held]) -> list[Keep]:
        """The provisional change, before small ones confirmed after it: dropped if they
        continued its line, else a state first (it lasted until them), in time order."""
        p = self.provisional
        if p is None or not confirmed or p.time_s >= confirmed[0].time_s:
            return []
        self.provisional = None
        line = self._line(p)
        if any(self._continues(line, h.cells, since_of(h)) for h in confirmed):
            self.log(p.time_s, "drop", "a build still growing (typing): more came beside it")
            return []
        quiet = self.quiet[1] if self.quiet is not None else None
        if quiet is None or self.kept is None:
            return []
        if not still_there(p, self.kept, quiet, self.tuning.weak, self.mask):
            self.log(p.time_s, "drop", "it went back, or became an active region")
            return []
        return [self._confirm(p, "new state")]

    def _lasted(self, held: Held, img_time: float | None) -> bool:
        """Whether a small change stayed `settle_s` after it settled: a caret's blink or a
        click ripple does not; a resting pointer or a build does. One seen as it is across a
        stretch not watched (keyframes seconds apart, alike) stood still since the first."""
        return img_time is not None and img_time - _still_since(held) >= self.tuning.settle_s


def _still_since(held: Held) -> float:
    """Since when the held change has stood as it is (seen alike across a stretch not
    watched: since the first of those pictures)."""
    return held.time_s if held.stood is None else min(held.time_s, held.stood)
