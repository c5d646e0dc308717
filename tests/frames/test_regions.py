"""Regions that change on their own (`frames/slides/regions.py`), fed block brightness directly.

Each test pins a tuning value: halving or doubling it changes one of these outcomes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from peepshow_core.frames.slides.regions import ActiveRegions
from peepshow_core.frames.slides.tuning import SlidesTuning

GRID = (6, 8)
FPS = 15
TUNING = SlidesTuning()


def regions() -> ActiveRegions:
    return ActiveRegions(GRID, TUNING)


def observed(
    r: ActiveRegions,
    seconds: float,
    picture: object,
    start: float = 0.0,
    lag: float = TUNING.settle_s,
) -> Iterator[float]:
    """Feed `picture(t)` (a whole block grid) at FPS, with `changed` what moved since `lag`
    ago, as the tracker does; yields each sample's time once `r` has observed it."""
    history: list[tuple[float, np.ndarray]] = []
    for n in range(round(seconds * FPS)):
        t = start + n / FPS
        means = np.asarray(picture(t), np.float32)  # type: ignore[operator]
        older = [m for when, m in history if when <= t - lag + 1e-9]
        changed = np.abs(means - older[-1]) > TUNING.motion if older else np.zeros_like(means, bool)
        r.observe(t, means, changed)
        history.append((t, means))
        yield t


def run(
    r: ActiveRegions,
    seconds: float,
    brightness: object,
    start: float = 0.0,
    lag: float = TUNING.settle_s,
) -> list[float]:
    """Feed `brightness(t)` (a block grid) at FPS (`observed`). Returns the times at which
    block (1, 1) was active."""
    return [t for t in observed(r, seconds, brightness, start, lag) if r.active[1, 1]]


def block(value_at_1_1: float, rest: float = 100.0) -> np.ndarray:
    grid = np.full(GRID, rest, np.float32)
    grid[1, 1] = value_at_1_1
    return grid


def test_a_flickering_webcam_block_becomes_active_after_region_span() -> None:
    # brightness waving by +-6 (flicker, a head moving) at 1.5 Hz
    active = run(regions(), 6.0, lambda t: block(100 + 6 * math.sin(2 * math.pi * 1.5 * t)))
    assert active, "the flickering block is learned"
    assert TUNING.region_span_s - 0.2 <= active[0] <= TUNING.region_span_s + 0.8, active[0]
    assert not run(regions(), 6.0, lambda t: block(100.0)), "a still block is never active"


def test_a_build_fading_in_is_never_a_region() -> None:
    # one step up over 0.6 s (the slowest build animation), then still
    def fade(t: float) -> np.ndarray:
        return block(100 + 80 * min(1.0, max(0.0, (t - 1.0) / 0.6)))

    assert not run(regions(), 8.0, fade)


def test_a_clock_that_ticks_every_second_is_a_region() -> None:
    # a digit changes once a second: brightness moves by 4 (above `motion`, below `weak`)
    def clock(t: float) -> np.ndarray:
        return block(100 + 4 * (int(t) % 2))

    active = run(regions(), 8.0, clock)
    assert active and active[0] <= 3.6, active[:1]


def test_changes_a_pause_apart_are_separate_states_not_a_region() -> None:
    # a page scrolled again and again, 2.5 s apart (a state lasts 2 s at least): each scroll
    # moves the block up and down a little
    def scrolls(t: float) -> np.ndarray:
        phase = t % 2.5
        wobble = 20 * math.sin(2 * math.pi * phase / 0.3) if phase < 0.3 else 0.0
        return block(100 + wobble)

    assert not run(regions(), 10.0, scrolls)


def test_a_region_is_content_again_after_region_quiet() -> None:
    def flicker_then_still(t: float) -> np.ndarray:
        return block(100 + (6 * math.sin(2 * math.pi * 1.5 * t) if t < 4.0 else 0.0))

    active = run(regions(), 12.0, flicker_then_still)
    # its last change is seen until settle_s after 4 s (against the picture settle_s before)
    still_from = 4.0 + TUNING.settle_s
    assert (
        still_from + TUNING.region_quiet_s - 0.3
        <= active[-1]
        <= still_from + TUNING.region_quiet_s + 0.2
    )


