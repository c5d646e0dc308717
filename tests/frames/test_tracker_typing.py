"""A line typed, or built, piece by piece is one state once whole; a pause or another line
makes another.

Fed to the tracker directly: analysis pictures of a slide on which a line of text grows a
character at a time, at typing speeds from a slow typist to a scripted demo, with characters as
narrow as a 1080p terminal's and as wide as a 720p slide's once scaled to the analysis width.
Before, each piece that held still for `settle_s` (or lasted until the next piece) was a state:
a 40-character line gave up to eight frames, and typed characters, each appearing beside the
one before, were taken for the pointer moving, so the last piece of a line was dropped as the
pointer."""

from __future__ import annotations

import numpy as np
import pytest

from peepshow_core.frames.slides.motion import Motion
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
START_S = 3.0
TAIL_S = 4.0  # the finished line stays this long
CHARS = 40
ROW = 100  # the typed line's top, px (it spans two block rows)
SPACE_EVERY = 6  # every sixth character is a space


def slide() -> np.ndarray:
    img = np.full((H, W), 230, np.uint8)
    img[16:24, 16:200] = 30  # a title
    return img


def draw_text(img: np.ndarray, typed: int, width: int, row: int = ROW, x0: int = 16) -> None:
    for c in range(typed):
        if c % SPACE_EVERY != SPACE_EVERY - 1:
            img[row : row + 6, x0 + c * width : x0 + (c + 1) * width - 1] = 40


def run(pictures: list[tuple[float, np.ndarray]]) -> list[float]:
    return kept_times(pictures, TUNING)


def typing(
    per_s: float, width: int, pause: tuple[int, float] | None = None, caret: bool = False
) -> list[tuple[float, np.ndarray]]:
    """A line of `CHARS` characters typed at `per_s` (optionally stopping `pause[1]` s after
    character `pause[0]`; optionally with a terminal's block caret just after the text)."""
    pictures = []
    end = START_S + CHARS / per_s + (pause[1] if pause else 0.0)
    for n in range(round((end + TAIL_S) * FPS)):
        t = n / FPS
        typing_s = t - START_S
        if pause and typing_s > pause[0] / per_s:
            typing_s = max(pause[0] / per_s, typing_s - pause[1])
        typed = 0 if t < START_S else min(CHARS, int(typing_s * per_s) + 1)
        img = slide()
        draw_text(img, typed, width)
        if caret:
            x = 16 + typed * width
            img[ROW - 1 : ROW + 7, x : x + width] = 60
        pictures.append((t, img))
    return pictures


@pytest.mark.parametrize("per_s", [3.0, 5.0, 8.0, 14.0])
@pytest.mark.parametrize("width", [2, 4, 6])
def test_a_typed_line_is_one_state_once_whole(per_s: float, width: int) -> None:
    done = START_S + (CHARS - 1) / per_s  # the last character appears
    kept = run(typing(per_s, width))
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert done <= kept[1] <= done + TUNING.settle_s + TUNING.region_pause_s, kept


@pytest.mark.parametrize("per_s", [3.0, 6.0])
def test_a_line_typed_behind_a_terminal_caret_is_one_state_once_whole(per_s: float) -> None:
    """The block caret steps right ahead of each character, leaving its old place like the
    pointer moving: the last piece of the line (its last characters and the caret) is the
    line, not the pointer arriving. Before, the state was the line without its last
    characters."""
    done = START_S + (CHARS - 1) / per_s
    kept = run(typing(per_s, 4, caret=True))
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert done <= kept[1] <= done + TUNING.settle_s + TUNING.region_pause_s, kept


