"""Screen or camera, judged from the first seconds (`ContentWatch`), fed pictures directly.

A window on a still screen (a webcam box whose whole picture shimmers, a clip playing in a
slide) is screen content however big it is, up to half the picture; a person moving in a
camera's still scene, or a camera moving, is camera content. Before windows were told apart, a
webcam box of a tenth of the picture made a terminal recording "camera" (its frames were then
picked by coverage, not by state); before a window was also judged by what moved over the last
`settle_s`, or by the straight edges framing it, a camera's box beside a shrunk screen (a talk
composited on a stage), whose picture shimmers in patches sample by sample or holds still where
the speaker's shirt is, did."""

from __future__ import annotations

import numpy as np

from peepshow_core.frames.camera import CameraTuning
from peepshow_core.frames.content import ContentWatch
from peepshow_core.frames.slides.tuning import SlidesTuning
from peepshow_core.frames.windows import framed

SIZE = (176, 320)  # an analysis picture: 22 x 40 blocks
FPS = 15
SECONDS = 3.0
NOISE = 8  # a webcam's or a clip's pixels shimmer by up to this much from one sample to another


def text_screen() -> np.ndarray:
    """A still screen: light background, rows of dark 'words'."""
    img = np.full(SIZE, 235, np.uint8)
    rng = np.random.default_rng(1)
    for row in range(8, SIZE[0] - 8, 14):
        x = 8
        while x < SIZE[1] - 40:
            width = int(rng.integers(12, 40))
            img[row : row + 6, x : x + width] = 60
            x += width + 6
    return img


def ellipse(cy: float, cx: float, ry: float, rx: float) -> np.ndarray:
    ys, xs = np.mgrid[: SIZE[0], : SIZE[1]]
    return ((ys - cy) / ry) ** 2 + ((xs - cx) / rx) ** 2 <= 1.0


def decide(samples: list[np.ndarray]) -> tuple[bool, float]:
    slides = SlidesTuning()
    watch = ContentWatch(
        CameraTuning(), 60.0, slides.settle_s, slides.motion, slides.learn_s, slides.wide_share
    )
    for i, img in enumerate(samples):
        watch.feed(i / FPS, img, None)
    return watch.decide(), watch.share


def window_on_screen(box: tuple[int, int, int, int], seed: int = 0) -> list[np.ndarray]:
    """A still screen with a window (y0, y1, x0, x1 in px) whose whole picture shimmers, and a
    head moving in it (a webcam; or a clip)."""
    rng = np.random.default_rng(seed)
    y0, y1, x0, x1 = box
    out = []
    for i in range(round(SECONDS * FPS)):
        img = text_screen().astype(np.int16)
        inner = np.full((y1 - y0, x1 - x0), 120, np.int16)
        inner += rng.integers(-NOISE, NOISE + 1, inner.shape, dtype=np.int16)
        img[y0:y1, x0:x1] = inner
        head = ellipse(y0 + (y1 - y0) * 0.45 + 3 * np.sin(i / 4), (x0 + x1) / 2, 14, 11)
        img[head & (np.arange(SIZE[1]) >= x0)[None, :] & (np.arange(SIZE[1]) < x1)[None, :]] = 190
        out.append(np.clip(img, 0, 255).astype(np.uint8))
    return out


