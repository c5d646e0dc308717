"""What keeping a state does, and what is withdrawn at the end: the tracker's part that writes
its decisions down.

A state kept becomes the picture new changes are judged against (the regions' live parts
followed there), scored by how much it differs from the last (`distance` under the block rule,
through the mask); the captions, notifications, clock and pointer's looks are told, since each
may prove later that the state was theirs (a caption's line changed on, a notification taken
away, a minute turned again, the pointer seen with that look): those states, and the ones a
change settled just after before they held still (`superseded`), are *withdrawn* at the end.
`Keeping` is a mixin of `Tracker`, which owns the state it reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from peepshow_core.frames.diff import BlockRule, distance
from peepshow_core.frames.slides.blocks import block_diff, copy_cells
from peepshow_core.frames.slides.fields import TrackerFields
from peepshow_core.frames.slides.pointer import Held
from peepshow_core.frames.slides.states import Keep

_SCORE_RULE = BlockRule()


class Keeping(TrackerFields):
    """Keeping states and withdrawing them (see the module docstring)."""

    def _confirm(self, held: Held, why: str, doubted: bool = True) -> Keep:
        """Keep `held` as a state; a small one `doubted` may be withdrawn at the end if the
        pointer proves to have had its look (`PointerLooks.doubt`)."""
        assert self.kept is not None
        self.views.whole = None
        score = max(0.01, distance(block_diff(self.kept, held.image), _SCORE_RULE, self.mask))
        self.log(held.time_s, "keep", why)
        if held.large:
            size = self._pointer_places()
            path, motion = self.pointer_path, self.tuning.motion
            self.notices.kept(held.time_s, held.cells, self.kept, held.image, path, size, motion)
        self.kept = held.image.copy()
        if self.last is not None:
            copy_cells(self.kept, self.last[1], self.regions.core())
        self.kept_frame, self.kept_s = held.frame, held.time_s
        self.captions.confirmed(held.time_s, held.cells)
        if not held.large and not held.pointer and doubted:
            self.looks.doubt(held)
            self.clock.confirmed(held.time_s)
        return Keep(held.time_s, held.image, held.frame, score, why)

    def withdrawn(self) -> list[float]:
        """When the states kept that were the pointer after all settled (`PointerLooks.doubt`),
        or a clock's minute (`MinuteClock`), or captions (`Captions`), or notifications
        (`Notices`), or that a change settled just after before they held still
        (`superseded`): their frames are withdrawn at the end."""
        out: list[float] = []
        for times, why in (
            (self.looks.withdrawn, "the small change kept was the pointer: it had that look since"),
            (self.clock.withdrawn, "the small change kept was a clock's minute: it turned again"),
            (self.captions.withdrawn, "the change kept was a caption: the line changed on"),
            (self.notices.withdrawn, "the change kept was a notification: it was taken away"),
            (self.superseded, "a change settled just after, before it held still"),
        ):
            for t in times:
                self.log(t, "withdraw", why)
            out += times
        return out

    def _keep(self, t: float, img: np.ndarray, frame: Any, why: str) -> Keep:
        score = 1.0
        if self.kept is not None:
            score = max(0.01, distance(block_diff(self.kept, img), _SCORE_RULE, self.mask))
        self.kept, self.kept_frame, self.kept_s = img.copy(), frame, t
        self.views.whole = None
        self.provisional, self.small, self.pending_since = None, [], None
        self.quiet = (t, img, frame)
        self.log(t, "keep", why)
        return Keep(t, img, frame, score, why)
