"""The pointer seen moving in, then first seen resting only after a stretch nobody decoded (the
fast path skipped a GOP): the motion that brought it is still remembered when it settles; and
the pointer hiding and showing up elsewhere."""

from __future__ import annotations

import av
import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import TRAIL_S, SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
ARROW = np.tri(12, 8, dtype=bool)  # a solid arrow head, 12 px tall


def picture(pointer: tuple[int, int] | None, word: bool = False) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    if pointer is not None:
        y, x = pointer
        img[y : y + 12, x : x + 8][ARROW] = 0
    if word:  # a short build: one word of a bullet
        img[120:128, 40:52] = 30
        img[120:128, 56:64] = 30
    return img


def run(samples: list[tuple[float, tuple[int, int] | None]], word_at: float = 1e9) -> list[float]:
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for t, where in samples:
        img = picture(where, word=t >= word_at)
        frame = av.VideoFrame.from_ndarray(img, format="gray")
        kept += [k.time_s for k in tracker.feed(t, img, frame)]
    return kept + [k.time_s for k in tracker.finish()]


def test_a_pointer_first_seen_resting_after_an_undecoded_gap_is_known_by_how_it_came() -> None:
    """It moved in (seen: its last step a jump of three blocks), and the decoding skipped a GOP
    before it had settled; it settles only after the gap, where it rests two pixels further
    on: the motion that brought it, seen before the gap, still counts."""
    y, x = 97, 161
    samples: list[tuple[float, tuple[int, int] | None]] = [
        (n / FPS, None) for n in range(2 * FPS)
    ]  # a settled slide
    steps = [x - 8 * k for k in (7, 6, 5, 4, 3)] + [x, x]  # moving in, a block a step
    samples += [(3.0 + n / FPS, (y, at)) for n, at in enumerate(steps)]
    t = samples[-1][0] + TUNING.settle_s + TRAIL_S + 0.5  # a GOP nobody decoded
    samples += [(t + n / FPS, (y, x + 2)) for n in range(2 * FPS)]
    assert run(samples) == [0.0]


def test_a_pointer_still_moving_when_the_decoding_stopped_is_known_where_it_rests() -> None:
    """It was seen moving in, still moving when a stretch nobody decoded began; after the gap
    it is first seen resting one step further on. Motion ages in watched time: the steps seen
    just before the gap are as recent after it as they were before."""
    y, x = 97, 161
    samples: list[tuple[float, tuple[int, int] | None]] = [
        (n / FPS, None) for n in range(2 * FPS)
    ]  # a settled slide
    steps = [x - 8 * k for k in (6, 5, 4, 3, 2, 1)]  # moving in, a block a step, not there yet
    samples += [(3.0 + n / FPS, (y, at)) for n, at in enumerate(steps)]
    t = samples[-1][0] + 2 * (TUNING.settle_s + TRAIL_S)  # a GOP nobody decoded
    samples += [(t + n / FPS, (y, x)) for n in range(3 * FPS)]  # resting one step on
    assert run(samples) == [0.0]


def test_a_pointer_that_hid_and_shows_up_elsewhere_is_known_by_its_look() -> None:
    """It rests in the first picture, hides (leaving plain background: its look is learned as
    it goes), and shows up in place somewhere else without being seen moving there."""
    samples: list[tuple[float, tuple[int, int] | None]] = [
        (n / FPS, (60, 40)) for n in range(2 * FPS)
    ]  # a settled slide, the pointer resting on it
    samples += [(2.0 + n / FPS, None) for n in range(2 * FPS)]  # hidden
    samples += [(4.0 + n / FPS, (120, 240)) for n in range(3 * FPS)]  # shown again, elsewhere
    assert run(samples) == [0.0]


def test_a_word_that_appears_after_the_pointer_hid_is_still_a_build() -> None:
    samples: list[tuple[float, tuple[int, int] | None]] = [
        (n / FPS, (60, 40)) for n in range(2 * FPS)
    ]
    samples += [(2.0 + n / FPS, None) for n in range(5 * FPS)]  # hidden; a word at 4 s
    kept = run(samples, word_at=4.0)
    assert len(kept) == 2 and kept[0] == 0.0
    assert 4.0 <= kept[1] <= 4.0 + 2 * TUNING.settle_s


