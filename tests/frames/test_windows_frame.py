"""Where a webcam's picture ends (`windows.framed_box`): from the rectangle the regions learned
(the presenter's head), each side out to the nearest straight edge with the slide's background
beyond it, within `REACH` times the rectangle's extent; a side with no such edge (a caption
right under it, no background between) keeps the rectangle as learned; the picture's own edge
frames a webcam that runs into it."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.windows import FLAT_PX, FRAME_STEP, REACH, framed_box

H, W = 184, 320
SLIDE = 235
CAM = (104, 168, 200, 288)  # y0, y1, x0, x1 (pixels): the webcam, 8 x 11 blocks
HEAD = (15, 19, 28, 32)  # the rectangle learned (blocks): 4 x 4, in its middle


def slide(cam: tuple[int, int, int, int] = CAM, level: int = 120) -> np.ndarray:
    img = np.full((H, W), SLIDE, np.uint8)
    img[16:24, 16:150] = 30  # a title
    y0, y1, x0, x1 = cam
    rng = np.random.default_rng(4)
    wall = rng.integers(level - 20, level + 20, ((y1 - y0) // 8 + 1, (x1 - x0) // 8 + 1))
    img[y0:y1, x0:x1] = np.repeat(np.repeat(wall, 8, 0), 8, 1)[: y1 - y0, : x1 - x0]
    return img


def test_the_webcams_frame_around_its_head() -> None:
    assert framed_box(slide(), HEAD) == (13, 21, 25, 36)


def test_a_frame_beyond_reach_is_none() -> None:
    # the webcam's left edge more than REACH times the head's width from it: kept as learned
    wide = (CAM[0], CAM[1], 136, CAM[3])
    reach_px = REACH * (HEAD[3] - HEAD[2]) * 8
    assert reach_px < HEAD[2] * 8 - wide[2] <= 2 * reach_px
    assert framed_box(slide(wide), HEAD)[2] == HEAD[2]


def test_a_caption_right_under_it_leaves_that_side_as_learned() -> None:
    # two pixels of background, then a caption's line: no frame below (fewer than FLAT_PX);
    # four (the edge's blurred pixel and FLAT_PX): framed
    img = slide()
    img[CAM[1] + 2 : CAM[1] + 6, CAM[2] : CAM[3]] = 40
    assert FLAT_PX > 2
    assert framed_box(img, HEAD)[1] == HEAD[1]
    img = slide()
    img[CAM[1] + 4 : CAM[1] + 8, CAM[2] : CAM[3]] = 40
    assert FLAT_PX + 1 <= 4 < 2 * FLAT_PX + 1
    assert framed_box(img, HEAD)[1] == 21


def test_a_dim_webcam_on_a_grainy_slide() -> None:
    # the slide under an encoder's grain (3 levels); the webcam's wall at most 12 levels darker
    # than the slide: its edge steps by more than FRAME_STEP, and the slide is told as
    # background within FRAME_STEP of its background level
    img = slide().astype(np.float32)
    y0, y1, x0, x1 = CAM
    img[y0:y1, x0:x1] = np.clip(img[y0:y1, x0:x1] + 100, 0, SLIDE - 12)
    img += np.random.default_rng(2).normal(0, 3, img.shape)
    assert FRAME_STEP < 12 < 2 * FRAME_STEP
    assert framed_box(img.clip(0, 255).astype(np.uint8), HEAD) == (13, 21, 25, 36)


def test_a_webcam_in_the_corner_runs_into_the_pictures_edge() -> None:
    corner = (H - 64, H, W - 88, W)
    head = (H // 8 - 6, H // 8 - 2, W // 8 - 8, W // 8 - 4)
    assert framed_box(slide(corner), head) == (H // 8 - 8, H // 8, W // 8 - 11, W // 8)


def test_a_window_is_bigger_than_the_pointer_and_smaller_than_the_picture() -> None:
    """`windows`: filled boxes are windows from one block more than `POINTER_BOX` on a side (a
    small webcam: wide, few blocks tall) up to `WINDOW_MAX` of the grid; a filled box of the
    pointer's size is a thing moving (a cartoon's small figure, swept over settle_s)."""
    from peepshow_core.frames.windows import POINTER_BOX, WINDOW_MAX, windows

    grid = (22, 40)

    def box(h: int, w: int) -> bool:
        moved = np.zeros(grid, bool)
        moved[2 : 2 + h, 3 : 3 + w] = True
        return bool(windows(moved).any())

    assert not box(POINTER_BOX, POINTER_BOX)
    assert box(POINTER_BOX, POINTER_BOX + 1) and box(POINTER_BOX + 1, 2)
    big = int(WINDOW_MAX * grid[0] * grid[1] // grid[1])  # rows of a full-width box
    assert box(big, grid[1]) and not box(big + 1, grid[1])


def shaded(panel_level: int = 60) -> np.ndarray:
    """A dark slide shaded from top to bottom across twelve levels (26-37, as a theme's
    gradient is), with a code panel's flat fill over a quarter of it, more pixels of one level
    than any of the slide's, and the webcam."""
    img = slide(level=120)
    rows = 26 + (np.arange(H) * 12 // H)
    background_px = img == SLIDE
    img[background_px] = np.broadcast_to(rows[:, None], (H, W))[background_px]
    img[40:136, 24:160] = panel_level  # the panel: 96 x 136 px, a quarter of the slide
    return img


def test_the_background_is_the_level_most_pixels_lie_near() -> None:
    """`background`: a slide shaded across a few levels is the background, though a panel's
    flat fill has more pixels of its one level than the slide has of any; the level returned
    is one the slide has most of in that range, not a level between it and a panel nearby."""
    from peepshow_core.frames.windows import background

    img = shaded()
    counts = np.bincount(img.ravel(), minlength=256)
    assert counts.argmax() == 60  # (the commonest single level: the panel's)
    assert 26 <= background(img) <= 37
    two = np.full((H, W), 30, np.uint8)
    two[: H * 2 // 5] = 40  # a panel 10 levels off, on two fifths of the slide
    assert FRAME_STEP < 10 < 2 * FRAME_STEP
    assert background(two) == 30


def test_a_webcams_frame_on_a_shaded_slide_beside_a_big_panel() -> None:
    # the slide beyond the webcam's frame is background although a panel's fill is the
    # commonest level (a code slide on a dark theme's gradient)
    assert framed_box(shaded(), HEAD) == (13, 21, 25, 36)
