"""Notifications: a banner an app or the desktop lays over the screen at one of its corners,
shown for a few seconds and taken away, at moments of its own, never with the slides (a full
screen share records them: `../shared/reference/real-recordings.md`, "Notifications").

Three styles, one per recording: `mac` (macOS's banner at the top right, below the menu bar,
rounded, sliding in from the right edge and out again), `windows` (a Windows toast at the
bottom right, above the taskbar, sliding in and fading out) and `app` (a chat app's own toast
inside its window, fading in and out). Each shows an icon, a bold title and a line or two of
text; now and then a second one comes while the first shows, stacked beside it. They are
drawn on the screen (under the pointer, the recorder's webcam and captions). Ground truth: no
notification is a state, and what one covers is covered (`boxes`).
"""

from __future__ import annotations

import functools
import random

import numpy as np
from PIL import Image, ImageDraw

from devtools.corpus.overlays import ease, paste_rgba
from devtools.corpus.pages import WORDS, font

STYLES = ("mac", "windows", "app")
FIRST_S = (2.0, 12.0)  # the first one comes this long after the recording starts
GAP_S = (7.0, 24.0)  # the next one this long after the last went
SHOWN_S = (3.0, 8.0)  # how long one shows (macOS's banners and Windows' toasts: about 5 s)
ENTER_S = (0.2, 0.5)  # how long it takes to slide or fade in ...
LEAVE_S = (0.2, 0.5)  # ... and out
PAIR_SHARE = 0.25  # this share of them bring a second one, stacked beside the first ...
PAIR_AFTER_S = (0.8, 2.5)  # ... this long after it came
WIDTH_SHARE = (0.17, 0.26)  # its width, a share of a 16:9 picture's (portrait: of its width x2)
TEXT_SHARE = (0.016, 0.024)  # its text's height, a share of the picture's
EDGE_SHARE = (0.006, 0.02)  # its distance from the picture's side edge, a share of the width
BAR_SHARE = {"mac": 0.028, "windows": 0.05, "app": 0.04}  # a menu bar, a taskbar, an app's
# own bar: the banner keeps this share of the height clear at its end of the picture
TITLES = ("Slack", "Calendar", "Mail", "Teams", "Messages", "Zoom", "Updates", "Reminders")
ACCENTS = (
    (74, 21, 75),
    (98, 100, 167),
    (0, 120, 212),
    (52, 199, 89),
    (255, 149, 0),
    (45, 140, 255),
)


def plan(spec_seed: int, style: str, duration_s: float, dark: bool) -> dict[str, object]:
    """The recording's notifications: its style, sizes, colours and each one's times and
    text (`shown`: start, end, slot (0, or 1 for the second of a pair), title, lines, accent)."""
    rng = random.Random(spec_seed * 7919 + 5)
    shown: list[tuple[float, float, int, str, tuple[str, ...], tuple[int, int, int]]] = []
    t = rng.uniform(*FIRST_S)
    while t < duration_s - 2.0:
        end = min(duration_s, t + rng.uniform(*SHOWN_S))
        shown.append((t, end, 0, rng.choice(TITLES), _lines(rng), rng.choice(ACCENTS)))
        if rng.random() < PAIR_SHARE:
            second = t + rng.uniform(*PAIR_AFTER_S)
            if second < end:
                last = min(duration_s, second + rng.uniform(*SHOWN_S))
                shown.append(
                    (second, last, 1, rng.choice(TITLES), _lines(rng), rng.choice(ACCENTS))
                )
                end = max(end, last)
        t = end + rng.uniform(*GAP_S)
    return {
        "style": style,
        "dark": dark if rng.random() < 0.7 else not dark,  # (mostly the desktop's theme)
        "width": rng.uniform(*WIDTH_SHARE),
        "text": rng.uniform(*TEXT_SHARE),
        "edge": rng.uniform(*EDGE_SHARE),
        "enter": rng.uniform(*ENTER_S),
        "leave": rng.uniform(*LEAVE_S),
        "shown": shown,
    }


def _lines(rng: random.Random) -> tuple[str, ...]:
    count = 1 if rng.random() < 0.5 else 2
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 6))]
        out.append(" ".join(words).capitalize())
    return tuple(out)


def _size(notices: dict[str, object], width: int, height: int) -> tuple[int, int]:
    """(w, h) of a notification's box on a `width` x `height` picture."""
    wide = min(width, round(height * 16 / 9))
    text = max(6, round(float(notices["text"]) * height))  # type: ignore[arg-type]
    return round(float(notices["width"]) * wide), round(text * 5.2)  # type: ignore[arg-type]


