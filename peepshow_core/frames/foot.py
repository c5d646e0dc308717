"""The picture's foot, where burned-in captions lie: a line or two (`CAPTION_ROWS` of the
picture's height at most) within `CAPTION_BAND` of its bottom edge (`on_a_line`). Asked by the
slides tracker (a caption turn; a region there is never gone: captions not learned yet leave
the background between their cues) and by the content watch (words coming one by one on a
line there keep a change from settling, and are no camera footage). Below both, so neither
imports the other for it."""

from __future__ import annotations

import numpy as np

CAPTION_BAND = 1 / 3  # burned-in captions lie within this share of the picture's height from
# its bottom edge (a big margin, two lines: 0.3), centred on a line or two ...
CAPTION_ROWS = 0.25  # ... a change of one spans at most this share of it (two lines, their box)


def on_a_line(cells: np.ndarray) -> bool:
    """Whether the blocks `cells` lie on a line or two (`CAPTION_ROWS` of the picture's height
    at most) within `CAPTION_BAND` of its bottom edge."""
    rows = np.nonzero(cells.any(axis=1))[0]
    if not len(rows):
        return False
    height = cells.shape[0]
    if rows.max() - rows.min() + 1 > max(1, round(CAPTION_ROWS * height)):
        return False
    return bool(rows.min() >= height - round(CAPTION_BAND * height))