def test_where_the_pointer_moves_is_no_evidence() -> None:
    r = regions()
    pointer = np.zeros(GRID, bool)
    pointer[1, 1] = True
    for n in range(6 * FPS):
        t = n / FPS
        r.observe(t, block(100 + 30 * (n % 2)), None, pointer)
    assert not r.active[1, 1]


def test_keyframes_seconds_apart_still_show_a_webcam() -> None:
    # the fast path sees a webcam only at keyframes: its brightness differs at each one
    r = regions()
    for n in range(8):
        r.observe(n * 1.0, block(100 + (15 if n % 2 else -15)), None)
    assert r.active[1, 1]


def test_a_transition_teaches_nothing() -> None:
    r = regions()
    for n in range(6 * FPS):
        t = n / FPS
        r.transition(t, block(100 + 30 * (n % 2)))
    assert not r.active.any()


def test_rectangles_fill_a_region_and_grow_when_bigger_than_the_pointer() -> None:
    r = ActiveRegions((10, 12), TUNING)
    r.active[2, 2] = r.active[5, 6] = r.active[3, 4] = True  # a clip's blocks, here and there
    r.active[3, 3] = r.active[4, 5] = True
    r.playing[2, 2] = r.playing[5, 6] = True  # (blocks far apart playing: the whole region
    assert r.core()[2:6, 2:7].all() and r.core().sum() == 4 * 5  # plays)
    assert r.mask()[1:7, 1:8].all(), "a clip-sized rectangle grows by a block"
    caret = ActiveRegions((10, 12), TUNING)
    caret.active[7, 9] = caret.playing[7, 9] = True
    assert caret.mask().sum() == 1, "a caret-sized one does not"


def test_a_pointer_sized_piece_never_bridges_regions_nor_joins_an_overlay() -> None:
    """A caret that blinked beside a webcam on its prompt line, and again three rows below once
    the command printed its output: neither joins the webcam's rectangle nor bridges to the
    other, so the output written between them is content. The parts of a clip (neither of them
    an overlay) a couple of blocks apart are still one rectangle."""
    r = ActiveRegions((12, 12), TUNING)
    r.active[0:4, 2:7] = r.overlay[0:4, 2:7] = r.playing[1, 3] = True  # a webcam
    r.active[4, 0] = r.playing[4, 0] = True  # the caret beside it
    r.active[7, 0] = r.playing[7, 0] = True  # the caret after the output
    mask = r.mask()
    assert not mask[5:7, 0:2].any(), "the output between the two carets is content"
    assert mask[4, 0] and mask[7, 0]
    clip = ActiveRegions((12, 12), TUNING)
    clip.active[4:8, 2:8] = clip.playing[4:8, 2:8] = True  # a clip playing in a slide
    clip.active[2, 4] = True  # the clip's ball passed two blocks above its busy part
    assert clip.core()[2:8, 2:8].all()


def test_a_clip_that_stopped_but_for_a_caret_blinking_in_it_is_content_around_the_caret() -> None:
    """A slide's own clip ended on its last picture while a caret blinks on where it played:
    what still plays fits in a pointer-sized square, so the clip has stopped but for the
    caret, and a line written there is content. A webcam (an overlay: it never shows the
    slide's content) with only a blink playing stays masked whole; so does a clip whose
    playing blocks lie further apart than the pointer is big (its parts hold still between
    shots)."""
    clip = ActiveRegions((12, 12), TUNING)
    clip.active[4:9, 2:10] = True
    clip.playing[6, 5] = True  # the caret
    assert clip.core().sum() == 1 and clip.core()[6, 5] and clip.mask().sum() == 1
    assert not clip.inner().any() and not clip.plays()
    clip.playing[4, 2] = True  # a part of the clip playing too, four blocks from the caret
    assert clip.core()[4:9, 2:10].all() and clip.inner()[3:10, 1:11].all()
    webcam = ActiveRegions((12, 12), TUNING)
    webcam.active[4:9, 2:10] = webcam.overlay[4:9, 2:10] = webcam.playing[6, 5] = True
    assert webcam.mask()[3:10, 1:11].all() and webcam.plays()


