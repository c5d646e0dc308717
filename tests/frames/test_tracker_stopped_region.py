"""A region that stopped (`regions.py`: a clip that ended on its last picture) is judged like the
rest of the slide again once it has held still for `region_pause_s`: a line revealed over it or
beside it is a state, the picture the clip left is not, and a clip that resumes is masked again
at once. Fed to the tracker at the reference path's rate, with the pictures of
test_tracker_accept: a slide with a 12x12-block panel where a clip plays."""

from __future__ import annotations

import numpy as np

from tests.frames.test_tracker_accept import FPS, TUNING, picture, settled_tracker

PLAY_FROM, PLAY_TO = 2.0, 8.0  # the clip plays: a new picture every 0.25 s
LAST = 10 + int((PLAY_TO - 1 / FPS) * 4)  # the picture it stops on


def clip_picture(t: float) -> int:
    return 10 + int(min(t, PLAY_TO - 1 / FPS) * 4)


def caption(img: np.ndarray) -> np.ndarray:
    """A line of text written over the clip's area (its top two block rows)."""
    img = img.copy()
    img[52:60, 104:176] = 20
    return img


def run(shown, until: float) -> list[float]:  # type: ignore[no-untyped-def]
    tracker = settled_tracker()
    kept = []
    for n in range(1, round((until - PLAY_FROM) * FPS)):
        t = PLAY_FROM + n / FPS
        kept += [k.time_s for k in tracker.feed(t, shown(t), None)]
    return kept + [k.time_s for k in tracker.finish()]


def test_a_clip_that_stops_leaves_no_state() -> None:
    assert run(lambda t: picture(clip_picture(t), bleed=t >= PLAY_FROM), PLAY_TO + 8.0) == []


def test_a_line_written_over_a_clip_soon_after_it_stopped_is_a_state() -> None:
    # the clip's region is still known (quiet for less than region_quiet_s): before regions
    # could stop, the line was taken for the clip's picture and never judged. (The region stops
    # once its pictures `settle_s` apart have shown no change for `region_pause_s`.)
    earliest = TUNING.settle_s + TUNING.region_pause_s + 0.1
    for offset in np.arange(earliest, TUNING.region_quiet_s, 0.4):
        appears = PLAY_TO + offset

        def shown(t: float, appears: float = appears) -> np.ndarray:
            img = picture(clip_picture(t))
            return caption(img) if t >= appears else img

        kept = run(shown, appears + 3.0)
        assert len(kept) == 1 and appears <= kept[0] <= appears + 1.0, f"+{offset:.1f} s: {kept}"


def test_a_clip_that_pauses_and_plays_again_is_no_state() -> None:
    # a paused clip resumes: its first zigzag masks the region again (no new learning)
    for pause in (1.5, 2.5, 3.5):

        def shown(t: float, pause: float = pause) -> np.ndarray:
            if PLAY_TO <= t < PLAY_TO + pause:
                return picture(LAST)
            return picture(10 + int(t * 4))

        assert run(shown, PLAY_TO + pause + 6.0) == [], pause


def test_a_label_written_beside_a_clip_just_before_it_stops_is_a_state() -> None:
    # written in the block row above the clip (its ring, judged to the pixel) while it plays;
    # the clip stops before hindsight has confirmed the label. Before, the stopped region's
    # ring was taken into the kept picture as the clip's bleed, label and all, and the label,
    # no longer differing from it, was no state.
    appears = PLAY_TO - 0.6

    def shown(t: float) -> np.ndarray:
        img = picture(clip_picture(t))
        if t >= appears:
            img[41:46, 100:150] = 20
        return img

    kept = run(shown, PLAY_TO + 6.0)
    assert len(kept) == 1 and appears <= kept[0] <= appears + 1.0, kept
