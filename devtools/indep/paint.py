"""Themes, backgrounds, smooth noise, colour ramps, diagram arrows and easing."""

import math

import numpy as np
from PIL import Image


# ---------------------------------------------------------------- theme
def make_theme(rng):
    """Light (55%) or dark theme: background(s), text colours, panel, shuffled accents."""
    dark = rng.random() < 0.45
    if dark:
        bg = [(30, 32, 40), (22, 27, 34), (40, 44, 52), (18, 30, 45), (36, 30, 44), (12, 12, 14)][
            rng.integers(6)
        ]
        fg = (230, 232, 236)
        sub = (170, 176, 186)
        panel = tuple(min(255, c + 14) for c in bg)
        accents = [
            (97, 175, 239),
            (229, 192, 123),
            (152, 195, 121),
            (224, 108, 117),
            (198, 120, 221),
            (86, 182, 194),
        ]
    else:
        bg = [
            (248, 246, 240),
            (235, 240, 245),
            (255, 253, 245),
            (240, 244, 248),
            (250, 250, 250),
            (246, 241, 232),
        ][rng.integers(6)]
        fg = (34, 36, 44)
        sub = (90, 96, 110)
        panel = tuple(max(0, c - 14) for c in bg)
        accents = [
            (0, 92, 175),
            (200, 80, 30),
            (30, 130, 70),
            (170, 40, 90),
            (110, 60, 170),
            (0, 130, 140),
        ]
    rng.shuffle(accents)
    grad = rng.random() < 0.4
    g2 = tuple(int(np.clip(c + rng.integers(-18, 19), 0, 255)) for c in bg)
    return dict(
        dark=dark,
        bg=bg,
        bg2=g2 if grad else bg,
        fg=fg,
        sub=sub,
        panel=panel,
        accents=[tuple(a) for a in accents],
    )


def background(W, H, th):
    """The slide background: flat, or a diagonal gradient from bg to bg2."""
    if th["bg"] == th["bg2"]:
        return Image.new("RGB", (W, H), th["bg"])
    a = np.array(th["bg"], np.float32)
    b = np.array(th["bg2"], np.float32)
    y = np.linspace(0, 1, H, dtype=np.float32)[:, None, None]
    x = np.linspace(0, 1, W, dtype=np.float32)[None, :, None]
    t = 0.7 * y + 0.3 * x
    arr = a * (1 - t) + b * t
    return Image.fromarray(np.round(arr).astype(np.uint8))


def smooth_noise(rng, h, w, octaves=4, base=4):
    """Value noise in 0..1 summed over octaves (bicubic-upscaled random grids)."""
    acc = np.zeros((h, w), np.float32)
    amp = 1.0
    tot = 0
    for o in range(octaves):
        gh, gw = base * 2**o + 1, int(base * 2**o * w / max(h, 1)) + 1
        g = rng.random((gh, gw)).astype(np.float32)
        im = Image.fromarray(g, mode="F").resize((w, h), Image.BICUBIC)
        acc += amp * np.asarray(im)
        tot += amp
        amp *= 0.5
    acc /= tot
    acc -= acc.min()
    acc /= max(acc.max(), 1e-6)
    return acc


def colorize(v, stops):
    """Maps values in 0..1 to RGB through (value, colour) stops."""
    xs = [s[0] for s in stops]
    out = np.empty((*v.shape, 3), np.float32)
    for c in range(3):
        out[..., c] = np.interp(v, xs, [s[1][c] for s in stops])
    return out


def arrow(dr, a, b, bw, bh, col, s):
    """An arrow between two box centres, shortened to the boxes' borders."""
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    L = math.hypot(dx, dy) or 1
    ux, uy = dx / L, dy / L

    # shrink to box borders
    def edge(w, h):
        tx = (w / 2) / abs(ux) if abs(ux) > 1e-6 else 1e9
        ty = (h / 2) / abs(uy) if abs(uy) > 1e-6 else 1e9
        return min(tx, ty) + 6 * s

    e = edge(bw, bh)
    p0 = (ax + ux * e, ay + uy * e)
    p1 = (bx - ux * e, by - uy * e)
    dr.line([p0, p1], fill=col, width=max(2, int(3 * s)))
    hx, hy = p1
    sz = 12 * s
    dr.polygon(
        [
            (hx, hy),
            (hx - ux * sz - uy * sz * 0.6, hy - uy * sz + ux * sz * 0.6),
            (hx - ux * sz + uy * sz * 0.6, hy - uy * sz - ux * sz * 0.6),
        ],
        fill=col,
    )


def ease(u):
    """Smoothstep: 0 -> 0, 1 -> 1, flat at both ends."""
    return u * u * (3 - 2 * u)