def test_a_webcam_beside_a_clip_is_a_region_of_its_own() -> None:
    """A region is of one kind: a webcam (an overlay) touching a clip (the slide's own), or two
    blocks from it, is no part of the clip's rectangle, and the corner beside both is content
    (a line written there is a state). A speck of the clip two blocks above its busy part
    still joins the clip (its compression bleed there would be a change)."""
    r = ActiveRegions((12, 12), TUNING)
    r.active[6:10, 0:5] = r.overlay[6:10, 0:5] = r.playing[7, 1] = True  # a webcam
    r.active[4:10, 5:11] = r.playing[5, 7] = r.playing[9, 10] = True  # a clip touching it
    r.active[2, 8] = True  # a speck of the clip
    assert r.core()[2:10, 5:11].all()
    assert not r.mask()[2:4, 0:4].any(), "beside both: content"
    apart = ActiveRegions((12, 12), TUNING)
    apart.active[0:4, 8:12] = apart.overlay[0:4, 8:12] = apart.playing[1, 9] = True  # a webcam
    apart.active[6:10, 0:6] = apart.playing[6, 0] = apart.playing[9, 5] = True  # a clip
    assert apart.mask()[5:11, 0:7].all() and apart.mask()[0:5, 7:12].all()
    assert not apart.mask()[0:4, 0:6].any(), "a line written above the clip is content"


def test_only_a_region_bigger_than_the_pointer_playing_makes_the_picture_play() -> None:
    """`plays()`: what keeps the encoder busy all along (the planner's packet-size shortcuts
    are off then): a webcam or a clip playing, not a caret or a clock, not a clip stopped."""
    webcam = ActiveRegions((10, 12), TUNING)
    webcam.active[5:9, 7:11] = webcam.overlay[5:9, 7:11] = True
    assert not webcam.plays(), "stopped on its last picture"
    webcam.playing[6, 8] = True
    assert webcam.plays()
    caret = ActiveRegions((10, 12), TUNING)
    caret.active[7, 9] = caret.playing[7, 9] = True
    assert not caret.plays()
    assert not regions().plays()


def test_a_stretch_nobody_watched_is_quiet_only_where_it_shows_no_change() -> None:
    # a webcam flickers; then the fast path skips 10 s (no samples): the sample after the gap
    # shows the webcam changed (still playing) or not (it stopped)
    def flicker(t: float) -> np.ndarray:
        return block(100 + 6 * math.sin(2 * math.pi * 1.5 * t))

    last = flicker(4.0 - 1 / FPS)  # as it was last seen
    for moved, active_after in ((True, True), (False, False)):
        r = regions()
        run(r, 4.0, flicker)
        assert r.active[1, 1]
        changed = np.zeros(GRID, bool)
        changed[1, 1] = moved
        r.observe(14.0, last, changed, consecutive=False)
        assert bool(r.active[1, 1]) is active_after, moved
    r = regions()
    run(r, 4.0, flicker)
    r.observe(14.0, last, None, consecutive=False)  # nothing to compare with: no evidence
    assert r.active[1, 1]


def test_a_region_that_changed_somewhere_while_nobody_watched_plays_on_as_a_whole() -> None:
    """A webcam: the presenter's head moves in one corner of it, its flicker everywhere. The
    fast path skips 10 s; the sample after the gap shows the head moved, the wall as it was
    (its flicker caught at the same level). The whole webcam stays masked, its wall too: the
    head moving into the wall's blocks later is no change (as a block on its own, the wall
    was quiet for the whole gap and expired). A second region, apart, that changed nowhere
    stopped."""
    webcam = (slice(0, 3), slice(0, 3))
    clip = (slice(4, 6), slice(5, 8))

    def picture(t: float) -> np.ndarray:
        means = np.full(GRID, 100.0, np.float32)
        means[webcam] = flicker(t)
        means[clip] = flicker(t + 0.3)
        return means

    r = regions()
    for _ in observed(r, 4.0, picture):
        pass
    assert r.active[webcam].all() and r.active[clip].all()
    last = picture(4.0 - 1 / FPS)
    changed = np.zeros(GRID, bool)
    changed[0, 0] = True  # (the head)
    r.observe(14.0, last, changed, consecutive=False)
    assert r.active[webcam].all(), "the wall stays the webcam's"
    assert not r.active[clip].any(), "a region unchanged across the gap stopped"


