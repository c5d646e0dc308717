"""A clip big enough that its cut to the next shot changes more than `wide_share` of the frame:
a change that lies wholly within the regions playing is theirs, however wide, and no
transition. Taken for one, the clip playing on after it was an overlay (`ActiveRegions.
_crossed_by`, a region that played across a frame-wide change), joined with the webcam a block
away into one rectangle, and a line typed beside the webcam was masked with them."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
WEBCAM = (slice(16, 72), slice(8, 104))  # on from the first picture: an overlay
CLIP = (slice(88, 176), slice(8, 296))  # 43 % of the frame, a block below the webcam
LINE = (slice(32, 40), slice(128, 208))  # typed beside the webcam, clear of its ring
CLIP_START = TUNING.learn_s + TUNING.region_span_s + 1.0  # (after the opening: the slide's own)
SHOT_S = 2.0  # the clip cuts to its next shot this often
TYPED = CLIP_START + 4.5 * SHOT_S  # the line is typed between two cuts
END = TYPED + 4.0


def picture(t: float) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    img[8:12, 112:300] = 40  # a title
    rng = np.random.default_rng(int(t * 4))  # the webcam: a new picture every 0.25 s
    img[WEBCAM] = rng.integers(60, 200, (56, 96), dtype=np.uint8)
    if t >= CLIP_START:  # each shot its own brightness, flickering twice a second: as it
        # was `settle_s` before, so it is learned (zigzags) and never frame-wide but at its
        # cuts (until it is learned it looks settled at each sample: the tracker keeps a few
        # pictures of it starting, as the code before did; not what is judged here)
        shot = int((t - CLIP_START) // SHOT_S)
        wave = 6 * np.sin(2 * np.pi * (2.0 * t + np.arange(CLIP[1].start, CLIP[1].stop) / 64))
        img[CLIP] = ((40, 120, 200)[shot % 3] + wave).astype(np.uint8)
    if t >= TYPED:
        img[LINE] = 40
    return img


def blocks(area: tuple[slice, slice]) -> tuple[slice, slice]:
    ys, xs = area
    return slice(ys.start // 8, ys.stop // 8), slice(xs.start // 8, xs.stop // 8)


def run() -> tuple[Tracker, list[float]]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept: list[float] = []
    for n in range(round(END * FPS)):
        t = n / FPS
        kept += [k.time_s for k in tracker.feed(t, picture(t), None)]
    kept += [k.time_s for k in tracker.finish()]
    return tracker, kept


def test_a_big_clip_cutting_is_the_slides_own_region_not_an_overlay() -> None:
    tracker, _ = run()
    regions = tracker.regions
    assert regions.overlay[blocks(WEBCAM)].any(), "the webcam is an overlay"
    assert regions.active[blocks(CLIP)].any(), "the clip is a region"
    assert not regions.overlay[blocks(CLIP)].any(), "its cuts are no frame-wide change"


def test_a_line_typed_beside_the_webcam_while_a_big_clip_plays_is_a_state() -> None:
    tracker, kept = run()
    assert not tracker.mask[blocks(LINE)].any()
    after = [t for t in kept if t >= TYPED]
    assert after and after[0] < TYPED + 1.0, kept


EDGE_CLIP = (slice(95, 176), slice(8, 296))  # its top pixel row falls into block row 11
BAND = slice(95, 104)  # its top band: nothing moves in it, it changes only at the clip's cuts


def banded_picture(t: float, clip: tuple[slice, slice], band: slice) -> np.ndarray:
    """A slide with a big clip alone: the clip flickers (learned) but for its `band` of rows,
    which changes only at its cuts."""
    img = np.full((H, W), 235, np.uint8)
    img[8:12, 112:300] = 40  # a title
    shot = int(t // SHOT_S)
    level = (40, 120, 200)[shot % 3]
    wave = 6 * np.sin(2 * np.pi * (2.0 * t + np.arange(clip[1].start, clip[1].stop) / 64))
    img[clip] = (level + wave).astype(np.uint8)
    img[band, clip[1]] = level
    return img


def run_banded(clip: tuple[slice, slice], band: slice) -> tuple[Tracker, list[float]]:
    """Eight of the clip's shots; the states kept once its flicker was learned."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept: list[float] = []
    end = TUNING.learn_s + 8 * SHOT_S
    for n in range(round(end * FPS)):
        t = n / FPS
        kept += [k.time_s for k in tracker.feed(t, banded_picture(t, clip, band), None)]
    kept += [k.time_s for k in tracker.finish()]
    learned = TUNING.learn_s + TUNING.region_span_s + SHOT_S  # (the clip's flicker learned)
    return tracker, [t for t in kept if t > learned]


def test_a_big_clips_cut_changing_the_block_row_its_edge_falls_into_is_no_state() -> None:
    """A clip of 40 % of the frame whose top band changes only at its cuts and whose top edge
    lies one pixel into the block row above the band's. Each cut changes that row by its
    edge's one pixel (a mean step of 10 across 36 blocks: a line appearing, to the tracker)
    and the band below it: with the clip, wider than `wide_share`, reaching beyond the
    regions, the cut was taken for a transition, the row never learned, and every cut kept a
    state. Beyond the mask only the blocks bordering it changed: the clip's own cut, and the
    row is its picture's."""
    _, kept = run_banded(EDGE_CLIP, BAND)
    assert kept == [], kept


SKY = slice(88, 120)  # the clip's top four block rows: nothing moves in them (a shot's sky)


def test_a_big_clips_cut_changing_its_tall_sky_is_no_state() -> None:
    """A clip of 43 % of the frame whose sky, four block rows tall, changes only at its cuts:
    each cut changes it with the clip, three block rows beyond the mask, touching the clip,
    far less than `CUT_REACH` times its rectangle. Taken for a transition (more than the row
    bordering the mask changed), the sky was never learned and every cut kept a state; it is
    the clip's own cut, and `_cut` takes the sky along."""
    tracker, kept = run_banded(CLIP, SKY)
    assert kept == [], kept
    assert tracker.mask[blocks((SKY, CLIP[1]))].all()
