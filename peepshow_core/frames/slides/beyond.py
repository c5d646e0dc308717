"""Changes beyond a region's blocks that are still its doing: a clock's next digit turning
beside the digit learned ticking (`next_digit`), and a webcam's picture beyond the blocks
learned playing (`overlay_edge`). The regions learn a region from the blocks that change on
their own; a clock's tens digit turns once a minute, and a calm webcam's wall, its presenter's
shoulders and the pointer resting on it change seldom or little: never learned, they are
judged here when a change settles there, and healed into the reference, never held."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.blocks import already_stood, dilate
from peepshow_core.frames.slides.regions import ActiveRegions
from peepshow_core.frames.windows import framed_box, outline_holds, over_background


def next_digit(
    regions: ActiveRegions, cells: np.ndarray, before: np.ndarray, img: np.ndarray
) -> bool:
    """Whether a small change (`cells`, from `before` to `img`) lies right beside a
    pointer-sized region, where something already stood (a glyph replaced by another, not one
    written on plain background): a clock's tens digit turning as its seconds roll over. Text
    typed at a caret is written on plain background, and stays content."""
    ticking = regions.small()
    if not ticking.any() or (cells & ~dilate(ticking)).any():
        return False
    return already_stood(before, img, cells)


def overlay_edge(
    regions: ActiveRegions, cells: np.ndarray, before: np.ndarray, img: np.ndarray
) -> bool:
    """Whether a change (`cells`, from `before` to `img`) is an overlay's picture beyond the
    blocks learned playing: it lies within the frame on `img` of an overlay's rectangle of any
    size (`framed_box`), and none of its blocks was the slide's plain background
    (`over_background`: a rectangle learned with its bleed reaches past its picture, and a
    line written right under a meeting's strip of cameras would lie in the frame found,
    joined to the speaker's border). The regions learn a webcam where its presenter moves: a
    calm one only where the eyes blink and the mouth talks, a pointer-sized rectangle; its
    wall, the presenter's shoulders shifting on it and the pointer resting on it are its
    picture. A frame holds no plain slide background between it and the rectangle learned: a
    word written beside the webcam, or in a box where a spinner turns, lies outside it and is
    content. Where the frame lies beyond the reach of the rectangle learned, the picture
    around it is its outline instead (`outline_holds`: a round webcam has no straight edges),
    for a rectangle bigger than the pointer (`ActiveRegions.big`), or for any while the
    overlays are being learned (`ActiveRegions.learning`); later, a pointer-sized overlay may be
    a caret blinking in a stage's shrunk screen, and the slide changing there is no picture of
    it: its outline only where round (a round webcam learned where its eyes blink). An
    overlay's piece joined with others (`overlay_parts`: a calm webcam learned pointer-sized
    two blocks off a clip's corner, grouped with the clip) is judged as an overlay of its own
    too: the frame or outline of the two together is no picture's."""
    if over_background(before, cells):
        return False
    for box in [*regions.overlays(), *regions.overlay_parts()]:
        y0, y1, x0, x1 = framed_box(img, box)
        inside = np.zeros_like(cells)
        inside[y0:y1, x0:x1] = True
        if not (cells & ~inside).any():
            return True
        any_shape = regions.learning() or regions.big(box)
        if outline_holds(img, box, cells, round_only=not any_shape):
            return True  # (no straight edges: any shape early or bigger, a round one later)
    return False
