"""What a small change looks like at full resolution is what *appeared* there: the pointer or
a caret that left a place inside a new word's box is no part of the word's look (with it, a
one-word line looked as tall as the pointer and, since something had just moved nearby, was
taken for the pointer and never kept)."""

from __future__ import annotations

from collections.abc import Callable

import av
import numpy as np

from peepshow_core.frames.slides.looks import PointerLooks
from peepshow_core.frames.slides.pointer import Held, Look, pointer_shaped, sprite
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import POINTER_GROWTH, SPRITE_LEVEL, SlidesTuning
from tests.support.tracker import feed_scaled, kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
PAGE, INK = 230, 30


def test_the_look_of_a_new_word_leaves_out_the_caret_that_left() -> None:
    """A crop where the caret was (above) and a word with the caret after it is now (below):
    the look is the word and its caret, wider than the pointer could be."""
    before = np.full((32, 40), PAGE, np.uint8)
    before[0:8, 30:32] = INK  # the caret at the end of the line above
    now = np.full((32, 40), PAGE, np.uint8)
    now[14:20, 4:22] = INK  # a one-word line, 6 px tall, 18 wide
    now[13:21, 24:26] = INK  # the caret after it
    found = sprite(now, before)
    assert found is not None
    look, offset = found
    assert look.mask.shape == (8, 22) and offset == (13, 4)
    assert not pointer_shaped(look)


def test_the_pointer_moving_off_text_is_the_look_of_what_left() -> None:
    """The arrow (white-outlined) rested over a line of text; gone, the text shows again where
    its outline was. Nothing came but what it had covered: the look is the arrow's."""
    before = np.full((32, 40), PAGE, np.uint8)
    before[12:18, 2:38] = INK  # a line of text
    now = before.copy()
    arrow = np.tri(14, 10, dtype=bool)
    region = before[6:20, 14:24]
    region[arrow] = 0
    region[arrow & ~np.roll(np.roll(arrow, 1, 0), 1, 1)] = 255  # its outline, white
    found = sprite(now, before)
    assert found is not None
    look, offset = found
    ys, xs = np.nonzero(np.abs(now.astype(int) - before.astype(int)) > 48)
    assert offset == (ys.min(), xs.min())
    assert look.mask.shape == (ys.max() - ys.min() + 1, xs.max() - xs.min() + 1)


RIM = 2  # an arrow's anti-aliased edge and shadow, px


def _rimmed_arrow_over_text() -> tuple[np.ndarray, np.ndarray]:
    """A dark slide whose line of text an arrow rested over, drawn with an anti-aliased rim
    `RIM` wide, faint over the slide (less than `SPRITE_LEVEL` from it); and the slide once
    the arrow left. The arrow's body spans rows 6-19, columns 14-23."""
    dark, glyph, rim = 12, 200, 40
    now = np.full((32, 40), dark, np.uint8)
    now[12:18, 2:38] = glyph
    before = now.copy()
    body = np.zeros((32, 40), bool)
    body[6:20, 14:24] = np.tri(14, 10, dtype=bool)
    grown = body.copy()
    for _ in range(RIM):  # (the rim: the body grown a pixel at a time)
        grown |= np.roll(grown, 1, 0) | np.roll(grown, -1, 0)
        grown |= np.roll(grown, 1, 1) | np.roll(grown, -1, 1)
    before[grown] = rim
    before[body] = 255
    assert rim - dark < SPRITE_LEVEL
    return now, before


def test_the_pointer_leaving_text_uncovers_what_its_faint_rim_hid() -> None:
    """The text shows again under the arrow's rim too, `RIM` past what went (`COVER_PX`):
    nothing came but what the arrow covered, and the look is the arrow leaving (i405: an
    arrow that had rested over a line, hidden, kept as a small change that stayed)."""
    now, before = _rimmed_arrow_over_text()
    found = sprite(now, before)
    assert found is not None
    _, offset = found
    assert offset[0] == 6  # (all that changed: from the arrow's tip)


def test_a_glyph_appearing_beyond_the_pointer_rim_is_what_came() -> None:
    """A glyph's stroke written 3 px below the arrow's body as it left, beyond its rim: it
    came, and the look is what came, not the arrow leaving."""
    now, before = _rimmed_arrow_over_text()
    now[22, 16:22] = 200  # (a stroke 3 px below the body, a pixel past its rim)
    found = sprite(now, before)
    assert found is not None
    _, offset = found
    assert offset[0] >= 12  # (what came: the glyphs, below the arrow's tip)


