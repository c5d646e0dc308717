"""A pointer stroke faster than a block a sample (a presenter flicking the mouse across a
slide): the pointer is followed along it (`Motion._fast`), and where it passed over a block is
no half of a zigzag for the regions (`ActiveRegions.observe`): a build written where a clip of
the slide before played, just after the pointer crossed it, is a state.

Seen in a recording of the second generator (i405): after a cut from a slide with a clip
playing from the opening (learned as an overlay) the pointer crossed the clip's place two
blocks a sample; unfollowed, its passage made blocks there zigzag, the stopped clip played
again, and the two builds written there were masked."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.blocks import block_diff
from peepshow_core.frames.slides.motion import Motion
from peepshow_core.frames.slides.regions import ActiveRegions
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320  # the analysis size
GRID = (H // BLOCK, W // BLOCK)
FPS = 12.5  # the reference path's samples
ARROW = np.tri(12, 8, dtype=bool)  # a solid arrow head, 12 px tall (two blocks)
CLIP = (40, 112, 80, 216)  # where the first slide's clip plays (y0, y1, x0, x1)
CUT_S = 6.0  # the cut to the second slide, which has no clip
REST = (140, 240)  # where the pointer rests before its stroke (outside the clip's place)
STROKE = (-10, -16)  # its step a sample: two blocks across (a flick)
STEPS = 8
STROKE_S = 8.0
BUILD = (64, 88, 120, 192)  # a box built where the clip played (y0, y1, x0, x1)


def slide(t: float, build_at: float, rng: np.random.Generator) -> np.ndarray:
    img = np.full((H, W), 30, np.uint8)  # a dark slide
    if t < CUT_S:
        img[12:20, 16:160] = 220  # the first slide's title
        y0, y1, x0, x1 = CLIP
        img[y0:y1, x0:x1] = rng.integers(40, 220, (y1 - y0, x1 - x0), dtype=np.uint8)
        return img
    img[12:20, 16:200] = 220  # the second slide's title
    if t >= build_at:
        y0, y1, x0, x1 = BUILD
        img[y0:y1, x0:x1] = 200
        img[y0 + 2 : y1 - 2, x0 + 2 : x1 - 2] = 40  # a box with a label
        img[y0 + 9 : y0 + 15, x0 + 12 : x1 - 12 : 5] = 220
    return img


def pointer_at(t: float) -> tuple[int, int] | None:
    """Hidden on the first slide; resting at REST, then one stroke of STEPS steps."""
    if t < CUT_S + 1.0:
        return None
    n = min(STEPS, max(0, round((t - STROKE_S) * FPS)))
    return REST[0] + n * STROKE[0], REST[1] + n * STROKE[1]


def picture(t: float, build_at: float, rng: np.random.Generator) -> np.ndarray:
    img = slide(t, build_at, rng)
    at = pointer_at(t)
    if at is not None:
        y, x = at
        img[y : y + 12, x : x + 8][ARROW] = 255
    return img


def kept(build_at: float) -> list[float]:
    rng = np.random.default_rng(405)
    tracker = Tracker(GRID, TUNING)
    out: list[float] = []
    for n in range(round((build_at + 4.0) * FPS)):
        t = n / FPS
        out += [k.time_s for k in tracker.feed(t, picture(t, build_at, rng), None)]
    return out + [k.time_s for k in tracker.finish()]


def test_a_build_where_a_clip_played_just_after_a_flick_across_it_is_a_state() -> None:
    """The first slide, the second, and the build: written 0.6-1.0 s after the stroke ended
    (within `region_pause_s` of the change the pointer's passage left `settle_s` behind)."""
    stroke_end = STROKE_S + STEPS / FPS
    for after in (0.6, 0.8, 1.0):
        build_at = stroke_end + after
        times = kept(build_at)
        assert len(times) == 3, (after, times)
        assert CUT_S <= times[1] < STROKE_S, (after, times)
        assert build_at <= times[2] <= build_at + 1.0, (after, times)


def test_the_pointer_is_followed_along_a_flick() -> None:
    """Every step of a stroke two blocks a sample, after the first, is the pointer's: both
    where it left and where it came."""
    motion = Motion.tuned(GRID, TUNING)
    rng = np.random.default_rng(1)
    ignore = np.zeros(GRID, bool)
    before, followed = None, []
    for n in range(round((STROKE_S - 0.5) * FPS), round((STROKE_S + 1.0) * FPS)):
        t = n / FPS
        img = picture(t, 1e9, rng)
        motion.watch(t)
        if before is not None:
            moving = motion.step(t, before, img, ignore, block_diff(before, img))
            at = pointer_at(t)
            assert at is not None
            if STROKE_S + 1 / FPS < t <= STROKE_S + STEPS / FPS:
                followed.append(bool(moving[at[0] // BLOCK, at[1] // BLOCK]))
        before = img
    assert len(followed) == STEPS - 1 and all(followed), followed


def _leaves_for(glyph: bool) -> np.ndarray:
    """The pointer shows at P (a step), then leaves it for Q two blocks right, while (`glyph`)
    a character is typed two blocks left of P: what the second step's `Motion.step` says."""
    motion = Motion.tuned(GRID, TUNING)
    plain = np.full((H, W), 30, np.uint8)
    at_p, at_q = plain.copy(), plain.copy()
    at_p[80:92, 100:108][ARROW] = 255
    at_q[80:92, 124:132][ARROW] = 255
    if glyph:
        at_q[82:88, 76:82] = 220
    motion.watch(1.0)
    motion.step(1.0, plain, at_p, np.zeros(GRID, bool))
    motion.watch(1.0 + 1 / FPS)
    return motion.step(1.0 + 1 / FPS, at_p, at_q, np.zeros(GRID, bool))


def test_a_character_typed_as_the_pointer_leaves_is_no_stroke() -> None:
    """Alone, the pointer leaving P for Q is followed; with a character typed within reach of
    P in the same step, two things came and neither is taken for it (test_typing_clip: a
    command's character taken for the pointer let the line settle mid-command)."""
    alone = _leaves_for(glyph=False)
    assert alone[80 // BLOCK, 124 // BLOCK]
    typed = _leaves_for(glyph=True)
    assert not typed[82 // BLOCK, 76 // BLOCK] and not typed[80 // BLOCK, 124 // BLOCK]


def test_the_pointer_passing_primes_no_zigzag() -> None:
    """A block the pointer passed over (brighter for a sample, on its path) that changes once
    0.8 s after the change its passage left `settle_s` behind (a build) does not play: the
    pointer's way back is no half of a zigzag."""
    regions = ActiveRegions((4, 4), TUNING)
    lag = round(TUNING.settle_s * FPS)
    passed = round(1.0 * FPS)  # the sample the pointer is seen on, over block (1, 1)
    built = passed + lag + round(0.8 * FPS)
    history: list[np.ndarray] = []
    for n in range(built + 2 * lag):
        means = np.full((4, 4), 30.0, np.float32)
        if n == passed:
            means[1, 1] = 90.0
        if n >= built:
            means[1, 1] = 120.0
        pointer = np.zeros((4, 4), bool)
        pointer[1, 1] = passed <= n <= passed + lag  # (the tracker's path: where it moved lately)
        changed = np.abs(means - history[-lag]) > TUNING.motion if len(history) >= lag else None
        regions.observe(n / FPS, means, changed, pointer)
        history.append(means)
    assert not regions.playing[1, 1]
