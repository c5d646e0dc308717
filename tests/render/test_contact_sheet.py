"""The contact sheet: one legible grid of the frames, each labelled, long edge <= 1568 px.

Frames here are solid, distinct colours, so every cell of the sheet can be checked against the
frame that should be in it; the label box is checked to really cover part of each cell."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PIL import Image

from peepshow_core.contract.shapes import FrameShape
from peepshow_core.render.contact_sheet import (
    BACKGROUND,
    MAX_CELLS,
    MAX_EDGE,
    label_font_size,
    make_contact_sheet,
    pick_cells,
    plan_grid,
)


def colour(i: int) -> tuple[int, int, int]:
    return ((53 * i + 40) % 150 + 80, (97 * i + 90) % 150 + 80, (151 * i + 160) % 150 + 80)


def make_frames(folder: Path, count: int, width: int, height: int) -> list[FrameShape]:
    folder.mkdir(parents=True, exist_ok=True)
    frames = []
    for i in range(count):
        path = folder / f"frame-{i + 1:04d}.png"
        Image.new("RGB", (width, height), colour(i)).save(path)
        frames.append(
            {
                "index": i,
                "time_s": i * 2.5,
                "path": str(path),
                "width": width,
                "height": height,
                "score": 0.5,
            }
        )
    return frames


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 14) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def check_sheet(frames: list[FrameShape], tmp_path: Path) -> Image.Image:
    out = tmp_path / "frames" / "contact-sheet.jpg"
    result = make_contact_sheet(frames, out)
    sheet = Image.open(out).convert("RGB")
    assert result == {"path": str(out), "width": sheet.width, "height": sheet.height}
    assert max(sheet.size) <= MAX_EDGE

    cells = pick_cells(frames)
    plan = plan_grid(len(cells), frames[0]["width"], frames[0]["height"])
    assert sheet.size == plan.size
    assert plan.cols * plan.rows >= len(cells) > (plan.rows - 1) * plan.cols
    for position in range(plan.cols * plan.rows):
        left, top, right, bottom = plan.cell_box(position)
        top_right = sheet.getpixel((right - 3, top + 3))
        if position >= len(cells):  # an empty cell at the end of the last row
            assert close(top_right, BACKGROUND), position
            continue
        expected = colour(cells[position]["index"])
        assert close(top_right, expected), (position, top_right, expected)
        # The label box covers the bottom-left corner of the picture: dark, with light text.
        size = label_font_size(plan.cell_h)
        corner = sheet.crop((left + 1, bottom - 3, left + 3, bottom - 1))  # inside the padding
        assert all(close(p, (0, 0, 0), 25) for p in corner.get_flattened_data()), position
        text = sheet.crop((left, bottom - 2 * size, left + 6 * size, bottom))
        assert any(min(p) > 200 for p in text.get_flattened_data()), "no label text drawn"
    return sheet


def test_one_frame_is_kept_at_its_size(tmp_path: Path) -> None:
    sheet = check_sheet(make_frames(tmp_path / "src", 1, 640, 360), tmp_path)
    assert sheet.size == (640 + 8, 360 + 8)  # never upscaled; a 4 px frame around it


def test_seven_landscape_frames(tmp_path: Path) -> None:
    check_sheet(make_frames(tmp_path / "src", 7, 640, 360), tmp_path)


def test_seven_portrait_frames_sit_side_by_side(tmp_path: Path) -> None:
    frames = make_frames(tmp_path / "src", 7, 360, 640)
    check_sheet(frames, tmp_path)
    plan = plan_grid(7, 360, 640)
    assert plan.cols > plan.rows


def test_forty_frames_are_capped_evenly_first_and_last_included(tmp_path: Path) -> None:
    frames = make_frames(tmp_path / "src", 40, 320, 180)
    cells = pick_cells(frames)
    assert len(cells) == MAX_CELLS
    assert cells[0] is frames[0] and cells[-1] is frames[-1]
    gaps = {b["index"] - a["index"] for a, b in itertools.pairwise(cells)}
    assert gaps <= {1, 2}
    check_sheet(frames, tmp_path)
    assert plan_grid(MAX_CELLS, 1280, 720).cell_w >= 300  # still legible at the cap


def test_big_frames_are_scaled_down_to_the_long_edge(tmp_path: Path) -> None:
    sheet = check_sheet(make_frames(tmp_path / "src", 3, 2400, 1350), tmp_path)
    assert max(sheet.size) >= MAX_EDGE - 8  # uses the room it has


def test_labels_differ_between_cells(tmp_path: Path) -> None:
    frames = make_frames(tmp_path / "src", 2, 640, 360)
    for frame in frames:  # same picture, different numbers and times
        Image.new("RGB", (640, 360), (90, 140, 200)).save(frame["path"])
    out = tmp_path / "sheet.png"
    make_contact_sheet(frames, out)
    sheet = Image.open(out).convert("RGB")
    plan = plan_grid(2, 640, 360)
    crops = []
    for position in range(2):
        left, _top, _right, bottom = plan.cell_box(position)
        crops.append(sheet.crop((left, bottom - 60, left + 200, bottom)).tobytes())
    assert crops[0] != crops[1]


def test_no_frames_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one frame"):
        make_contact_sheet([], tmp_path / "sheet.jpg")
