"""Something moving without rest: the pointer rests between its strokes; a cartoon's figure
crossing a still scene, a game's character, does not. `Motion.moving_since` says since when
something has moved with no rest of `settle_s`, whatever its size; a line typed (it only adds)
and a caret blinking (in place) are no motion; a stretch the fast path skipped ends it. The
route counts such motion as a change under way (`Route._unsettled_since`), so a picture that
never rests for a window is camera footage (tests/frames/test_known_answers.py: a sprite)."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.blocks import block_diff
from peepshow_core.frames.slides.motion import Motion
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
YY, XX = np.mgrid[0:H, 0:W]


def scene() -> np.ndarray:
    img = np.full((H, W), 200, np.uint8)  # sky
    img[130:] = 90  # ground
    img[80:130, 40:100] = 150  # a house
    return img


def figure(x: float, y: float, radius: int) -> np.ndarray:
    img = scene()
    img[(YY - y) ** 2 + (XX - x) ** 2 < radius**2] = 30
    return img


def motion() -> Motion:
    return Motion.tuned((H // 8, W // 8), TUNING)


def feed(
    track: Motion, samples: list[tuple[float, np.ndarray]], reference: np.ndarray | None = None
) -> list[float | None]:
    """`moving_since` after each sample; `reference`: the state the tracker judges against
    (the still scene)."""
    reference = scene() if reference is None else reference
    out: list[float | None] = []
    before = None
    for t, img in samples:
        track.watch(t)
        if before is not None:
            track.step(t, before, img, np.zeros((H // 8, W // 8), bool))
            track.passing(t, block_diff(reference, img) <= TUNING.weak, block_diff(before, img))
        out.append(track.moving_since(t))
        before = img
    return out


def crossing(radius: int, seconds: float, t0: float = 0.0) -> list[tuple[float, np.ndarray]]:
    """A figure crossing the scene, bouncing, every sample a little further."""
    n = round(seconds * FPS)
    return [
        (t0 + i / FPS, figure(30 + 250 * i / n, 100 - 30 * abs(np.sin(i / 4)), radius))
        for i in range(n)
    ]


def test_a_figure_bigger_than_the_pointer_moving_without_rest_is_motion_under_way() -> None:
    """Six blocks across: no pointer (`overlay_blocks` 3, a highlight's twice that at most
    after learning), but something going its way all the same."""
    since = feed(motion(), crossing(radius=24, seconds=4.0))
    assert since[-1] == 0.0, "from the picture it left"
    assert all(s == 0.0 for s in since[2:])  # one run, told from its second step on


def test_a_rest_of_settle_s_ends_the_run_and_the_next_stroke_begins_another() -> None:
    track = motion()
    first = crossing(radius=24, seconds=1.0)
    rest_s = TUNING.settle_s + 2 / FPS
    still = [(1.0 + i / FPS, first[-1][1]) for i in range(round(rest_s * FPS))]
    second = crossing(radius=24, seconds=1.0, t0=1.0 + rest_s)
    since = feed(track, first + still + second)
    assert since[len(first) - 1] is not None
    assert since[len(first) + len(still) - 1] is None  # rested
    assert since[-1] is not None and since[-1] >= 1.0 + rest_s - 1 / FPS


def test_a_short_pause_between_strokes_is_no_rest() -> None:
    first = crossing(radius=24, seconds=1.0)
    pause_s = TUNING.settle_s / 2
    still = [(1.0 + i / FPS, first[-1][1]) for i in range(round(pause_s * FPS))]
    second = crossing(radius=24, seconds=1.0, t0=1.0 + pause_s)
    since = feed(motion(), first + still + second)
    assert since[-1] == 0.0


def test_the_pointer_alone_however_long_it_moves_is_no_thing_passing() -> None:
    """One thing of the pointer's size (`overlay_blocks`) going its way for 4 s: the pointer's
    strokes, chained; the screen under it holds still."""
    assert all(s is None for s in feed(motion(), crossing(radius=6, seconds=4.0)))


def test_two_things_of_the_pointers_size_passing_apart_are_no_pointer() -> None:
    """There is one pointer: two small figures going their ways at once are a scene's."""
    samples = []
    for i in range(4 * FPS):
        img = figure(30 + 4 * i, 60, 6)
        img[(YY - 140) ** 2 + (XX - (290 - 4 * i)) ** 2 < 36] = 30
        samples.append((i / FPS, img))
    since = feed(motion(), samples)
    assert since[-1] is not None and since[-1] <= 2 / FPS


def test_a_line_typed_and_a_caret_blinking_are_no_motion() -> None:
    samples = []
    for i in range(4 * FPS):
        img = scene()
        for c in range(min(i, 60)):  # a line typed, a character a sample
            img[20:28, 20 + 4 * c : 22 + 4 * c] = 0
        if i % 8 < 4:  # a caret blinking below it
            img[60:70, 20:22] = 0
        samples.append((i / FPS, img))
    assert all(s is None for s in feed(motion(), samples))


def test_a_line_typed_behind_a_moving_caret_is_no_motion() -> None:
    """The caret moves on as each character is typed, but what it leaves is a character, not
    the state as it was: typing adds."""
    samples = []
    for i in range(4 * FPS):
        img = scene()
        for c in range(i):
            img[20:28, 20 + 4 * c : 22 + 4 * c] = 0
        img[18:30, 20 + 4 * i : 24 + 4 * i] = 0  # a block caret after the last character
        samples.append((i / FPS, img))
    assert all(s is None for s in feed(motion(), samples))


def test_a_figure_passing_over_what_it_had_covered_is_judged_against_the_state() -> None:
    """The state kept showed the figure where it began: leaving that place is no restoring
    it, but leaving every later one is."""
    samples = crossing(radius=24, seconds=3.0)
    since = feed(motion(), samples, reference=samples[0][1])
    assert since[-1] is not None and since[-1] <= 2 / FPS


def test_a_stretch_not_decoded_ends_the_run() -> None:
    """Samples further apart than `CONSECUTIVE_S` (a GOP the fast path skipped): the figure may
    have rested meanwhile; the run begins again after it."""
    before = crossing(radius=24, seconds=2.0)
    after = crossing(radius=24, seconds=2.0, t0=5.0)
    since = feed(motion(), before + after)
    assert since[len(before) - 1] is not None and since[len(before) - 1] < 1.0
    assert since[-1] == 5.0  # (the step across the gap begins nothing)


def test_in_a_transition_nothing_passes() -> None:
    """A step that changes more than `wide_share` of the picture (a wipe, a cut) moves
    everything: even where it leaves the state as it was, it is no figure passing (a wipe
    between two of the pointer's strokes would otherwise join them into one run)."""
    track = motion()
    samples = crossing(radius=24, seconds=0.2)  # (two steps: the run's first is told)
    wiped = samples[-1][1].copy()
    wiped[:, : W * 3 // 5] = 128  # a wipe to a plain slide, three fifths of the way, over it
    feed(track, samples)
    t = samples[-1][0] + 1 / FPS
    track.watch(t)
    track.step(t, samples[-1][1], wiped, np.zeros((H // 8, W // 8), bool))
    assert track.departed, "a place left, next to the step before's"
    everywhere = np.ones((H // 8, W // 8), bool)
    track.passing(t, everywhere, block_diff(samples[-1][1], wiped))
    assert track.run is None or track.run[1] < t
