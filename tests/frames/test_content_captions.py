"""Captions shown word by word keep a slide change from settling (`ContentWatch`, round 67).

Caption tools for social video show a cue's words one at a time, a word every third of a
second, the next cue at once after the last: the line at the picture's foot changes again
and again, and the tracker's change under way (a slide change settling, a build) never
settles while they come. All that moves is on that line: a still screen's own, no camera
footage (a caption draw's slides after a fade were covered as camera footage to the video's
end: s6400, two slides missed on both paths). The same words coming in the slide's middle,
beyond the line, count as before (`foot.on_a_line` decides)."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.content import Seen
from tests.frames.test_content_stretches import (
    FPS,
    NO_REGIONS,
    SIZE,
    STEP,
    kinds,
    slide,
    still,
    watched_seeing,
)

WORD_S = 0.33  # a word every third of a second
CUE_WORDS = 6  # ... six to a cue, the next cue at once
FOOT_ROW = 150  # pixels: a line in the picture's bottom sixth (22 block rows: 18-19)
MIDDLE_ROW = 70  # ... or in the slide's middle


def words_coming(seconds: float, row: int) -> list[np.ndarray]:
    """A slide whose band around `row` is plain, words coming on a line there one by one, cue
    after cue (each word a dark bar of glyph height; a cue cleared as the next one begins)."""
    page = slide(2)[: SIZE[0]].copy()
    page[row - 6 : row + 16] = 235
    rng = np.random.default_rng(5)
    out = []
    shown: list[tuple[int, int]] = []
    every = round(WORD_S * FPS)
    for i in range(round(seconds * FPS)):
        if i % every == 0:
            if len(shown) == CUE_WORDS:
                shown = []
            x = shown[-1][1] + 6 if shown else 40
            shown.append((x, x + int(rng.integers(14, 30))))
        img = page.copy()
        for x0, x1 in shown:
            img[row : row + 9, x0:x1] = 40
        out.append(img)
    return out


@pytest.mark.parametrize(("row", "camera"), [(FOOT_ROW, False), (MIDDLE_ROW, True)])
def test_words_coming_at_the_foot_while_a_change_is_under_way_are_no_camera_footage(
    row: int, camera: bool
) -> None:
    change, length = 6.0, 14.0
    pictures = still(1, change) + words_coming(length, row)
    watch, _ = watched_seeing(
        pictures, lambda t, _: Seen(NO_REGIONS, change if t >= change else None)
    )
    if not camera:
        assert kinds(watch) == [False], watch.stretches
        return
    assert kinds(watch)[:2] == [False, True], watch.stretches
    assert abs(watch.stretches[1][0] - change) <= STEP, watch.stretches