def feed_area(r: ActiveRegions, seconds: float, level, area) -> dict[float, tuple[bool, ...]]:  # type: ignore[no-untyped-def]
    """Feed at FPS a grid whose `area` shows brightness `level(t)` (the rest stays 100)
    (`observed`). Returns, per sample time, whether the area was active, masked and followed
    (core)."""

    def picture(t: float) -> np.ndarray:
        means = np.full(GRID, 100.0, np.float32)
        means[area] = level(t)
        return means

    return {
        round(t, 2): tuple(bool(m[area].all()) for m in (r.active, r.mask(), r.core()))
        for t in observed(r, seconds, picture)
    }


def test_a_region_stops_when_still_and_plays_again_at_its_first_zigzag() -> None:
    clip = (slice(1, 5), slice(1, 5))  # 4x4 blocks: bigger than the pointer

    def story(t: float) -> float:
        if t < 4.0:  # a slow ramp: an unbroken run of change, no zigzag
            return 100 + 20 * t
        if t < 7.0:  # stopped on its last picture ...
            return 180.0
        if t < 9.0:  # ... then one step (a line written over it), held
            return 150.0
        return 150 + 8 * math.sin(2 * math.pi * 2 * (t - 9.0))  # playing again: zigzags

    seen = feed_area(regions(), 9.6, story, clip)
    stopped = 4.0 + TUNING.settle_s + TUNING.region_pause_s  # still pictures settle_s apart
    for t, playing in ((4.0, True), (stopped - 0.2, True), (stopped + 0.2, False), (8.93, False)):
        assert at(seen, t) == (True, playing, playing), t
    assert at(seen, 9.53) == (True, True, True), "masked again at its first zigzag"
    caret = regions()
    seen = feed_area(caret, 7.0, lambda t: 100 + 20 * min(t, 4.0), (slice(1, 2), slice(1, 2)))
    assert at(seen, 6.93) == (True, True, True), "a caret-sized region stays masked till it expires"


def at(seen: dict[float, tuple[bool, ...]], t: float) -> tuple[bool, ...]:
    return seen[min(seen, key=lambda when: abs(when - t))]


def test_a_big_region_that_changed_while_nobody_watched_is_still_playing() -> None:
    # a webcam box flickers; the fast path skips 10 s; the sample after the gap shows it changed:
    # it may have played all along, so it stays masked (no zigzag is needed)
    area = (slice(1, 5), slice(1, 5))
    r = regions()
    feed_area(r, 4.0, lambda t: 100 + 6 * math.sin(2 * math.pi * 1.5 * t), area)
    assert r.mask()[area].all()
    means = np.full(GRID, 100.0, np.float32)
    means[area] = 100 + 6 * math.sin(2 * math.pi * 1.5 * (4.0 - 1 / FPS))  # (as last seen: no
    changed = np.zeros(GRID, bool)  # zigzag; its picture differs, not its brightness)
    changed[area] = True
    r.observe(14.0, means, changed, consecutive=False)
    assert r.mask()[area].all()


def flicker(t: float) -> float:
    return 100 + 6 * math.sin(2 * math.pi * 1.5 * t)


def test_a_region_playing_from_the_opening_is_an_overlay() -> None:
    # a webcam, on from the first picture: laid over every slide, so content never appears in it
    area = (slice(1, 5), slice(1, 5))
    r = regions()
    feed_area(r, 8.0, flicker, area)
    assert r.mask()[area].all() and r.overlay[area].any()
    assert not r.inner().any()


