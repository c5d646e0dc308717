"""States found while the noise model was still learning (the first `learn_s` seconds) are judged
again once it has learned (`Tracker.relearned`): a webcam's head moving before the webcam was
known as a region is no state, nor is it with the pointer, known by its look, moved meanwhile
(a fresh design draw's s4814: a frame at 1.6 s, the default path); content is, even beside the
region or the pointer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.frames.slides.pointer import sprite
from peepshow_core.frames.slides.states import Keep
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.known_answers import render

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15


ARROW = np.tri(12, 8, dtype=bool)  # a solid arrow head, 12 px tall


def picture(
    webcam: int, line: bool = False, pointer: tuple[int, int] | None = None, word: bool = False
) -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    if line:  # a build: a line of text under the title
        img[40:48, 16:120] = 30
    if word:  # a build: one short word under the title
        img[42:47, 16:26] = 30
    if pointer is not None:
        y, x = pointer
        img[y : y + 12, x : x + 8][ARROW] = 0
    rng = np.random.default_rng(webcam)  # a webcam corner; `webcam` seeds what it shows
    img[120:176, 232:312] = rng.integers(0, 255, (56, 80), dtype=np.uint8)
    return img


def learned_tracker() -> Tracker:
    """A tracker that watched the webcam change for longer than `region_span_s`."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    for n in range(round(2.5 * TUNING.region_span_s * FPS)):
        t = n / FPS
        tracker.feed(t, picture(int(t * 4)), None)  # (a new webcam picture every 0.25 s)
    assert tracker.mask[120 // 8, 232 // 8], "the webcam is learned as a region"
    assert not tracker.mask[40 // 8, 16 // 8], "the slide is not"
    return tracker


def keep(t: float, img: np.ndarray) -> Keep:
    return Keep(t, img, av.VideoFrame.from_ndarray(img, format="gray"), 1.0, "new state")


def knowing_the_pointer(tracker: Tracker) -> Tracker:
    """The tracker, the arrow's look learned (as from a rest it moved to)."""
    before = np.full((16, 12), 230, np.uint8)
    now = before.copy()
    now[2:14, 2:10][ARROW] = 0
    found = sprite(now, before)
    assert found is not None
    tracker.looks.learn(found[0])
    return tracker


def test_a_state_that_only_the_webcam_made_is_dropped_once_the_webcam_is_learned() -> None:
    tracker = learned_tracker()
    first, head_moved = keep(0.5, picture(1)), keep(1.6, picture(2))
    assert tracker.relearned([first, head_moved]) == [first]


def test_content_found_while_learning_stays_a_state() -> None:
    tracker = learned_tracker()
    first = keep(0.5, picture(1))
    build = keep(1.6, picture(2, line=True))  # (the webcam changed too)
    after = keep(2.4, picture(3, line=True))  # only the webcam, against the build
    assert tracker.relearned([first, build, after]) == [first, build]


@pytest.mark.parametrize(
    ("later", "stays"),
    [
        ({"pointer": (80, 150)}, False),  # the pointer moved: no state
        ({"pointer": (80, 150), "word": True}, True),  # ... and a word appeared: one
        ({"pointer": (80, 150), "line": True}, True),
    ],
)
def test_the_pointer_moved_while_the_webcam_was_learned_is_no_state(
    later: dict[str, Any], stays: bool
) -> None:
    tracker = knowing_the_pointer(learned_tracker())
    first = keep(0.5, picture(1, pointer=(60, 60)))
    moved = keep(1.6, picture(2, **later))  # (the webcam changed too)
    assert tracker.relearned([first, moved]) == ([first, moved] if stays else [first])


@pytest.mark.parametrize("mode", ["auto", "full"])
def test_both_paths_judge_what_they_found_while_learning_again(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
) -> None:
    rec = render("webcam_corner", tmp_path_factory.getbasetemp() / "known-answers")
    judged: list[list[float]] = []
    real = Tracker.relearned

    def spy(self: Tracker, keeps: list[Keep]) -> Any:
        judged.append([k.time_s for k in keeps])
        return real(self, keeps)

    monkeypatch.setattr(Tracker, "relearned", spy)
    result = extract_frames(rec.path, FrameOptions(slides_mode=mode), tmp_path / "out")
    assert len(judged) == 1 and judged[0], "the states of the first seconds, judged once"
    assert round(judged[0][0], 3) == result.frames[0].time_s
