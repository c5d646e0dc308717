"""A terminal-style demo encoded as a recorder writes it: a command typed at a person's pace
(6 characters a second, a pause at each space), then a new slide. One frame for the slide
before, one for the whole command (not one per word), one for the next slide, on both paths.
Before, the command gave a frame every second or so while it was being typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.synthvideo import SlideState, Talk, render_talk
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from tests.support.frames import FAST_LATE_S

COMMAND = "peepshow demo.mp4 --emit json"
PER_S = 6.0
TYPING_FROM_S = 4.0
NEXT_SLIDE_S = 22.0


def typed_states() -> list[SlideState]:
    states = [SlideState(0.0, "A terminal demo", ["$"])]
    t = TYPING_FROM_S
    for n in range(1, len(COMMAND) + 1):
        states.append(SlideState(t, "A terminal demo", ["$ " + COMMAND[:n]]))
        t += (2.0 if COMMAND[n - 1] == " " else 1.0) / PER_S  # (a space: the typist's beat)
    states.append(SlideState(NEXT_SLIDE_S, "What it wrote", ["a record per run"]))
    return states


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    states = typed_states()
    talk = Talk(states, 28.0, width=1280, height=720, fps=30, cursor=True)
    path = tmp_path_factory.mktemp("typing") / "typing.mp4"
    render_talk(talk, path)
    return path, states[-2].start_s  # (the last character's time)


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_a_typed_command_is_one_frame(clip: tuple[Path, float], tmp_path: Path, mode: str) -> None:
    path, typed_s = clip
    result = extract_frames(path, FrameOptions(strategy="slides", slides_mode=mode), tmp_path)
    times = [f.time_s for f in result.frames]
    late_s = 1.0 if mode == "full" else FAST_LATE_S
    assert times == sorted(times) and len(times) == 3, times
    assert times[0] < TYPING_FROM_S
    assert typed_s <= times[1] <= typed_s + late_s + 1.0, times
    assert NEXT_SLIDE_S <= times[2] <= NEXT_SLIDE_S + late_s, times
