"""Burned-in captions (slides/captions.py): a line near the picture's bottom edge replaced at the
speech's pace is no state; a build, a line typed under another, a footer replaced once or
seconds apart, a picture replaced at the slide's foot, a line replaced in the slide's middle
all stay states. Each case pins one of the caption values: its half or its double fails it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from peepshow_core.frames.slides.captions import Captions
from peepshow_core.frames.slides.lines import on_a_line
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import standing

TUNING = SlidesTuning()
H, W = 240, 320
FPS = 10
Picture = Callable[[float], np.ndarray]
LINE_PX = 18  # a caption line's box: text 5 % of the picture's height, and its padding


def slide(k: int) -> np.ndarray:
    """Slide `k`: a title and a few bars of text, all above the picture's bottom third."""
    rng = np.random.default_rng(k)
    img = np.full((H, W), 235, np.uint8)
    img[16:28, 16 : 80 + 30 * k] = 30
    for r in range(3 + k % 2):
        img[50 + 22 * r : 60 + 22 * r, 30 : 30 + int(rng.integers(80, 240))] = 60
    return img


def caption(img: np.ndarray, cue: int, top: int, lines: int = 1) -> None:
    """Cue number `cue` burned in: light glyphs on a dark box, centred, its top row at `top`."""
    rng = np.random.default_rng(1000 + cue)
    n = int(rng.integers(14, 36))
    x0 = (W - (n * 6 + 8)) // 2
    for line in range(lines):
        y0 = top + LINE_PX * line
        img[y0 : y0 + LINE_PX, x0 : x0 + n * 6 + 8] = 20
        for g in range(n):
            if rng.random() < 0.8:
                glyph = rng.integers(0, 2, size=(8, 4)).astype(bool)
                img[y0 + 5 : y0 + 13, x0 + 4 + 6 * g : x0 + 8 + 6 * g][glyph] = 240


def kept(picture: Picture, seconds: float) -> list[float]:
    """The states a tracker keeps (their settle times), those withdrawn at the end left out."""
    return standing(picture, seconds, FPS, TUNING)


def cued(cues: list[float], top: int = 196, lines: int = 1) -> Callable[[np.ndarray, float], None]:
    """Captions changing at the times `cues` (each shows until the next; none before the
    first), drawn with their top row at `top`."""

    def draw(img: np.ndarray, t: float) -> None:
        shown = [i for i, c in enumerate(cues) if c <= t]
        if shown:
            caption(img, shown[-1], top, lines)

    return draw


def test_captions_over_slides_are_no_states() -> None:
    """Two slides (the second at 20 s), captions every 2.6-3.4 s on both: a frame per slide.
    (The code before kept one per caption.)"""
    cues = [1.0, 4.0, 6.6, 10.0, 13.0, 16.4, 19.0, 22.0, 25.4, 28.0, 31.0, 34.0]
    draw = cued(cues)

    def picture(t: float) -> np.ndarray:
        img = slide(0 if t < 20.0 else 1)
        draw(img, t)
        return img

    times = kept(picture, 36.0)
    assert len(times) == 2 and times[0] <= 1.5 and 20.0 <= times[1] <= 21.0, times


def test_a_build_while_captions_run_is_a_state() -> None:
    cues = [1.0, 4.0, 7.0, 10.0, 13.0, 16.0, 19.0, 22.0]

    def picture(t: float) -> np.ndarray:
        img = slide(2)
        if t >= 14.5:  # a two-word bullet built below the others
            img[150:160, 30:90] = 60
        cued(cues)(img, t)
        return img

    times = kept(picture, 24.0)
    assert len(times) == 2 and 14.5 <= times[1] <= 15.5, times


def test_captions_showing_up_to_seven_seconds_each_are_learned() -> None:
    """Long cues (5.5-7 s, the guidelines' longest): `CAPTION_GAP_S` halved misses them."""
    cues = [1.0, 8.0, 14.0, 19.5, 26.0, 32.0]
    times = kept(lambda t: _with(slide(3), cued(cues), t), 38.0)
    assert len(times) == 1, times