def person_in_still_scene(seed: int = 0) -> list[np.ndarray]:
    """A camera on a tripod: a smooth still background, a person (head and textured body)
    swaying in the middle of the picture."""
    rng = np.random.default_rng(seed)
    background = np.tile(np.linspace(90, 170, SIZE[1]), (SIZE[0], 1))
    shirt = rng.integers(40, 200, (SIZE[0] // 4, SIZE[1] // 4)).repeat(4, 0).repeat(4, 1)
    out = []
    for i in range(round(SECONDS * FPS)):
        dx = 12 * np.sin(i / 5)
        img = background.copy()
        body = ellipse(150, 160 + dx, 60, 75)
        head = ellipse(70, 160 + dx * 1.3, 30, 24)
        img[body] = np.roll(shirt, int(dx), axis=1)[body]
        img[head] = 200
        out.append(img.astype(np.uint8))
    return out


def panning_camera(seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    scene = rng.integers(0, 256, (SIZE[0] // 4, SIZE[1])).repeat(4, 0).repeat(2, 1)
    return [np.roll(scene, 6 * i, axis=1)[:, : SIZE[1]].astype(np.uint8) for i in range(45)]


def test_a_large_webcam_box_on_a_still_screen_is_screen_content() -> None:
    box = (72, 152, 176, 304)  # 10 x 16 blocks: 18 % of the picture moves
    camera, share = decide(window_on_screen(box))
    assert not camera, f"moving share {share:.3f}"


def test_a_clip_over_two_fifths_of_a_slide_is_screen_content() -> None:
    box = (16, 136, 64, 280)  # 15 x 27 blocks: 46 % of the picture
    camera, share = decide(window_on_screen(box, seed=1))
    assert not camera, f"moving share {share:.3f}"


def test_a_person_moving_in_a_still_scene_is_camera_content() -> None:
    camera, share = decide(person_in_still_scene())
    assert camera, f"moving share {share:.3f}"


def test_a_moving_camera_is_camera_content() -> None:
    camera, share = decide(panning_camera())
    assert camera, f"moving share {share:.3f}"


def test_a_still_screen_is_screen_content() -> None:
    camera, share = decide([text_screen()] * 45)
    assert not camera and share == 0.0


def patchy_window(box: tuple[int, int, int, int], seed: int = 0) -> list[np.ndarray]:
    """A still screen with a window (y0, y1, x0, x1 in px, on the 8-px block grid) whose blocks
    change in patches: each sample, a block changes by a visible step with chance 0.6 (a camera's
    picture, downscaled, shimmering block by block), so no single sample fills the window."""
    rng = np.random.default_rng(seed)
    y0, y1, x0, x1 = box
    blocks = ((y1 - y0) // 8, (x1 - x0) // 8)
    level = np.full(blocks, 120, np.int16)
    out = []
    for _ in range(round(SECONDS * FPS)):
        level = np.where(rng.random(blocks) < 0.6, 160 - (level - 120), level)  # 120 <-> 200
        img = text_screen()
        img[y0:y1, x0:x1] = level.repeat(8, 0).repeat(8, 1).astype(np.uint8)
        out.append(img)
    return out


def test_a_camera_box_shimmering_in_patches_beside_a_still_screen_is_screen_content() -> None:
    box = (40, 136, 16, 144)  # 12 x 16 blocks: 22 % of the picture, about 0.6 of it a sample
    camera, share = decide(patchy_window(box))
    assert not camera, f"moving share {share:.3f}"


def torso_at_the_bottom(seed: int = 0) -> list[np.ndarray]:
    """A camera on a tripod close on a speaker's chest: a textured body swaying, cut by the
    picture's bottom edge (a figure filling more of its box than a whole ellipse does)."""
    rng = np.random.default_rng(seed)
    background = np.tile(np.linspace(90, 170, SIZE[1]), (SIZE[0], 1))
    shirt = rng.integers(40, 200, (SIZE[0] // 4, SIZE[1] // 4)).repeat(4, 0).repeat(4, 1)
    out = []
    for i in range(round(SECONDS * FPS)):
        dx = 12 * np.sin(i / 5)
        img = background.copy()
        body = ellipse(190, 160 + dx, 110, 90)
        img[body] = np.roll(shirt, int(dx), axis=1)[body]
        out.append(img.astype(np.uint8))
    return out


def test_a_figure_cut_by_the_pictures_edge_is_camera_content() -> None:
    camera, share = decide(torso_at_the_bottom())
    assert camera, f"moving share {share:.3f}"


def camera_box_with_a_still_shirt(seed: int = 0) -> list[np.ndarray]:
    """A still screen beside a camera's box (y 24-152, x 8-120) on a dark backdrop: a wall
    shimmering in patches (a tenth of it a sample), a head and a shirt of one colour swaying
    in its lower half, the shirt's inside holding still."""
    rng = np.random.default_rng(seed)
    out = []
    wall = np.full((128, 112), 150, np.int16)
    ys, xs = np.mgrid[:128, :112]
    for i in range(round(SECONDS * FPS)):
        img = text_screen().astype(np.int16)
        img[:, :128] = 30  # the backdrop the camera's box sits on
        shimmer = rng.random(wall.shape) < 0.1
        wall = np.where(shimmer, 150 + rng.integers(-12, 13, wall.shape), wall)
        box = wall.copy()
        dx = 8 * np.sin(i / 5)
        box[((xs - 56 - dx) / 50) ** 2 + ((ys - 140) / 56) ** 2 <= 1] = 90  # the shirt
        box[((xs - 56 - dx) / 17) ** 2 + ((ys - 55) / 22) ** 2 <= 1] = 200  # the head
        img[24:152, 8:120] = box
        out.append(np.clip(img, 0, 255).astype(np.uint8))
    return out


def test_a_camera_box_framed_on_a_backdrop_is_screen_content_however_little_of_it_moves() -> None:
    camera, share = decide(camera_box_with_a_still_shirt())
    assert not camera, f"moving share {share:.3f}"


def test_a_box_is_framed_by_straight_edges_a_figures_surroundings_go_on() -> None:
    picture = camera_box_with_a_still_shirt()[0]
    assert framed(picture, (3, 19, 1, 15), 6.0), "the camera's box on its backdrop"
    assert framed(picture, (3, 19, 0, 15), 6.0), "a side on the picture's edge is framed by it"
    assert not framed(picture, (5, 12, 3, 12), 6.0), "inside the box: no frame"
    scene = person_in_still_scene()[0]
    assert not framed(scene, (4, 22, 9, 31), 6.0), "a figure's box in a camera's scene"
    assert not framed(picture, (3, 19, 1, 15), 300.0), "no step that large"
    half = picture.copy()
    half[88:152, 120:136] = half[88:152, 100:116]  # the wall goes on past the lower half of a side
    assert not framed(half, (3, 19, 1, 15), 6.0), "a side edged along half its length"
