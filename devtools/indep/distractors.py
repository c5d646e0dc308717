"""Distractors that never make states: a video clip in a slide, a webcam, a menu-bar clock."""

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from devtools.indep.paint import colorize, smooth_noise
from devtools.indep.text import font

# a clip plays this long (s) from its slide's appearance, then freezes
CLIP_LENGTH_S = (10, 30)
# the clip's grain: Gaussian, this sigma, at half resolution when the size is even
CLIP_GRAIN_SIGMA = 2.5
# the webcam's width as a share of the screen's, and its sensor noise (Gaussian sigma)
WEBCAM_WIDTH_SHARE = (0.15, 0.22)
WEBCAM_NOISE_SIGMA = (1.5, 4)
# how long the eyes stay shut in a blink (s)
BLINK_S = 0.15
# the webcam's border (px) and its grey
BORDER_PX = 2
BORDER_GREY = 235
# the menu bar's colour and the clock's text colour
MENU_BAR = (28, 28, 30)
CLOCK_TEXT = (235, 235, 235)


class Clip:
    """A video playing in a slide: a camera panning over a procedural landscape, or bouncing
    balls over a shifting gradient, plus grain."""

    def __init__(self, rng, w, h, fps):
        self.w, self.h, self.fps = w, h, fps
        self.mode = "pan" if rng.random() < 0.6 else "objects"
        self.rng = np.random.default_rng(int(rng.integers(1 << 30)))
        self.length = float(rng.uniform(*CLIP_LENGTH_S))
        if self.mode == "pan":
            TH, TW = int(h * 1.6), int(w * 2.2)
            v = smooth_noise(self.rng, TH, TW, 6, 3)
            yy = np.linspace(0, 1, TH, dtype=np.float32)[:, None]
            v = np.clip(0.6 * v + 0.4 * yy, 0, 1)
            pal = [
                (0.0, (150, 190, 235)),
                (0.3, (225, 230, 240)),
                (0.38, (60, 110, 160)),
                (0.45, (215, 200, 150)),
                (0.55, (80, 150, 70)),
                (0.75, (40, 90, 40)),
                (0.9, (110, 95, 80)),
                (1.0, (240, 240, 245)),
            ]
            self.tex = colorize(v, pal)
            self.TH, self.TW = TH, TW
            self.period = float(self.rng.uniform(14, 24))
        else:
            self.n = int(self.rng.integers(3, 7))
            self.p = self.rng.uniform(0, 1, (self.n, 2)) * [w, h]
            self.vel = self.rng.uniform(-1, 1, (self.n, 2)) * [w, h] * 0.25
            self.rad = self.rng.uniform(0.05, 0.12, self.n) * h
            self.cols = self.rng.uniform(40, 255, (self.n, 3))
            yy = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
            xx = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
            self.gy, self.gx = np.mgrid[0:h, 0:w].astype(np.float32)
            self.bgA = (
                (1 - yy) * np.array([30, 40, 80], np.float32)
                + yy * np.array([200, 120, 60], np.float32)
                + 0 * xx
            )

    def frame(self, t):
        """t = clip time in seconds (already clamped to length)."""
        t = min(t, self.length)
        w, h = self.w, self.h
        r = np.random.default_rng(int(t * 1000) + 7)
        if self.mode == "pan":
            ph = 2 * math.pi * t / self.period
            ox = (self.TW - w) * 0.5 * (1 - math.cos(ph)) + t * 3.0
            ox = ox % (self.TW - w)
            oy = (self.TH - h) * 0.5 * (1 - math.cos(ph * 0.7))
            ix, iy = int(ox), int(oy)
            f = self.tex[iy : iy + h, ix : ix + w].copy()
            f *= 1 + 0.04 * math.sin(t * 1.3)
        else:
            f = self.bgA + 0.0
            f = f + 30 * math.sin(t * 0.8)
            f = np.broadcast_to(f, (h, w, 3)).copy()
            for i in range(self.n):
                p = self.p[i] + self.vel[i] * t
                # bounce: reflect into box
                px = abs((p[0] % (2 * w)) - w)
                py = abs((p[1] % (2 * h)) - h)
                R = self.rad[i]
                x0, x1 = int(max(px - R - 2, 0)), int(min(px + R + 2, w))
                y0, y1 = int(max(py - R - 2, 0)), int(min(py + R + 2, h))
                if x1 <= x0 or y1 <= y0:
                    continue
                dd = np.sqrt((self.gx[y0:y1, x0:x1] - px) ** 2 + (self.gy[y0:y1, x0:x1] - py) ** 2)
                a = np.clip(R - dd, 0, 1)[..., None]
                f[y0:y1, x0:x1] = f[y0:y1, x0:x1] * (1 - a) + self.cols[i] * a
        f += (
            r.normal(0, CLIP_GRAIN_SIGMA, (h // 2, w // 2, 1)).repeat(2, 0).repeat(2, 1)[:h, :w]
            if h % 2 == 0 and w % 2 == 0
            else r.normal(0, CLIP_GRAIN_SIGMA, (h, w, 1))
        )
        return np.clip(f, 0, 255).astype(np.uint8)


class Webcam:
    """A presenter in a corner box (rect or circle): blinking eyes, a talking mouth, a bobbing
    head, exposure drift and sensor noise."""

    def __init__(self, rng, W, H, corner, s):
        self.rng = np.random.default_rng(int(rng.integers(1 << 30)))
        R = self.rng
        self.circle = R.random() < 0.35
        cw = int(W * R.uniform(*WEBCAM_WIDTH_SHARE))
        ch = cw if self.circle else int(cw * 3 / 4)
        cw -= cw % 2
        ch -= ch % 2
        self.w, self.h = cw, ch
        m = int(16 * s)
        self.x = m if "l" in corner else W - cw - m
        self.y = m if "t" in corner else H - ch - m
        self.border = R.random() < 0.5
        # room background at 2x
        S = 2
        bw, bh = cw * S, ch * S
        wall = tuple(int(c) for c in R.uniform(60, 200, 3))
        bg = Image.new("RGB", (bw, bh), wall)
        d = ImageDraw.Draw(bg)
        for _ in range(int(R.integers(3, 7))):
            col = tuple(int(c) for c in R.uniform(20, 240, 3))
            x0, y0 = R.uniform(-0.2, 1.0) * bw, R.uniform(-0.2, 0.9) * bh
            ww, hh = R.uniform(0.1, 0.5) * bw, R.uniform(0.1, 0.6) * bh
            if R.random() < 0.5:
                d.rectangle([x0, y0, x0 + ww, y0 + hh], fill=col)
            else:
                d.ellipse([x0, y0, x0 + ww, y0 + hh], fill=col)
        self.bg = bg.filter(ImageFilter.GaussianBlur(bw / 40))
        self.skin = tuple(
            int(c)
            for c in [
                (241, 194, 160),
                (224, 172, 130),
                (198, 134, 96),
                (141, 85, 54),
                (255, 219, 185),
            ][R.integers(5)]
        )
        self.hair = tuple(
            int(c)
            for c in [(40, 30, 20), (90, 60, 30), (20, 20, 20), (160, 120, 70), (120, 120, 120)][
                R.integers(5)
            ]
        )
        self.shirt = tuple(int(c) for c in R.uniform(20, 220, 3))
        self.sigma = float(R.uniform(*WEBCAM_NOISE_SIGMA))
        self.blinks = []
        t = R.uniform(0.5, 3)
        while t < 200:
            self.blinks.append(t)
            t += R.uniform(2, 6)
        self.blinks = np.array(self.blinks)
        self.talk = []  # talking segments
        t = 0
        while t < 200:
            L = R.uniform(1.5, 6)
            self.talk.append((t, t + L))
            t += L + R.uniform(0.3, 1.5)
        self.ph = R.uniform(0, 6.28, 8)
        self.exp_ph = R.uniform(0, 6.28, 2)
        if self.circle:
            yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
            dd = np.sqrt((xx - cw / 2 + 0.5) ** 2 + (yy - ch / 2 + 0.5) ** 2)
            rad = cw / 2
            self.alpha = np.clip(rad - dd, 0, 1)[..., None]
            self.ring = (np.clip(rad - dd, 0, 1) * np.clip(dd - (rad - 2), 0, 1))[..., None]
        self.noise_rng = np.random.default_rng(int(R.integers(1 << 30)))

    def frame(self, t):
        """The webcam's picture at time t (float RGB, exposure drift and sensor noise added)."""
        S = 2
        bw, bh = self.w * S, self.h * S
        im = self.bg.copy()
        d = ImageDraw.Draw(im)
        ph = self.ph
        dx = (4 * math.sin(0.7 * t + ph[0]) + 2.5 * math.sin(1.9 * t + ph[1])) * S * self.w / 250
        dy = (3 * math.sin(0.9 * t + ph[2]) + 1.5 * math.sin(2.7 * t + ph[3])) * S * self.w / 250
        cx, cy = bw * 0.5 + dx, bh * 0.45 + dy
        hr = bh * 0.22
        # shoulders
        d.ellipse(
            [cx - bw * 0.42 + dx * 0.3, bh * 0.78 + dy * 0.3, cx + bw * 0.42 + dx * 0.3, bh * 1.5],
            fill=self.shirt,
        )
        d.rectangle([cx - hr * 0.35, cy + hr * 0.6, cx + hr * 0.35, bh * 0.85], fill=self.skin)
        # hair back + head
        d.ellipse([cx - hr * 0.92, cy - hr * 1.2, cx + hr * 0.92, cy + hr * 0.6], fill=self.hair)
        d.ellipse([cx - hr * 0.8, cy - hr, cx + hr * 0.8, cy + hr], fill=self.skin)
        d.chord(
            [cx - hr * 0.85, cy - hr * 1.15, cx + hr * 0.85, cy - hr * 0.1],
            180,
            360,
            fill=self.hair,
        )
        # eyes
        blink = np.any((t >= self.blinks) & (t < self.blinks + BLINK_S))
        for sx in (-1, 1):
            ex, ey = cx + sx * hr * 0.32, cy - hr * 0.05
            er = hr * 0.09
            if blink:
                d.line([ex - er, ey, ex + er, ey], fill=(40, 30, 30), width=max(1, int(hr * 0.04)))
            else:
                d.ellipse([ex - er, ey - er * 0.7, ex + er, ey + er * 0.7], fill=(250, 250, 250))
                d.ellipse(
                    [ex - er * 0.5, ey - er * 0.5, ex + er * 0.5, ey + er * 0.5], fill=(40, 30, 30)
                )
        # mouth
        talking = any(a <= t < b for a, b in self.talk)
        op = 0.0
        if talking:
            op = max(
                0.0,
                math.sin(t * 2 * math.pi * 4.3 + ph[4]) * 0.6
                + math.sin(t * 2 * math.pi * 2.1 + ph[5]) * 0.5,
            )
        mw, mh = hr * 0.3, hr * (0.03 + 0.16 * op)
        my = cy + hr * 0.45
        d.ellipse([cx - mw, my - mh, cx + mw, my + mh], fill=(120, 40, 40))
        small = im.resize((self.w, self.h), Image.BILINEAR)
        f = np.asarray(small, dtype=np.float32)
        gain = (
            1
            + 0.025 * math.sin(0.35 * t + self.exp_ph[0])
            + 0.015 * math.sin(1.1 * t + self.exp_ph[1])
        )
        f = f * gain + self.noise_rng.normal(0, self.sigma, f.shape).astype(np.float32)
        return np.clip(f, 0, 255)

    def composite(self, frame, t):
        """Draws the webcam (and its border) into frame at time t, in place."""
        f = self.frame(t)
        x, y, w, h = self.x, self.y, self.w, self.h
        reg = frame[y : y + h, x : x + w]
        if self.circle:
            out = reg * (1 - self.alpha) + f * self.alpha
            if self.border:
                out = out * (1 - self.ring) + BORDER_GREY * self.ring
            frame[y : y + h, x : x + w] = out.astype(np.uint8)
        else:
            frame[y : y + h, x : x + w] = f.astype(np.uint8)
            if self.border:
                b = BORDER_PX
                frame[y - b : y, x - b : x + w + b] = BORDER_GREY
                frame[y + h : y + h + b, x - b : x + w + b] = BORDER_GREY
                frame[y : y + h, x - b : x] = BORDER_GREY
                frame[y : y + h, x + w : x + w + b] = BORDER_GREY


class Clock:
    """A menu bar along the top with a clock showing seconds."""

    def __init__(self, rng, W, H, s, left):
        self.base = int(rng.integers(8 * 3600, 18 * 3600))
        self.f = font("DejaVuSans", 14 * s)
        self.day = ["Mon", "Tue", "Wed", "Thu", "Fri"][rng.integers(5)]
        self.s = s
        self.W = W
        self.left = left
        self.cache = (None, None)
        self.band = int(30 * s)

    def composite(self, frame, t):
        """Draws the menu bar and the clock at time t into frame, in place."""
        sec = self.base + int(t)
        if self.cache[0] != sec:
            txt = f"{self.day} {sec // 3600 % 24:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}"
            w = int(self.f.getlength(txt) + 16 * self.s)
            h = int(22 * self.s)
            im = Image.new("RGB", (w, h), MENU_BAR)
            ImageDraw.Draw(im).text((8 * self.s, 3 * self.s), txt, font=self.f, fill=CLOCK_TEXT)
            self.cache = (sec, np.asarray(im))
        a = self.cache[1]
        h, w = a.shape[:2]
        x = int(6 * self.s) if self.left else self.W - w - int(6 * self.s)
        frame[: self.band] = MENU_BAR
        frame[int(4 * self.s) : int(4 * self.s) + h, x : x + w] = a