def test_a_few_captions_then_silence_are_learned() -> None:
    """Four cues, then nobody speaks: `CAPTION_TURNS` doubled never learns them."""
    cues = [1.0, 3.5, 6.0, 8.5]

    def picture(t: float) -> np.ndarray:
        img = slide(4)
        if t < 11.5:
            cued(cues)(img, t)
        return img

    times = kept(picture, 16.0)
    assert len(times) <= 2 and times[0] <= 1.5, times  # (the slide; maybe once more, uncovered)


def test_a_footer_replaced_once_stays_a_state() -> None:
    """A footer line replaced in place once: two states after the first (`CAPTION_TURNS`
    halved takes the second for captions)."""
    cues = [4.0, 8.0]
    times = kept(lambda t: _with(slide(5), cued(cues), t), 12.0)
    assert len(times) == 3, times


def test_a_footer_replaced_every_ten_seconds_stays_states() -> None:
    """A step counter at the slide's foot replaced every ten seconds, slower than anyone
    speaks: each a state (`CAPTION_GAP_S` doubled takes them for captions)."""
    cues = [3.0, 13.0, 23.0, 33.0]
    times = kept(lambda t: _with(slide(6), cued(cues), t), 40.0)
    assert len(times) == 5, times


def test_lines_typed_one_under_another_at_the_bottom_are_states() -> None:
    """A terminal's next command on the next line, every three seconds: written on plain
    background, each line replaces nothing."""

    def picture(t: float) -> np.ndarray:
        img = slide(7)
        rng = np.random.default_rng(7)
        for i in range(4):
            if t >= 2.0 + 3.0 * i:
                y0 = 168 + 12 * i
                img[y0 : y0 + 8, 20 : 20 + int(rng.integers(60, 200))] = 40
        return img

    times = kept(picture, 16.0)
    assert len(times) == 5, times


def test_captions_placed_high_are_learned() -> None:
    """Two-line captions whose box starts 30 % of the height above the bottom edge (a big
    margin): `CAPTION_BAND` halved misses them; two lines of them span 0.15 of the height,
    more than `CAPTION_ROWS` halved allows."""
    cues = [1.0, 4.0, 7.0, 10.0, 13.0, 16.0]
    top = H - round(0.3 * H)
    times = kept(lambda t: _with(slide(8), cued(cues, top, lines=2), t), 20.0)
    assert len(times) == 1, times