def test_a_region_that_starts_playing_later_is_the_slides_own() -> None:
    # a clip in a slide starts once the opening (learn_s) is over: where it plays, content may
    # appear once it stops. Starting within the opening, it would be taken for an overlay.
    area = (slice(1, 5), slice(1, 5))
    opening = TUNING.learn_s + TUNING.region_span_s
    for start, overlay in ((opening + 0.5, False), (TUNING.learn_s - 1.0, True)):
        r = regions()
        feed_area(r, start + 6.0, lambda t, start=start: flicker(t) if t >= start else 100.0, area)
        assert r.mask()[area].all(), start
        assert bool(r.inner()[area].all()) is not overlay, start
        assert bool(r.overlay[area].any()) is overlay, start


def after_the_change(
    r: ActiveRegions, area: tuple[slice, slice], start: float, seconds: float, plays_on: bool
) -> Iterator[float]:
    """Feed at FPS from `start` the picture after a frame-wide change (brightness 60), `area`
    flickering on (a webcam) or still (the next slide where a clip was), `changed` what moved
    since `settle_s` ago; yields each sample's time once `r` has observed it."""
    for n in range(round(seconds * FPS)):
        t = start + n / FPS
        means = np.full(GRID, 60.0, np.float32)
        changed = np.zeros(GRID, bool)
        if plays_on:
            means[area] = flicker(t)
            changed[area] = abs(flicker(t) - flicker(t - TUNING.settle_s)) > TUNING.motion
        r.observe(t, means, changed)
        yield t


def test_a_region_playing_on_across_a_frame_wide_change_is_an_overlay() -> None:
    # learned after the opening; then the slide behind it is replaced (a transition): a webcam
    # goes on playing, a clip's area now shows the next slide, still
    area = (slice(1, 5), slice(1, 5))
    for plays_on in (True, False):
        r = regions()
        start = TUNING.learn_s + TUNING.region_span_s + 1.0
        feed_area(r, start + 4.0, lambda t, start=start: flicker(t) if t >= start else 100.0, area)
        assert r.inner()[area].all()
        cut = start + 4.0
        for n in range(round(TUNING.settle_s * FPS)):  # the transition's samples
            r.transition(cut + n / FPS, np.full(GRID, 60.0, np.float32))
        if not plays_on:  # a keyframe just after it: the area differs from before the cut,
            changed = np.zeros(GRID, bool)  # the transition's doing, not the region's
            changed[area] = True
            late = r.crossed + TUNING.settle_s / 2
            r.observe(late, np.full(GRID, 60.0, np.float32), changed, consecutive=False)
        list(after_the_change(r, area, cut + TUNING.settle_s, 2.0, plays_on))
        assert bool(r.overlay[area].any()) is plays_on, plays_on
        if plays_on:
            assert r.mask()[area].all() and not r.inner().any()


SKY = (slice(2, 4), slice(2, 10))  # a clip's band nothing moves in: it changes only at its cuts
BUSY = (slice(4, 8), slice(2, 10))  # where its shapes move (4 x 8 blocks)
CUT_S = 6.0


def clip_picture(t: float, jump: tuple[slice, slice] | None, where: tuple[slice, slice]):  # type: ignore[no-untyped-def]
    """A slide (brightness 100) with a clip on it; at CUT_S `jump` (the clip's blocks that
    change at once) and `where` (blocks beside the busy part) brighten by 60."""
    grid = np.full((10, 12), 100.0, np.float32)
    ys, xs = np.mgrid[BUSY]
    grid[BUSY] = 80 + 10 * np.sin(2 * math.pi * 1.5 * t + xs + ys)  # (moving: under `strong`
    grid[SKY] = 80.0  # from sample to sample)
    if t >= CUT_S:
        if jump is not None:
            grid[jump] += 60
        grid[where] += 60
    return grid


