"""Distractors drawn over the screen: pointer (+ click ripples, a highlight), webcam, playing
clip, clock.

None of them is a slide state. The webcam shows a person-like figure that sways, nods and
blinks, under sensor noise and light flicker; the clip is a little video with its own shots;
the clock ticks every second (a taskbar's, showing minutes only, every minute). Every picture
is a pure function of time and seed.
"""

from __future__ import annotations

import functools
import math
import time

import numpy as np
from PIL import Image, ImageDraw

from devtools.corpus.pages import font
from devtools.corpus.timeline import PointerSegment

POINTER_BASE_PX = 19  # arrow height at 1x on a screen whose short side is 1080 px
ARROW = ((0, 0), (0, 16), (4, 12), (7, 19), (10, 18), (7, 11), (12, 11))
RIPPLE_S = 0.35
RIPPLE_RADIUS = 26  # at 1x on a 1080-line screen


def ease(p: float) -> float:
    """Ease-in-out (cubic): how a hand moves a mouse, and how slides push and scroll."""
    p = min(1.0, max(0.0, p))
    return 4 * p**3 if p < 0.5 else 1 - (-2 * p + 2) ** 3 / 2


@functools.lru_cache(maxsize=16)
def pointer_sprite(shape: str, px: int, dark: bool) -> np.ndarray:
    """RGBA sprite of the pointer `px` high (arrow / I-beam / hand), hot spot at (0, 0)."""
    s = px / 19
    size = (int(16 * s) + 3, px + 3)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    fill, edge = (
        ((0, 0, 0, 255), (255, 255, 255, 255)) if dark else ((255, 255, 255, 255), (0, 0, 0, 255))
    )
    width = max(1, round(s))
    if shape == "arrow":
        draw.polygon(
            [(1 + x * s, 1 + y * s) for x, y in ARROW], fill=fill, outline=edge, width=width
        )
    elif shape == "ibeam":
        cx = int(4 * s) + 1
        for color, w in ((edge, width + 2), (fill, width)):
            draw.line((cx, 1, cx, px), color, w)
            draw.line((cx - 3 * s, 1, cx + 3 * s, 1), color, w)
            draw.line((cx - 3 * s, px, cx + 3 * s, px), color, w)
    else:  # hand: a palm with a raised finger
        draw.rounded_rectangle(
            (2 * s, 8 * s, 14 * s, px), int(3 * s), fill=fill, outline=edge, width=width
        )
        draw.rounded_rectangle(
            (4 * s, 1, 8 * s, 11 * s), int(2 * s), fill=fill, outline=edge, width=width
        )
    return np.asarray(image, dtype=np.uint8)


