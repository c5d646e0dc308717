"""Notifications (slides/notices.py): a banner laid over a corner of the screen for a few
seconds and taken away is no state, nor is the picture it leaves; one that rode on top
through a slide change goes the same way; a box shown longer, a panel bigger than a
notification, a picture replaced by the next where it was stay states. Each case pins one
of the notification values: its half or its double fails it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from peepshow_core.frames.slides.notices import Notices
from peepshow_core.frames.slides.tuning import NOTICE_EDGE, NOTICE_S, NOTICE_SHARE, SlidesTuning
from tests.support.tracker import standing

TUNING = SlidesTuning()
H, W = 240, 320
FPS = 10
Picture = Callable[[float], np.ndarray]


def slide(k: int) -> np.ndarray:
    """Slide `k`: a title and a few bars of text."""
    rng = np.random.default_rng(k)
    img = np.full((H, W), 235, np.uint8)
    img[16:28, 16 : 80 + 30 * k] = 30
    for r in range(4 + k % 3):
        img[50 + 22 * r : 60 + 22 * r, 30 : 30 + int(rng.integers(60, 200))] = 60
    return img


def page(k: int) -> np.ndarray:
    """Page `k`: a slide of another deck (light text on dark), to change the whole picture."""
    return np.asarray(255 - slide(k), np.uint8)


def banner(img: np.ndarray, w: int, h: int, seed: int = 0, x: int | None = None) -> None:
    """A notification `w` x `h` px at the top right: a dark box, an icon and two lines."""
    rng = np.random.default_rng(seed)
    x0 = W - 4 - w if x is None else x
    y0 = 4
    img[y0 : y0 + h, x0 : x0 + w] = 45
    img[y0 + 4 : y0 + 14, x0 + 4 : x0 + 14] = 160
    for line in range(2):
        y = y0 + 5 + 9 * line
        if y + 5 < y0 + h:
            span = int(rng.integers(w // 3, w - 24))
            img[y : y + 5, x0 + 20 : x0 + 20 + span] = 220


def kept(picture: Picture, seconds: float) -> list[float]:
    """The states a tracker keeps (their settle times), those withdrawn at the end left out."""
    return standing(picture, seconds, FPS, TUNING)


def stacked(img: np.ndarray) -> None:
    """A second notification stacked below the first (`banner`'s), in place."""
    below = np.full((30, 100), 235, np.uint8)
    banner(below, 96, 24, seed=3, x=0)
    img[32:56, W - 100 : W - 4] = below[4:28, 0:96]


def shown(k: int, start: float, end: float, w: int = 96, h: int = 24) -> Picture:
    """Slide `k`, a notification `w` x `h` on it from `start` to `end`."""

    def picture(t: float) -> np.ndarray:
        img = slide(k)
        if start <= t < end:
            banner(img, w, h)
        return img

    return picture


def test_a_notification_over_a_slide_is_no_state() -> None:
    """A banner (3 % of the picture) shown 5 s: the slide alone is the state. (The code
    before kept the banner, and the slide again once it went.)"""
    times = kept(shown(0, 4.0, 9.0), 14.0)
    assert len(times) == 1 and times[0] <= 1.0, times


def test_a_notification_showing_nine_seconds_is_none() -> None:
    """Shown three quarters of `NOTICE_S`: `NOTICE_S` halved keeps it."""
    end = 4.0 + 0.75 * NOTICE_S
    times = kept(shown(1, 4.0, end), end + 5.0)
    assert len(times) == 1, times


def test_a_box_shown_longer_stays_a_state() -> None:
    """A box shown one and a half times `NOTICE_S`, then taken away: three states
    (`NOTICE_S` doubled takes it for a notification)."""
    end = 4.0 + 1.5 * NOTICE_S
    times = kept(shown(2, 4.0, end), end + 5.0)
    assert len(times) == 3, times


def test_a_notification_of_three_quarters_the_share_is_none() -> None:
    """A notification covering three quarters of `NOTICE_SHARE` (two stacked, or a big
    one): `NOTICE_SHARE` halved keeps it."""
    w = 120
    h = round(0.75 * NOTICE_SHARE * H * W / w) // 8 * 8 - 4
    times = kept(shown(3, 4.0, 9.0, w, h), 14.0)
    assert len(times) == 1, times


def test_a_panel_of_one_and_a_half_the_share_stays_a_state() -> None:
    """A panel covering one and a half times `NOTICE_SHARE`, shown 5 s and taken away
    (a slide between two showings of the one before differing there only): three states
    (`NOTICE_SHARE` doubled takes it for a notification)."""
    w = 200
    h = round(1.5 * NOTICE_SHARE * H * W / w) // 8 * 8 - 4
    times = kept(shown(4, 4.0, 9.0, w, h), 14.0)
    assert len(times) == 3, times


@pytest.mark.parametrize(("share", "states"), [(0.75, 1), (1.5, 3)])
def test_a_box_some_way_in_from_the_right_edge(share: float, states: int) -> None:
    """A box shown 5 s, its outer side `share` times `NOTICE_EDGE` in from the picture's
    right edge: three quarters of it (an app's toast in its window) is a notification, none
    (`NOTICE_EDGE` halved keeps it); one and a half times (a slide's picture, shown between
    two showings of the slide without it) three states (`NOTICE_EDGE` doubled drops it)."""
    x = W - 96 - round(share * NOTICE_EDGE * W)

    def picture(t: float) -> np.ndarray:
        img = slide(14)
        if 4.0 <= t < 9.0:
            banner(img, 96, 24, x=x)
        return img

    times = kept(picture, 14.0)
    assert len(times) == states, times


def test_a_line_typed_at_the_left_edge_and_undone_stays_states() -> None:
    """An editor's line typed from the left edge and undone 4 s later: three states (only
    the right edge is where notifications are laid; text is written from the left)."""

    def picture(t: float) -> np.ndarray:
        img = slide(16)
        if 4.0 <= t < 8.0:
            img[190:198, 2:120] = 40
        return img

    times = kept(picture, 12.0)
    assert len(times) == 3, times


def test_a_picture_replaced_where_it_was_stays_states() -> None:
    """A picture shown on the slide, replaced 4 s later by another in its place, then
    taken away: four states (the picture that was replaced was no longer on top: the slide
    showing again where it was took nothing away)."""

    def picture(t: float) -> np.ndarray:
        img = slide(5)
        if 4.0 <= t < 8.0:
            banner(img, 96, 24, seed=1)
        elif 8.0 <= t < 12.0:
            img[4:28, W - 100 : W - 4] = 120
        return img

    times = kept(picture, 17.0)
    assert len(times) == 4, times  # (the slide again at the end: shown a while, a state)


@pytest.mark.parametrize("gone", [10.0, 8.0])
def test_a_notification_riding_through_a_slide_change_is_none(gone: float) -> None:
    """A banner shown from 4 s over slide 6, which changes to another deck's page at 7 s
    under it, the banner going at `gone`: two states, the slides. (Without `Laid.rode`, a
    third: the page once it went.) Going at 8 s, before the change under it has stood
    `region_span_s`, that change is still pending, and counts as ridden through."""

    def picture(t: float) -> np.ndarray:
        img = slide(6) if t < 7.0 else page(7)
        if 4.0 <= t < gone:
            banner(img, 96, 24)
        return img

    times = kept(picture, gone + 5.0)
    assert len(times) == 2 and 7.0 <= times[1] <= 8.0, times


def test_a_box_at_the_edge_replaced_after_a_build_elsewhere_stays_states() -> None:
    """A box shown at the right edge, a two-line build on the left (bigger than the box,
    but no slide change: less than `NOTICE_SHARE`), then the box replaced by another: four
    states (the box rode through no change that replaced what was around it)."""

    def picture(t: float) -> np.ndarray:
        img = slide(17)
        if 4.0 <= t < 9.0:
            banner(img, 96, 24)
        elif t >= 9.0:
            img[4:28, W - 100 : W - 4] = 120
        if t >= 6.0:
            img[180:190, 20:260] = 60
            img[196:206, 20:240] = 60
        return img

    times = kept(picture, 13.0)
    assert len(times) == 4, times


def test_two_stacked_notifications_going_at_once_are_none() -> None:
    """A second banner stacked below the first 2 s after it, both taken away together after
    a scroll changed the page around them: the slide and the scrolled page. (Taken away
    only one at a time, a third state: the page once they went.)"""

    def picture(t: float) -> np.ndarray:
        img = slide(9) if t < 8.0 else page(10)
        if 4.0 <= t < 11.0:
            banner(img, 96, 24)
        if 6.0 <= t < 11.0:
            stacked(img)
        return img

    times = kept(picture, 16.0)
    assert len(times) == 2 and 8.0 <= times[1] <= 9.0, times


def test_a_notification_sliding_out_as_it_falls_due_is_none() -> None:
    """A banner that starts sliding out just before it has stood `region_span_s` (its
    change not judged yet when the next settles): the slide alone. (Without
    `TakenAway._undone`, the banner and the slide again.)"""
    due = 4.0 + TUNING.settle_s + TUNING.region_span_s

    def picture(t: float) -> np.ndarray:
        img = slide(11)
        leaving = t - (due - 0.2)
        if t >= 4.0 and leaving < 0.6:
            banner(img, 96, 24, x=W - 100 + max(0, round(leaving / 0.6 * 100)))
        return img

    times = kept(picture, due + 6.0)
    assert len(times) == 1, times


def test_a_terminal_cleared_after_a_command_printed_is_a_state() -> None:
    """A command typed, its output printed right below it, the screen cleared 4 s later:
    four states (the cleared screen shows the prompt as before the command, but the command
    erased above the output was no part of it: what the clearing changed is not all as it
    was before the output)."""

    def picture(t: float) -> np.ndarray:
        img = np.full((H, W), 20, np.uint8)
        img[8:14, 8:20] = 200  # (the prompt)
        if 3.0 <= t < 10.0:
            img[8:14, 24:110] = 200  # (the command)
        if 6.0 <= t < 10.0:
            for row in range(3):
                img[16 + 8 * row : 22 + 8 * row, 8 : 60 + 30 * row] = 170
        return img

    times = kept(picture, 14.0)
    assert len(times) == 4, times


def test_a_notification_where_one_came_and_went_is_none_even_with_a_slide_change() -> None:
    """A banner comes and goes over slide 12; later the next comes in its place with the
    change to slide 13 (no piece of its own to take away) and goes alone: two states, the
    slides. (Without `Notices.places`, a third: slide 13 once it went.)"""

    def picture(t: float) -> np.ndarray:
        img = slide(12 if t < 20.0 else 13)
        if 4.0 <= t < 9.0 or 20.0 <= t < 26.0:
            banner(img, 96, 24, seed=0 if t < 20.0 else 5)
        return img

    times = kept(picture, 30.0)
    assert len(times) == 2 and 20.0 <= times[1] <= 21.0, times


def test_a_light_notification_with_short_text_is_none() -> None:
    """A toast filled in a shade close to the slide's (3 levels lighter), its short text far
    from the right edge: the slide alone; its fill, changing the background a little out to
    the edge, is the box it lies in. (Without `boxed`, the text alone is too far from the
    edge: three states.)"""

    def picture(t: float) -> np.ndarray:
        img = slide(4)
        if 4.0 <= t < 8.0:
            img[4:28, W - 100 : W - 4] = 238
            img[9:15, W - 92 : W - 52] = 40
        return img

    times = kept(picture, 12.0)
    assert times == [0.0], times


@pytest.mark.parametrize(("left", "states"), [(None, 2), (120, 3)])
def test_a_notification_that_came_with_a_slide_change_and_went(
    left: int | None, states: int
) -> None:
    """A banner coming with the change to slide 2 (what it covers never seen), gone 4 s
    later: leaving the slide's plain background there, two states, the slides (without
    `Notices.left`, a third: slide 2 once it went); replaced by a flat grey box in its place
    (`left` 120: plain, but no background), three (without `_background`, two)."""

    def picture(t: float) -> np.ndarray:
        img = slide(1 if t < 4.0 else 2)
        if 4.0 <= t < 8.0:
            banner(img, 96, 24)
        elif t >= 8.0 and left is not None:
            img[4:28, W - 100 : W - 4] = left
        return img

    times = kept(picture, 12.0)
    assert len(times) == states and 4.0 <= times[1] <= 5.0, times
    assert states == 2 or 8.0 <= times[2] <= 9.0, times


def test_a_box_laid_over_a_label_and_taken_away_with_it_is_a_state() -> None:
    """A box put over a label at the slide's right edge, taken away 4 s later with the label
    under it, leaving the background: three states (what it covered was seen, and is gone
    too: it came alone, no notification that came with another change; without
    `_with_more`, two)."""

    def picture(t: float) -> np.ndarray:
        img = slide(2)
        if t < 8.0:
            img[8:20, 230:300] = 60
        if 4.0 <= t < 8.0:
            banner(img, 96, 24)
        return img

    times = kept(picture, 12.0)
    assert len(times) == 3 and 8.0 <= times[2] <= 9.0, times


def test_a_notification_going_with_one_in_a_place_is_none() -> None:
    """A banner comes and goes (its place learned); later it comes again there, a second is
    stacked below it 2 s after, and both go at once: the slide alone. (Without the places
    counted in `Notices.went`, the second banner and the slide once they went.)"""

    def picture(t: float) -> np.ndarray:
        img = slide(3)
        if 3.0 <= t < 7.0 or 12.0 <= t < 19.0:
            banner(img, 96, 24)
        if 14.0 <= t < 19.0:
            stacked(img)
        return img

    times = kept(picture, 23.0)
    assert times == [0.0], times


def test_a_build_while_a_notification_shows_is_a_state() -> None:
    """A line built on the slide while a banner shows, the banner then taken away: the slide
    and the build."""

    def picture(t: float) -> np.ndarray:
        img = shown(8, 4.0, 10.0)(t)
        if t >= 6.0:
            img[200:210, 30:90] = 60
        return img

    times = kept(picture, 15.0)
    assert len(times) == 2 and 6.0 <= times[1] <= 7.0, times


def test_went_needs_the_picture_it_covered_or_a_ride() -> None:
    """`Notices.went` directly: what was under it shows again (a pointer-sized part aside),
    or it rode through a bigger change; a change beyond it, or something new where it was
    without a ride, is none."""
    grid = (H // 8, W // 8)
    under = np.full((H, W), 235, np.uint8)
    cells = np.zeros(grid, bool)
    cells[0:3, 27:39] = True
    on = np.zeros(grid, bool)
    notices = Notices()
    notices.kept(4.0, cells, under, under, on, 2, TUNING.motion)
    other = under.copy()
    other[0:24, 216:312] = 90
    assert not notices.went(6.0, cells, other, on, TUNING.weak, 2)  # (something new)
    wider = cells.copy()
    wider[5, 5:12] = True
    assert not notices.went(6.0, wider, under, on, TUNING.weak, 2)  # (beyond it)
    wider[5, 7:12] = False  # (beyond it, the pointer's size: with no pointer seen, a thing)
    assert not notices.went(6.0, wider, under, on, TUNING.weak, 0)
    assert not notices.went(4.0 + 2 * NOTICE_S, cells, under, on, TUNING.weak, 2)
    resting = under.copy()
    resting[0:16, 300:312] = 0  # (the pointer resting on it as it goes)
    assert notices.went(9.0, cells, resting, on, TUNING.weak, 2)
    assert notices.withdrawn == [4.0]
    notices.kept(20.0, cells, under, under, on, 2, TUNING.motion)
    bigger = np.zeros(grid, bool)
    bigger[6:20, 2:30] = True
    notices.kept(23.0, bigger, under, under, on, 2, TUNING.motion)  # (a slide changed under it)
    assert notices.went(25.0, cells, other, on, TUNING.weak, 2)


def test_a_piece_of_the_pointers_size_is_the_pointers_once_one_was_seen() -> None:
    """`Notices.kept` directly: a banner kept with a pointer-sized piece elsewhere (the
    pointer come to rest meanwhile) was all that changed once a pointer has been seen
    (its size known); where none has (size 0: a small build beside it), it was not, and
    taking it away withdraws nothing."""
    grid = (H // 8, W // 8)
    under = np.full((H, W), 235, np.uint8)
    box = np.zeros(grid, bool)
    box[0:3, 27:39] = True
    cells = box.copy()
    cells[20, 5] = True  # (the pointer, or a build's full stop)
    nowhere = np.zeros(grid, bool)
    for size, withdrawn in ((2, [4.0]), (0, [])):
        notices = Notices()
        notices.kept(4.0, cells, under, under, nowhere, size, TUNING.motion)
        assert notices.went(8.0, box, under, nowhere, TUNING.weak, 2)
        assert notices.withdrawn == withdrawn


def test_a_place_is_learned_per_piece_never_spanning_the_pointers() -> None:
    """`Notices.learn` directly: a banner taken away with the pointer come to rest far from
    it teaches the banner's rectangle only; a build between the two is no notification's
    (one rectangle around both covered half the picture and dropped such a build)."""
    grid = (H // 8, W // 8)
    cells = np.zeros(grid, bool)
    cells[25:28, 31:39] = True  # (the banner, at the bottom right)
    cells[2:4, 14] = True  # (the pointer, at rest near the top)
    notices = Notices()
    notices.learn(cells)
    build = np.zeros(grid, bool)
    build[15, 20:30] = True
    assert not notices.placed(build)
    coming = np.zeros(grid, bool)
    coming[25:28, 32:38] = True
    assert notices.placed(coming)
