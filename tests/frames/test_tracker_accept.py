"""A state the fast path takes from a keyframe (`Tracker.accept`) is judged like any large change:
provisional until `region_span_s` after it settled and until watched holding still for `settle_s`
from the keyframe on (however long the packets say it held still before: they can't see a clip's
still shot), dropped if it changes again in place (a clip that started playing with the slide) or
if a region learned meanwhile takes it over but for a pointer-sized edge."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15


def picture(panel: int | None = None, bleed: bool = False, smear: bool = False) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    if panel is not None:  # a panel of 12x12 blocks; `panel` seeds its content
        rng = np.random.default_rng(panel)
        img[48:144, 96:192] = rng.integers(0, 255, (96, 96), dtype=np.uint8)
    if bleed:  # the block row above the panel, as compression smears a clip's last picture
        img[40:48, 88:200] = 150
    if smear:  # one block two to the right of the panel, smeared by a clip playing there
        img[48:56, 200:208] = 150
    return img


def settled_tracker() -> Tracker:
    tracker = Tracker((H // 8, W // 8), TUNING)
    for n in range(2 * FPS):
        tracker.feed(n / FPS, picture(), None)
    assert tracker.kept is not None
    return tracker


def feed(
    tracker: Tracker, start: float, seconds: float, panel: Callable[[float], int]
) -> list[float]:
    kept = []
    for n in range(1, round(seconds * FPS)):
        t = start + n / FPS
        kept += [k.time_s for k in tracker.feed(t, picture(panel(t)), None)]
    return kept + [k.time_s for k in tracker.finish()]


def test_a_keyframe_state_is_confirmed_once_watched_however_long_it_held_before() -> None:
    tracker = settled_tracker()
    key_t = 10.0 + TUNING.region_span_s  # (the packets say it held still since 10.0)
    assert tracker.accept(10.0, key_t, picture(1), None, "key") == []
    assert feed(tracker, key_t, 2 * TUNING.region_span_s, lambda t: 1) == [10.0]


def test_a_keyframe_state_whose_clip_plays_on_after_a_still_shot_is_dropped() -> None:
    # the packets say the panel held still for `region_span_s` before the keyframe, and it
    # holds still a little longer: a clip's still shot, then it plays on in place
    tracker = settled_tracker()
    key_t = 10.0 + TUNING.region_span_s
    assert tracker.accept(10.0, key_t, picture(1), None, "key") == []
    shot_ends = key_t + TUNING.settle_s * 0.6

    def panel(t: float) -> int:  # a new clip picture every 0.25 s once the shot ends
        return 1 if t < shot_ends else 2 + int((t - shot_ends) * 4)

    kept = feed(tracker, key_t, 4 * TUNING.region_span_s, panel)
    assert 10.0 not in kept, kept


def test_a_keyframe_state_a_clip_region_took_over_is_dropped() -> None:
    # the panel is a clip that started playing with a smear beside it; learned as a region
    # while the state was watched, it leaves only the pointer-sized smear: no state
    tracker = settled_tracker()
    assert tracker.accept(10.0, 10.2, picture(1, smear=True), None, "key") == []

    def shown(t: float) -> np.ndarray:
        return picture(2 + int(t * 4), smear=True)  # a new clip picture every 0.25 s

    kept = []
    for n in range(1, round(2 * TUNING.region_span_s * FPS)):
        kept += [k.time_s for k in tracker.feed(10.2 + n / FPS, shown(10.2 + n / FPS), None)]
    assert tracker.mask.any(), "the clip is learned as a region"
    still = 10.2 + 2 * TUNING.region_span_s  # the clip holds a shot: the state is due
    for n in range(round(TUNING.settle_s * 2 * FPS)):
        kept += [k.time_s for k in tracker.feed(still + n / FPS, shown(still), None)]
    assert 10.0 not in kept, kept


def test_a_keyframe_state_just_settled_is_confirmed_once_it_stays() -> None:
    tracker = settled_tracker()
    assert tracker.accept(10.0, 10.2, picture(1), None, "key") == []
    assert tracker.provisional is not None
    assert feed(tracker, 10.2, 2 * TUNING.region_span_s, lambda t: 1) == [10.0]


def test_a_keyframe_state_that_changes_again_in_place_is_dropped() -> None:
    tracker = settled_tracker()
    assert tracker.accept(10.0, 10.2, picture(1), None, "key") == []
    # a clip playing in the panel: a new picture every 0.8 s
    kept = feed(tracker, 10.2, 4 * TUNING.region_span_s, lambda t: 2 + int(t / 0.8))
    assert 10.0 not in kept


def test_a_clip_that_stopped_while_nobody_watched_is_no_new_state() -> None:
    # a clip plays in the panel (learned as an active region), stops on its last picture, and
    # the next sample comes 10 s later (a skipped GOP): the region ends there, and the picture
    # it left is no state
    tracker = settled_tracker()
    kept = feed(tracker, 2.0, 6.0, lambda t: 10 + int(t * 4))  # a new clip picture every 0.25 s
    assert kept == [], "a playing clip is never a state"
    assert tracker.mask.any(), "the clip is learned as a region"
    last = 10 + int((8.0 - 1 / FPS) * 4)  # it stopped on the picture last seen
    kept = [k.time_s for k in tracker.feed(18.0, picture(last, bleed=True), None)]
    for n in range(1, 6 * FPS):
        kept += [k.time_s for k in tracker.feed(18.0 + n / FPS, picture(last, bleed=True), None)]
    kept += [k.time_s for k in tracker.finish()]
    assert kept == [], kept


def test_a_build_next_to_a_clip_as_the_clip_ends_is_still_a_state() -> None:
    # watched all along: whenever the build appears beside the stopped clip, even at the very
    # sample where the clip's region ends, it is a state
    for offset in np.arange(3.0, 5.5, 1 / FPS):
        tracker = settled_tracker()
        assert feed(tracker, 2.0, 6.0, lambda t: 10 + int(t * 4)) == []
        last = 10 + int((8.0 - 1 / FPS) * 4)
        kept = []
        for n in range(1, 10 * FPS):
            t = 8.0 + n / FPS
            shown = picture(last, bleed=t >= 8.0 + offset)  # (the "bleed" row: a build)
            kept += [k.time_s for k in tracker.feed(t, shown, None)]
        kept += [k.time_s for k in tracker.finish()]
        assert [k for k in kept if k >= 8.0 + offset], f"build at +{offset:.2f} s: {kept}"


def test_a_keyframe_showing_the_kept_state_is_no_new_state() -> None:
    tracker = settled_tracker()
    assert tracker.accept(10.0, 10.0 + TUNING.region_span_s, picture(), None, "key") == []
    assert tracker.provisional is None


def test_a_keyframe_state_ends_the_change_seen_settling() -> None:
    # decoding saw a new slide start and stopped before it settled (the GOP ended); the next
    # keyframe is taken as its picture: nothing is left settling, and the same picture taken
    # again from the keyframe after (packets still say "one change") is not a second state
    tracker = settled_tracker()
    tracker.feed(2.0 + 1 / FPS, picture(1), None)
    assert tracker.settling
    kept = [k.time_s for k in tracker.accept(2.5, 4.0, picture(1), None, "key")]
    assert not tracker.settling
    kept += [k.time_s for k in tracker.accept(5.0, 6.0, picture(1), None, "key")]
    kept += [k.time_s for k in tracker.finish()]
    assert kept == [2.5], kept


def _between(a: np.ndarray, b: np.ndarray, share: float) -> np.ndarray:
    """`share` of the way from picture `a` to picture `b` (a cross-fade)."""
    return np.rint(a * (1.0 - share) + b * share).astype(np.uint8)


def test_a_keyframe_state_that_changes_on_at_once_was_a_transition_caught_midway() -> None:
    # the packets said the change settled before the keyframe (a cheap cross-fade under the
    # webcam's noise), but the keyframe is half-way: the fast path decodes the GOP after it
    # (`planner`: `key_unsettled`), whose pictures go on changing before it ever held still,
    # and the fade's end is the one state (what the planner's rule relies on: this test and
    # the next one pass on the tracker as it was before the rule)
    tracker = settled_tracker()
    before = picture().astype(np.float64)
    after = before.copy()  # the next slide: new text over most of the frame
    after[32:176:8, 8:312] = np.random.default_rng(7).integers(0, 120, (18, 304))
    assert tracker.accept(10.0, 10.2, _between(before, after, 0.5), None, "key") == []
    kept = []
    for n in range(1, 4 * FPS):
        t = 10.2 + n / FPS
        share = min(1.0, 0.5 + 0.5 * n / (0.8 * FPS))  # the fade ends 0.8 s after the keyframe
        kept += [k.time_s for k in tracker.feed(t, _between(before, after, share), None)]
    kept += [k.time_s for k in tracker.finish()]
    assert len(kept) == 1 and kept[0] > 10.2 + 0.8, kept


def test_a_keyframe_state_that_held_still_stays_a_state_when_the_next_change_comes() -> None:
    tracker = settled_tracker()
    assert tracker.accept(10.0, 10.2, picture(1), None, "key") == []
    build_at = 10.2 + TUNING.settle_s + 2 / FPS  # (watched holding still first)
    kept = []
    for n in range(1, round(4 * TUNING.region_span_s * FPS)):
        t = 10.2 + n / FPS
        kept += [k.time_s for k in tracker.feed(t, picture(1, bleed=t >= build_at), None)]
    kept += [k.time_s for k in tracker.finish()]
    assert kept[0] == 10.0 and len(kept) == 2, kept