def paste_rgba(frame: np.ndarray, sprite: np.ndarray, x: int, y: int) -> None:
    h, w = frame.shape[:2]
    sh, sw = sprite.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + sw), min(h, y + sh)
    if x0 >= x1 or y0 >= y1:
        return
    part = sprite[y0 - y : y1 - y, x0 - x : x1 - x]
    alpha = part[..., 3:4].astype(np.uint16)
    region = frame[y0:y1, x0:x1].astype(np.uint16)
    frame[y0:y1, x0:x1] = ((part[..., :3] * alpha + region * (255 - alpha)) // 255).astype(np.uint8)


def pointer_at(segments: list[PointerSegment], t: float) -> tuple[float, float, str] | None:
    for seg in segments:
        if seg.t0 <= t < seg.t1:
            if not seg.visible:
                return None
            p = ease((t - seg.t0) / max(1e-6, seg.t1 - seg.t0))
            return seg.x0 + (seg.x1 - seg.x0) * p, seg.y0 + (seg.y1 - seg.y0) * p, seg.shape
    return None


def draw_pointer(
    frame: np.ndarray, segments: list[PointerSegment], t: float, scale: float, dark: bool
) -> None:
    where = pointer_at(segments, t)
    if where is None:
        return
    h, w = frame.shape[:2]
    px = max(12, round(POINTER_BASE_PX * min(h, w) / 1080 * scale))  # (DPI: the short side)
    sprite = pointer_sprite(where[2], px, dark)
    paste_rgba(frame, sprite, int(where[0] * w), int(where[1] * h))


def draw_highlight(
    frame: np.ndarray,
    segments: list[PointerSegment],
    t: float,
    scale: float,
    highlight: dict[str, float],
) -> None:
    """A recorder's highlight: a translucent disc centred on the pointer's hot spot, drawn
    under it wherever it is shown."""
    where = pointer_at(segments, t)
    if where is None:
        return
    h, w = frame.shape[:2]
    r = max(6, round(highlight["radius"] * min(h, w) / 1080 * scale))
    cx, cy = int(where[0] * w), int(where[1] * h)
    y0, y1, x0, x1 = max(0, cy - r), min(h, cy + r + 1), max(0, cx - r), min(w, cx + r + 1)
    if y0 >= y1 or x0 >= x1:
        return
    yy, xx = np.ogrid[y0 - cy : y1 - cy, x0 - cx : x1 - cx]
    disc = (xx * xx + yy * yy <= r * r)[..., None]
    part = frame[y0:y1, x0:x1].astype(np.float32)
    alpha = highlight["alpha"]
    tint = np.array((highlight["r"], highlight["g"], highlight["b"]), np.float32)
    frame[y0:y1, x0:x1] = np.where(disc, part * (1 - alpha) + tint * alpha, part).astype(np.uint8)


def draw_ripples(
    frame: np.ndarray, ripples: list[tuple[float, float, float]], t: float, scale: float
) -> None:
    h, w = frame.shape[:2]
    for t0, x, y in ripples:
        if t0 <= t < t0 + RIPPLE_S:
            p = (t - t0) / RIPPLE_S
            radius = max(4, int(RIPPLE_RADIUS * min(h, w) / 1080 * scale * (0.3 + 0.7 * p)))
            cx, cy = int(x * w), int(y * h)
            yy, xx = np.ogrid[-radius - 3 : radius + 4, -radius - 3 : radius + 4]
            ring = np.abs(np.sqrt(xx * xx + yy * yy) - radius) < max(1.5, 2 * scale)
            y0, x0 = cy - radius - 3, cx - radius - 3
            ys, xs = np.nonzero(ring)
            ys, xs = ys + y0, xs + x0
            keep = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
            frame[ys[keep], xs[keep]] = (230, 60, 50)


def webcam_box(
    params: dict[str, float | str], width: int, height: int
) -> tuple[int, int, int, int]:
    base = min(width, height * 16 // 9)  # (a wider screen's webcam is a 16:9 screen's)
    w = int(float(params["w"]) * base) // 2 * 2
    h = int(w * float(params["aspect"])) // 2 * 2
    m = int(float(params["margin"]) * base)
    corner = str(params["corner"])
    x = m if corner[1] == "l" else width - m - w
    y = m if corner[0] == "t" else height - m - h
    return x, y, w, h


def webcam_picture(
    params: dict[str, float | str], t: float, frame_no: int, w: int, h: int
) -> np.ndarray:
    """A presenter: wall, shelf, a head that sways and nods, blinking eyes, a talking mouth."""
    seed = int(float(params["seed"]))
    colors = np.random.default_rng(seed)
    wall = colors.integers(90, 200, 3)
    shirt = colors.integers(20, 160, 3)
    skin = np.array((205, 160, 130)) + colors.integers(-40, 30, 3)
    phases = colors.uniform(0, 2 * math.pi, 4)
    periods = colors.uniform(2.5, 8.0, 4)
    picture = np.empty((h, w, 3), np.float32)
    picture[:] = wall * np.linspace(0.8, 1.05, w)[None, :, None]
    picture[int(h * 0.25) : int(h * 0.3), : int(w * 0.4)] = wall * 0.55  # a shelf
    lean = 0.08 * math.sin(2 * math.pi * t / 23.0 + phases[3]) if t % 17 > 9 else 0.0
    cx = w * (0.5 + 0.07 * math.sin(2 * math.pi * t / periods[0] + phases[0]) + lean)
    cy = h * (0.45 + 0.03 * math.sin(2 * math.pi * t / periods[1] + phases[1]))
    r = h * 0.22
    yy, xx = np.ogrid[:h, :w]
    torso = ((xx - cx) / (r * 1.9)) ** 2 + ((yy - h * 1.05) / (r * 1.6)) ** 2 < 1
    picture[torso] = shirt
    head = ((xx - cx) / (r * 0.8)) ** 2 + ((yy - cy) / r) ** 2 < 1
    picture[head] = skin
    hair = head & (yy < cy - r * 0.45)
    picture[hair] = skin * 0.3
    blink = (t + phases[2]) % (2.0 + 4.0 * (seed % 7) / 7) < 0.15
    for side in (-1, 1):
        ex, ey = cx + side * r * 0.32, cy - r * 0.1
        eye = ((xx - ex) / (r * 0.12)) ** 2 + ((yy - ey) / (r * (0.02 if blink else 0.08))) ** 2 < 1
        picture[eye] = (30, 25, 25)
    talk = 0.04 + 0.05 * abs(math.sin(t * 9.0 + phases[2]))
    mouth = ((xx - cx) / (r * 0.25)) ** 2 + ((yy - (cy + r * 0.45)) / (r * talk)) ** 2 < 1
    picture[mouth] = (90, 30, 35)
    flicker = 1.0 + float(params["flicker"]) * math.sin(
        2 * math.pi * float(params["flicker_hz"]) * t
    )
    noise = np.random.default_rng((seed, frame_no)).normal(0.0, float(params["noise"]), (h, w, 1))
    picture = picture * flicker + noise
    return np.clip(picture, 0, 255).astype(np.uint8)


def draw_webcam(
    frame: np.ndarray,
    params: dict[str, float | str],
    t: float,
    frame_no: int,
    box: tuple[int, int, int, int] | None = None,
) -> None:
    """The webcam in its corner, or in `box` (x, y, w, h: a bubble the presenter moves)."""
    height, width = frame.shape[:2]
    x, y, w, h = box if box is not None else webcam_box(params, width, height)
    picture = webcam_picture(params, t, frame_no, w, h)
    if params["shape"] == "circle":
        yy, xx = np.ogrid[:h, :w]
        inside = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2 < 1
        frame[y : y + h, x : x + w][inside] = picture[inside]
    else:
        frame[y : y + h, x : x + w] = picture


def clip_box(clip: dict[str, float], width: int, height: int) -> tuple[int, int, int, int]:
    w = int(clip["w"] * width) // 2 * 2
    h = int(clip["h"] * width) // 2 * 2
    return int(clip["x"] * width), int(clip["y"] * height), w, h


def clip_picture(clip: dict[str, float], t: float, w: int, h: int) -> np.ndarray:
    """A small video: shots of 2-5 s, each a gradient scene with moving shapes and a panning
    stripe. Before the clip plays it shows its first picture; after, its last."""
    local = min(max(t, clip["t0"]), clip["t1"]) - clip["t0"]
    seed = int(clip["seed"])
    shot, start = 0, 0.0
    lengths = np.random.default_rng(seed).uniform(2.0, 5.0, 64)
    while start + lengths[shot] <= local:
        start += lengths[shot]
        shot += 1
    rng = np.random.default_rng((seed, shot))
    top, bottom = rng.integers(0, 255, 3), rng.integers(0, 255, 3)
    ramp = np.linspace(0, 1, h)[:, None, None]
    picture = np.repeat(top * (1 - ramp) + bottom * ramp, w, axis=1).astype(np.float32)
    if clip.get("pan"):  # a camera panning across a scene: all of the picture moves
        scene = _scene(seed, shot, w, h)
        shift = int((local - start) * w * PAN_SPEED) % (scene.shape[1] - w)
        picture = 0.35 * picture + 0.65 * scene[:, shift : shift + w]
        grain = np.random.default_rng((seed, int(local * 1000))).normal(0, PAN_GRAIN, (h, w, 1))
        picture = np.clip(picture + grain, 0, 255)
    yy, xx = np.ogrid[:h, :w]
    stripes = ((xx + local * w * 0.15) // max(4, w // 12)) % 2 == 0
    picture[(yy > h * 0.75) & stripes] *= 0.6
    for k in range(3):
        speed = rng.uniform(0.3, 1.2, 2)
        cx = w * (0.5 + 0.4 * math.sin(local * speed[0] + k))
        cy = h * (0.5 + 0.35 * math.cos(local * speed[1] + 2 * k))
        rad = h * rng.uniform(0.08, 0.18)
        picture[(xx - cx) ** 2 + (yy - cy) ** 2 < rad * rad] = rng.integers(0, 255, 3)
    return picture.astype(np.uint8)


PAN_SPEED = 0.25  # a panning clip's scene moves this share of the clip's width a second
PAN_GRAIN = 3.0  # ... under a camera's grain (Gaussian sigma, 0-255)


@functools.lru_cache(maxsize=4)
def _scene(seed: int, shot: int, w: int, h: int) -> np.ndarray:
    """A smooth landscape three clips wide for shot `shot`: hills, sky and texture."""
    rng = np.random.default_rng((seed, shot, 7))
    coarse = rng.uniform(30, 225, (6, 18, 3))
    small = Image.fromarray(coarse.astype(np.uint8)).resize((3 * w, h), Image.BICUBIC)
    detail = rng.uniform(-25, 25, (max(2, h // 12), max(2, w // 4), 3)) + 128
    fine = Image.fromarray(detail.astype(np.uint8)).resize((3 * w, h), Image.BILINEAR)
    scene = np.asarray(small, np.float32) + np.asarray(fine, np.float32) - 128
    return np.clip(scene, 0, 255)


def clock_box(clock: dict[str, float], width: int, height: int) -> tuple[int, int, int, int]:
    h = max(14, int(clock["h"] * height))
    w = int(h * 4.2)
    x = min(width - w, int(clock["x"] * width))
    y = min(height - h, int(clock["y"] * height))
    return x, y, w, h


@functools.lru_cache(maxsize=4)
def _clock_patch(text: str, w: int, h: int) -> np.ndarray:
    image = Image.new("RGB", (w, h), (40, 42, 48))
    ImageDraw.Draw(image).text(
        (h // 5, h // 8), text, (235, 235, 235), font(int(h * 0.72), mono=True)
    )
    return np.asarray(image, dtype=np.uint8)


def draw_clock(frame: np.ndarray, clock: dict[str, float], t: float) -> None:
    height, width = frame.shape[:2]
    x, y, w, h = clock_box(clock, width, height)
    shown = "%H:%M" if clock.get("minutes") else "%H:%M:%S"
    text = time.strftime(shown, time.gmtime(clock["start"] + int(t)))
    frame[y : y + h, x : x + w] = _clock_patch(text, w, h)