def test_what_changes_with_a_clip_as_it_cuts_to_its_next_shot_is_the_clip() -> None:
    """A clip is learned where its shapes move; the band above them changes only when the clip
    cuts to its next shot, seconds apart, and never becomes active by itself. Changing at the
    cut, with most of the clip, it is the clip's picture (masked), not a line that appeared
    beside it. A line written there while the clip just plays, or at a moment when only a third
    of it changed (a shape entering its corner: no cut, `CUT_SHARE`), stays content."""
    cut = regions_grid()
    list(observed(cut, CUT_S + 0.5, lambda t: clip_picture(t, BUSY, SKY)))
    assert cut.mask()[SKY].all() and cut.core()[SKY].all()
    for jump in (None, (slice(4, 6), slice(2, 7))):  # no cut; 10 of the 32 blocks
        line = regions_grid()
        list(observed(line, CUT_S + 0.5, lambda t, jump=jump: clip_picture(t, jump, SKY)))
        assert line.mask()[BUSY].all(), jump
        assert not line.mask()[2, 2:10].any(), jump  # (the row below it is the clip's margin)


def regions_grid() -> ActiveRegions:
    return ActiveRegions((10, 12), TUNING)


def test_a_slide_changing_around_a_clip_is_no_cut_but_a_clips_tall_band_is() -> None:
    """What changes touching a clip as most of it cuts is its picture only while that is no
    more than `CUT_REACH` times its rectangle's blocks: a clip whose shapes move in two rows
    has a band three rows tall that changes only at its cuts (1.5 times: the clip's); a slide
    pushed in around a clip, over a mostly plain slide (no frame-wide change), changes far more
    (88 blocks beside a rectangle of 32: content, where the next slide's lines are)."""
    busy, band = (slice(6, 8), slice(2, 10)), (slice(3, 6), slice(2, 10))

    def tall_band(t: float) -> np.ndarray:
        grid = np.full((10, 12), 100.0, np.float32)
        ys, xs = np.mgrid[busy]
        grid[busy] = 80 + 10 * np.sin(2 * math.pi * 1.5 * t + xs + ys)
        grid[band] = 80.0 + (60 if t >= CUT_S else 0)
        if t >= CUT_S:
            grid[busy] += 60
        return grid

    clip = regions_grid()
    list(observed(clip, CUT_S + 0.5, tall_band))
    assert clip.mask()[band].all()
    around = np.ones((10, 12), bool)
    around[BUSY] = False  # the slide around the clip: 88 blocks
    pushed = regions_grid()
    list(observed(pushed, CUT_S + 0.5, lambda t: clip_picture(t, BUSY, around)))
    assert pushed.mask()[BUSY].all()
    assert not pushed.mask()[0].any() and not pushed.mask()[:, 0].any()


def test_a_webcam_grows_where_its_presenter_moves_later_and_a_clip_beside_it_does_not() -> None:
    """A clean webcam's blocks play only where the presenter moves: a column of blocks the
    presenter leans into after the opening starts playing touching the webcam, and is the
    webcam's (an overlay: it never groups with the slide's clip a block away, and what is
    written above that clip is content). A block that starts playing touching the webcam and
    the clip is the clip's (the slide's own: content may appear there once the clip stops)."""
    cam, rim = (slice(0, 4), slice(0, 4)), (slice(0, 4), slice(4, 5))
    clip, between = (slice(3, 7), slice(6, 10)), (slice(3, 4), slice(5, 6))
    opening = TUNING.learn_s + TUNING.region_span_s

    def picture(t: float, late: tuple[slice, slice]) -> np.ndarray:
        means = np.full((8, 12), 100.0, np.float32)
        means[cam] = flicker(t)
        if t >= opening + 1.0:
            means[clip] = flicker(t + 0.2)  # a slide's clip starts after the opening
        if t >= opening + 4.0:
            means[late] = flicker(t + 0.1)  # the presenter leans in; or the clip's bleed
        return means

    for late, overlay in ((rim, True), (between, False)):
        r = ActiveRegions((8, 12), TUNING)
        list(observed(r, opening + 8.0, lambda t, late=late: picture(t, late)))
        assert r.overlay[cam].all() and not r.overlay[clip].any() and r.active[late].all()
        assert bool(r.overlay[late].all()) is overlay, late
        if overlay:
            assert not r.mask()[0, 6:11].any(), "above the clip, beside the webcam: content"