def test_a_pause_ends_a_state() -> None:
    """Half the line, a pause of 3 s (the typist reading), the rest: the half line is a state
    of its own."""
    pause_s = 3.0
    kept = run(typing(5.0, 4, pause=(CHARS // 2, pause_s)))
    half = START_S + (CHARS // 2 - 1) / 5.0
    assert len(kept) == 3, kept
    assert half <= kept[1] <= half + pause_s


def test_a_part_built_beside_another_a_click_later_is_its_own_state() -> None:
    """A diagram's box appears, and 1.2 s later the next box appears beside it on the same
    rows (a presenter's click: the first box had been whole for longer than `region_pause_s`,
    a typist's line keeps growing): two states."""
    pictures = []
    for n in range(9 * FPS):
        t = n / FPS
        img = slide()
        if t >= START_S:
            img[ROW : ROW + 16, 80:180] = 90
        if t >= START_S + 1.2:
            img[ROW : ROW + 16, 184:280] = 90
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == 3, kept
    assert START_S <= kept[1] < START_S + 1.2 <= kept[2]


def test_a_line_built_below_another_is_its_own_state() -> None:
    """Two bullets shown 0.8 s apart, the second on the next line: not one line growing."""
    pictures = []
    for n in range(8 * FPS):
        t = n / FPS
        img = slide()
        if t >= START_S:
            draw_text(img, 30, 4, row=ROW)
        if t >= START_S + 0.8:
            draw_text(img, 30, 4, row=ROW + 10)
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == 3, kept
    assert START_S <= kept[1] < START_S + 0.8 <= kept[2]


def test_typed_characters_are_not_the_pointer_moving() -> None:
    """Each character appears beside the one before; nothing leaves: no motion. The pointer
    moving the same way, a block a step, leaves where it was: motion."""
    grid = (H // 8, W // 8)
    arrow = np.tri(8, 6, dtype=bool)
    for kind in ("typing", "pointer"):
        motion = Motion.tuned(grid, TUNING)
        before = slide()
        moved = np.zeros(grid, bool)
        for step in range(1, 12):
            img = slide()
            if kind == "typing":
                draw_text(img, step * 2, 4)
            else:
                img[ROW : ROW + 8, 16 + 8 * step : 22 + 8 * step][arrow] = 0
            moved |= motion.step(step / FPS, before, img, np.zeros(grid, bool))
            before = img
        assert moved.any() == (kind == "pointer"), kind


@pytest.mark.parametrize("per_s", [8.0, 14.0])
@pytest.mark.parametrize("word", [3, 4])
def test_the_first_word_held_then_typed_on_is_the_line_not_a_state(per_s: float, word: int) -> None:
    """A command's first word typed, a typist's pause (longer than `settle_s`, shorter than
    `region_pause_s`), one more character, a pause, then the rest of the line: the word and the
    character, small, were held, and the rest, large, grew from them. Before, the word was a
    state of its own: "a small change that lasted until replaced" when the next character
    landed in its last block (a 3-letter word), "a small change that stayed" when it did not."""
    pause_s = TUNING.settle_s + 0.25
    rest = START_S + 2 * pause_s  # the rest of the line starts
    done = rest + (CHARS - word - 2) / per_s  # its last character appears
    pictures = []
    for n in range(round((done + TAIL_S) * FPS)):
        t = n / FPS
        typed = 0 if t < START_S else word if t < START_S + pause_s else word + 1
        if t >= rest:
            typed = min(CHARS, word + 2 + int((t - rest) * per_s))
        img = slide()
        draw_text(img, typed, 4)
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert done <= kept[1] <= done + TUNING.settle_s + TUNING.region_pause_s, kept


@pytest.mark.parametrize(("after_s", "states"), [(TUNING.settle_s + 0.25, 2), (2.0, 3)])
def test_a_word_written_on_over_its_last_block_grew_at_a_typists_pace(
    after_s: float, states: int
) -> None:
    """A three-letter word, then one more letter landing in its last block of pixels: within
    `region_pause_s` after the word settled, the word grew (one state, the four letters); two
    seconds later (a presenter's next click), the word was a state that lasted until then."""
    pictures = []
    for n in range(round((START_S + after_s + TAIL_S) * FPS)):
        t = n / FPS
        img = slide()
        draw_text(img, 0 if t < START_S else 3 if t < START_S + after_s else 4, 4)
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == states and kept[-1] >= START_S + after_s, kept


@pytest.mark.parametrize("second", [1, 2])
def test_a_word_built_below_another_held_in_the_same_blocks_is_its_own_state(second: int) -> None:
    """A short word appears (pointer-sized: held for hindsight), and 3 s later a shorter one
    right below it, within the held word's lower row of blocks: what changed in a few of its
    blocks since it settled is judged as a change of its own (the held word is still there).
    Before, a held change's blocks were not looked at again, and the second word was never
    seen."""
    pictures = []
    for n in range(round((START_S + 3.0 + TAIL_S) * FPS)):
        t = n / FPS
        img = slide()
        if t >= START_S:
            draw_text(img, 5, 4, row=ROW)
        if t >= START_S + 3.0:
            draw_text(img, second, 4, row=ROW + 6)
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == 3, kept
    assert START_S <= kept[1] < START_S + 3.0 <= kept[2], kept


@pytest.mark.parametrize("after_s", [0.7, 0.9])
def test_a_line_typed_just_before_the_next_slide_is_a_state(after_s: float) -> None:
    """The next slide comes `after_s` after the typed line settled: long enough for a small
    change to be a state (`settle_s` more), less than `region_pause_s` (in which a line may
    still grow on). It touches the line and has more on its rows past its end, as a line
    grown on would, but it replaced the line. Before, the line was dropped as "a build still
    growing"."""
    per_s, width, chars = 8.0, 4, 5  # (pointer-sized: held as a small change)
    done = START_S + (chars - 1) / per_s
    settled = done + TUNING.settle_s
    cut = settled + after_s
    pictures = []
    for n in range(round((cut + TAIL_S) * FPS)):
        t = n / FPS
        if t < cut:
            img = slide()
            typed = 0 if t < START_S else min(chars, int((t - START_S) * per_s) + 1)
            draw_text(img, typed, width)
        else:  # the next slide: dark blue, its own title and lines
            img = np.full((H, W), 90, np.uint8)
            img[16:26, 16:240] = 220
            for row in (60, 84, 108, 132):
                img[row : row + 8, 16:280] = 200
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert done <= kept[1] < cut <= kept[2], kept