def test_the_trail_kept_for_a_late_settling_change_stays_bounded() -> None:
    """A change pending for a minute (footage that never settles) keeps only the motion that
    brought it and the recent trail, not everything since."""
    from peepshow_core.frames.slides.motion import Motion, Trace

    motion = Motion.tuned((H // 8, W // 8), TUNING)
    for n in range(600):  # a small thing changing every 0.1 s for 60 s
        motion.watch(n / 10)
        motion.trail.append(Trace(n / 10, frozenset({(n % 20, 3)}), True))
        motion.forget(n / 10, 1.5, keep=(2.0, 1.0))
    kept = [trace.when for trace in motion.trail]
    assert all(1.0 <= w <= 2.0 or w >= 59.9 - 1.5 for w in kept)
    assert len(kept) <= 11 + 16


def test_motion_ages_in_watched_time() -> None:
    from peepshow_core.frames.slides.motion import Motion

    gap_s = 0.25
    motion = Motion.tuned((H // 8, W // 8), TUNING, gap_s)
    for n in range(21):  # watched from 0 to 2 s
        motion.watch(n / 10)
    motion.watch(5.0)  # nothing seen from 2 s to 5 s: it counts as one short step
    assert motion.watched(1.0) == 1.0
    assert motion.watched(3.5) == 2.0  # inside the stretch: where it began
    assert motion.watched(5.0) == 2.0 + gap_s
    motion.watch(5.1)
    assert abs(motion.watched(5.1) - (2.1 + gap_s)) < 1e-9


# --- what came from somewhere, and what a pointer looks like ---


def _passing(
    samples: list[tuple[float, tuple[int, int] | None]], y: int, t0: float, step: int = 8
) -> float:
    """The pointer passing by along row `y` from the left edge to the right, `step` px a
    sample; then it rests at the right. Returns when it arrived there."""
    xs = list(range(8, 290, step))
    samples += [(t0 + n / FPS, (y, x)) for n, x in enumerate(xs)]
    end = t0 + len(xs) / FPS
    samples += [(end + n / FPS, (y, xs[-1])) for n in range(3 * FPS)]
    return end


def _run_drawn(samples: list[tuple[float, tuple[int, int] | None]], draw) -> list[float]:  # type: ignore[no-untyped-def]
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for t, where in samples:
        img = picture(where)
        draw(img, t)
        frame = av.VideoFrame.from_ndarray(img, format="gray")
        kept += [k.time_s for k in tracker.feed(t, img, frame)]
    return kept + [k.time_s for k in tracker.finish()]


def test_a_word_appearing_just_as_the_pointer_passes_by_is_a_build() -> None:
    """The word appears two blocks above the pointer's path while it goes past: the pointer
    came from somewhere, but the word (nearly three times wider than tall) can't be the pointer."""
    samples: list[tuple[float, tuple[int, int] | None]] = [(n / FPS, None) for n in range(2 * FPS)]
    _passing(samples, 136, 3.0)
    word_at = 3.0 + 7 / FPS  # (the pointer is right below it)

    def draw(img: np.ndarray, t: float) -> None:
        if t >= word_at:
            img[120:128, 41:63] = 30  # one short word, 8 px tall, 22 wide (three blocks)

    kept = _run_drawn(samples, draw)
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert word_at <= kept[1] <= word_at + 2 * TUNING.settle_s


def test_a_resize_arrow_that_moved_in_is_the_pointer() -> None:
    """A pointer shape wider than tall (the horizontal resize arrow: 14 px by 6) that moved in
    and rests is the pointer, like the arrow."""
    resize = np.ones((6, 14), bool)
    resize[:2, 3:11] = resize[4:, 3:11] = False  # a bar with two arrow heads
    samples: list[tuple[float, tuple[int, int] | None]] = [(n / FPS, None) for n in range(2 * FPS)]
    _passing(samples, 96, 3.0, step=4)

    def draw(img: np.ndarray, t: float) -> None:
        return None

    def shaped(where: tuple[int, int] | None) -> np.ndarray:
        img = picture(None)
        if where is not None:
            y, x = where
            img[y : y + 6, x : x + 14][resize] = 0
        return img

    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for t, where in samples:
        img = shaped(where)
        kept += [k.time_s for k in tracker.feed(t, img, av.VideoFrame.from_ndarray(img, "gray"))]
    assert kept + [k.time_s for k in tracker.finish()] == [0.0]


def _shapes(samples: list[tuple[float, tuple[int, int] | None, np.ndarray | None]]) -> list[float]:
    """Feed pictures with the given sprite (or none) drawn at each sample's place."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for t, where, sprite in samples:
        img = picture(None)
        if where is not None and sprite is not None:
            y, x = where
            img[y : y + sprite.shape[0], x : x + sprite.shape[1]][sprite] = 0
        kept += [k.time_s for k in tracker.feed(t, img, av.VideoFrame.from_ndarray(img, "gray"))]
    return kept + [k.time_s for k in tracker.finish()]


def _then_shown_in_place(sprite: np.ndarray) -> list[float]:
    """The arrow moves in and rests (its look is learned), hides, and `sprite` shows up
    resting somewhere else, never seen moving."""
    y, x = 60, 161
    samples: list[tuple[float, tuple[int, int] | None, np.ndarray | None]] = [
        (n / FPS, None, None) for n in range(2 * FPS)
    ]
    steps = [x - 8 * k for k in (7, 6, 5, 4, 3, 2, 1, 0)]
    samples += [(2.0 + n / FPS, (y, at), ARROW) for n, at in enumerate(steps)]
    samples += [(3.0 + n / FPS, (y, x), ARROW) for n in range(2 * FPS)]  # resting
    samples += [(5.0 + n / FPS, None, None) for n in range(2 * FPS)]  # hidden
    samples += [(7.0 + n / FPS, (120, 240), sprite) for n in range(3 * FPS)]
    return _shapes(samples)


def test_the_pointer_shown_in_another_shape_is_known_by_its_height() -> None:
    """It comes back as an I-beam (as tall as the arrow, narrower): the pointer over text."""
    ibeam = np.zeros((12, 5), bool)
    ibeam[:, 2] = ibeam[0] = ibeam[-1] = True
    assert _then_shown_in_place(ibeam) == [0.0]


def test_a_small_icon_taller_than_the_pointer_is_a_build() -> None:
    """A square icon a quarter taller than the arrow appears in place: a build."""
    kept = _then_shown_in_place(np.ones((15, 15), bool))
    assert len(kept) == 2 and kept[0] == 0.0 and 7.0 <= kept[1] <= 7.0 + 2 * TUNING.settle_s


def test_a_short_wide_glyph_as_tall_as_the_pointer_is_a_build() -> None:
    """As tall as the arrow but wider than tall (a dash, a short word): a build."""
    kept = _then_shown_in_place(np.ones((12, 16), bool))
    assert len(kept) == 2 and kept[0] == 0.0 and 7.0 <= kept[1] <= 7.0 + 2 * TUNING.settle_s


def _patched(shift: int) -> list[float]:
    """A settled slide; at 2 s one block of it brightens by `shift` grey levels everywhere and
    stays so."""

    def draw(img: np.ndarray, t: float) -> None:
        if t >= 2.0:
            img[96:104, 96:104] = 230 - shift  # (on the white page: darker by `shift`)

    return _run_drawn([(n / FPS, None) for n in range(5 * FPS)], draw)


def test_a_block_the_encoder_refines_is_no_state() -> None:
    """Every pixel of the block moved by 30 grey levels (a low-quality encoder sharpening or
    smoothing its picture over the seconds after a cut): nothing stands out at full
    resolution, so nothing appeared."""
    assert _patched(30) == [0.0]


def test_a_mark_that_stands_out_is_a_build() -> None:
    """The same block 60 grey levels darker stands out: a small build (a bullet's mark)."""
    kept = _patched(60)
    assert len(kept) == 2 and kept[0] == 0.0 and 2.0 <= kept[1] <= 2.0 + 2 * TUNING.settle_s


def test_a_pointer_resting_across_a_slide_taken_from_a_keyframe_is_no_state() -> None:
    """First seen resting (after an undecoded gap), held; the next slide comes from a keyframe
    (`accept`) with the pointer on top of it, unchanged, where everything around it changed:
    the pointer rode through the change, as it does when the change is decoded."""
    y, x = 97, 161
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for t, where in [(n / FPS, None) for n in range(2 * FPS)] + [
        (5.0 + n / FPS, (y, x)) for n in range(2 * FPS)
    ]:
        img = picture(where)
        kept += [k.time_s for k in tracker.feed(t, img, av.VideoFrame.from_ndarray(img, "gray"))]
    assert tracker.holding, "the resting pointer, never seen moving, is held"
    slide = picture(None)
    slide[40:176:8, 8:312] = 60  # the next slide: lines of text everywhere ...
    slide[y : y + 12, x : x + 8][ARROW] = 0  # ... and the pointer on top, where it rested
    frame = av.VideoFrame.from_ndarray(slide, "gray")
    kept += [k.time_s for k in tracker.accept(7.0, 8.0, slide, frame, "key")]
    kept += [k.time_s for k in tracker.finish()]
    assert kept == [0.0, 7.0], kept


def test_a_pointer_found_resting_after_a_gap_that_leaves_slowly_is_no_state() -> None:
    """Its arrival fell in a GOP nobody decoded: first seen resting, it is held. It then moves
    off slowly, a pixel or two a frame at first (an eased stroke): the first pictures show
    something else where it was, but still moving. What replaced a held change counts only once
    it has held still: by then the pointer has left the place plain."""
    y, x = 97, 161
    samples: list[tuple[float, tuple[int, int] | None]] = [(n / FPS, None) for n in range(2 * FPS)]
    t = 6.0  # after a stretch nobody decoded, where it came in
    samples += [(t + n / FPS, (y, x)) for n in range(3 * FPS)]  # resting
    t += 3.0
    at = float(x)
    for n in range(2 * FPS):  # easing off to the right: 1, 1.5, 2, ... px a frame
        at += 1.0 + 0.5 * n
        samples.append((t + n / FPS, (y, round(at)) if at < W - 8 else None))
    t += 2.0
    samples += [(t + n / FPS, None) for n in range(2 * FPS)]  # gone
    assert run(samples) == [0.0]


def test_only_a_change_bigger_than_the_pointer_is_settling_since_it_was_seen() -> None:
    """What times a keyframe's state after a change seen starting before its GOP
    (`GopSizes.key_settled`): a large change not settled yet, not a small one pending (the
    pointer arriving) — that one is no part of the change the keyframe shows (before, a new
    slide was timed before its cut, from a pointer pending since an earlier GOP); nor is it
    once the large change comes while the pointer is still pending (a scroll that began on a
    keyframe was timed at that keyframe, before it settled)."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    for n in range(2 * FPS):
        tracker.feed(n / FPS, picture(None), None)
    tracker.feed(2.0, picture((97, 161)), None)  # the pointer shows up: a small change pending
    assert tracker.pending_since == 2.0 and tracker.settling_since is None
    slide = picture(None)
    slide[40:120, 40:280] = 90  # a new picture over most of the slide: a large change
    tracker.feed(2.0 + 1 / FPS, slide, None)
    assert tracker.pending_since == 2.0 and tracker.settling_since == 2.0 + 1 / FPS


def test_a_pointer_coming_to_rest_while_the_encoder_refines_a_corner_is_no_state() -> None:
    """The pointer comes to rest as the encoder sharpens a strip of the picture elsewhere
    (four blocks tall, every pixel 10 grey levels off: nothing stands out at full
    resolution). Together the two settle as one change bigger than the pointer; judged blob by
    blob, the strip is the encoder refining and what is left is the pointer resting."""
    samples: list[tuple[float, tuple[int, int] | None]] = [(n / FPS, None) for n in range(2 * FPS)]
    arrived = _passing(samples, 136, 3.0)

    def draw(img: np.ndarray, t: float) -> None:
        if t >= arrived + 1 / FPS:
            img[8:40, 288:296] = 220  # (on the white page: 10 grey levels darker)

    assert _run_drawn(samples, draw) == [0.0]


def test_a_pointer_seen_moving_then_resting_where_it_came_unseen_is_known_by_its_look() -> None:
    """It is seen passing, never resting; after a stretch nobody decoded it rests far from where
    it went, and stays until the next slide: its look was learned as it moved."""
    samples: list[tuple[float, tuple[int, int] | None]] = [(n / FPS, None) for n in range(2 * FPS)]
    samples += [(3.0 + n / FPS, (136, x)) for n, x in enumerate(range(8, 200, 8))]  # passing
    t = samples[-1][0] + 3.0  # a GOP nobody decoded
    samples += [(t + n / FPS, (40, 280)) for n in range(3 * FPS)]  # resting far away
    slide = samples[-1][0] + 1 / FPS

    def draw(img: np.ndarray, when: float) -> None:
        if when >= slide:
            img[16:24, 16:200] = 230
            img[16:24, 40:120] = 30  # the next slide's title

    samples += [(slide + n / FPS, (40, 280)) for n in range(2 * FPS)]
    kept = _run_drawn(samples, draw)
    assert kept[0] == 0.0 and len(kept) == 2, kept
    assert slide <= kept[1] <= slide + 2 * TUNING.settle_s


def test_only_what_keeps_its_look_while_moving_is_learned_as_the_pointer() -> None:
    """A thing that moves like the pointer but looks different at every step (a blotch of
    noise) teaches no look; the arrow moving the same way does."""
    rng = np.random.default_rng(3)
    for blotch, learned in ((True, False), (False, True)):
        tracker = Tracker((H // 8, W // 8), TUNING)
        for n in range(2 * FPS):
            img = picture(None)
            tracker.feed(n / FPS, img, av.VideoFrame.from_ndarray(img, "gray"))
        for n, x in enumerate(range(8, 200, 8)):
            img = picture(None)
            if blotch:
                img[136:148, x : x + 8] = rng.integers(0, 256, (12, 8), dtype=np.uint8)
            else:
                img[136:148, x : x + 8][ARROW] = 0
            tracker.feed(3.0 + n / FPS, img, av.VideoFrame.from_ndarray(img, "gray"))
        assert bool(tracker.looks.moving) is learned
