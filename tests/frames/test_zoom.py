"""A zoom is a view, not a state (`frames/slides/zoom.py`): the kept picture seen closer is told
from another picture, a build made while zoomed, a zoom into a plain part of the slide, and the
picture zoomed out again; through the tracker, a zooming recorder's zoom in and out makes no
state (tests/frames/test_known_answers.py renders one).

Pictures are drawn at 1280x720 (lines of words, a title, a box) and turned into analysis images
as the slides strategy does (320 px wide); a zoom is rendered as a recorder renders it: the
screen's box magnified at full size, then scaled down.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw

from peepshow_core.frames.slides import zoom
from peepshow_core.frames.slides.tracker import Tracker
from peepshow_core.frames.slides.tuning import SlidesTuning
from tests.support.tracker import kept_times

SCREEN = (1280, 720)
ANALYSIS = (320, 184)
TUNING = SlidesTuning()
NOTHING = np.zeros((ANALYSIS[1] // 8, ANALYSIS[0] // 8), bool)


def _screen(seed: int, dark: bool = False, lines: int = 9, faint: bool = False) -> Image.Image:
    """A slide: a title and `lines` lines of words, a box with a circle."""
    rng = random.Random(seed)
    background, ink = ((30, 30, 34), (200, 200, 200)) if dark else ((246, 246, 242), (40, 40, 40))
    if faint:  # (grey text: steps of about 40 levels once scaled down, above `EDGE`, not twice)
        ink = (75, 75, 78) if dark else (150, 150, 150)
    image = Image.new("RGB", SCREEN, background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 40, 60 + rng.randint(300, 600), 80), fill=ink)  # the title
    for row in range(lines):
        x, y = 80, 120 + row * 44
        while x < 1100:
            width = rng.randint(30, 140)
            draw.rectangle((x, y, x + width, y + 16), fill=ink)
            x += width + rng.randint(14, 22)
    box = (760 + rng.randint(0, 100), 480, 1180, 680)
    draw.rectangle(box, outline=ink, width=4)
    draw.ellipse((box[0] + 60, 520, box[0] + 180, 640), fill=ink)
    return image


def _analysis(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L").resize(ANALYSIS, Image.BOX), np.uint8)


def _zoomed(image: Image.Image, scale: float, cx: float, cy: float) -> Image.Image:
    """`image` magnified `scale` times towards (cx, cy) (shares), held inside the screen."""
    width, height = SCREEN
    w, h = width / scale, height / scale
    x0 = min(max(cx * width - w / 2, 0.0), width - w)
    y0 = min(max(cy * height - h / 2, 0.0), height - h)
    return image.resize(SCREEN, Image.BILINEAR, box=(x0, y0, x0 + w, y0 + h))


def _view(image: Image.Image, scale: float, cx: float = 0.45, cy: float = 0.4) -> np.ndarray:
    return _analysis(_zoomed(image, scale, cx, cy))


@pytest.mark.parametrize("scale", [1.4, 1.8, 2.5])
def test_a_zoom_in_is_found_with_its_magnification(scale: float) -> None:
    slide = _screen(1)
    found = zoom.view_of(_analysis(slide), _view(slide, scale), NOTHING, TUNING)
    assert found is not None
    assert found.scale == pytest.approx(scale, rel=0.02)


def test_a_dark_slide_with_faint_text_zoomed_is_found() -> None:
    slide = _screen(2, dark=True, faint=True)
    assert zoom.view_of(_analysis(slide), _view(slide, 1.7), NOTHING, TUNING) is not None


def test_a_zoom_on_one_line_of_words_is_found() -> None:
    """One line of words, magnified twice, holds 50-80 blocks with edges: enough (`DETAIL`)."""
    rng = random.Random(3)
    slide = Image.new("RGB", SCREEN, (246, 246, 242))
    draw, x = ImageDraw.Draw(slide), 400
    while x < 900:
        width = rng.randint(30, 140)
        draw.rectangle((x, 350, x + width, 366), fill=(40, 40, 40))
        x += width + rng.randint(14, 22)
    view = _view(slide, 2.0, 650 / SCREEN[0], 358 / SCREEN[1])
    assert zoom.view_of(_analysis(slide), view, NOTHING, TUNING) is not None


def test_a_zoom_below_the_smallest_or_beyond_the_largest_magnification_is_none() -> None:
    """Below `ZOOM_MIN` a zoom is not told from a scroll or a slide's own motion; beyond
    `ZOOM_MAX` too little of the slide is left to match."""
    slide = _screen(1)
    assert zoom.view_of(_analysis(slide), _view(slide, 1.08), NOTHING, TUNING) is None
    assert zoom.view_of(_analysis(slide), _view(slide, 3.4), NOTHING, TUNING) is None


@pytest.mark.parametrize("dark", [False, True])
def test_another_slide_is_no_view_of_the_kept_one(dark: bool) -> None:
    kept = _analysis(_screen(3, dark=dark))
    for seed in (4, 5, 6):
        other = _analysis(_screen(seed, dark=dark, lines=3 + seed))
        assert zoom.view_of(kept, other, NOTHING, TUNING) is None


def test_a_sparse_dark_slide_is_no_view_of_a_plain_part_of_the_kept_one() -> None:
    """A terminal's few lines on a dark slide fit a plain part of the kept slide magnified,
    in a blurred comparison, and faint text differs little there: their structure does not
    correlate (`LIKENESS`)."""
    kept = _analysis(_screen(7, dark=True, lines=3, faint=True))
    sparse = _screen(8, dark=True, lines=2, faint=True)
    ImageDraw.Draw(sparse).rectangle((0, 300, SCREEN[0], SCREEN[1]), fill=(30, 30, 34))
    assert zoom.view_of(kept, _analysis(sparse), NOTHING, TUNING) is None


def test_a_build_made_while_zooming_is_no_view() -> None:
    slide = _screen(1)
    view = _zoomed(slide, 1.6, 0.45, 0.4)
    ImageDraw.Draw(view).rectangle((200, 560, 900, 600), fill=(40, 40, 40))  # a new line
    assert zoom.view_of(_analysis(slide), _analysis(view), NOTHING, TUNING) is None


def test_the_pointer_on_the_view_is_allowed() -> None:
    slide = _screen(1)
    view = _zoomed(slide, 1.6, 0.45, 0.4)
    ImageDraw.Draw(view).polygon([(640, 300), (640, 352), (676, 340)], fill=(0, 0, 0))
    assert zoom.view_of(_analysis(slide), _analysis(view), NOTHING, TUNING) is not None


def _highlighted(image: Image.Image, cx: int, cy: int, radius: int) -> Image.Image:
    """`image` with the pointer in a recorder's highlight disc (`radius` px at 1280x720)."""
    out = image.copy()
    draw = ImageDraw.Draw(out)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(250, 220, 40))
    draw.polygon([(cx, cy), (cx, cy + 40), (cx + 28, cy + 30)], fill=(0, 0, 0))
    return out


