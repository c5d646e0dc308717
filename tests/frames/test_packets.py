"""Packet sizes (`frames/slides/packets.py`): bursts, and whether the picture held still after."""

from __future__ import annotations

import pytest

from peepshow_core.frames.slides.packets import PacketSizes, brief
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S

FPS = 25
STILL, CHANGE, PLAYING = 40, 4000, 300  # bytes: a still picture, a change, a clip playing


def gop(sizes: list[int]) -> tuple[PacketSizes, object]:
    packets = PacketSizes(settle_s=0.5, fps=FPS, start_pts=0, time_base=1.0 / FPS)
    packets.gop(0, list(range(1, 101)), [STILL] * 100)  # a still GOP before
    return packets, packets.gop(101, list(range(102, 102 + len(sizes))), sizes)


def test_one_change_then_still() -> None:
    _, sizes = gop([STILL] * 50 + [CHANGE] * 3 + [STILL] * 100)
    assert len(sizes.bursts) == 1  # type: ignore[attr-defined]
    assert sizes.still_after(sizes.bursts[0].end)  # type: ignore[attr-defined]


def test_a_clip_that_starts_playing_is_not_still_after() -> None:
    # the running statistics adapt to the clip: one burst, then nothing "unusual"
    _, sizes = gop([STILL] * 50 + [CHANGE] * 3 + [PLAYING] * 100)
    assert len(sizes.bursts) == 1  # type: ignore[attr-defined]
    assert not sizes.still_after(sizes.bursts[0].end)  # type: ignore[attr-defined]


def test_a_gop_cut_short_by_the_encoder_ended_early() -> None:
    packets = PacketSizes(settle_s=0.5, fps=FPS, start_pts=0, time_base=1.0 / FPS)
    assert not packets.ends_early(0.0, 10.0)
    assert not packets.ends_early(10.0, 20.0)
    assert packets.ends_early(20.0, 23.0)


def test_a_variable_frame_rate_pause_is_no_frame_at_all_not_none_decoded() -> None:
    # frames every 0.04 s, then one that stays on screen for 1 s, then frames again
    times = [n * 0.04 for n in range(1, 26)] + [2.0 + n * 0.04 for n in range(25)]
    packets = PacketSizes(settle_s=0.5, fps=FPS, start_pts=0, time_base=0.01)
    sizes = packets.gop(0, [round(t * 100) for t in times], [STILL] * len(times))
    sample_s = 1 / 15
    assert sizes.holds(1.0, sample_s), "the frame before the pause stays on screen"
    assert not sizes.holds(0.52, sample_s)
    assert sizes.next_shown(1.0) == 2.0, "nothing between: the picture held still"
    assert sizes.next_shown(0.2) == pytest.approx(0.24), "frames between (skipped, not absent)"
    assert sizes.next_shown(2.96) is None, "the GOP's last frame"
    assert sizes.pauses(0.0, 3.0, 0.5), "a picture stayed on screen 1 s: frames only on change"
    assert not sizes.pauses(0.0, 3.0, 1.0), "no longer than the gap"
    assert sizes.pauses(0.0, 4.5, 1.0), "the last frame stayed until the next keyframe"
    assert not sizes.pauses(0.0, 2.96 + 0.04, 1.0), "the last frame stays as long as the others"