def test_a_look_is_what_changed_when_nothing_appeared() -> None:
    """Only something leaving (a mark erased): its look is where it was."""
    before = np.full((16, 16), PAGE, np.uint8)
    before[4:10, 3:7] = INK
    look, offset = sprite(np.full((16, 16), PAGE, np.uint8), before) or (None, None)
    assert look is not None and look.mask.shape == (6, 4) and offset == (4, 3)


ARROW = np.tri(12, 8, dtype=bool)  # a solid arrow head, 12 px tall
REST = (122, 44)  # where the pointer rests first: right under where the word will appear
LEAVES_AT = 4.0  # ... when it leaves, a block a sample, to rest further right (at 4.4 s)
WORD_AT = 5.0  # ... when a one-word line appears just above where it rested


def _slide(t: float) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    y, x = REST
    if t >= LEAVES_AT:
        x += 8 * min(6, int((t - LEAVES_AT) * FPS) + 1)
    img[y : y + 12, x : x + 8][ARROW] = 0
    if t >= WORD_AT:
        img[112:118, 40:62] = INK  # one short word, 6 px tall, 22 wide (three blocks)
    return img


def test_a_word_appearing_where_the_pointer_just_left_is_a_build() -> None:
    """The pointer rests in the kept picture, then moves away as a word appears right above
    its old place: the word's box holds the place the pointer left, which made the word look
    as tall as a pointer (and something had just moved nearby): taken for the pointer, never
    kept. What appeared is only the word: a build."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = []
    for n in range(int(8 * FPS)):
        t = n / FPS
        img = _slide(t)
        kept += [k.time_s for k in tracker.feed(t, img, av.VideoFrame.from_ndarray(img, "gray"))]
    kept += [k.time_s for k in tracker.finish()]
    assert len(kept) == 2 and kept[0] < LEAVES_AT, kept
    assert WORD_AT <= kept[1] <= WORD_AT + 2 * TUNING.settle_s, kept


BAND = (40, 64)  # rows of a dark band across the slide (a table header, a code block's bar)
BAND_LEVEL = 110


def _outlined_arrow() -> tuple[np.ndarray, np.ndarray]:
    """An arrow as systems draw it: black, outlined in white (masks of body and outline)."""
    body = np.tri(12, 8, dtype=bool)
    grown = np.zeros((14, 10), bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            grown[dy : dy + 12, dx : dx + 8] |= body
    inner = np.zeros((14, 10), bool)
    inner[1:13, 1:9] = body
    return inner, grown & ~inner


def _banded(where: tuple[int, int] | None) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[BAND[0] : BAND[1], :] = BAND_LEVEL
    img[120:128, 16:200] = INK  # a line of text below
    if where is not None:
        y, x = where
        body, outline = _outlined_arrow()
        img[y : y + 14, x : x + 10][outline] = 255
        img[y : y + 14, x : x + 10][body] = 0
    return img


def test_the_pointer_shown_across_two_backgrounds_is_known_by_all_it_changed() -> None:
    """The arrow rests on the dark band, hides there (its look, outline and all, is
    remembered), and shows up resting across the band's lower edge, never seen moving: there
    its white outline stands out only over the band, so what *came* is only part of it. All
    that changed still looks as it did: the pointer, no state."""
    samples = [(n / FPS, None) for n in range(2 * FPS)]
    samples += [(2.0 + n / FPS, (46, 40 + 8 * n)) for n in range(8)]  # moving in
    samples += [(2.6 + n / FPS, (46, 96)) for n in range(2 * FPS)]  # resting on the band
    samples += [(4.6 + n / FPS, None) for n in range(2 * FPS)]  # hidden
    samples += [(6.6 + n / FPS, (54, 200)) for n in range(3 * FPS)]  # back, across the edge
    pictures = [(t, _banded(where)) for t, where in samples]
    assert kept_times(pictures, TUNING) == [0.0]


def _look(height: int, width: int) -> Look:
    return Look(np.ones((height, width), bool), np.full((height, width), INK, np.uint8))


def test_a_thing_much_taller_than_the_pointer_ever_was_is_not_the_pointer() -> None:
    """Two lines of a command's output and the prompt after them appear where a terminal's
    caret just went (it moved there): as tall as three lines, no wider than the pointer could
    be, but the pointer, known as a 33 px arrow, changes shape (an I-beam, a hand), not size."""
    looks = PointerLooks()
    assert looks.could_be(_look(94, 119)), "before the pointer is known: its shape alone"
    looks.learn(_look(33, 15))  # the arrow
    assert looks.could_be(_look(36, 12)), "an I-beam, a little taller"
    assert looks.could_be(_look(round(33 * POINTER_GROWTH * 0.9), 30)), "a big hand"
    assert not looks.could_be(_look(94, 119)), "three lines of output"
    assert not looks.could_be(_look(30, 90)), "a word: wider than the pointer could be"
    arrow = _look(33, 15)
    assert looks.could_be(_look(94, 119), [arrow, arrow]), "two things far apart: no size to judge"


def test_a_look_seen_moving_is_known_but_bounds_no_size_until_it_rests() -> None:
    """A look cut from one step of a stroke (which may hold what changed beside the pointer)
    makes a thing that looks so the pointer, and one as tall is the pointer in another shape;
    but it sets no bound on the pointer's size until the pointer rests with it."""
    looks = PointerLooks()
    arrow = _look(14, 9)
    looks.seen_moving(arrow)
    assert looks.looks == [] and len(looks.moving) == 1
    tall = _look(3 * 14, 20)
    assert looks.could_be(tall), "no rest seen yet: its shape alone"
    rest = Held(1.0, np.zeros((4, 4), bool), np.zeros((4, 4), bool), np.zeros(0, np.uint8), None)
    rest.look = arrow
    assert looks.knows(rest)
    looks.rested(rest)
    assert not looks.could_be(tall), "three times as tall as the pointer at rest"


