"""A phone stores a portrait (or upside-down) recording unturned and says how to turn it in its
display matrix; HDV and DV store pixels that are shown wider than tall: frames are written, and
sizes reported, as a player shows them."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.media.probe import probe

WIDTH, HEIGHT, FPS = 320, 192, 10
COLOURS = [(220, 40, 40), (40, 200, 60), (40, 60, 220)]  # one slide a second, each its colour


def _picture(state: int) -> np.ndarray:
    """A plain slide with a white marker in the stored picture's top-left corner."""
    rgb = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    rgb[:] = COLOURS[state]
    rgb[8:56, 8:72] = 255
    return rgb


def _encode(path: Path, degrees: int, aspect: Fraction | None = None) -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        if degrees:
            stream.set_display_rotation(degrees)
        if aspect is not None:
            stream.codec_context.sample_aspect_ratio = aspect
        for i in range(3 * 2 * FPS):
            frame = av.VideoFrame.from_ndarray(_picture(i // (2 * FPS)), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def _marker_corner(path: Path) -> str:
    """Which corner of the written image holds the white marker."""
    with Image.open(path) as image:
        rgb = np.asarray(image.convert("RGB"), np.float32)
    h, w = rgb.shape[:2]
    corners = {
        "top-left": rgb[: h // 4, : w // 4],
        "top-right": rgb[: h // 4, -w // 4 :],
        "bottom-left": rgb[-h // 4 :, : w // 4],
        "bottom-right": rgb[-h // 4 :, -w // 4 :],
    }
    return max(corners, key=lambda name: float(corners[name].min(axis=2).mean()))


# a player turns the stored picture counter-clockwise by the display matrix's angle
@pytest.mark.parametrize(
    ("degrees", "size", "corner"),
    [
        (0, (WIDTH, HEIGHT), "top-left"),
        (90, (HEIGHT, WIDTH), "bottom-left"),
        (180, (WIDTH, HEIGHT), "bottom-right"),
        (-90, (HEIGHT, WIDTH), "top-right"),
    ],
)
@pytest.mark.parametrize("mode", ["fast", "full"])
def test_frames_are_written_upright(
    tmp_path: Path, degrees: int, size: tuple[int, int], corner: str, mode: str
) -> None:
    video = _encode(tmp_path / "phone.mp4", degrees)
    result = extract_frames(video, FrameOptions(slides_mode=mode), tmp_path / "f")
    assert len(result.frames) == 3
    for record in result.frames:
        with Image.open(record.path) as image:
            assert image.size == size == (record.width, record.height)
        assert _marker_corner(record.path) == corner


def test_max_width_applies_to_the_upright_picture(tmp_path: Path) -> None:
    video = _encode(tmp_path / "phone.mp4", 90)
    result = extract_frames(video, FrameOptions(max_width=96), tmp_path / "f")
    with Image.open(result.frames[0].path) as image:
        assert image.size == (96, 160) == (result.frames[0].width, result.frames[0].height)


def test_probe_reports_the_upright_size_and_the_rotation(tmp_path: Path) -> None:
    turned = probe(_encode(tmp_path / "turned.mp4", 90)).video
    plain = probe(_encode(tmp_path / "plain.mp4", 0)).video
    assert turned is not None and plain is not None
    assert (turned["width"], turned["height"], turned["rotation"]) == (HEIGHT, WIDTH, 90)
    assert (plain["width"], plain["height"], plain["rotation"]) == (WIDTH, HEIGHT, 0)


@pytest.mark.parametrize(("degrees", "size"), [(0, (427, HEIGHT)), (90, (HEIGHT, 427))])
def test_pixels_shown_wider_than_tall_are_written_stretched(
    tmp_path: Path, degrees: int, size: tuple[int, int]
) -> None:
    video = _encode(tmp_path / "hdv.mp4", degrees, Fraction(4, 3))  # (427 = 320 * 4 / 3)
    result = extract_frames(video, FrameOptions(), tmp_path / "f")
    assert len(result.frames) == 3
    for record in result.frames:
        with Image.open(record.path) as image:
            assert image.size == size == (record.width, record.height)
    facts = probe(video).video
    assert facts is not None and (facts["width"], facts["height"]) == size


def test_a_broken_pixel_aspect_is_ignored(tmp_path: Path) -> None:
    video = _encode(tmp_path / "odd.mp4", 0, Fraction(100, 1))
    result = extract_frames(video, FrameOptions(), tmp_path / "f")
    assert (result.frames[0].width, result.frames[0].height) == (WIDTH, HEIGHT)
