"""An overlay's picture found where a change settled (`slides.moved`): the same camera moved
(or back) is found, its presenter moved a little; a slide's content, a plain area, a change
that also holds far more than the webcam, and a camera that shows only a flat wall are not."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.slides.moved import (
    HELD_SHARE,
    LIKENESS,
    MIN_DETAIL,
    REMEMBERED,
    SPREAD,
    OverlayPictures,
    _best,
    _normalized,
)
from peepshow_core.frames.windows import WINDOW_MAX

H, W = 184, 320
OLD = (1, 8, 1, 10)  # the webcam's rectangle (blocks) where it played
NEW = (14, 21, 28, 37)  # ... where it came to rest


def camera(seed: int = 7) -> np.ndarray:
    """A webcam's picture: a head (a bright disc) on a textured wall, 56 x 72 px."""
    rng = np.random.default_rng(seed)
    pic = rng.integers(70, 130, (56, 72)).astype(np.float32)
    yy, xx = np.ogrid[:56, :72]
    pic[(yy - 26) ** 2 + (xx - 36) ** 2 < 300] = 210
    return pic.astype(np.uint8)


def slide() -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    for row in range(20, 170, 12):
        img[row : row + 5, 100 : 100 + 7 * (row % 23)] = 40
    return img


def at(img: np.ndarray, pic: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    img = img.copy()
    y, x = box[0] * 8, box[2] * 8
    img[y : y + pic.shape[0], x : x + pic.shape[1]] = pic
    return img


def cells(box: tuple[int, int, int, int]) -> np.ndarray:
    out = np.zeros((H // 8, W // 8), bool)
    out[box[0] : box[1], box[2] : box[3]] = True
    return out


def remembered(pic: np.ndarray) -> OverlayPictures:
    pictures = OverlayPictures()
    pictures.remember(at(slide(), pic, OLD), [OLD])
    return pictures


def test_the_webcam_moved_elsewhere_is_found() -> None:
    moved = camera().astype(np.int16)
    moved[20:32, 30:42] += 25  # (the presenter moved a little since)
    img = at(slide(), np.clip(moved, 0, 255).astype(np.uint8), NEW)
    assert remembered(camera()).moved_here(img, cells(NEW)) == NEW
    # its wall's lowest blocks as light as the slide behind: the change holds the rest
    changed = cells(NEW)
    changed[NEW[1] - 2 : NEW[1]] = False
    assert remembered(camera()).moved_here(img, changed) is not None


def test_the_webcam_back_where_it_was_is_found() -> None:
    img = at(slide(), camera(), OLD)
    assert remembered(camera()).moved_here(img, cells(OLD)) == OLD


def screenshot() -> np.ndarray:
    """A slide's own picture, the webcam's size: a chart's bars over a grid."""
    pic = np.full((56, 72), 250, np.uint8)
    pic[::8] = pic[:, ::8] = 200
    for k, height in enumerate((40, 22, 31, 12, 47, 27)):
        pic[56 - height :, 4 + 11 * k : 12 + 11 * k] = 60 + 25 * k
    return pic


def test_a_slides_picture_there_is_no_webcam() -> None:
    # a screenshot pasted where the webcam came to rest. (A picture laid out as the webcam
    # is, a bright head on a wall of its size, would be taken for it.)
    img = at(slide(), screenshot(), NEW)
    assert remembered(camera()).moved_here(img, cells(NEW)) is None


def test_a_change_far_bigger_than_the_webcam_is_no_move() -> None:
    # a slide change that also shows the webcam at its new place: few of its blocks changed
    # (a diagram's boxes and lines), but over the whole slide
    img = at(slide(), camera(), NEW)
    sparse = np.zeros((H // 8, W // 8), bool)
    sparse[::4, ::4] = True
    sparse[NEW[0] : NEW[1], NEW[2] : NEW[3]] = True
    assert sparse.sum() < SPREAD * 7 * 9 < sparse.size
    assert remembered(camera()).moved_here(img, sparse) is None


def test_a_flat_camera_is_never_looked_for() -> None:
    wall = np.full((56, 72), 120, np.uint8)
    img = at(slide(), wall, NEW)
    assert remembered(wall).moved_here(img, cells(NEW)) is None


def test_a_camera_turned_off_keeps_its_picture() -> None:
    # while its region still plays, the plain slide shows where it was: not remembered
    pictures = remembered(camera())
    pictures.remember(slide(), [OLD])
    assert pictures.moved_here(at(slide(), camera(), OLD), cells(OLD)) == OLD


def test_the_likeness_of_a_noisy_copy() -> None:
    # the correlation: 1 for the picture itself; a copy under heavy sensor noise still passes
    pic = camera().astype(np.float32)
    template = _normalized(pic)
    assert template is not None
    area = np.full((80, 96), 235.0, np.float32)
    area[10:66, 12:84] = pic
    assert _best(area, template)[0] > 0.999
    noisy = area + np.random.default_rng(1).normal(0, 20, area.shape).astype(np.float32)
    assert LIKENESS <= _best(noisy, template)[0] < 0.999


def test_a_picture_half_like_the_webcam_is_none() -> None:
    # the webcam's left half beside a chart's right half (correlation about 0.44): a camera
    # moved is its whole picture, its presenter moving a little
    pic = camera()
    pic[:, 36:] = screenshot()[:, 36:]
    img = at(slide(), pic, NEW)
    assert remembered(camera()).moved_here(img, cells(NEW)) is None


def test_the_webcam_where_it_was_beside_a_change_has_not_moved() -> None:
    # a line written above the webcam and one below it: the area searched around the change
    # shows the webcam whole, where it plays on, but none of the blocks under it changed
    img = at(slide(), camera(), NEW)
    lines = np.zeros((H // 8, W // 8), bool)
    lines[NEW[0] - 1, NEW[2] : NEW[3]] = lines[NEW[1], NEW[2] : NEW[3]] = True
    assert remembered(camera()).moved_here(img, lines) is None


def test_the_latest_pictures_are_remembered() -> None:
    # a webcam dragged from corner to corner: its last places' pictures, the latest four
    pictures = OverlayPictures()
    spots = [(1 + 7 * row, 1 + 9 * col) for row in range(3) for col in range(4)]
    boxes = [(y, y + 7, x, x + 9) for y, x in spots[: REMEMBERED + 1]]
    for box in boxes:
        pictures.remember(at(slide(), camera(), box), [box])
    assert list(pictures.pictures) == boxes[1:]


def test_a_camera_barely_varied_is_never_looked_for() -> None:
    # a plain wall under sensor noise (spread about 5 levels) would match noise anywhere; a dim
    # camera with a face (about 12) is the camera
    rng = np.random.default_rng(3)
    noisy_wall = (120 + rng.normal(0, 5, (56, 72))).clip(0, 255).astype(np.uint8)
    assert 4 < float(noisy_wall.std()) < MIN_DETAIL
    assert not remembered(noisy_wall).pictures
    dim = (camera().astype(np.float32) * 0.3 + 90).astype(np.uint8)
    assert MIN_DETAIL < float(dim.std()) < 2 * MIN_DETAIL
    assert remembered(dim).moved_here(at(slide(), dim, NEW), cells(NEW)) == NEW


def test_a_change_twice_the_webcams_rectangle_is_it_moved() -> None:
    # its rectangle learned as the head's and what moved around it, half the bubble; the change
    # where it came to rest is the bubble whole
    pictures = OverlayPictures()
    head = (NEW[0] + 1, NEW[1] - 2, NEW[2] + 2, NEW[3] - 1)  # 4 x 6 blocks of the 7 x 9
    pictures.remember(at(slide(), camera(), NEW), [head])
    assert SPREAD / 2 < 63 / 24 <= SPREAD
    assert pictures.moved_here(at(slide(), camera(), NEW), cells(NEW)) == NEW


def test_a_change_four_times_the_webcams_rectangle_is_no_move() -> None:
    # a band of a new slide the webcam's height and four times its width, the webcam in it
    img = at(slide(), camera(), NEW)
    wide = (NEW[0], NEW[1], NEW[2] - 28, NEW[3] + 3)
    img[wide[0] * 8 : wide[1] * 8, wide[2] * 8 : NEW[2] * 8] = 60
    assert 2 * SPREAD * 63 >= (wide[1] - wide[0]) * (wide[3] - wide[2]) > SPREAD * 63
    assert remembered(camera()).moved_here(img, cells(wide)) is None


def test_a_webcam_dragged_most_of_its_width_is_found_where_it_rests() -> None:
    # dragged 7 of its 9 block columns: the two it still covers were its place, masked, so the
    # change holds 7/9 of where it came to rest: most of it
    changed = cells(NEW)
    changed[:, NEW[2] : NEW[2] + 2] = False
    assert HELD_SHARE <= 7 / 9 < 2 * HELD_SHARE
    assert remembered(camera()).moved_here(at(slide(), camera(), NEW), changed) is not None


def test_a_webcam_dragged_a_little_is_left_to_grow() -> None:
    # dragged a third of its width: two thirds of where it rests were its place already and
    # did not change; what did (a third) is the overlay growing as it plays, no move found
    changed = cells(NEW)
    changed[:, NEW[2] : NEW[3] - 3] = False
    assert HELD_SHARE / 2 < 3 / 9 < HELD_SHARE
    assert remembered(camera()).moved_here(at(slide(), camera(), NEW), changed) is None


def test_four_cameras_apart_are_all_remembered() -> None:
    # a meeting's four cameras in four corners (not in line: four overlays); the first of
    # them turned off and back on is found, though the others were remembered after it
    corners = [(1, 8, 1, 10), (1, 8, 30, 39), (14, 21, 1, 10), (14, 21, 30, 39)]
    img = slide()
    for k, box in enumerate(corners):
        img = at(img, camera(seed=10 + k), box)
    pictures = OverlayPictures()
    pictures.remember(img, corners)
    assert len(corners) <= REMEMBERED
    back = at(slide(), camera(seed=10), corners[0])
    assert pictures.moved_here(back, cells(corners[0])) == corners[0]


CLIP = (4, 16, 8, 29)  # 12 x 21 blocks: 29 % of the picture
CLIP_AREA = (CLIP[1] - CLIP[0]) * (CLIP[3] - CLIP[2])


def clip_remembered() -> tuple[np.ndarray, OverlayPictures]:
    """A slide with a clip playing from the opening (an overlay too), its picture remembered."""
    rng = np.random.default_rng(9)
    shot = rng.integers(40, 220, ((CLIP[1] - CLIP[0]) * 8, (CLIP[3] - CLIP[2]) * 8))
    img = slide()
    img[CLIP[0] * 8 : CLIP[1] * 8, CLIP[2] * 8 : CLIP[3] * 8] = shot
    pictures = OverlayPictures()
    pictures.remember(img, [CLIP])
    return img, pictures


def test_a_slide_back_with_a_clips_last_shot_is_no_move() -> None:
    # the slide the clip played in comes back, the clip frozen on its last shot: a change over
    # most of the picture, no bigger than SPREAD times the clip, holding its picture where it
    # was. The picture changed: no webcam moved.
    img, pictures = clip_remembered()
    changed = np.zeros((H // 8, W // 8), bool)
    changed[1:21, 2:38] = True  # the slide's title, text and the clip
    assert WINDOW_MAX * changed.size < changed.sum() <= SPREAD * CLIP_AREA
    assert pictures.moved_here(img, changed) is None


def test_a_slide_back_with_a_big_clips_last_shot_over_less_than_half_is_no_move() -> None:
    # the same, its change within less than half the picture (the slide before it alike but
    # for the clip and a few lines: i05): a clip's picture `SPREAD` times more than
    # `WINDOW_MAX` of the picture is not a webcam dragged about, and is never looked for
    img, pictures = clip_remembered()
    changed = np.zeros((H // 8, W // 8), bool)
    changed[3:17, 7:30] = True  # the clip and its frame's bleed
    assert changed.sum() <= WINDOW_MAX * changed.size < SPREAD * CLIP_AREA
    assert pictures.moved_here(img, changed) is None


def test_a_webcam_a_sixth_of_the_picture_moved_is_found() -> None:
    # the biggest rectangle still looked for: `SPREAD` times it is `WINDOW_MAX` of the picture
    big = (1, 10, 1, 14)  # 9 x 13 blocks: 117 of 880 (SPREAD x 117 = 351 <= 440)
    rng = np.random.default_rng(4)
    pic = rng.integers(70, 130, (72, 104)).astype(np.uint8)
    pic[20:50, 30:70] = 210
    pictures = OverlayPictures()
    pictures.remember(at(slide(), pic, big), [big])
    moved = (12, 21, 24, 37)
    assert SPREAD * 117 <= WINDOW_MAX * (H // 8) * (W // 8)
    assert pictures.moved_here(at(slide(), pic, moved), cells(moved)) == moved


def _direct(area: np.ndarray, template: np.ndarray) -> float:
    """The best normalized correlation over the windows varied at least as `MIN_DETAIL`."""
    h, w = template.shape
    best = 0.0
    for y in range(area.shape[0] - h + 1):
        for x in range(area.shape[1] - w + 1):
            window = area[y : y + h, x : x + w].astype(np.float64)
            if window.std() >= MIN_DETAIL:
                centred = window - window.mean()
                best = max(best, float((centred * template).sum() / np.sqrt((centred**2).sum())))
    return best


def test_a_faint_ghost_of_the_webcam_is_none() -> None:
    # a stroke one level above a bright slide, laid out as the webcam's picture (a build's
    # first faint picture): correlation is blind to contrast, so a flat place matches nothing
    pic = camera()
    ghost = (235 + (pic > pic.mean())).astype(np.uint8)
    assert remembered(camera()).moved_here(at(slide(), ghost, NEW), cells(NEW)) is None
    # guard: at the webcam's contrast, the same layout is the webcam
    assert remembered(camera()).moved_here(at(slide(), pic, NEW), cells(NEW)) == NEW


def test_the_likeness_is_the_direct_correlation() -> None:
    # the tables' windows against a direct computation: on a bright slide with a dark title
    # (the sums large beside a faint window's spread) the scores agree, and none passes 1
    pic = camera().astype(np.float32)
    template = _normalized(pic)
    assert template is not None
    for seed in range(4):
        rng = np.random.default_rng(seed)
        area = np.full((88, 104), 241.0, np.float32)
        area[2:14, 4:100] = rng.integers(30, 60, (12, 96))
        area[24:80, 20:92] = 160 + (pic - pic.mean()) * 0.4 + rng.normal(0, 1, (56, 72))
        score = _best(area, template)[0]
        assert abs(score - _direct(area, template)) < 1e-5 and score <= 1.0