def test_what_a_zoom_taught_is_forgotten_and_its_streaks_start_over() -> None:
    # a webcam learned before; a zoom from `since` moves blocks (zigzags): a block learned from
    # it, and a streak it began, are no region's. Before, a picture after a stretch the fast
    # path skipped (any change there an event) made such a streak a region playing.
    webcam, learned = (slice(1, 3), slice(1, 3)), (slice(3, 5), slice(4, 6))
    begun = (slice(3, 5), slice(6, 8))  # moved by the zoom only in its last second
    r = regions()
    feed_area(r, 4.0, flicker, webcam)
    since = 4.0

    def picture(t: float) -> np.ndarray:
        means = np.full(GRID, 100.0, np.float32)
        means[webcam] = flicker(t)
        if t < since + 2.5:
            means[learned] = flicker(3 * t)
        if since + 1.2 <= t < since + 2.5:
            means[begun] = flicker(3 * t)
        return means

    for _ in observed(r, 2.5, picture, start=since):
        pass
    assert r.active[learned].all(), "the zoom's moving picture, taken for a region"
    assert not r.active[begun].any()
    r.forget(since)
    assert r.active[webcam].all() and not r.active[learned].any()
    changed = np.zeros(GRID, bool)
    changed[learned] = changed[begun] = True  # a picture after a skipped stretch
    r.observe(since + 3.4, picture(since + 3.4), changed, consecutive=False)
    assert not r.active[learned].any() and not r.active[begun].any(), "streaks start over"


def test_a_transition_is_no_pause_a_region_stops_only_once_seen_still() -> None:
    # a webcam plays from the opening; a fade to the next slide lasts longer than
    # region_pause_s (the tracker calls every sample of it, and settle_s after, a transition):
    # nobody saw the webcam still, so it is masked from the first sample after the fade on,
    # its motion never a change. Where the area holds still after the fade (a slide's clip
    # replaced), it stops once seen still for region_pause_s, as after a cut.
    area = (slice(1, 5), slice(1, 5))
    fade = TUNING.region_pause_s + TUNING.settle_s
    for plays_on in (True, False):
        r = regions()
        feed_area(r, 6.0, flicker, area)
        assert r.mask()[area].all()
        start = 6.0
        for n in range(round(fade * FPS)):
            r.transition(start + n / FPS, np.full(GRID, 60.0, np.float32))
        after = start + round(fade * FPS) / FPS
        masked = [
            (round(t - after, 2), bool(r.mask()[area].all()))
            for t in after_the_change(r, area, after, 2 * TUNING.region_pause_s, plays_on)
        ]
        if plays_on:
            assert all(m for _, m in masked), masked
        else:
            pause = TUNING.region_pause_s
            assert all(m for dt, m in masked if dt < pause - 0.1), masked
            assert not any(m for dt, m in masked if dt > pause + 0.1), masked


def test_an_overlay_grows_by_a_few_blocks_not_by_a_piece_bigger_than_itself() -> None:
    """A webcam's presenter leaning into blocks never seen moving grows its picture by a few
    at a time; a piece bigger than the webcam starting at once beside it (a clip) is not its."""
    regions = ActiveRegions((23, 40), TUNING, 0.0)
    regions.active[1:5, 1:5] = regions.overlay[1:5, 1:5] = True  # 16 blocks
    lean = np.zeros((23, 40), bool)
    lean[5, 2:4] = True  # two blocks below it
    clip = np.zeros((23, 40), bool)
    clip[1:7, 5:12] = True  # 42 blocks beside it
    for new in (lean, clip):
        regions.active |= new
        regions._grow_overlay(new)
    assert regions.overlay[lean].all()
    assert not regions.overlay[clip].any()


def test_where_a_big_clip_played_is_forgotten_after_region_quiet() -> None:
    """A big clip's blocks are never an overlay while it plays (`big_clip`); quiet for
    `region_quiet_s` they are forgotten too (a webcam turned on there later is an overlay)."""
    regions = ActiveRegions((23, 40), TUNING, 0.0)
    regions.big_clip[5:15, 5:25] = True
    regions.quiet[5:15, 5:25] = TUNING.region_quiet_s / 2
    regions.expire()
    assert regions.big_clip.sum() == 200
    regions.quiet[5:15, 5:25] = TUNING.region_quiet_s * 1.5
    regions.expire()
    assert not regions.big_clip.any()