def test_a_line_replaced_in_the_slides_middle_stays_states() -> None:
    """A counter in the slide's middle changing every three seconds (the slide shows a
    running total): states (`CAPTION_BAND` doubled reaches it)."""
    cues = [3.0, 6.0, 9.0, 12.0]
    times = kept(lambda t: _with(slide(9), cued(cues, top=H // 2 - 20), t), 15.0)
    assert len(times) == 5, times


def test_pictures_replaced_at_the_slides_foot_stay_states() -> None:
    """Photos replaced one by one in the slide's bottom third (a slideshow on a slide), each
    0.3 of the height: states (`CAPTION_ROWS` doubled takes them for a caption line)."""

    def picture(t: float) -> np.ndarray:
        img = slide(10)
        shown = int(min(3, max(0, (t - 1.0) // 3.0)))
        if t >= 1.0:
            rng = np.random.default_rng(50 + shown)
            y0 = H - round(0.32 * H)
            img[y0 : y0 + round(0.3 * H), 100:220] = rng.integers(0, 255, (72, 120), np.uint8)
        return img

    times = kept(picture, 14.0)
    assert len(times) == 5, times


def _with(img: np.ndarray, draw: Callable[[np.ndarray, float], None], t: float) -> np.ndarray:
    draw(img, t)
    return img


@pytest.mark.parametrize(
    ("top", "rows", "expected"),
    [(200, 2, True), (10, 2, False), (100, 2, False), (168, 9, False)],
)
def test_on_a_line(top: int, rows: int, expected: bool) -> None:
    cells = np.zeros((H // 8, W // 8), bool)
    cells[top // 8 : top // 8 + rows, 10:30] = True
    assert on_a_line(cells) is expected


def test_the_states_kept_for_captions_are_withdrawn_once_they_are_learned() -> None:
    """Kept before the captions were learned: the turns' states (one with the pointer's step
    elsewhere), and one for a clip starting as a caption changed (its blocks within where the
    regions play); a build elsewhere, and ones touching the captions' area but reaching beyond
    it and the regions (a small one as much as it lies within), stay."""
    grid = (H // 8, W // 8)
    found = Captions(grid)
    line = np.zeros(grid, bool)
    line[25:27, 10:30] = True
    build = np.zeros(grid, bool)
    build[8:10, 4:12] = True
    clip = np.zeros(grid, bool)
    clip[16:24, 4:12] = True
    beside = np.zeros(grid, bool)
    beside[18:27, 30:36] = True
    pointer = np.zeros(grid, bool)
    pointer[10, 20] = True
    small = np.zeros(grid, bool)  # a small build touching the captions, as much beyond them
    small[22:26, 12:14] = True
    found.confirmed(0.5, build)
    before = slide(11)
    for n, t in enumerate((1.0, 4.0, 7.0)):
        img = slide(11)
        caption(img, n, 200)
        assert found.turned(t, line, before, img, together=False) is (n == 2)
        if n == 0:
            found.confirmed(t, line | clip)
            found.confirmed(t + 0.5, beside)
        elif n == 1:
            found.confirmed(t, line | pointer)  # (the pointer moved meanwhile)
            found.confirmed(t + 0.5, small)
        before = img
    found.withdraw(clip, 3)
    assert found.withdrawn == [1.0, 4.0] and found.learned


def test_words_written_beside_the_last_ones_at_the_foot_stay_states() -> None:
    """A footer line built a word at a time, every three seconds, each word touching the last
    one's blocks: each a state, none replacing what the one before brought (without
    `replaced`, the fourth would have made them captions and withdrawn the rest)."""

    def picture(t: float) -> np.ndarray:
        img = slide(12)
        for i in range(5):
            if t >= 2.0 + 3.0 * i:
                x0 = 36 + 40 * i  # (each word starts in the block the last one ends in,
                img[204:212, x0 : x0 + 37] = 50  # 3 px after it)
        return img

    times = kept(picture, 18.0)
    assert len(times) == 6, times


def test_a_build_beside_the_captions_is_a_state() -> None:
    """Captions learned (each cue as wide), then a word built right beside them, on their rows
    at the left: it reaches no further than their area on the right, so it is no longer
    caption (those are centred) but a state."""

    def picture(t: float) -> np.ndarray:
        img = slide(13)
        cue = int(t // 3.0)
        rng = np.random.default_rng(cue)
        img[198:216, 96:224] = 20  # the box: columns 12-27
        img[203:211, 100:220][rng.random((8, 120)) < 0.4] = 240
        if t >= 16.0:
            img[200:212, 60:92] = 60  # the build: columns 7-11
        return img

    times = kept(picture, 20.0)
    assert len(times) == 2 and 16.0 <= times[1] <= 17.0, times


def test_a_build_above_the_captions_is_a_state_a_cue_of_one_more_line_none() -> None:
    """Captions of one line learned; a line built right above them while they hold (a state),
    then a cue of two lines over it (its upper line above their area, come with the lower one
    changing: the captions'), then one line again."""
    cues = [1.0, 4.0, 7.0, 10.0, 13.0, 17.0, 20.0]

    def picture(t: float) -> np.ndarray:
        img = slide(14)
        if t >= 13.5:
            img[184:191, 100:200] = 60  # the build, on the row above the captions
        shown = [i for i, c in enumerate(cues) if c <= t]
        if shown:
            two = shown[-1] == 5  # (the sixth cue: two lines)
            caption(img, shown[-1], 196 - LINE_PX if two else 196, lines=2 if two else 1)
        return img

    times = kept(picture, 23.0)
    assert len(times) == 2 and times[0] <= 1.5 and 13.5 <= times[1] <= 14.5, times