def test_a_video_that_writes_frames_only_on_change_still_shows_its_bursts() -> None:
    """Variable frame rate: a still picture is one small frame a second, a change a run of
    frames on the grid. Counted per packet, changes would be the usual size; counted for as
    long as each picture is shown (a change every 11 s: a tenth of the time), they stand out."""
    packets = PacketSizes(settle_s=0.5, fps=FPS, start_pts=0, time_base=1.0 / FPS)
    t, pts, sizes = 0, [], []
    for _ in range(6):  # 10 s still, a frame a second; then a 1-s wipe, frames on the grid
        for _ in range(10):
            t += FPS
            pts.append(t)
            sizes.append(STILL)
        for n in range(FPS):
            t += 1
            pts.append(t)
            sizes.append(CHANGE if n % 2 else CHANGE // 2)
    packets.gop(0, pts, sizes)  # (the GOP before: the statistics are learned)
    later = [t + p for p in pts]
    assert len(packets.gop(t, later, sizes).bursts) == 6


def test_a_change_whose_burst_is_followed_by_still_packets_settled_after_it() -> None:
    _, sizes = gop([STILL] * 50 + [CHANGE] * 3 + [STILL] * 100)
    burst = sizes.bursts[0]  # type: ignore[attr-defined]
    assert sizes.settled(burst, 0.5) == burst.end + 0.5  # type: ignore[attr-defined]


def test_a_transition_whose_last_steps_are_cheap_settled_a_transition_after_its_burst() -> None:
    """A wipe: its burst is the first steps (the size statistics adapt to them); the last ones
    cost more than a still picture, less than the burst. It had surely settled only the longest
    transition after it began."""
    tail = [STILL * 4] * 12  # 0.5 s of the wipe's last steps
    _, sizes = gop([STILL] * 48 + [CHANGE] * 8 + tail + [STILL] * 100)
    burst = sizes.bursts[0]  # type: ignore[attr-defined]
    assert len(sizes.bursts) == 1 and burst.end - burst.start < 8 / FPS, "the tail is no burst"  # type: ignore[attr-defined]
    assert sizes.settled(burst, 0.5) == burst.start + MAX_TRANSITION_S  # type: ignore[attr-defined]


def test_keys_typed_on_after_a_burst_are_no_still_picture() -> None:
    """A line typed in a terminal: its burst is a few keystrokes, the rest cost 2-3 times a
    still frame every other frame (under the burst limit). Still only once those stop: a
    frame timed `settle_s` after the burst would show the line half typed. (`STILL_SLACK`
    doubled counts them still; halved, the still packets of the test above move.)"""
    typing = [STILL * 5 // 2, STILL] * 8  # keys typed on for 0.64 s at 2.5x a still frame
    _, sizes = gop([STILL] * 60 + [CHANGE] * 3 + typing + [STILL] * 80)
    burst = sizes.bursts[0]  # type: ignore[attr-defined]
    assert len(sizes.bursts) == 1, "the keystrokes after it are no burst"  # type: ignore[attr-defined]
    assert sizes.settled(burst, 0.5) == burst.start + MAX_TRANSITION_S  # type: ignore[attr-defined]


def test_a_change_seen_starting_before_the_gop_settled_a_transition_after_it_began() -> None:
    """The next keyframe is the picture of the GOP's one change. A change the tracker saw
    starting before the GOP (a scroll near its end, still moving at its keyframe) settled no
    later than the longest transition after it began, however late the GOP's burst (a webcam's
    spike near its end) would time it; never later than the keyframe, nor before it was last
    seen still changing."""
    key_t = (102 + 153) / FPS  # the next keyframe, after the GOP's 153 packets
    _, sizes = gop([STILL] * 140 + [CHANGE] * 3 + [STILL] * 10)  # a spike 0.4 s before the key
    by_burst = sizes.key_settled(0.5, key_t, None, None)  # type: ignore[attr-defined]
    assert by_burst == key_t, "the spike's settle would be after the keyframe"
    began, seen = 101 / FPS - 0.4, 101 / FPS  # starting 0.4 s before the GOP, seen at its key
    timed = sizes.key_settled(0.5, key_t, began, seen)  # type: ignore[attr-defined]
    assert timed == began + MAX_TRANSITION_S < by_burst
    assert sizes.key_settled(0.5, key_t, seen - 10.0, seen) == seen  # type: ignore[attr-defined]


def test_two_changes_chained_by_periodic_large_packets_are_no_brief_burst() -> None:
    """VP9 writes a larger packet every half second on a still picture: after a change at the
    GOP's start they chain, run after run, up to a second change seconds later, one burst. It
    lasts longer than any transition, so it is not one change (the fast path decodes the GOP)."""
    periodic = [STILL * 10 if n % 12 == 11 else STILL for n in range(100)]  # every 0.48 s
    _, sizes = gop([CHANGE] + periodic + [CHANGE] + [STILL] * 50)
    assert len(sizes.bursts) == 1  # type: ignore[attr-defined]
    assert not brief(sizes.bursts)  # type: ignore[attr-defined]
    _, sizes = gop([CHANGE] + [STILL] * 100 + [CHANGE] + [STILL] * 50)
    assert len(sizes.bursts) == 2 and brief(sizes.bursts)  # type: ignore[attr-defined]


def test_a_short_gop_after_a_burst_knows_a_still_picture_by_the_gop_before() -> None:
    """Two-second GOPs (x264 ultrafast, streaming presets): right after a slide change, every
    burst limit of the next GOP still counts its large packets, so a wipe's steps there (1 000
    bytes) fall under all of them. A still picture is what the GOP before held: the wipe goes
    on past its first burst, and its change settled no sooner than a transition after it."""
    packets = PacketSizes(settle_s=0.5, fps=FPS, start_pts=0, time_base=1.0 / FPS)
    first = [STILL] * 30 + [CHANGE] * 8 + [STILL] * 11
    before = packets.gop(0, list(range(1, 1 + len(first))), first)
    wipe = [STILL] * 10 + [CHANGE * 2] + [1000] * 20 + [STILL] * 19
    sizes = packets.gop(50, list(range(51, 51 + len(wipe))), wipe)
    assert len(sizes.bursts) == 1 and sizes.still == before.still < 1000
    burst = sizes.bursts[0]
    assert sizes.settled(burst, 0.5) == burst.start + MAX_TRANSITION_S
    assert not sizes.still_after(burst.end)


def test_what_a_burst_spent_counts_every_packet_of_its_span() -> None:
    # a fade: large first and last steps, cheap ones between (under the burst limit)
    _, sizes = gop([STILL] * 50 + [CHANGE, PLAYING, PLAYING, CHANGE] + [STILL] * 100)
    assert len(sizes.bursts) == 1  # type: ignore[attr-defined]
    assert sizes.spent(sizes.bursts) == 2 * CHANGE + 2 * PLAYING  # type: ignore[attr-defined]
    assert sizes.spent([]) == 0  # type: ignore[attr-defined]


def test_a_burst_paid_for_a_keyframe_only_if_it_spent_about_what_the_keyframe_did() -> None:
    """A change costs its frames about what the keyframe spends on that much of the picture:
    a burst of 300 bytes did not draw a keyframe of 100 kB that differs in half its blocks
    (a scroll that began at the keyframe, after the encoder's refresh), one of 40 kB did."""
    import numpy as np

    from peepshow_core.frames.slides.packets import Burst, GopSizes

    times = np.arange(1, 50) / FPS
    for spent, paid in ((300, False), (40_000, True)):
        sizes = np.full(len(times), 30, np.int64)
        sizes[10] = spent
        burst = Burst(float(times[10]), float(times[10]), True)
        gop = GopSizes(times, sizes, [burst], 60.0)
        assert gop.paid_for([burst], 0.5, 100_000) is paid
        assert gop.paid_for([burst], 0.001, 100_000), "a word is cheap"


def test_a_burst_pays_from_a_quarter_of_what_the_keyframe_spends_on_the_change() -> None:
    """`PAID_SHARE` pinned at its documented value: a wide margin under the 1.2-12 times the
    bursts that drew their change spent, far over the 0.005 times of the stray one."""
    import numpy as np

    from peepshow_core.frames.slides.packets import Burst, GopSizes

    times = np.arange(1, 50) / FPS
    for spent, paid in ((12_500, True), (12_499, False)):  # a quarter of half of 100 kB
        sizes = np.full(len(times), 30, np.int64)
        sizes[10] = spent
        burst = Burst(float(times[10]), float(times[10]), True)
        assert GopSizes(times, sizes, [burst], 60.0).paid_for([burst], 0.5, 100_000) is paid
