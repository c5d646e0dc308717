"""One grid image of the selected frames, each labelled with its number and time.

Written by `peepshow --contact-sheet` next to the frames, as `contact-sheet.jpg`.

Layout rule (kept legible for people and vision models):
- the sheet's long edge is at most `MAX_EDGE` px (1568, what vision models take without shrinking);
- at most `MAX_CELLS` (36) cells: with more frames, 36 are picked evenly spread over the list,
  always including the first and the last; each label carries the frame's number in the run, so
  a reader can tell which frames were skipped;
- the column count is the one that gives the largest cells for the frames' aspect ratio (ties:
  the squarest sheet, then fewer empty cells); cells are never larger than the frames.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peepshow_core.contract.shapes import FrameShape
from peepshow_core.render.fmt import format_time

MAX_EDGE = 1568
MAX_CELLS = 36
GAP = 4
BACKGROUND = (24, 24, 24)
LABEL_BOX = (0, 0, 0)
LABEL_TEXT = (255, 255, 255)


@dataclass(frozen=True)
class GridPlan:
    cols: int
    rows: int
    cell_w: int
    cell_h: int
    gap: int = GAP

    @property
    def size(self) -> tuple[int, int]:
        return (
            self.cols * self.cell_w + (self.cols + 1) * self.gap,
            self.rows * self.cell_h + (self.rows + 1) * self.gap,
        )

    def cell_box(self, position: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of cell `position`, filled row by row."""
        row, col = divmod(position, self.cols)
        left = self.gap + col * (self.cell_w + self.gap)
        top = self.gap + row * (self.cell_h + self.gap)
        return left, top, left + self.cell_w, top + self.cell_h


def plan_grid(count: int, frame_w: int, frame_h: int, max_edge: int = MAX_EDGE) -> GridPlan:
    """The grid for `count` cells of frames sized `frame_w`×`frame_h` (count <= MAX_CELLS)."""
    if count < 1:
        raise ValueError("a contact sheet needs at least one frame")
    best: tuple[float, float, int, int] | None = None  # (scale, -off-square, -empty, cols)
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        avail_w = max_edge - (cols + 1) * GAP
        avail_h = max_edge - (rows + 1) * GAP
        scale = min(1.0, avail_w / (cols * frame_w), avail_h / (rows * frame_h))
        off_square = abs(math.log((cols * frame_w) / (rows * frame_h)))
        key = (round(scale, 6), -round(off_square, 6), -(cols * rows - count), cols)
        if best is None or key[:3] > best[:3]:
            best = key
    assert best is not None
    scale, _, _, cols = best
    rows = math.ceil(count / cols)
    return GridPlan(cols, rows, max(1, int(frame_w * scale)), max(1, int(frame_h * scale)))


def pick_cells(frames: list[FrameShape], cap: int = MAX_CELLS) -> list[FrameShape]:
    """All frames when they fit, else `cap` of them evenly spread (first and last included)."""
    if len(frames) <= cap:
        return list(frames)
    if cap == 1:
        return [frames[0]]
    last = len(frames) - 1
    return [frames[round(i * last / (cap - 1))] for i in range(cap)]


def label_font_size(cell_h: int) -> int:
    return max(11, min(28, round(cell_h * 0.11)))


def label_for(frame: FrameShape) -> str:
    return f"#{frame['index'] + 1} {format_time(frame['time_s'])}"


def make_contact_sheet(frames: list[FrameShape], out_path: Path) -> dict[str, Any]:
    """Write the sheet to `out_path` (format from its suffix); return the payload's
    `contact_sheet` object `{path, width, height}`."""
    from PIL import Image, ImageDraw, ImageFont, ImageOps

    cells = pick_cells(frames)
    if not cells:
        raise ValueError("a contact sheet needs at least one frame")
    plan = plan_grid(len(cells), cells[0]["width"], cells[0]["height"])
    sheet = Image.new("RGB", plan.size, BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font_size = label_font_size(plan.cell_h)
    font = ImageFont.load_default(size=font_size)
    pad = max(2, font_size // 4)
    for position, frame in enumerate(cells):
        left, top, _, _ = plan.cell_box(position)
        with Image.open(frame["path"]) as source:
            picture = ImageOps.contain(source.convert("RGB"), (plan.cell_w, plan.cell_h))
        x = left + (plan.cell_w - picture.width) // 2
        y = top + (plan.cell_h - picture.height) // 2
        sheet.paste(picture, (x, y))
        text = label_for(frame)
        tl, tt, tr, tb = draw.textbbox((0, 0), text, font=font)
        box_w, box_h = tr - tl + 2 * pad, tb - tt + 2 * pad
        bx, by = x, y + picture.height - box_h
        draw.rectangle((bx, by, bx + box_w - 1, by + box_h - 1), fill=LABEL_BOX)
        draw.text((bx + pad - tl, by + pad - tt), text, fill=LABEL_TEXT, font=font)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    save_args: dict[str, Any] = (
        {"quality": 85} if out_path.suffix.lower() in (".jpg", ".jpeg") else {}
    )
    sheet.save(out_path, **save_args)
    return {"path": str(out_path), "width": sheet.width, "height": sheet.height}