def _rest(
    notices: dict[str, object], slot: int, width: int, height: int
) -> tuple[int, int, int, int]:
    """(x, y, w, h) of a notification of `slot` where it rests."""
    w, h = _size(notices, width, height)
    style = str(notices["style"])
    gap = max(2, round(0.25 * h / 5.2))
    x = width - w - round(float(notices["edge"]) * width)  # type: ignore[arg-type]
    bar = round(BAR_SHARE[style] * height)
    if style == "mac":  # (from the top down; the second below the first)
        y = bar + gap + slot * (h + gap)
    else:  # (from the bottom up; the second above the first)
        y = height - bar - gap - h - slot * (h + gap)
    return x, y, w, h


@functools.lru_cache(maxsize=16)
def _patch(
    w: int,
    h: int,
    style: str,
    dark: bool,
    title: str,
    lines: tuple[str, ...],
    accent: tuple[int, int, int],
) -> np.ndarray:
    """The notification's RGBA picture: box, icon, title and text."""
    size = max(6, round(h / 5.2))
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    back = (44, 44, 46, 246) if dark else (238, 238, 240, 246)
    if style == "windows":
        back = (32, 32, 32, 255) if dark else (243, 243, 243, 255)
    ink = (240, 240, 240, 255) if dark else (24, 24, 26, 255)
    muted = (170, 170, 176, 255) if dark else (96, 96, 104, 255)
    radius = {"mac": size, "windows": 0, "app": size // 2}[style]
    border = (90, 90, 96, 255) if dark else (200, 200, 206, 255)
    draw.rounded_rectangle((0, 0, w - 1, h - 1), radius, back, border)
    if style == "app":
        draw.rectangle((0, 0, max(2, size // 3), h - 1), (*accent, 255))
    pad = size
    icon = 2 * size
    draw.rounded_rectangle((pad, pad, pad + icon, pad + icon), max(1, size // 2), (*accent, 255))
    draw.text(
        (pad + icon // 4, pad + icon // 8), title[0], (255, 255, 255, 255), font(size, bold=True)
    )
    left = pad * 2 + icon
    draw.text((left, pad - size // 4), title, ink, font(size, bold=True))
    if style == "mac":
        draw.text((w - pad - 3 * size, pad - size // 4), "now", muted, font(max(5, size * 4 // 5)))
    for i, line in enumerate(lines):
        y = pad + round(size * 1.35) * (i + 1) - size // 4
        text = line
        face = font(size)
        while text and left + face.getlength(text) > w - pad:
            text = text[:-2]
        draw.text((left, y), text, muted if style == "windows" else ink, face)
    return np.asarray(image, dtype=np.uint8)


def _offset(notices: dict[str, object], start: float, end: float, t: float) -> tuple[float, float]:
    """How far a notification shown from `start` to `end` has slid towards the picture's
    right edge at `t` (a share of the way from where it rests to that edge: 0 resting, 1 gone
    past it) and how opaque it is."""
    style = str(notices["style"])
    enter, leave = float(notices["enter"]), float(notices["leave"])  # type: ignore[arg-type]
    coming = 1.0 - ease(min(1.0, (t - start) / enter))  # (0 once in)
    going = ease(min(1.0, max(0.0, (t - (end - leave)) / leave)))  # (1 once gone)
    if style == "mac":
        return max(coming, going), 1.0
    if style == "windows":
        return coming, 1.0 - going
    return 0.0, (1.0 - coming) * (1.0 - going)


def draw(frame: np.ndarray, notices: dict[str, object], t: float) -> None:
    """Draw the notifications showing at `t` into `frame` (RGB, in place)."""
    height, width = frame.shape[:2]
    for start, end, slot, title, lines, accent in notices["shown"]:  # type: ignore[attr-defined]
        if not start <= t < end:
            continue
        x, y, w, h = _rest(notices, slot, width, height)
        patch = _patch(w, h, str(notices["style"]), bool(notices["dark"]), title, lines, accent)
        slid, alpha = _offset(notices, start, end, t)
        if alpha < 1.0:
            patch = patch.copy()
            patch[..., 3] = (patch[..., 3] * max(0.0, alpha)).astype(np.uint8)
        paste_rgba(frame, patch, x + round(slid * (width - x)), y)


def boxes(notices: dict[str, object], width: int, height: int) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of where each slot's notification rests: what the notifications cover."""
    slots = {int(s[2]) for s in notices["shown"]}  # type: ignore[attr-defined]
    return [_rest(notices, slot, width, height) for slot in sorted(slots)]