def test_a_highlighted_pointer_on_the_view_is_allowed_at_its_learned_size() -> None:
    """A pointer in a highlight disc (36 px of the analysis image, magnified with the view)
    is more than the prior allows; the extent learned from its strokes (`Motion.size`, four
    blocks) allows it."""
    slide = _screen(1)
    view = _analysis(_highlighted(_zoomed(slide, 1.6, 0.45, 0.4), 640, 330, 72))
    assert zoom.view_of(_analysis(slide), view, NOTHING, TUNING) is None
    assert zoom.view_of(_analysis(slide), view, NOTHING, TUNING, pointer=4) is not None


def test_a_bright_disc_on_a_sparse_dark_view_is_left_out_of_the_fit() -> None:
    """On a dark slide with three lines, the pointer's disc, bright and magnified with the
    view, outweighed the rest of the fit (its error over `FIT`, its likeness under
    `LIKENESS`): the square of the pointer's magnified extent that differs most is left out
    of the fit's error, and the pointer's blob out of the likeness."""
    slide = _screen(1, dark=True, lines=3)
    view = _analysis(_highlighted(_zoomed(slide, 1.6, 0.45, 0.4), 640, 330, 72))
    assert zoom.view_of(_analysis(slide), view, NOTHING, TUNING, pointer=4) is not None
    assert zoom.view_of(_analysis(slide), view, NOTHING, TUNING) is None  # (the prior: too big)


