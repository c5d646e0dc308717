"""A calm webcam: a presenter who holds still on a plain wall but for the eyes blinking and the
mouth talking. The regions learn it only where it plays, a pointer-sized rectangle (an
independent generator's cartoon webcam: i79, i66); its shoulders sliding a few pixels, far
from the face, the presenter leaning aside once and the pointer resting on its wall were kept
as states.
The webcam's picture is what its frame holds (`windows.framed_box`, from the rectangle learned
out to the straight edges with the slide's background beyond), whatever the size of the
rectangle learned: a small change within the frame of an overlay is the overlay's
(`beyond.overlay_edge`). A frame holds no slide background between it and the rectangle
learned: a word written beside the webcam, or in a box where a spinner turns, stays a state.
Fed to the tracker at the reference path's rate."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import ContentWatch, stretch_window
from peepshow_core.frames.slides.route import Route
from peepshow_core.frames.slides.tracker import Tracker, no_log
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning
from tests.support.tracker import kept_times

TUNING = SlidesTuning()
H, W = 184, 320
FPS = 15
SLIDE, WALL = 235, 110  # the slide's background and the webcam's plain wall
CAM = (116, 176, 20, 92)  # y0, y1, x0, x1: the webcam, bottom left
FACE = (140, 56, 15)  # the face's centre (y, x) and radius
EYES = ((136, 50), (136, 62))  # each eye's centre
BLINK_EVERY_S, BLINK_S = 1.1, 0.2
MOUTH = (150, 52, 60)  # the mouth's row and columns
TALK_S = 0.27  # the mouth opens and closes
SHIRT = (164, 176)  # the shirt's rows, far below the face; its left edge ...
EDGE, SHIFTED = 40, 35  # ... at this column, and after the presenter shifted
REST = (124, 133, 26, 32)  # the pointer resting on the wall, left of the face
WORDS = {  # a word written above the webcam, on the slide: apart from it, or right on its
    "apart": (100, 106, 30, 60),  # edge (the frame found on the picture then holds the word)
    "touching": (108, 114, 30, 60),
}
PANEL, PANEL_X = 60, 112  # a dark panel down the slide's left, the webcam on it
SHOT = (116, 176, 104, 176)  # a screenshot framed on the slide beside the webcam, a gap apart
MARK = (150, 156, 128, 148)  # a build inside it
CARET, CARET_S = (124, 136, 160, 162), 0.5  # a caret blinking in it from the opening
CLIP = (64, 112, 72, 200)  # a clip playing from the opening, its corner two blocks off the
# round webcam's blinking eye (the two overlays grouped: the eye's piece is pointer-sized)
LEAN_PX, LEAN_S = 8, 0.6  # the presenter leans aside, slowly, once
CHANGE_S = 6.0  # the presenter shifts, the pointer comes to rest, the word is written
EARLY_S = 3.5  # ... or, while the overlays are being learned, the presenter shifts
NEXT_S = 10.0  # the next slide
EXPOSED_S, EXPOSURE = (1.0, 2.0), 20  # the webcam's wall brightens then, by this much
SECONDS = 12.0


def picture(
    t: float,
    shift: bool = False,
    rest: bool = False,
    word: str = "",
    lean: float | None = None,
    one_eye: bool = False,
    mark: bool = False,
    panel: bool = False,
    caret: bool = False,
    at: float = CHANGE_S,
    round_cam: bool = False,
    next_s: float = NEXT_S,
    clip: bool = False,
) -> np.ndarray:
    """The slide at `t`: the presenter blinking and talking (`one_eye`: only the left eye
    blinks, all else of the presenter still: the region learned is one block), a screenshot
    beside the webcam (`mark`: a build in it at `CHANGE_S`), a dark panel down the slide's left
    that the webcam sits on (`panel`), a clip panning above and right of it (`clip`)."""
    img = np.full((H, W), SLIDE, np.uint8)
    if panel:
        img[:, :PANEL_X] = PANEL
    title = 16 if t < next_s else 24
    img[title : title + 8, 120:300] = 30
    for row in range(40, 96, 12):
        img[row : row + 4, 120 : 120 + 30 * (1 + row % 5)] = 60  # its text
    later = t >= at
    if word and later and t < next_s:
        y0, y1, x0, x1 = WORDS[word]
        img[y0:y1, x0:x1:2] = 200 if panel else 40  # letters' strokes
    if mark:
        y0, y1, x0, x1 = SHOT
        img[y0 - 1 : y1 + 1, x0 - 1 : x1 + 1] = 60  # (its border)
        img[y0:y1, x0:x1] = np.add.outer(np.arange(y1 - y0), np.arange(x1 - x0)) % 50 + 120
        if later:
            y0, y1, x0, x1 = MARK
            img[y0:y1, x0:x1] = 20
        if caret and int(t / CARET_S) % 2:
            y0, y1, x0, x1 = CARET
            img[y0:y1, x0:x1] = 250
    if clip:
        y0, y1, x0, x1 = CLIP
        yy, xx = np.mgrid[y0:y1, x0:x1]
        pan = np.sin((xx + 3 * t * FPS) / 7) * 60 + np.cos(yy / 5) * 30
        img[y0:y1, x0:x1] = (pan + 80).astype(np.uint8)
    y0, y1, x0, x1 = CAM
    img[y0:y1, x0:x1] = WALL
    img[SHIRT[0] : SHIRT[1], (SHIFTED if shift and later else EDGE) : 80] = 60
    if round_cam:  # (a round webcam: the slide around the circle its picture fills)
        yy, xx = np.ogrid[:H, :W]
        cy, cx, r = (y0 + y1) / 2, (x0 + x1) / 2, (y1 - y0) / 2 + 4
        outside = (yy - cy) ** 2 + (xx - cx) ** 2 > r * r
        img[y0:y1, x0:x1][outside[y0:y1, x0:x1]] = SLIDE
    cy, cx, r = FACE
    dx = 0 if lean is None else round(LEAN_PX * min(1.0, max(0.0, (t - lean) / LEAN_S)))
    yy, xx = np.ogrid[:H, :W]
    img[(yy - cy) ** 2 + (xx - cx - dx) ** 2 < r * r] = 190
    for k, (ey, ex) in enumerate(EYES):
        if t % BLINK_EVERY_S >= BLINK_S or (one_eye and k):
            img[ey - 2 : ey + 2, ex + dx - 2 : ex + dx + 2] = 30
    if int(t / TALK_S) % 2 and not one_eye:
        row, m0, m1 = MOUTH
        img[row : row + 3, m0 + dx : m1 + dx] = 90
    if rest and later:
        y0, y1, x0, x1 = REST
        img[y0:y1, x0:x1] = 20  # (a dark arrow's size at the analysis scale)
    return img


def recording(**kind: bool | str | float) -> list[tuple[float, np.ndarray]]:
    return [(n / FPS, picture(n / FPS, **kind)) for n in range(round(SECONDS * FPS))]


def assert_two_states(kept: list[float]) -> None:
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert NEXT_S <= kept[1] <= NEXT_S + 2 * TUNING.settle_s, kept


def test_the_calm_presenter_shifting_far_from_the_face_is_no_state() -> None:
    assert_two_states(kept_times(recording(shift=True), TUNING))


def test_the_calm_presenter_leaning_aside_is_no_state() -> None:
    frames = [(n / FPS, picture(n / FPS, lean=CHANGE_S)) for n in range(round(SECONDS * FPS))]
    assert_two_states(kept_times(frames, TUNING))


def test_a_webcam_learned_where_one_eye_blinks_holds_its_presenters_shoulders() -> None:
    """The rectangle learned is one block, its frame further than a rectangle that small
    reaches: while the overlays are being learned, the webcam's picture is the piece of the
    slide that is not its background around the rectangle (`windows.outline_holds`; an
    independent generator's i91, i95 and i69: a calm webcam's picture drifting in the first
    seconds, kept as a state)."""
    assert_two_states(kept_times(recording(shift=True, one_eye=True, at=EARLY_S), TUNING))


def test_a_round_webcam_learned_where_one_eye_blinks_holds_its_presenters_shoulders() -> None:
    """A round webcam has no straight edges: its picture is the piece of the slide that is not
    its background around the rectangle learned (`windows.outline_holds`)."""
    kept = kept_times(recording(shift=True, one_eye=True, at=EARLY_S, round_cam=True), TUNING)
    assert_two_states(kept)


def test_a_round_webcam_grouped_with_a_clip_off_its_corner_holds_its_shoulders() -> None:
    """The round webcam learned where one eye blinks, a pointer-sized piece, is grouped with
    a clip playing from the opening two blocks off it (`rectangles.grouped`): the outline of
    the rectangle of the two is no picture's, so the webcam's piece is judged as an overlay
    of its own (`ActiveRegions.overlay_parts`): its presenter's shoulders shifting after the
    first seconds are its picture (the second generator's i386: kept as a state)."""
    assert_two_states(
        kept_times(recording(shift=True, one_eye=True, round_cam=True, clip=True), TUNING)
    )


def test_a_word_written_on_a_panel_the_webcam_sits_on_is_a_state() -> None:
    """The panel is darker than the slide, so the piece that is not its background around the
    webcam's blinking eye holds the word; but it runs into the picture's edge: it is no
    window's picture."""
    kept = kept_times(recording(one_eye=True, panel=True, word="apart", at=EARLY_S), TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert EARLY_S <= kept[1] <= EARLY_S + 2 * TUNING.settle_s, kept


def test_a_build_in_a_screenshot_framed_beside_the_webcam_is_a_state() -> None:
    """The slide's background lies between the webcam and the screenshot: the build is in a
    piece of its own, content."""
    kept = kept_times(recording(one_eye=True, mark=True, at=EARLY_S), TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert EARLY_S <= kept[1] <= EARLY_S + 2 * TUNING.settle_s, kept


def test_a_build_in_a_framed_screen_where_a_caret_blinks_is_a_state() -> None:
    """The caret blinks from the opening (an overlay, pointer-sized) in a framed screen (a
    stage's shrunk screen): the screen is the piece around it, but only while the overlays are
    being learned may a pointer-sized one be a calm webcam (`ActiveRegions.learning`)."""
    kept = kept_times(recording(mark=True, caret=True), TUNING)
    assert len(kept) == 3 and kept[0] < TUNING.learn_s, kept
    assert CHANGE_S <= kept[1] <= CHANGE_S + 2 * TUNING.settle_s, kept


def test_the_pointer_resting_on_the_webcams_wall_is_no_state() -> None:
    assert_two_states(kept_times(recording(rest=True), TUNING))


@pytest.mark.parametrize("word", sorted(WORDS))
def test_a_word_written_above_the_calm_webcam_is_a_state(word: str) -> None:
    kept = kept_times(recording(shift=True, word=word), TUNING)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert CHANGE_S <= kept[1] <= CHANGE_S + 2 * TUNING.settle_s, kept
    assert NEXT_S <= kept[2] <= NEXT_S + 2 * TUNING.settle_s, kept


DIALOG = (60, 136, 136, 208)  # a bordered box on the slide, its inside the slide's background
SPINNER = (76, 100, 160, 184)  # a spinner turning at its middle from the opening
SPIN_S = 0.1  # the spinner's next quarter
DIALOG_WORD = (117, 122, 153, 163)  # a word written in the box, below the spinner


def dialog(t: float, word: bool) -> np.ndarray:
    img = np.full((H, W), SLIDE, np.uint8)
    img[16:24, 16:120] = 30  # the slide's title
    y0, y1, x0, x1 = DIALOG
    img[y0:y1, x0:x1] = 90
    img[y0 + 1 : y1 - 1, x0 + 1 : x1 - 1] = SLIDE  # (its border)
    y0, y1, x0, x1 = SPINNER
    quarter = int(t / SPIN_S) % 4
    hy, hx = (y0 + y1) // 2, (x0 + x1) // 2
    corners = [(y0, hy, x0, hx), (y0, hy, hx, x1), (hy, y1, hx, x1), (hy, y1, x0, hx)]
    a, b, c, d = corners[quarter]
    img[a:b, c:d] = 40
    if word and t >= CHANGE_S:
        y0, y1, x0, x1 = DIALOG_WORD
        img[y0:y1, x0:x1:2] = 40
    return img


def test_a_word_written_in_a_box_where_a_spinner_turns_is_a_state() -> None:
    """The spinner is an overlay (it plays from the opening) and the box its frame: the word
    comes over the slide's background there, so it is content."""
    frames = [(n / FPS, dialog(n / FPS, word=True)) for n in range(round(SECONDS * FPS))]
    kept = kept_times(frames, TUNING)
    assert len(kept) == 2 and kept[0] < TUNING.learn_s, kept  # (the spinner in the opening)
    assert CHANGE_S <= kept[1] <= CHANGE_S + 2 * TUNING.settle_s, kept


CODE = (40, 104, 120, 258)  # a dark code panel, 15 % of the slide (`PICTURE_MAX` 10 %)
CODE_CARET = (60, 72, 200, 202)  # a caret blinking in it from the opening
TYPED = (84, 90, 136, 160)  # a line typed in it while the overlays are being learned


def code_panel(t: float) -> np.ndarray:
    img = np.full((H, W), SLIDE, np.uint8)
    y0, y1, x0, x1 = CODE
    img[y0:y1, x0:x1] = 40
    for row in range(48, 80, 12):
        img[row : row + 4, 128 : 128 + 10 * (1 + row % 7)] = 200  # its code
    if int(t / CARET_S) % 2:
        y0, y1, x0, x1 = CODE_CARET
        img[y0:y1, x0:x1] = 230
    if t >= EARLY_S:
        y0, y1, x0, x1 = TYPED
        img[y0:y1, x0:x1:2] = 200
    return img


def test_a_line_typed_in_a_code_panel_where_a_caret_blinks_is_a_state() -> None:
    """The caret is a pointer-sized overlay while the overlays are being learned, and the dark
    panel the piece around it; but a calm webcam's picture is no bigger than `PICTURE_MAX` of
    the slide (this one's is 7 %): the panel is the slide's content, the line typed a state."""
    frames = [(n / FPS, code_panel(n / FPS)) for n in range(round(SECONDS * FPS))]
    kept = kept_times(frames, TUNING)
    assert len(kept) == 2 and kept[0] < TUNING.learn_s, kept
    assert EARLY_S <= kept[1] <= EARLY_S + 2 * TUNING.settle_s, kept


def test_a_round_webcam_holds_its_presenters_shoulders_after_the_first_seconds() -> None:
    """A round webcam learned bigger than the pointer (the eyes and the mouth): its picture
    is its outline (`windows.outline_holds`) after the first seconds too: its shoulders
    shifting at the bottom of the circle are no state (an independent generator's i120, i100:
    kept as a state, 8 s after the slide)."""
    kept = kept_times(recording(shift=True, round_cam=True), TUNING)
    assert_two_states(kept)


def test_a_round_webcam_learned_pointer_sized_holds_its_shoulders_after_the_first_seconds() -> None:
    """Learned where one eye blinks (pointer-sized) and past the first seconds, its picture is
    its outline only where that is round (`outline_holds(round_only=True)`: a stage's shrunk
    screen where a caret blinks fills its rectangle, a build in it stays a state); its shoulders
    shifting are no state (an independent generator's i312, i349)."""
    kept = kept_times(recording(shift=True, one_eye=True, round_cam=True), TUNING)
    assert_two_states(kept)


class Offered:
    def __init__(self) -> None:
        self.times: list[float] = []

    def offer(self, frame: Any, time_s: float, image: np.ndarray, **_: Any) -> None:
        self.times.append(time_s)

    def withdraw(self, times: list[float]) -> None:
        self.times = [t for t in self.times if t not in times]


def routed(pictures: list[tuple[float, np.ndarray]]) -> list[float]:
    """The times of the frames the route offers, first seconds' verdict and all."""
    end = pictures[-1][0] + 1 / FPS
    window = stretch_window(TUNING.settle_s, MAX_TRANSITION_S)
    watch = ContentWatch(
        CameraTuning(), end, TUNING.settle_s, TUNING.motion, window, TUNING.wide_share
    )
    sink = Offered()
    route = Route(sink, Tracker((H // 8, W // 8), TUNING), watch, TUNING.learn_s, no_log)  # type: ignore[arg-type]
    for t, img in pictures:
        route.feed(t, img, None)
    route.finish(end)
    return sink.times


WEBCAMS = pytest.mark.parametrize(  # (each test so marked: a square webcam, a round one, and
    "kind",  # one whose regions learn only where an eye blinks)
    [{}, {"round_cam": True}, {"one_eye": True}],
    ids=["square", "round", "learned-where-one-eye-blinks"],
)


def exposed(t: float, at: float, **kind: bool | float) -> np.ndarray:
    """The slide, the webcam's wall brighter by `EXPOSURE` from `at` on."""
    img = picture(t, **kind)
    if t >= at:
        y0, y1, x0, x1 = CAM
        cam = img[y0:y1, x0:x1]
        cam[cam == WALL] += EXPOSURE
    return img


@pytest.mark.parametrize("at", EXPOSED_S, ids=lambda at: f"at-{at}s")
@WEBCAMS
def test_a_webcams_exposure_settling_in_the_first_seconds_is_no_state(
    at: float, kind: dict[str, bool]
) -> None:
    """The webcam's light changes all over (its exposure settling) before the webcam was
    learned: a change bigger than the pointer. Judged again once the first seconds are seen
    (kept by then: `Opening.relearned`), or once due (`Hindsight._region_started`), it is the
    webcam's picture beyond the rectangle learned (`overlay_edge`), not a state."""
    frames = [(n / FPS, exposed(n / FPS, at, **kind)) for n in range(round(SECONDS * FPS))]
    assert_two_states(routed(frames))


@pytest.mark.parametrize("at", EXPOSED_S, ids=lambda at: f"at-{at}s")
@pytest.mark.parametrize("word", sorted(WORDS))
def test_a_word_written_by_the_webcam_in_the_first_seconds_is_a_state(at: float, word: str) -> None:
    """What `overlay_edge` gives the webcam in the first seconds is its picture only: a word
    written above it meanwhile, apart or right on its edge, stays a state."""
    frames = [(n / FPS, picture(n / FPS, word=word, at=at)) for n in range(round(SECONDS * FPS))]
    kept = routed(frames)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert at <= kept[1] <= at + 2 * TUNING.settle_s, kept


@WEBCAMS
def test_a_webcams_exposure_settling_just_before_the_next_slide_is_no_state(
    kind: dict[str, bool],
) -> None:
    """The webcam's light changes in the first seconds, and the next slide comes before that
    change is due (`region_span_s` after it settled) and after the first seconds' verdict:
    resolved before the new state, it is judged as when due (`Hindsight._resolve`; it was
    kept: the second generator's seed 212)."""
    at = EXPOSED_S[1]
    next_s = at + TUNING.settle_s + TUNING.region_span_s / 2
    assert next_s > TUNING.learn_s
    frames = [
        (n / FPS, exposed(n / FPS, at, next_s=next_s, **kind)) for n in range(round(SECONDS * FPS))
    ]
    kept = routed(frames)
    assert len(kept) == 2 and kept[0] == 0.0, kept
    assert next_s <= kept[1] <= next_s + 2 * TUNING.settle_s, kept


@pytest.mark.parametrize("word", sorted(WORDS))
def test_a_word_written_by_the_webcam_just_before_the_next_slide_is_a_state(word: str) -> None:
    """... and a word written above it then, apart or right on its edge, stays one."""
    at = EXPOSED_S[1]
    next_s = at + TUNING.settle_s + TUNING.region_span_s / 2
    frames = [
        (n / FPS, picture(n / FPS, word=word, at=at, next_s=next_s))
        for n in range(round(SECONDS * FPS))
    ]
    kept = routed(frames)
    assert len(kept) == 3 and kept[0] == 0.0, kept
    assert at <= kept[1] <= at + 2 * TUNING.settle_s, kept


STROKE_S = 0.6  # the pointer's strokes to its rest on the slide, ending as the light changes,
REST_S = 1.5  # ... and away again after this long
RESTS_AT = (60, 66, 200, 204)  # y0, y1, x0, x1: where it rests, on the slide's plain background


def with_pointer(t: float, at: float, light: bool = True, **kind: bool) -> np.ndarray:
    """The webcam's light changing at `at` (`exposed`; not with `light` False), and the
    pointer moving in to rest on the slide, far from the webcam, at that moment, then away."""
    img = exposed(t, at, **kind) if light else picture(t, **kind)
    y0, y1, x0, x1 = RESTS_AT
    if at - STROKE_S <= t < at + REST_S + STROKE_S:
        to_go = max(0.0, at - t, t - at - REST_S) / STROKE_S
        back = round(120 * to_go)  # (px from its rest, to the right)
        img[y0:y1, x0 + back : x1 + back] = 20
    return img


@WEBCAMS
def test_a_webcams_exposure_settling_as_the_pointer_comes_to_rest_is_no_state(
    kind: dict[str, bool],
) -> None:
    """The webcam's light changes in the first seconds as the pointer comes to rest on the
    slide: one change of two pieces. The piece the pointer moved into is no part of it that
    the webcam's picture must hold (`Held.came`; the second generator's seed 143: the
    pointer's rest on the slide's background kept the change a state). (Judged when due, past
    the first seconds' verdict; a rest in the first second, the pointer's first stroke, is
    kept here with no light change either: these pictures have no frames to cut its look.)"""
    at = EXPOSED_S[1]
    for light in (False, True):  # (the pointer's rest alone is none either)
        frames = [
            (n / FPS, with_pointer(n / FPS, at, light, **kind)) for n in range(round(SECONDS * FPS))
        ]
        assert_two_states(routed(frames))
