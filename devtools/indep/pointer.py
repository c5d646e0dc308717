"""The mouse pointer: sprites, its eased strokes, rests, hides and click ripples."""

import numpy as np
from PIL import Image, ImageDraw

# sprites are drawn at SUPERSAMPLE times their size, then shrunk (antialiasing)
SUPERSAMPLE = 8
# a stroke to a new place takes STROKE_S; the pointer then rests REST_S (s)
STROKE_S = (0.3, 1.5)
REST_S = (1, 5)
# on seeds whose pointer hides, each step hides it with HIDE_P, for HIDE_S (s)
HIDE_P = 0.12
HIDE_S = (2.5, 7)
# on seeds with ripples, a stroke ends with a click ripple with RIPPLE_P; a ripple lasts RIPPLE_S
RIPPLE_P = 0.3
RIPPLE_S = 0.3


# ---------------------------------------------------------------- pointer
def make_sprites(scale):
    """Arrow, I-beam and hand sprites (RGBA floats 0-1, hotspot), at 1x or 2x (retina)."""
    S = SUPERSAMPLE

    def finish(img):
        w, h = img.size
        return (
            np.asarray(img.resize((max(1, w // S), max(1, h // S)), Image.LANCZOS), np.float32)
            / 255.0
        )

    sc = scale
    # arrow 12x19 (1x)
    pts = [
        (0.5, 0.5),
        (0.5, 16.5),
        (4.3, 12.9),
        (6.8, 18.5),
        (9.2, 17.5),
        (6.9, 12.0),
        (11.5, 12.0),
    ]
    W, H = 13 * sc * S, 20 * sc * S
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.polygon(
        [(x * sc * S, y * sc * S) for x, y in pts],
        fill=(255, 255, 255, 255),
        outline=(0, 0, 0, 255),
        width=S * sc,
    )
    arrow_spr = (finish(img), (1 * sc, 1 * sc))  # hotspot
    # I-beam 7x17
    W, H = 9 * sc * S, 19 * sc * S
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    u = sc * S
    for col, wdt in (((255, 255, 255, 255), 3 * u), ((0, 0, 0, 255), u)):
        d.line([(4.5 * u, 1.5 * u), (4.5 * u, 17.5 * u)], fill=col, width=wdt)
        d.line([(1.5 * u, 1.5 * u), (7.5 * u, 1.5 * u)], fill=col, width=wdt)
        d.line([(1.5 * u, 17.5 * u), (7.5 * u, 17.5 * u)], fill=col, width=wdt)
    ibeam = (finish(img), (int(4.5 * sc), int(9.5 * sc)))
    # hand 16x19
    W, H = 17 * sc * S, 20 * sc * S
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    wh, bl = (255, 255, 255, 255), (0, 0, 0, 255)
    d.rounded_rectangle(
        [2.5 * u, 8 * u, 15.5 * u, 19 * u], radius=3 * u, fill=wh, outline=bl, width=u
    )
    d.rounded_rectangle(
        [5.5 * u, 0.5 * u, 8.5 * u, 11 * u], radius=1.5 * u, fill=wh, outline=bl, width=u
    )
    d.rectangle([6 * u, 8 * u, 8 * u, 10 * u], fill=wh)
    for fx in (9.5, 12.5):
        d.line([(fx * u, 9 * u), (fx * u, 13 * u)], fill=bl, width=u)
    hand = (finish(img), (7 * sc, 1 * sc))
    return {"arrow": arrow_spr, "ibeam": ibeam, "hand": hand}


def paste_rgba(frame, spr, x, y):
    """Alpha-blends an RGBA sprite onto frame with its top-left at (x, y), clipped."""
    H, W = frame.shape[:2]
    h, w = spr.shape[:2]
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return
    s = spr[y0 - y : y1 - y, x0 - x : x1 - x]
    a = s[..., 3:4]
    reg = frame[y0:y1, x0:x1].astype(np.float32)
    frame[y0:y1, x0:x1] = (reg * (1 - a) + s[..., :3] * 255 * a + 0.5).astype(np.uint8)


class Pointer:
    """The pointer's whole path, drawn up front: x, y and visibility per frame, ripple frames."""

    def __init__(self, rng, W, H, dur, fps, scale, shapes, ripples, hides, targets_fn):
        R = np.random.default_rng(int(rng.integers(1 << 30)))
        self.sprites = make_sprites(scale)
        self.shapes = shapes
        n = round(dur * fps) + 1
        self.x = np.zeros(n)
        self.y = np.zeros(n)
        self.vis = np.ones(n, bool)
        self.ripple_frames = []
        p = np.array([R.uniform(0.2, 0.8) * W, R.uniform(0.2, 0.8) * H])
        i = 0
        if R.random() < 0.3:
            k = int(R.uniform(1, 4) * fps)
            self.vis[:k] = False
        while i < n:
            r = R.random()
            if hides and r < HIDE_P:
                k = int(R.uniform(*HIDE_S) * fps)
                self.x[i : i + k], self.y[i : i + k] = p
                self.vis[i : i + k] = False
                i += k
                # reappear somewhere slightly different ("typing")
                p = p + R.normal(0, 20, 2)
                continue
            # move
            k = max(2, int(R.uniform(*STROKE_S) * fps))
            tgt = targets_fn(i / fps, R)
            if tgt is None:
                tgt = np.array([R.uniform(0.05, 0.95) * W, R.uniform(0.05, 0.95) * H])
            tgt = np.clip(tgt, 2, [W - 4, H - 4])
            u = np.linspace(0, 1, k + 1)[1:]
            e = u * u * (3 - 2 * u)
            arc = np.sin(u * np.pi) * R.normal(0, 0.08) * np.linalg.norm(tgt - p)
            dvec = tgt - p
            nrm = np.array([-dvec[1], dvec[0]]) / (np.linalg.norm(dvec) + 1e-6)
            seg = p[None] + e[:, None] * dvec[None] + arc[:, None] * nrm[None]
            j = min(n, i + k)
            self.x[i:j], self.y[i:j] = seg[: j - i, 0], seg[: j - i, 1]
            i = j
            p = tgt
            if ripples and R.random() < RIPPLE_P:
                self.ripple_frames.append(i)
            # rest (maybe with wiggle)
            k = int(R.uniform(*REST_S) * fps)
            j = min(n, i + k)
            self.x[i:j], self.y[i:j] = p
            if R.random() < 0.3 and j - i > fps:
                a = int(R.integers(i, j - int(fps * 0.5)))
                b = min(j, a + int(fps * R.uniform(0.3, 0.8)))
                tt = np.arange(b - a) / fps
                self.x[a:b] += np.round(R.uniform(1, 4) * np.sin(tt * 2 * np.pi * R.uniform(3, 6)))
                self.y[a:b] += np.round(R.uniform(1, 3) * np.sin(tt * 2 * np.pi * R.uniform(2, 5)))
            i = j
        self.x = np.round(self.x).astype(int)
        self.y = np.round(self.y).astype(int)
        self.fps = fps

    def composite(self, frame, i, boxes, hands):
        """Draws ripples and the pointer (arrow, I-beam or hand) into frame i, in place."""
        for rf in self.ripple_frames:
            k = i - rf
            if 0 <= k < RIPPLE_S * self.fps:
                u = k / (RIPPLE_S * self.fps)
                ripple(frame, self.x[rf], self.y[rf], 5 + 22 * u, 1 - u)
        if not self.vis[i]:
            return
        x, y = self.x[i], self.y[i]
        shape = "arrow"
        if self.shapes:
            for b in hands:
                if b[0] <= x <= b[2] and b[1] <= y <= b[3]:
                    shape = "hand"
                    break
            else:
                for b in boxes:
                    if b[0] <= x <= b[2] and b[1] <= y <= b[3]:
                        shape = "ibeam"
                        break
        spr, (hx, hy) = self.sprites[shape]
        paste_rgba(frame, spr, x - hx, y - hy)


def ripple(frame, x, y, r, a):
    """A click ripple: a yellow ring of radius r and opacity a around (x, y)."""
    R = int(r + 3)
    H, W = frame.shape[:2]
    x0, y0, x1, y1 = max(0, x - R), max(0, y - R), min(W, x + R + 1), min(H, y + R + 1)
    if x1 <= x0 or y1 <= y0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    dd = np.sqrt((xx - x) ** 2 + (yy - y) ** 2)
    m = (np.clip(1.5 - np.abs(dd - r), 0, 1) * a * 0.8)[..., None]
    reg = frame[y0:y1, x0:x1].astype(np.float32)
    frame[y0:y1, x0:x1] = (reg * (1 - m) + np.array([255, 200, 40]) * m).astype(np.uint8)