def test_the_whole_picture_again_with_a_highlighted_pointer_elsewhere_is_out() -> None:
    """Zoomed back out, the pointer's disc (28 px: five blocks where it falls) rests elsewhere
    than before the zoom: "out" at the learned extent, a change at the prior."""
    slide = _screen(1)
    whole, closer = _analysis(slide), _view(slide, 1.6)
    again = _analysis(_highlighted(slide, 500, 300, 56))
    for pointer, said in ((None, None), (5, "out")):
        views = zoom.Views()
        assert views.judge(whole, closer, NOTHING, TUNING) == "in"
        assert views.judge(closer, again, NOTHING, TUNING, pointer=pointer) == said


def test_a_zoom_into_a_plain_part_of_the_slide_is_no_view() -> None:
    """A plain part of the slide, magnified, fits any plain picture: too little detail
    (`DETAIL`) to tell a zoom from another slide, so it stays a change."""
    slide = _screen(9, lines=2)
    view = _view(slide, 2.2, 0.3, 0.7)
    assert zoom.view_of(_analysis(slide), view, NOTHING, TUNING) is None


def test_the_whole_picture_is_no_view_of_the_zoomed_one() -> None:
    slide = _screen(1)
    assert zoom.view_of(_view(slide, 1.6), _analysis(slide), NOTHING, TUNING) is None


