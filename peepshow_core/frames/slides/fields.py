"""What the tracker holds, declared once for the mixins that read it.

`Tracker` is built from mixins, one job each (`Keeping`, `Hindsight`, `SmallChanges`, `Lines`,
`RegionsDoing`, `CaptionTurns`, `TakenAway`, `Leaving`, `Opening`); every one of them reads the
state `Tracker._begin` sets. `TrackerFields`, the last base of each, names that state and the
few tracker methods they call, for the type checker only: at run time it holds nothing, so it
shadows none of the mixins' own methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from peepshow_core.frames.slides.captions import Captions
    from peepshow_core.frames.slides.chrome import MinuteClock
    from peepshow_core.frames.slides.edges import RegionEdges
    from peepshow_core.frames.slides.looks import PointerLooks
    from peepshow_core.frames.slides.motion import Motion
    from peepshow_core.frames.slides.moved import OverlayPictures
    from peepshow_core.frames.slides.notices import Notices
    from peepshow_core.frames.slides.pointer import Held, Look
    from peepshow_core.frames.slides.recent import Recent
    from peepshow_core.frames.slides.regions import ActiveRegions
    from peepshow_core.frames.slides.states import Keep, Log, Sample
    from peepshow_core.frames.slides.tuning import SlidesTuning
    from peepshow_core.frames.slides.zoom import Views


class TrackerFields:
    """The tracker's state, as its mixins read it (set in `Tracker._begin`)."""

    tuning: SlidesTuning
    grid: tuple[int, int]
    log: Log
    # the noise model
    regions: ActiveRegions
    edges: RegionEdges
    overlays: OverlayPictures
    unmasked: np.ndarray  # blocks of the regions' ring where content showed
    looks: PointerLooks
    motion: Motion
    clock: MinuteClock
    captions: Captions
    notices: Notices
    views: Views
    # the states
    kept: np.ndarray | None
    kept_frame: Any
    kept_s: float | None  # when the state kept last settled
    superseded: list[float]  # states kept that a change settled just after: withdrawn
    provisional: Held | None
    small: list[Held]
    recent: Recent
    # the samples
    prev_t: float | None
    pending_since: float | None  # when the change under way was first seen
    regions_then: np.ndarray  # ... the regions' mask then (`Hindsight._swept`)
    resumed_t: float  # the first sample after the last stretch not watched
    quiet: Sample | None  # the last sample that showed no new change
    last: Sample | None
    pointer_path: np.ndarray  # where the pointer moved in the last settle_s
    opening: list[tuple[float, np.ndarray]]  # the samples before the first state
    look_seen_t: float  # when a look last held two moving steps running
    moving_looks: list[Look]  # the looks cut from what moved in the last step

    if TYPE_CHECKING:  # the tracker's own (not defined here, where they would shadow a mixin's)

        @property
        def mask(self) -> np.ndarray: ...

        def reference(self) -> np.ndarray | None: ...

        def _seen_at(self, t: float) -> np.ndarray | None: ...

        def _viewed(self, t: float, img: np.ndarray, since: float | None = None) -> bool: ...

        def _differs(self, a: np.ndarray, b: np.ndarray, ignore: np.ndarray) -> bool: ...

        def _pointer_places(self) -> int: ...

        def _confirm(self, held: Held, why: str, doubted: bool = True) -> Keep: ...
