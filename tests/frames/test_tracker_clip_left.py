"""A clip plays on a slide; the slide changes, and the clip goes with it; builds are written
where it was. A region seen to stop playing that left the slide's plain background there is
content again at once (`shots.gone`). Before round 64 it kept its blocks until they had been
quiet for `region_quiet_s`: a sample seconds after the last (the fast path skipping a GOP)
counted any change since as playing, the pointer moved across the rectangle made the clip
play again, and the builds written there were taken for its picture: missed. So too for a
clip playing from the opening, learned as an overlay as a webcam is (the second generator's
i522, fast path only); a webcam lies on top of the slides and shows its picture after a
slide change."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides import shots
from peepshow_core.frames.slides.regions import ActiveRegions
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
CUT = 10.0  # the slide changes, and the clip with it
BUILDS = (12.0, 16.0)  # lines written where the clip was
GAP = (13.0, 15.5)  # no sample in between (a GOP the fast path skipped)
END = 20.0
CAM = (slice(136, 176), slice(264, 312))  # the webcam, bottom right


def _texture(seed: int, h: int, w: int) -> np.ndarray:
    coarse = np.random.default_rng(seed).integers(40, 210, (h // 8 + 1, w // 8 + 1))
    return np.kron(coarse, np.ones((8, 8)))[:h, :w].astype(np.uint8)


SCENE = _texture(3, 96, 320)  # the clip pans across it


def picture(t: float, start: float) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    img[10:16, 16 : 160 if t < CUT else 220] = 40  # the title (the next slide's longer)
    if start <= t < CUT:
        shift = int(20 * t) % 160
        img[32:128, 16:176] = SCENE[:, shift : shift + 160]  # the clip, 26 % of the picture
    else:
        img[40:45, 16:140] = 60  # the next slide's first line, where the clip was
        for n, when in enumerate(BUILDS):
            if t >= when:
                img[64 + 24 * n : 69 + 24 * n, 16:120] = 60
    ys, xs = CAM
    img[ys, xs] = 120 + (np.random.default_rng(int(t * FPS)).integers(0, 40, (40, 48)))
    head = 280 + int(6 * np.sin(3 * t))  # the presenter sways
    img[146:166, head : head + 14] = 200
    px, py = (60, 100) if t < GAP[1] else (100, 80)  # the pointer, moved across the gap
    img[py : py + 9, px : px + 6] = 0
    return img


@pytest.mark.parametrize(
    "start, overlay",
    [(0.0, True), (2 * TUNING.learn_s, False)],
    ids=["from-the-opening-an-overlay", "started-later-the-slides"],
)
def test_the_builds_written_where_the_slides_clip_was_are_states(
    start: float, overlay: bool
) -> None:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept: list[float] = []
    learned: set[bool] = set()
    for n in range(round(END * FPS)):
        t = n / FPS
        if GAP[0] < t < GAP[1]:
            continue
        kept += [k.time_s for k in tracker.feed(t, picture(t, start), None)]
        if t < CUT:
            learned |= {r.overlay for r in tracker.regions.groups() if r.box[1] - r.box[0] > 8}
    kept = sorted(kept + [k.time_s for k in tracker.finish()])
    assert learned == {overlay}, "the premise: the clip is learned as an overlay, or not"
    assert kept and kept[0] < min(start, CUT) + 1, kept
    assert len([t for t in kept if CUT <= t < CUT + 2]) == 1, kept
    for when in BUILDS:
        assert any(when <= t <= when + 2 * TUNING.region_span_s for t in kept), (when, kept)
    assert len(kept) == 2 + len(BUILDS), kept


def test_a_line_at_the_foot_that_stops_is_not_gone() -> None:
    """Captions not learned yet are a region on a line at the picture's foot that leaves the
    slide's background between its cues and comes back (the caption draw's s6400: forgotten
    between two cues, the next one was kept as a state); a clip's place on the slide is gone
    once it stops there."""
    regions = ActiveRegions((H // 8, W // 8), TUNING)
    plain = np.full((H, W), 235, np.uint8)
    clip, line = (slice(4, 12), slice(2, 20)), (slice(20, 22), slice(8, 32))
    for cells in (clip, line):
        regions.active[cells] = True
        regions.playing[cells] = True
    assert not shots.gone(regions, plain).any(), "both play"
    regions.playing[:] = False
    gone = shots.gone(regions, plain)
    assert gone[clip].all() and not gone[line].any()
    assert not shots.gone(regions, plain).any(), "judged once, as they stop"


def test_a_picture_half_plain_where_a_region_stopped_is_not_gone() -> None:
    """A calm webcam stops playing and still shows its picture: half its rectangle the wall
    (at most 0.43 of a webcam's rectangle was plain in the corpus) is no slide background
    left (`LEFT_SHARE`)."""
    regions = ActiveRegions((H // 8, W // 8), TUNING)
    img = np.full((H, W), 235, np.uint8)
    cam = (slice(4, 12), slice(2, 20))
    img[32:96, 16:160][:, ::2] = 90  # every other column the picture's, the rest the wall
    regions.active[cam] = True
    regions.playing[cam] = True
    shots.gone(regions, img)
    regions.playing[:] = False
    assert not shots.gone(regions, img).any()
