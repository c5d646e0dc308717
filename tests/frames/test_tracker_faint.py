"""Faint content is content, and a change is taken only once every part of it holds still.

Fed to the tracker directly (analysis pictures, 15 a second). A one-word code line in a dim
colour on a dark editor (a grey comment, a line number and one keyword at 1080p) changes its 8x8
blocks of the analysis picture by 7-9 levels once scaled down: compression noise stays near 1, but
the old `strong` level (10) took such lines for nothing (the first test fails with it). And a
build whose bullet appears at once while its line, no bigger than the pointer, still fades in
must not count as settled while the line brightens (its motion had been ignored on a large
change; here hindsight then held the rest of the fade as a change of its own, in the corpus a
fade's eased tail, below `weak`, left the frame mid-fade)."""

from __future__ import annotations

import numpy as np
import pytest

from devtools.corpus.overlays import ease
from peepshow_core.frames.diff import BLOCK
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
BACKGROUND = 30  # a dark editor
APPEAR_S = 4.0
END_S = 8.0
ROW = 96  # the new line's top, px (block row 12)
BAND = 6  # px of the block row the line's letters cover


def editor() -> np.ndarray:
    img = np.full((H, W), BACKGROUND, np.uint8)
    img[16:22, 16:200] = 200  # earlier lines, bright
    img[32:38, 16:120] = 200
    return img


def run(pictures: list[tuple[float, np.ndarray]]) -> list[float]:
    return kept_times(pictures, TUNING)


def times() -> list[float]:
    return [n / FPS for n in range(round(END_S * FPS))]


@pytest.mark.parametrize("level", [7.5, 8.5])
def test_a_faint_one_word_line_is_a_state(level: float) -> None:
    """A word four blocks wide whose blocks change by `level` (mean |difference|): a letter's
    stroke, one pixel wide, every `BLOCK` pixels, bright enough that each block's mean is
    `level` (its pixels stand out: 80-90 levels above the background)."""
    lift = round(level * BLOCK * BLOCK / BAND)
    pictures = []
    rng = np.random.default_rng(1)
    for t in times():
        img = editor()
        if t >= APPEAR_S:
            img[ROW + 1 : ROW + 1 + BAND, 16:48:BLOCK] += np.uint8(lift)
        noise = rng.integers(-1, 2, img.shape)  # compression noise, about 1
        pictures.append((t, np.clip(img.astype(int) + noise, 0, 255).astype(np.uint8)))
    kept = run(pictures)
    assert len(kept) == 2, kept
    assert APPEAR_S <= kept[1] < END_S


def test_noise_below_the_faintest_text_is_no_state() -> None:
    """The same editor with compression noise of up to 3 levels on every pixel: one state."""
    rng = np.random.default_rng(2)
    pictures = []
    for t in times():
        noise = rng.integers(-3, 4, (H, W))
        pictures.append((t, np.clip(editor().astype(int) + noise, 0, 255).astype(np.uint8)))
    assert len(run(pictures)) == 1


FADE_S = 1.2  # the line's fade
TEXT_LEVEL = 140  # the line's letters once faded in


def test_a_build_is_taken_once_its_small_fading_part_holds_still() -> None:
    """A bullet appears at once and its line, three blocks wide, fades in beside it over
    `FADE_S`: the state is taken once the line has faded in, not while it still brightens."""
    pictures = []
    for t in times():
        img = editor()
        if t >= APPEAR_S:
            img[ROW : ROW + 8, 16:24] = 220  # the bullet, one block
            level = BACKGROUND + ease((t - APPEAR_S) / FADE_S) * (TEXT_LEVEL - BACKGROUND)
            img[ROW + 9 : ROW + 9 + BAND, 24:48] = round(level)  # its line, the next block row
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == 2, kept
    assert kept[1] >= APPEAR_S + FADE_S, kept


BLINK_S = 0.53  # a caret blinking at Windows' default rate: on for 530 ms, off for 530 ms


def test_a_new_page_with_a_caret_blinking_on_it_settles() -> None:
    """A page scrolled into view in a terminal pane (less than `wide_share` of the picture)
    carries its caret to a place where it was never seen: its blinking, back and forth on the
    new page's own blocks, is no transition (with any motion on a large change counted, the
    page settled only once the caret had blinked long enough to be learned as a region, two
    seconds later)."""
    pictures = []
    for t in times():
        img = editor()
        img[144:150, 16:120] = 200  # the old page's last line
        if t >= APPEAR_S:
            img[48:152, 16:136] = BACKGROUND  # (the old page's last line, under the caret, gone)
            for row in range(56, 144, 12):
                img[row : row + BAND, 16:128] = 200  # the new page's lines, in a terminal pane
            if int((t - APPEAR_S) / BLINK_S) % 2 == 0:
                img[144:152, 16:22] = 220  # the caret, on the prompt line below them
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == 2, kept
    assert APPEAR_S <= kept[1] < APPEAR_S + 2 * BLINK_S, kept


@pytest.mark.parametrize(("shift", "states"), [(8, 1), (24, 2)])
def test_an_encoder_refining_a_still_picture_is_no_state(shift: int, states: int) -> None:
    """Frames after a fade sharpen the still picture over a wide area by a few levels: blocks
    change by more than `strong`, but smoothly, no pixel standing out at full resolution (8).
    A plain area that turns another colour changes as smoothly, but by more (24): a state."""
    pictures = []
    for t in times():
        img = editor()
        if t >= APPEAR_S:
            img[48:112, 16:112] += np.uint8(shift)  # 8 x 12 blocks, evenly
        pictures.append((t, img))
    kept = run(pictures)
    assert len(kept) == states, kept


SCROLL_S = 0.5  # an eased scroll by a whole screen
GLIDE_S = 1.5  # the pointer glides on across the page from before the scroll until after it
GLIDE_PX = 6  # px a sample


def test_a_scrolled_page_settles_while_the_pointer_glides_over_it() -> None:
    """A frame-wide change is judged by its own motion: the pointer gliding over the page,
    its path not followed while everything moved, is no part of it (counted, the page waited
    for the pointer's moves from during the scroll to age out)."""
    page = np.full((H * 3, W), BACKGROUND, np.uint8)
    for row in range(8, H * 3 - 8, 12):
        page[row : row + BAND, 16 : 46 + (37 * row) % 260] = 200  # lines of all lengths
    glide_from = APPEAR_S - 0.3
    pictures = []
    for t in times():
        offset = round(ease((t - APPEAR_S) / SCROLL_S) * H) if t >= APPEAR_S else 0
        img = page[offset : offset + H].copy()
        x = 40 + GLIDE_PX * min(max(0, round((t - glide_from) * FPS)), round(GLIDE_S * FPS))
        img[100:112, x : x + 7] = 255  # the pointer
        pictures.append((t, img))
    kept = run(pictures)
    assert kept[0] == 0.0, kept
    assert APPEAR_S < kept[1] < APPEAR_S + SCROLL_S + TUNING.settle_s + 1.5 / FPS, kept
