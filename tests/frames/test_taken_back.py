"""A small change taken back: one character of a title changed, then changed back (the presenter
undid an edit, or went back to the slide before), with no pointer anywhere. Nothing moved it
there and nothing moved it off; one that stayed longer than the pointer rests between strokes
(`pointer_rest_s`) was content. Before, it was dropped as a small thing that "went away" (a
pointer's rest that moved on). One gone sooner is still taken for the pointer shown and hidden
again (as a pointer hidden while typing). (`--exact`: the default path skips a GOP whose alike
keyframes have one burst between them, and the change back is too cheap to be another.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.synthvideo import SlideState, Talk, render_talk
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames

TITLE = "Release checklist v{}"
BASE = ["Freeze the branch", "Tag the build"]
LONGER_S, WITHIN_S = 7.5, 3.5  # shown longer than a pointer rests (the issue: 1-5 s), or not
CHANGED_AT, SETTLED_S = 6.0, 1.0  # the change, and how long after it its frame may come


@pytest.mark.parametrize(("shown_s", "kept"), [(LONGER_S, True), (WITHIN_S, False)])
def test_a_small_change_taken_back_is_a_state_once_it_outlasted_a_pointer_rest(
    shown_s: float, kept: bool, tmp_path: Path
) -> None:
    back_at = CHANGED_AT + shown_s
    states = [
        SlideState(0.0, TITLE.format(1), BASE),
        SlideState(CHANGED_AT, TITLE.format(2), BASE),  # one character: pointer-sized
        SlideState(back_at, TITLE.format(1), BASE),  # taken back
        SlideState(back_at + 6.0, "Rollout plan", ["Canary first", "Then everyone"]),
    ]
    path = tmp_path / "undo.mp4"
    render_talk(Talk(states, back_at + 12.0), path)
    result = extract_frames(path, FrameOptions(slides_mode="full"), tmp_path / "f")
    times = [f.time_s for f in result.frames]
    during = [t for t in times if CHANGED_AT <= t < back_at]
    assert len(during) == (1 if kept else 0), times
    assert during == [] or during[0] <= CHANGED_AT + SETTLED_S
    assert [t for t in times if t >= back_at + 6.0], "the next slide"