def _text_block(lines: int, glyphs: int) -> Look:
    """`lines` lines of `glyphs` glyphs (7x10 px, 3 px apart, lines 22 px apart)."""
    mask = np.zeros((lines * 22 + 10, glyphs * 10), bool)
    for line in range(lines):
        for glyph in range(glyphs):
            mask[line * 22 : line * 22 + 10, glyph * 10 : glyph * 10 + 7] = True
    return Look(mask, np.where(mask, INK, PAGE).astype(np.uint8))


def test_before_the_pointer_is_known_a_block_of_text_is_not_it() -> None:
    """A command and its output typed where a terminal's caret went (the caret moved there) are
    as tall as they are wide, but many glyphs; the pointer, in any shape, is one piece."""
    looks = PointerLooks()
    text = _text_block(lines=4, glyphs=12)
    assert pointer_shaped(text) and not looks.could_be(text), "a block of text"
    arrow = np.tri(33, 15, dtype=bool)
    outlined = Look(arrow, np.where(arrow, INK, PAGE).astype(np.uint8))
    assert looks.could_be(outlined), "an arrow"
    ibeam = np.zeros((36, 9), bool)
    ibeam[:, 4] = ibeam[0, :] = ibeam[-1, :] = True
    assert looks.could_be(Look(ibeam, np.where(ibeam, INK, PAGE).astype(np.uint8))), "an I-beam"
    dotted = arrow.copy()
    dotted[::2, ::2] = False  # anti-aliased, over text: gaps of a pixel are bridged
    assert looks.could_be(Look(dotted, np.where(dotted, INK, PAGE).astype(np.uint8)))
    assert looks.could_be(text, [outlined, outlined]), "several separate blobs: their shape"
    crossed = arrow.copy()
    crossed[20:23] = False  # over a dark line of text, where the arrow changed no pixel
    assert looks.could_be(Look(crossed, np.where(crossed, INK, PAGE).astype(np.uint8)))
    lines = np.zeros((56, 36), bool)
    for top in (0, 16, 32, 48):
        lines[top : top + 8, :] = True  # four bold lines, their glyphs touching
    assert not looks.could_be(Look(lines, np.where(lines, INK, PAGE).astype(np.uint8)))


SCALE = 4  # the decoded frame's size over the analysis picture's (a 1280 px wide recording)
SMALL_ARROW = np.tri(6, 4, dtype=bool)  # the pointer: 6 px tall here, 24 px in the frame
OUTPUT_AT = 4.4  # a command's output (two short lines and the next prompt) appears ...
POINTER_PATH = ((120, 136), (56, 30))  # ... where the pointer, resting here, has just come to


def _terminal(t: float) -> np.ndarray:
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    img[38:44, 16:40] = INK  # the prompt and the command
    if t >= OUTPUT_AT:
        img[50:55, 16:28] = INK  # two short lines of output
        img[57:62, 16:26] = INK
        img[64:69, 16:20] = INK  # the next prompt ...
        img[63:70, 22:26] = INK  # ... and its caret
    rest, end = POINTER_PATH
    if t < 1.0:
        return img  # (the pointer comes in from the right, 16 px a sample, and rests)
    if t < OUTPUT_AT - 0.4:
        y, x = rest[0], max(rest[1], W - 8 - round((t - 1.0) * FPS) * 16)
    else:  # moving up-left, arriving with the output
        share = min(1.0, (t - (OUTPUT_AT - 0.4)) / 0.4)
        y = round(rest[0] + share * (end[0] - rest[0]))
        x = round(rest[1] + share * (end[1] - rest[1]))
    img[y : y + 6, x : x + 4][SMALL_ARROW] = 0
    return img