def test_a_webcam_drawn_over_the_zoom_is_left_out_with_its_frame() -> None:
    """A camera is drawn over the zoomed screen where it was: its blocks (the regions) and a
    `RING` around them are not judged."""
    slide = _screen(1)
    cam = (1000, 500, 1240, 680)

    def with_camera(image: Image.Image, shade: int) -> Image.Image:
        out = image.copy()
        draw = ImageDraw.Draw(out)
        draw.rectangle(cam, fill=(shade, shade, shade), outline=(255, 255, 255), width=3)
        draw.ellipse((1080, 540, 1160, 620), fill=(shade // 2, shade // 2, shade // 2))
        return out

    full = _analysis(with_camera(slide, 90))
    view = _analysis(with_camera(_zoomed(slide, 1.6, 0.45, 0.4), 140))
    ignore = NOTHING.copy()  # the region learned: what changes inside the frame, a block in
    top, left = cam[1] * ANALYSIS[1] // SCREEN[1] // 8, cam[0] * ANALYSIS[0] // SCREEN[0] // 8
    ignore[top + 2 :, left + 2 :] = True
    assert zoom.view_of(full, view, ignore, TUNING) is not None


def test_views_say_in_then_out_and_a_build_after_is_a_change() -> None:
    slide = _screen(1)
    whole, closer = _analysis(slide), _view(slide, 1.6)
    views = zoom.Views()
    assert views.judge(whole, closer, NOTHING, TUNING) == "in"
    assert views.whole is whole
    assert views.judge(closer, whole, NOTHING, TUNING) == "out"
    assert views.whole is None
    built = slide.copy()
    ImageDraw.Draw(built).rectangle((80, 560, 1000, 576), fill=(40, 40, 40))
    assert views.judge(whole, _analysis(built), NOTHING, TUNING) is None


def test_a_pan_while_zoomed_is_still_a_view_of_the_whole() -> None:
    slide = _screen(1)
    whole = _analysis(slide)
    views = zoom.Views()
    assert views.judge(whole, _view(slide, 1.8, 0.3, 0.3), NOTHING, TUNING) == "in"
    assert (
        views.judge(_view(slide, 1.8, 0.3, 0.3), _view(slide, 1.8, 0.7, 0.6), NOTHING, TUNING)
        == "in"
    )
    assert views.whole is whole


def _with_clip(image: Image.Image, seed: int) -> Image.Image:
    """`image` with a clip playing in the slide: a box of coarse random squares (one frame)."""
    rng = np.random.default_rng(seed)
    out = image.copy()
    frame = rng.integers(0, 255, (9, 16, 3), dtype=np.uint8)
    size = (CLIP[2] - CLIP[0], CLIP[3] - CLIP[1])
    out.paste(Image.fromarray(frame).resize(size, Image.NEAREST), CLIP[:2])
    return out


CLIP = (480, 330, 800, 510)  # where the clip plays on the screen (x0, y0, x1, y1)


def _clip_blocks() -> np.ndarray:
    """The clip's blocks in the analysis image: the region the tracker learned."""
    cells = NOTHING.copy()
    sx, sy = ANALYSIS[0] / SCREEN[0] / 8, ANALYSIS[1] / SCREEN[1] / 8
    rows = slice(int(CLIP[1] * sy), int(np.ceil(CLIP[3] * sy)))
    cells[rows, int(CLIP[0] * sx) : int(np.ceil(CLIP[2] * sx))] = True
    return cells


def test_a_zoom_towards_a_clip_playing_in_the_slide_is_found() -> None:
    """The clip is a region of the slide: it zooms with it and plays on, another frame in the
    view. The judgement leaves it out where it lands magnified; the rest of the view fits."""
    slide = _screen(1)
    kept = _analysis(_with_clip(slide, 1))
    view = _analysis(_zoomed(_with_clip(slide, 2), 1.6, 0.5, 0.55))
    found = zoom.view_of(kept, view, _clip_blocks(), TUNING)
    assert found is not None and found.scale == pytest.approx(1.6, rel=0.02)


def _plain_zoom(scale: float) -> np.ndarray:
    """A view of `_screen(9, lines=2)` towards its plain lower left part."""
    return _view(_screen(9, lines=2), scale, 0.3, 0.7)


def test_a_zoom_into_a_plain_part_seen_under_way_is_a_view() -> None:
    """The view holds too little to judge (`DETAIL`), but a picture the zoom passed through on
    its way is a view of the kept picture: the zoom was seen under way."""
    whole = _analysis(_screen(9, lines=2))
    on_the_way = [_plain_zoom(scale) for scale in (1.05, 1.3, 1.6, 1.9)]
    assert zoom.Views().judge(whole, _plain_zoom(2.2), NOTHING, TUNING) is None
    views = zoom.Views()
    assert views.judge(whole, _plain_zoom(2.2), NOTHING, TUNING, on_the_way) == "in"
    assert views.judge(_plain_zoom(2.2), whole, NOTHING, TUNING) == "out"


def test_a_sparse_slide_after_a_dissolve_is_no_view() -> None:
    """A slide with a word or two (too little to judge) reached through a dissolve: no picture
    on its way is a view of the kept one."""
    kept = _screen(3)
    sparse = Image.new("RGB", SCREEN, (246, 246, 242))
    ImageDraw.Draw(sparse).rectangle((500, 340, 780, 380), fill=(40, 40, 40))
    on_the_way = [_analysis(Image.blend(kept, sparse, a)) for a in (0.2, 0.4, 0.6, 0.8)]
    views = zoom.Views()
    assert views.judge(_analysis(kept), _analysis(sparse), NOTHING, TUNING, on_the_way) is None


def test_a_sparse_slide_after_a_cut_from_a_zoom_under_way_is_searched_no_further() -> None:
    """Only the latest `UNDER_WAY_TRIES` pictures with detail on a change's way are searched."""
    slide = _screen(9, lines=2)
    whole = _analysis(slide)
    others = [_analysis(_screen(seed)) for seed in range(20, 20 + zoom.UNDER_WAY_TRIES)]
    passing = [_plain_zoom(1.3), *others]
    assert zoom.Views().judge(whole, _plain_zoom(2.2), NOTHING, TUNING, passing) is None
    assert zoom.Views().judge(whole, _plain_zoom(2.2), NOTHING, TUNING, passing[:-1]) == "in"


def _bubble(image: Image.Image, shade: int) -> Image.Image:
    """`image` with a webcam bubble drawn over it: a grey disc, a head in it."""
    out = image.copy()
    draw = ImageDraw.Draw(out)
    draw.ellipse(BUBBLE, fill=(110, 110, 110))
    cx, cy = (BUBBLE[0] + BUBBLE[2]) / 2, (BUBBLE[1] + BUBBLE[3]) / 2
    draw.ellipse((cx - 40, cy - 50, cx + 40, cy + 30), fill=(shade, shade - 20, shade - 30))
    return out


BUBBLE = (20, 460, 340, 700)  # a webcam bubble at the screen's lower left (x0, y0, x1, y1)


@pytest.mark.parametrize(
    ("scale", "cx", "cy"), [(1.6, 0.45, 0.4), (1.8, 0.5, 0.5), (2.0, 0.35, 0.45)]
)
def test_a_webcam_bubbles_rim_drawn_over_the_zoom_is_left_out_of_the_search(
    scale: float, cx: float, cy: float
) -> None:
    """A webcam bubble drawn over the zoom where it was, its region learned a block inside its
    box (where its picture changes): its rim, in the view's place, is left out of the search
    with the `RING` around the regions, as in the judgement. The code before searched with
    the rim, and on a slide of faint text the fit failed."""
    slide = _screen(1, faint=True)
    full = _analysis(_bubble(slide, 200))
    view = _analysis(_bubble(_zoomed(slide, scale, cx, cy), 150))
    region = NOTHING.copy()
    sx, sy = ANALYSIS[0] / SCREEN[0] / 8, ANALYSIS[1] / SCREEN[1] / 8
    top, bottom = int(np.ceil(BUBBLE[1] * sy)) + 1, int(BUBBLE[3] * sy) - 1
    region[top:bottom, int(np.ceil(BUBBLE[0] * sx)) + 1 : int(BUBBLE[2] * sx) - 1] = True
    found = zoom.view_of(full, view, region, TUNING)
    assert found is not None and found.scale == pytest.approx(scale, rel=0.02)


def test_the_tracker_keeps_no_state_for_a_zoom_into_a_plain_part_and_back() -> None:
    """Through the tracker, at 15 samples a second: a slide held, zoomed in towards its plain
    lower left (2.2x, eased over 0.6 s), held, zoomed back out. The view holds too little to
    judge; the pictures on the zoom's way, kept by the tracker, show the zoom under way. The
    code before kept the view and the whole picture again as two more states."""
    slide = _screen(9, lines=2)

    def at(t: float) -> np.ndarray:
        motion = min(max((t - 3.0) / 0.6, 0.0), 1.0) - min(max((t - 6.0) / 0.6, 0.0), 1.0)
        eased = motion * motion * (3 - 2 * motion)
        return _view(slide, 1.0 + 1.2 * eased, 0.3, 0.7) if eased > 0 else _analysis(slide)

    pictures = [(n / 15, at(n / 15)) for n in range(9 * 15)]
    assert kept_times(pictures, TUNING) == [0.0]


def test_a_zooms_first_steps_show_it_under_way() -> None:
    """Zoomed into a plain part, the view holds too little to judge from 1.15x on: only the
    zoom's first steps, magnified less than `ZOOM_MIN`, show it (searched from one coarse step
    above none)."""
    whole = _analysis(_screen(9, lines=2))
    first_steps = [_plain_zoom(1.05), *[_plain_zoom(s) for s in (1.6, 1.9)]]
    assert zoom.view_of(whole, first_steps[0], NOTHING, TUNING) is None
    views = zoom.Views()
    assert views.judge(whole, _plain_zoom(2.2), NOTHING, TUNING, first_steps) == "in"


def test_a_scroll_to_a_plain_part_of_the_page_is_no_zoom_under_way() -> None:
    """The page scrolled up until little is left: the pictures on the way are the page moved,
    not magnified, and the plain picture it settled on is a change."""
    page = _screen(9, lines=2)

    def scrolled(dy: int) -> np.ndarray:
        out = Image.new("RGB", SCREEN, (246, 246, 242))
        out.paste(page, (0, -dy))
        return _analysis(out)

    passing = [scrolled(dy) for dy in (40, 120, 240, 360)]
    views = zoom.Views()
    assert views.judge(_analysis(page), scrolled(640), NOTHING, TUNING, passing) is None


def test_the_kept_picture_itself_on_a_changes_way_is_no_zoom_under_way() -> None:
    """A change's first picture may still show the kept one (a fade just begun): not magnified,
    it is no view, and the sparse slide after it is a change."""
    kept = _screen(3)
    sparse = Image.new("RGB", SCREEN, (246, 246, 242))
    ImageDraw.Draw(sparse).rectangle((500, 340, 780, 380), fill=(40, 40, 40))
    passing = [_analysis(Image.blend(kept, sparse, 0.02))]
    views = zoom.Views()
    assert views.judge(_analysis(kept), _analysis(sparse), NOTHING, TUNING, passing) is None


@pytest.mark.parametrize("through_black", [False, True])
def test_a_fade_into_a_sparse_slide_searches_no_picture_on_its_way(
    monkeypatch: pytest.MonkeyPatch, through_black: bool
) -> None:
    """The pictures of a cross-fade (or a fade through black) are mixes of the kept picture and
    the view, through the noise model: never searched for a zoom (each search costs tens of
    milliseconds; a deck of sparse slides with fades paid it at every change)."""
    kept = _screen(3)
    sparse = Image.new("RGB", SCREEN, (246, 246, 242))
    ImageDraw.Draw(sparse).rectangle((500, 340, 780, 380), fill=(40, 40, 40))
    black = Image.new("RGB", SCREEN, (0, 0, 0))
    if through_black:
        mixes = [Image.blend(kept, black, a) for a in (0.3, 0.6)]
        mixes += [Image.blend(black, sparse, a) for a in (0.4, 0.7)]
    else:
        mixes = [Image.blend(kept, sparse, a) for a in (0.2, 0.4, 0.6, 0.8)]

    def searched(*args: object, **kwargs: object) -> None:
        raise AssertionError("a mix of the kept picture and the view was searched for a zoom")

    monkeypatch.setattr(zoom, "view_of", searched)
    passing = [_analysis(m) for m in mixes]
    views = zoom.Views()
    assert views.judge(_analysis(kept), _analysis(sparse), NOTHING, TUNING, passing) is None


def test_a_change_judged_a_view_makes_the_regions_forget_what_its_motion_taught() -> None:
    """The tracker's side of `ActiveRegions.forget` (tests/frames/test_regions.py): a large
    change judged a view (here by a stand-in judgement) has the regions forget from the time
    the change was first seen."""
    tracker = Tracker((ANALYSIS[1] // 8, ANALYSIS[0] // 8), TUNING)
    forgotten: list[float] = []
    tracker.regions.forget = forgotten.append  # type: ignore[method-assign]
    tracker.views.judge = lambda *args, **kwargs: "in"  # type: ignore[method-assign]
    first, second = (_analysis(_screen(seed)).astype(np.float32) for seed in (1, 2))
    for n in range(4 * 15):  # (a change in steps, as a zoom's: one that came at once is a cut)
        share = min(max((n / 15 - 2.0) / 0.6, 0.0), 1.0)
        tracker.feed(n / 15, ((1 - share) * first + share * second).astype(np.uint8), None)
    assert len(forgotten) == 1 and forgotten[0] == pytest.approx(2.0 + 1 / 15), forgotten


def test_a_picture_moved_is_told_from_one_magnified_by_a_shift() -> None:
    """A push's or a scroll's step moves the kept picture, nothing magnified: a view found for
    it from one coarse step above no magnification (a slide with little on it fits a view
    magnified 1.04x nearly as well) is explained better by a shift, and is no zoom under way;
    a zoom's picture is explained far better by its view than by any shift."""
    from peepshow_core.frames.slides.magnify import View, magnified, shift_fits_better

    whole = _analysis(_screen(9, lines=2))
    height, width = whole.shape
    moved = np.full_like(whole, whole[-1, -1])
    moved[:, : width - 6] = whole[:, 6:]  # (moved 6 px to the left, the slide's background after)
    box = (6.0, 0.0, 6.0 + width / 1.04, height / 1.04)
    assert shift_fits_better(whole, moved, NOTHING, View(1.04, box))
    assert shift_fits_better(whole, magnified(whole, box), NOTHING, View(1.04, box)) is False
    slide = _screen(3)
    zoomed = _view(slide, 1.6)
    view = zoom.view_of(_analysis(slide), zoomed, NOTHING, TUNING)
    assert view is not None and not shift_fits_better(_analysis(slide), zoomed, NOTHING, view)
