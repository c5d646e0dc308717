"""A clip that fills close to half a slide, playing from the slide's first picture: every sample
differs from the one `settle_s` before over more than `wide_share` of the frame, all inside the
clip's framed window. Taken for a transition, it was never learned, the slide never held
still, and (`auto`) the stretch was judged camera footage. A change that is that wide only
through windows on a still screen (`shots.in_windows`) is learned as any clip is.

A slide cut around such a clip is still a state: most of the clip's blocks change with it, and
what changed beyond them touches it, but the rectangle they make together is more than
`WINDOW_MAX` of the picture: no window, so not the clip's own cut (`shots._within`)."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides import shots
from peepshow_core.frames.slides.regions import ActiveRegions
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from peepshow_core.frames.windows import WINDOW_MAX

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
CLIP = (slice(40, 144), slice(16, 200))  # 33 % of the frame, framed by a dark line
CUT = 9.0  # the slide changes around the clip (and the clip ends with it)
END = CUT + 4.0
PAN_PX_S = 40.0  # the clip's camera pans this fast (analysis pixels a second)


def _landscape() -> np.ndarray:
    """A smooth procedural landscape, wider than the clip: the pan moves across it."""
    rng = np.random.default_rng(3)
    coarse = rng.integers(40, 210, (14, 120)).astype(np.float32)
    big = np.kron(coarse, np.ones((8, 8), np.float32))
    kernel = np.ones(5, np.float32) / 5
    for axis in (0, 1):
        big = np.apply_along_axis(lambda line: np.convolve(line, kernel, "same"), axis, big)
    return big.astype(np.uint8)


LANDSCAPE = _landscape()


def picture(t: float, clip_plays: bool = True) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    ys, xs = CLIP
    if t < CUT:
        img[24:30, 16:180] = 40  # the title, a block row above the clip's frame
        for row in range(48, 120, 16):  # bullets beside the clip
            img[row : row + 5, 216:300] = 60
        img[ys.start - 2 : ys.stop + 2, xs.start - 2 : xs.stop + 2] = 90  # the clip's frame
        shift = int(PAN_PX_S * t) if clip_plays else 0
        img[ys, xs] = LANDSCAPE[: ys.stop - ys.start, shift : shift + xs.stop - xs.start]
    else:
        img[24:30, 100:300] = 40  # another title, and a table where the clip was: what
        # changed around the clip touches it (8-connected through its frame's block row)
        for row in range(40, 150, 12):
            img[row : row + 4, 16:300] = 70
    return img


def run(clip_plays: bool = True) -> list[float]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept: list[float] = []
    for n in range(round(END * FPS)):
        t = n / FPS
        kept += [k.time_s for k in tracker.feed(t, picture(t, clip_plays), None)]
    kept += [k.time_s for k in tracker.finish()]
    return kept


def test_the_clip_is_wider_than_a_transition_every_sample() -> None:
    """The premise: the clip alone changes more than `wide_share` of the frame from one sample
    to the one `settle_s` later, and its window is at most `WINDOW_MAX` of it."""
    from peepshow_core.frames.slides.blocks import block_diff

    lag = round(TUNING.settle_s * FPS)
    changed = block_diff(picture(2.0 - lag / FPS), picture(2.0)) > TUNING.motion
    assert changed.mean() > TUNING.wide_share
    ys, xs = CLIP
    assert (ys.stop - ys.start + 4) * (xs.stop - xs.start + 4) <= WINDOW_MAX * H * W


def test_a_big_clip_playing_from_the_first_picture_is_learned_and_the_slide_kept_once() -> None:
    kept = run()
    first = [t for t in kept if t < CUT]
    assert len(first) == 1 and first[0] < TUNING.learn_s + TUNING.region_span_s, kept


def test_a_slide_cut_around_a_big_clip_is_a_state() -> None:
    kept = run()
    after = [t for t in kept if t >= CUT]
    assert len(after) == 1 and after[0] < CUT + 1.0, kept


def test_the_same_slide_without_the_clip_playing_is_kept_as_soon() -> None:
    """The control: the slide with its clip still settles at once, and the cut is a state."""
    kept = run(clip_plays=False)
    assert len(kept) == 2 and kept[0] < 1.0 and CUT <= kept[1] < CUT + 1.0, kept


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        ((slice(5, 18), slice(2, 25)), True),  # a clip's window: 37 % of the frame
        ((slice(0, 23), slice(0, 40)), False),  # the whole frame: a cut, a scroll, a push
        ((slice(3, 23), slice(0, 40)), False),  # a page scrolling below a still header
    ],
)
def test_a_wide_change_through_a_window_going_on_is_no_transition(
    box: tuple[slice, slice], expected: bool
) -> None:
    """A change wider than `wide_share` is a window's only if what moved fills a rectangle of
    at most `WINDOW_MAX` of the frame (a page or a slide moving as a whole is wider), and
    only from its second sample on: the first is a transition's (a slide cut to a picture of
    a few boxes starts the regions over, and a webcam playing across it is an overlay)."""
    changed = np.zeros((H // 8, W // 8), bool)
    changed[box] = True
    img = np.full((H, W), 235, np.uint8)
    assert changed.mean() > TUNING.wide_share
    run = shots.BigWindow()
    judged = [run.playing(changed, img, TUNING) is not None for _ in range(3)]
    assert judged == [False, expected, expected]


@pytest.mark.parametrize(("shift", "same"), [(7, True), (11, False)])
def test_a_wide_change_through_a_window_elsewhere_starts_a_run_again(
    shift: int, same: bool
) -> None:
    """A window moved `shift` blocks sideways: 63 % of the last sample's window blocks still
    moving is the same clip playing on; 42 % is another change, whose first sample is a
    transition's again (`SAME_PLACE`, a half)."""
    first, moved = (np.zeros((H // 8, W // 8), bool) for _ in range(2))
    first[5:18, 0:19] = True
    moved[5:18, shift : shift + 19] = True
    img = np.full((H, W), 235, np.uint8)
    run = shots.BigWindow()
    judged = [run.playing(c, img, TUNING) is not None for c in (first, first, moved, moved)]
    assert judged == [False, True, same, True]


def _playing(box: tuple[slice, slice]) -> ActiveRegions:
    regions = ActiveRegions((H // 8, W // 8), TUNING, 0.0)
    regions.active[box] = True
    regions.playing[box] = True
    regions.last[box] = 10.0
    regions.seen = 10.0
    return regions


@pytest.mark.parametrize(("stray", "own"), [(1, True), (TUNING.overlay_blocks + 2, False)])
def test_a_big_clips_cut_beside_a_pointer_sized_change_elsewhere_is_its_own(
    stray: int, own: bool
) -> None:
    """A big clip cutting to its next shot while a caret blinks or the pointer clicks far from
    it: its own cut all the same (taken for a transition, the clip playing on after it was an
    overlay, grouped with a webcam beside it, and a build between them masked); a word
    written there too is more than the pointer: the slide changed around it."""
    clip = (slice(5, 20), slice(3, 30))
    regions = _playing(clip)
    changed = np.zeros((H // 8, W // 8), bool)
    changed[clip] = True
    changed[1, 33 : 33 + stray] = True  # far from the clip
    pointer = np.zeros_like(changed)
    img = np.full((H, W), 235, np.uint8)
    img[clip[0].start * 8 : clip[0].stop * 8, clip[1].start * 8 : clip[1].stop * 8] = 90
    assert shots.own_cut(regions, changed, pointer, img, img) is own


def test_a_big_clips_cut_takes_its_bleed_along() -> None:
    """A clip whose rectangle, learned, is more than `WINDOW_MAX` of the picture: what its cut
    changes in the block ring around it is its picture's edge (the rectangle it makes with the
    clip is the clip's and its ring, `_within`); two rows further is the slide's."""
    clip = (slice(3, 20), slice(2, 34))  # 17 x 32 blocks: 54 % of the picture
    assert WINDOW_MAX * (H // 8) * (W // 8) < 17 * 32
    regions = _playing(clip)
    step = np.zeros((H // 8, W // 8))
    step[2:21, 1:35] = 2 * TUNING.strong  # the clip and the ring around it
    joined, _ = shots.taken_along(regions, 20.0, step, None)
    assert joined.sum() == 19 * 34 - 17 * 32
    step[0:2, 1:35] = 2 * TUNING.strong  # ... and two rows more above it
    joined, _ = shots.taken_along(regions, 20.0, step, None)
    assert not joined.any()


@pytest.mark.parametrize(("learned", "joins"), [(20.0 - 2 * TUNING.settle_s, True), (19.9, False)])
def test_a_region_just_learned_takes_nothing_along(learned: float, joins: bool) -> None:
    """A region whose blocks were learned within `settle_s` before its cut at 20 s is the
    change under way (a slow cross-fade learned where the pointer had just moved, growing by
    what it took along sample after sample over the slide): it takes nothing along; one
    learned before takes its ring."""
    clip = (slice(3, 9), slice(4, 12))
    regions = _playing(clip)
    regions.became[clip] = learned
    step = np.zeros((H // 8, W // 8))
    step[2:10, 3:13] = 2 * TUNING.strong  # the clip and the ring around it
    joined, _ = shots.taken_along(regions, 20.0, step, None)
    assert bool(joined.any()) is joins


WEBCAM = (slice(8, 56), slice(8, 88))  # on from the first picture, above the clip
BESIDE = (slice(24, 30), slice(120, 200))  # a line written right of the webcam, above the clip
UNDER = (slice(64, 168), slice(8, 232))  # the clip: 45 % of the frame, a block below the webcam
WRITTEN = 8.0


def with_webcam(t: float) -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    rng = np.random.default_rng(int(t * 4))  # the webcam: a new picture every 0.25 s
    img[WEBCAM] = rng.integers(60, 200, (48, 80), dtype=np.uint8)
    ys, xs = UNDER
    shift = int(PAN_PX_S * t)
    img[ys, xs] = LANDSCAPE[: ys.stop - ys.start, shift : shift + xs.stop - xs.start]
    if t >= WRITTEN:
        img[BESIDE] = 40
    return img


def test_a_big_clip_beside_a_webcam_from_the_opening_is_no_overlay() -> None:
    """Both play from the first picture, where whatever plays is taken for an overlay (a webcam
    laid over every slide); overlays a block apart are one rectangle, and a line written
    between them was masked with it. A clip big from its first picture is the slide's own."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept: list[float] = []
    for n in range(round((WRITTEN + 4.0) * FPS)):
        t = n / FPS
        kept += [k.time_s for k in tracker.feed(t, with_webcam(t), None)]
    kept += [k.time_s for k in tracker.finish()]
    assert not tracker.regions.overlay[blocks(UNDER)].any()
    after = [t for t in kept if t >= WRITTEN]
    assert len(after) == 1 and after[0] < WRITTEN + 1.0, kept


def blocks(area: tuple[slice, slice]) -> tuple[slice, slice]:
    ys, xs = area
    return slice(ys.start // 8, ys.stop // 8), slice(xs.start // 8, xs.stop // 8)


@pytest.mark.parametrize(
    ("rows", "width", "own"),
    [((3,), 1, True), ((3,), TUNING.overlay_blocks + 2, False), ((3, 4), 4, False)],
)
def test_a_big_clips_cut_beside_a_title_changed_two_rows_above_is_a_slide_change(
    rows: tuple[int, ...], width: int, own: bool
) -> None:
    """A slide dissolved away with the big clip it played (i688): the clip's blocks all
    change, and so does the title two block rows above it, no further than the block ring
    around the mask. Apart from the clip (the row between unchanged) and bigger than the
    pointer, it is the slide changing (a caret blinking there is not); joined to it through
    that row but beyond the clip's frame and the block ring around it, too (taken for the
    clip's own cut, the title was taken along and the slide behind the clip never kept)."""
    clip = (slice(5, 13), slice(5, 20))
    regions = _playing(clip)
    changed = np.zeros((H // 8, W // 8), bool)
    changed[clip] = True
    for row in rows:
        changed[row, 8 : 8 + width] = True
    img = np.full((H, W), 235, np.uint8)
    img[40:104, 40:160] = 90  # the clip's picture, its frame where it was learned
    pointer = np.zeros_like(changed)
    assert shots.own_cut(regions, changed, pointer, img, img) is own


def test_a_big_clips_cut_bleeding_a_block_past_its_frame_is_its_own() -> None:
    """A clip whose picture begins a block row above where it was learned: its cut changes
    that row (in the mask's ring) and, by the compression's bleed, the row above it, beyond
    the mask but within a block of the clip's frame on the picture (`_framed`: the frame and
    the block ring around it). Its own cut; two rows past the frame is the slide's (the
    title case above)."""
    clip = (slice(5, 13), slice(5, 20))
    regions = _playing(clip)
    changed = np.zeros((H // 8, W // 8), bool)
    changed[3:13, 5:20] = True  # the clip, the row its picture begins in, and the bleed
    img = np.full((H, W), 235, np.uint8)
    img[32:104, 40:160] = 90  # the clip's picture, from block row 4
    pointer = np.zeros_like(changed)
    assert shots.own_cut(regions, changed, pointer, img, img)


@pytest.mark.parametrize(("sky", "own"), [(True, True), (False, False)])
def test_a_big_clips_cut_beyond_its_rectangle_is_its_own_within_its_frame(
    sky: bool, own: bool
) -> None:
    """A clip learned below its sky (three block rows nothing moves in) cuts to its next shot:
    the sky changes with it, inside the clip's frame on the picture (`windows.framed_box`), and
    it is the clip's own cut. Where the picture shows no frame around what changed there (a
    slide cut took the clip's border away, its new content beside where the clip was), it is
    a transition."""
    clip = (slice(5, 13), slice(5, 20))  # learned: 8 x 15 blocks
    regions = _playing(clip)
    changed = np.zeros((H // 8, W // 8), bool)
    changed[2:13, 5:20] = True  # the clip and three rows above it
    img = np.full((H, W), 235, np.uint8)
    img[(16 if sky else 40) : 104, 40:160] = 90  # the clip's picture, with its sky or not
    pointer = np.zeros_like(changed)
    assert shots.own_cut(regions, changed, pointer, img, img) is own


def test_a_slide_cut_to_a_panel_where_a_clip_played_is_no_cut_of_the_clips() -> None:
    """A slide cut whose new picture frames a panel where a big clip played (a code panel in
    the same layout), bigger than the clip: what changed beyond the clip lies within the
    panel's frame on the new picture, but not within the clip's on the picture before it (a
    clip's next shot keeps the clip's border where it was): a transition, and its state kept
    (before, the slide taken for the clip's next shot, and the panel masked as the clip)."""
    clip = (slice(5, 13), slice(5, 20))
    regions = _playing(clip)
    changed = np.zeros((H // 8, W // 8), bool)
    changed[2:16, 5:26] = True  # the clip, and rows and columns of the panel beyond it
    before = np.full((H, W), 235, np.uint8)
    before[40:104, 40:160] = 90  # the clip, in its frame
    after = np.full((H, W), 235, np.uint8)
    after[16:128, 40:208] = 60  # the panel
    pointer = np.zeros_like(changed)
    assert shots.own_cut(regions, changed, pointer, after, after)  # (judged on one picture)
    assert not shots.own_cut(regions, changed, pointer, before, after)
