"""The one tuning object of the slides strategy: every value it decides with, named and explained.

It is recorded in the payload's `strategy_params`. Each value is pinned by a unit test (its half
and its double change a tested outcome) or by `make eval` (docs/ACCURACY.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SlidesTuning:
    # --- compression noise (mean |difference| of an 8x8 block of the analysis image, 0..255) ---
    strong: float = 10.0
    """A block that changed more than this changed for real (a word appeared); compression
    noise and an encoder's quality pulse at a keyframe stay far below it (about 1)."""
    weak: float = 5.0
    """A block that changed more than this belongs to a change around a strong block. Half of
    it is *motion*: what settling and self-changing regions are judged by."""

    # --- transitions ---
    settle_s: float = 0.5
    """A new picture must hold still this long before it counts: fades, dissolves, pushes,
    wipes, scrolls and build animations have ended by then."""
    wide_share: float = 0.3
    """A change covering more than this share of the frame is a transition (never evidence of a
    self-changing region, and never one itself)."""

    # --- regions that change on their own: webcam, playing clip, clock, caret ---
    region_span_s: float = 2.0
    """A block that changed on its own again and again over at least this long (longer than
    any transition), or without a pause for this long, is an active region. A new large change
    is likewise confirmed as a state only once it has stayed put this long (or lasted until the
    next change): a clip starting is not one."""
    region_pause_s: float = 1.0
    """Changes separated by a longer pause are separate events (a build or a scroll after
    another), not one region's activity."""
    region_quiet_s: float = 4.0
    """An active block unchanged for this long is content again."""

    # --- the pointer and other overlays ---
    overlay_blocks: int = 3
    """A change that fits in a square of this many blocks may be the pointer (arrow, I-beam or
    hand, at 1x or 2x): it is a state only once hindsight shows it stayed put."""

    # --- learning ---
    learn_s: float = 3.0
    """The first seconds are decoded frame by frame: the noise model learns the webcam and the
    pointer, and (the `auto` strategy) the video is judged screen or camera content."""

    # --- sampling ---
    sample_fps: float = 15.0
    """Frames closer together than this rate are not analysed."""

    @property
    def motion(self) -> float:
        """Block change that counts as motion (settling, self-changing regions)."""
        return self.weak / 2

    def as_params(self) -> dict[str, float]:
        return dict(asdict(self))