def _assert_output_kept(picture: Callable[[float], np.ndarray]) -> None:
    """Fed 8 s of `picture` (analysis size, and SCALE times that as the decoded frame): the
    opening state and the output, kept once it settled."""
    tracker = Tracker((H // 8, W // 8), TUNING)
    kept = feed_scaled(tracker, picture, 8.0, FPS, SCALE)
    kept += [k.time_s for k in tracker.finish()]
    assert len(kept) == 2 and kept[0] < 1.0, kept
    assert OUTPUT_AT <= kept[1] <= OUTPUT_AT + 2 * TUNING.settle_s, kept


def test_output_appearing_where_the_pointer_came_to_is_a_build() -> None:
    """Three short lines (two of output, the next prompt) appear as the pointer arrives beside
    them: small, no wider than tall, and something moved there; but three times as tall as the
    pointer ever was, so not the pointer in a new shape (before, it was, and the state was
    lost)."""
    _assert_output_kept(_terminal)


def _typed_terminal(t: float) -> np.ndarray:
    """A terminal, no pointer anywhere: the caret waits after the command; from `OUTPUT_AT` the
    output is written a line a sample (separate glyphs, 3x5 px each, 2 px apart), and the caret
    moves on after it."""
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    img[38:44, 16:40] = INK  # the prompt and the command
    lines = 0 if t < OUTPUT_AT else min(3, 1 + round((t - OUTPUT_AT) * FPS))
    for line in range(lines):
        y = 50 + line * 7
        for x in range(16, 16 + 5 * (4 - line), 5):
            img[y : y + 5, x : x + 3] = INK
    y, x = (38, 42) if lines == 0 else (50 + (lines - 1) * 7, 16 + 5 * (5 - lines))
    img[y : y + 6, x : x + 2] = INK  # the caret
    return img


def test_output_written_where_the_caret_went_is_a_build_before_any_pointer_is_seen() -> None:
    """With no pointer seen yet (the fast path may never watch it move), the caret leaving the
    command's line and three lines written where it went look like a small thing arriving, no
    wider than tall: but they are many glyphs, and the pointer is one piece."""
    _assert_output_kept(_typed_terminal)


def _output_beside_caret(t: float) -> np.ndarray:
    """A terminal, no pointer anywhere: the caret waits after the command; at `OUTPUT_AT` two
    lines of output are printed (separate glyphs, 3x5 px, 2 px apart) and the caret moves to
    the line after them, two blocks left of the output: two separate blobs, together no wider
    than tall."""
    img = np.full((H, W), PAGE, np.uint8)
    img[16:24, 16:200] = INK  # a title
    img[38:44, 16:66] = INK  # the prompt and the command
    if t < OUTPUT_AT:
        img[38:44, 68:70] = INK  # the caret
        return img
    for y in (48, 55):
        for x in range(32, 52, 5):
            img[y : y + 5, x : x + 3] = INK
    img[64:70, 16:18] = INK  # the caret, on the next line
    return img


def test_output_printed_apart_from_where_the_caret_went_is_a_build() -> None:
    """The output and the caret on the line after it are two blobs, so the look cut around both
    measures how far apart they are; the caret (it left the command's line) is one piece the
    pointer could be, but the output is many glyphs: not the pointer seen twice, a build (it
    was taken for the pointer, and the state was lost)."""
    _assert_output_kept(_output_beside_caret)


def test_each_part_of_a_look_cut_around_several_must_be_one_the_pointer_could_be() -> None:
    looks = PointerLooks()
    arrow = np.tri(33, 15, dtype=bool)
    outlined = Look(arrow, np.where(arrow, INK, PAGE).astype(np.uint8))
    text = _text_block(lines=2, glyphs=5)
    assert looks.could_be(_look(94, 119), [outlined, outlined]), "where it left, where it is"
    assert looks.could_be(_look(94, 119), [outlined, None]), "nothing came where it left"
    assert not looks.could_be(_look(94, 119), [text, outlined]), "output beside a caret"
    assert not looks.could_be(_look(30, 90), [outlined, outlined]), "side by side: too wide"
