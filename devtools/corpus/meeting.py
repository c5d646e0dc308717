"""A meeting recorder's participant strip over a shared screen (Zoom, Teams, Meet).

Instead of one presenter's webcam, a row (or column) of participant tiles sits along an edge of
the shared screen: several cameras, each with its own person, noise and flicker; a tile whose
camera is off (a dark tile with the person's initial); every tile's name label; and the active
speaker's border, which hops from tile to tile as people take turns (every `TURN_S` seconds).
None of it is a slide state. Every picture is a pure function of time and the timeline's seed.
"""

from __future__ import annotations

import functools

import numpy as np
from PIL import Image, ImageDraw

from devtools.corpus import overlays
from devtools.corpus.pages import font

TILE_ASPECT = 9 / 16  # tiles are 16:9 pictures
STRIP_BACKGROUND = (26, 26, 28)
OFF_TILE = (48, 48, 52)
SPEAKER_BORDER = (35, 217, 89)  # the active speaker's frame
TURN_S = (2.0, 12.0)  # how long one person speaks before the border moves on
MAX_TURNS = 256


def _geometry(params: dict[str, float | str], width: int, height: int) -> list[tuple[int, ...]]:
    base = min(width, height * 16 // 9)
    tw = int(float(params["tile_w"]) * base) // 2 * 2
    th = int(tw * TILE_ASPECT) // 2 * 2
    gap = max(2, int(float(params["gap"]) * base))
    margin = int(float(params["margin"]) * base)
    n = int(float(params["tiles"]))
    corner = str(params["corner"])
    row = params["orient"] == "row"
    length = n * (tw if row else th) + (n - 1) * gap
    x = margin if corner[1] == "l" else width - margin - (length if row else tw)
    y = margin if corner[0] == "t" else height - margin - (th if row else length)
    x, y = max(0, x), max(0, y)
    return [
        (x + i * (tw + gap), y, tw, th) if row else (x, y + i * (th + gap), tw, th)
        for i in range(n)
    ]


def box(params: dict[str, float | str], width: int, height: int) -> tuple[int, int, int, int]:
    """The strip's bounding box (what it may cover), tiles and the gaps between them."""
    tiles = _geometry(params, width, height)
    x0, y0 = tiles[0][0], tiles[0][1]
    x1 = max(x + w for x, _, w, _ in tiles)
    y1 = max(y + h for _, y, _, h in tiles)
    return x0, y0, min(width, x1) - x0, min(height, y1) - y0


@functools.lru_cache(maxsize=1)
def _turns(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ends = np.cumsum(rng.uniform(*TURN_S, MAX_TURNS))
    return ends, rng.integers(0, 1 << 16, MAX_TURNS)


def speaker(params: dict[str, float | str], t: float) -> int:
    """The tile of whoever speaks at `t` (never the same person twice in a row)."""
    ends, draws = _turns(int(float(params["turns_seed"])))
    n = int(float(params["tiles"]))
    turn = min(int(np.searchsorted(ends, t, side="right")), MAX_TURNS - 1)
    who = 0
    for k in range(turn + 1):  # (cheap: a few dozen turns)
        who = (who + 1 + int(draws[k]) % (n - 1)) % n
    return who


@functools.lru_cache(maxsize=16)
def _label(text: str, w: int, h: int, camera_off: bool) -> np.ndarray:
    """A tile's static parts: its name label, and the initial of a camera that is off."""
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if camera_off:
        draw.rectangle((0, 0, w, h), fill=(*OFF_TILE, 255))
        r = h // 4
        draw.ellipse((w // 2 - r, h // 2 - r, w // 2 + r, h // 2 + r), fill=(90, 120, 200, 255))
        draw.text((w // 2, h // 2), text[0], (250, 250, 250, 255), font(r, bold=True), anchor="mm")
    size = max(8, h // 9)
    draw.rectangle((2, h - size - 6, 2 + len(text) * size * 0.62 + 6, h - 2), (0, 0, 0, 150))
    draw.text((5, h - size - 4), text, (240, 240, 240, 255), font(size))
    return np.asarray(image, dtype=np.uint8)


NAMES = ("Ana", "Bo", "Chidi", "Dana", "Emeka", "Fran", "Gus", "Hana")


def draw(frame: np.ndarray, params: dict[str, float | str], t: float, frame_no: int) -> None:
    height, width = frame.shape[:2]
    x, y, w, h = box(params, width, height)
    frame[y : y + h, x : x + w] = STRIP_BACKGROUND
    off = int(float(params["camera_off"]))
    seed = int(float(params["seed"]))
    talking = speaker(params, t)
    for i, (tx, ty, tw, th) in enumerate(_geometry(params, width, height)):
        tw, th = min(tw, width - tx), min(th, height - ty)
        if tw <= 0 or th <= 0:
            continue
        if i != off:
            person = {**params, "seed": float(seed + 7919 * i)}
            frame[ty : ty + th, tx : tx + tw] = overlays.webcam_picture(person, t, frame_no, tw, th)
        overlays.paste_rgba(frame, _label(NAMES[(seed + i) % len(NAMES)], tw, th, i == off), tx, ty)
        if i == talking:
            edge = max(2, round(3 * min(width, height) / 1080))
            tile = frame[ty : ty + th, tx : tx + tw]
            for part in (tile[:edge], tile[-edge:], tile[:, :edge], tile[:, -edge:]):
                part[:] = SPEAKER_BORDER
