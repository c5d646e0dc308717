"""Captions written word by word (a word every few tenths of a second) keep the picture from
holding still at the speech's pace until they are learned. A change under way that still
moves only on a line at the picture's foot is captions being written, not a camera's shot
(`Tracker.captions_written`); before round 64 a slide faded in under such captions was taken
for a camera shot from where the fade began once it had not settled for most of a window
(the caption draw's s6400, s6407): its own state was missed, coverage frames came instead."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning
from tests.frames.test_route_unsettled import FPS, W, routed, slide

TUNING = SlidesTuning()
WORD_S = 0.4  # a word written every this long (caption tools: 0.2-0.45 s)
FOOT = 164  # the caption line's top row (the picture is `H` = 184 rows)
SPOKEN_S = 0.3  # the first word shows this long after the fade ended (before the slide settled)


def words(t: float) -> np.ndarray | None:
    """The caption line at `t` s after its first word: cues of six words, each word a glyph
    block of its own, the line centred (each word moves the ones before it), the next cue
    replacing it at once; None when no cue shows."""
    if t < 0:
        return None
    cue, shown = divmod(int(t / WORD_S), 6)
    glyphs = np.random.default_rng(cue).integers(20, 90, (10, 6 * 26)).astype(np.uint8)
    width = (shown + 1) * 26
    line = np.full((12, W), 0, np.uint8)  # (a dark box behind the text)
    left = (W - width) // 2
    line[1:11, left : left + width] = glyphs[:, :width] + 140
    return line


def faded(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
    return np.round(a * (1 - k) + b * k).astype(np.uint8)


@pytest.mark.parametrize("fade_s", [0.0, MAX_TRANSITION_S])
def test_a_slide_faded_in_under_words_written_is_no_camera_shot(fade_s: float) -> None:
    first, second = slide(1), slide(2)
    change, lasting = 6.0, 14.0  # the slide change begins; the captions go on this long
    pictures = []
    for n in range(int((change + fade_s + lasting) * FPS)):
        t = n / FPS
        k = min(1.0, max(0.0, (t - change) / fade_s)) if fade_s else float(t >= change)
        img = faded(first, second, k)
        line = words(t - change - fade_s - SPOKEN_S)
        if line is not None:
            img[FOOT : FOOT + 12] = line
        pictures.append(img)
    watch, sink = routed(pictures)
    assert not any(camera for _, camera in watch.stretches), watch.stretches
    assert any(t < change for t in sink.times), sink.times
    settled = change + fade_s
    limit = TUNING.settle_s + TUNING.region_span_s + TUNING.region_pause_s
    assert any(settled <= t <= settled + limit for t in sink.times), sink.times
    assert len(sink.times) == 2, "the two slides, nothing for the captions"
