"""Slide pictures: one class per slide, rendered per build step."""

import numpy as np
from PIL import Image, ImageDraw

from devtools.indep.paint import arrow, background, colorize, smooth_noise
from devtools.indep.text import (
    CODE_SNIPPETS,
    SHORT2,
    WORDS,
    bullet_text,
    font,
    title_text,
    tokenize,
    wrap,
)


class Slide:
    """A slide with `nvar` variants (build steps); render(v) -> (np img, text boxes, hand boxes)."""

    def __init__(self, deck, kind, rng, number):
        self.deck = deck
        self.kind = kind
        self.rng = rng
        self.number = number
        self.cache = {}
        self.nvar = 1
        self.start_var = 0
        self.tall = False
        self.clip = None
        self.caret = None
        self.title = title_text(rng)
        if kind == "bullets":
            n = int(rng.integers(3, 7))
            self.items = []
            for _i in range(n):
                self.items.append(
                    SHORT2[rng.integers(len(SHORT2))] if rng.random() < 0.3 else bullet_text(rng)
                )
            self.buildable = rng.random() < 0.8
            if self.buildable:
                self.nvar = n
                self.start_var = int(rng.integers(0, 2))
                # make sure some builds are two short words
                if rng.random() < 0.6:
                    j = int(rng.integers(self.start_var + 1, n))
                    self.items[j] = SHORT2[rng.integers(len(SHORT2))]
        elif kind == "diagram":
            n = int(rng.integers(3, 7))
            self.labels = [w.capitalize() for w in rng.choice(WORDS, n, replace=False)]
            self.layout = "row" if n <= 4 or rng.random() < 0.4 else "grid"
            self.buildable = rng.random() < 0.75
            if self.buildable:
                self.nvar = n
                self.start_var = int(rng.integers(0, 2))
        elif kind == "code":
            self.code = CODE_SNIPPETS[rng.integers(len(CODE_SNIPPETS))]
        elif kind == "chart":
            self.chart = "bar" if rng.random() < 0.5 else "line"
            self.vals = rng.uniform(0.15, 1.0, int(rng.integers(4, 9)))
            self.vals2 = np.clip(self.vals * rng.uniform(0.6, 1.2, len(self.vals)), 0.05, 1)
            self.cats = [w[:6] for w in rng.choice(WORDS, len(self.vals), replace=False)]
        elif kind == "table":
            self.ncol = int(rng.integers(3, 6))
            self.nrow = int(rng.integers(4, 8))
            self.cells = [[w.capitalize() for w in rng.choice(WORDS, self.ncol)]]
            for _r in range(self.nrow):
                row = [str(rng.choice(WORDS))]
                for _c in range(1, self.ncol):
                    row.append(
                        f"{rng.uniform(0, 999):.1f}"
                        if rng.random() < 0.7
                        else f"{int(rng.integers(1, 99))}%"
                    )
                self.cells.append(row)
        elif kind == "screenshot":
            self.items = [w.capitalize() for w in rng.choice(WORDS, 7, replace=False)]
        elif kind == "article":
            self.tall = True
            self.paras = [
                [bullet_text(rng) for _ in range(int(rng.integers(2, 5)))]
                for _ in range(int(rng.integers(7, 11)))
            ]
            self.code = CODE_SNIPPETS[rng.integers(len(CODE_SNIPPETS))]
        elif kind == "video":
            self.items = [bullet_text(rng) for _ in range(int(rng.integers(1, 4)))]

    # -- helpers
    def render(self, v):
        """(picture, text boxes, hand boxes) of build step v, cached."""
        if v not in self.cache:
            self.cache[v] = self._render(v)
        return self.cache[v]

    def _base(self, h=None):
        """A copy of the deck background, or a fresh one h tall (tall pages)."""
        d = self.deck
        H = h or d.H
        im = d.bgimg.copy() if h is None else background(d.W, H, d.th)
        return im

    def _render(self, v):
        """Draws build step v: title, the kind's content, footer; returns picture and boxes."""
        d = self.deck
        th = d.th
        s = d.s
        im = self._base(self.height() if self.tall else None)
        dr = ImageDraw.Draw(im)
        boxes, hands = [], []
        x0, x1 = d.cx0, d.cx1
        y = d.cy0

        def text(xy, t, f, fill):
            dr.text(xy, t, font=f, fill=fill)
            bb = dr.textbbox(xy, t, font=f)
            boxes.append(bb)
            return bb

        if self.kind != "article":
            tf = font("DejaVuSans-Bold", 40 * s)
            text((x0, y), self.title, tf, th["fg"])
            y += int(62 * s)
            dr.line(
                [(x0, y), (x0 + int(120 * s), y)], fill=th["accents"][0], width=max(2, int(4 * s))
            )
            y += int(28 * s)
        k = self.kind
        if k == "bullets":
            bf = font("DejaVuSans", 27 * s)
            nshow = (v + 1) if self.buildable else len(self.items)
            for it in self.items[:nshow]:
                r = int(6 * s)
                cy = y + int(17 * s)
                dr.ellipse([x0 + 4 * s, cy - r, x0 + 4 * s + 2 * r, cy + r], fill=th["accents"][1])
                for ln in wrap(it, bf, x1 - x0 - int(40 * s)):
                    text((x0 + int(32 * s), y), ln, bf, th["fg"])
                    y += int(38 * s)
                y += int(16 * s)
        elif k == "code":
            cf = font("DejaVuSansMono", 19 * s)
            lines = self.code.split("\n")
            lh = int(27 * s)
            ph = lh * len(lines) + int(30 * s)
            pw = min(x1 - x0, int(cf.getlength("x" * 58) + 80 * s))
            dr.rounded_rectangle([x0, y, x0 + pw, y + ph], radius=int(8 * s), fill=th["panel"])
            yy = y + int(15 * s)
            lnf = font("DejaVuSansMono", 15 * s)
            for i, ln in enumerate(lines):
                dr.text(
                    (x0 + int(10 * s), yy + int(3 * s)), f"{i + 1:2d}", font=lnf, fill=th["sub"]
                )
                xx = x0 + int(50 * s)
                for tok, col in tokenize(ln, th):
                    dr.text((xx, yy), tok, font=cf, fill=col)
                    xx += cf.getlength(tok)
                if ln.strip():
                    boxes.append((x0 + int(50 * s), yy, int(xx), yy + lh - 4))
                last_end = (int(xx), yy, lh)
                yy += lh
            self.caret = (last_end[0] + 2, last_end[1], max(2, int(2 * s)), int(22 * s))
        elif k == "diagram":
            n = len(self.labels)
            nshow = (v + 1) if self.buildable else n
            lf = font("DejaVuSans-Bold", 22 * s)
            bw, bh = int(190 * s), int(80 * s)
            pos = []
            if self.layout == "row":
                gap = (x1 - x0 - n * bw) / max(n - 1, 1)
                gap = min(gap, 120 * s)
                for i in range(n):
                    pos.append((int(x0 + i * (bw + gap)), int(y + 90 * s)))
            else:
                cols = (n + 1) // 2
                gap = min((x1 - x0 - cols * bw) / max(cols - 1, 1), 120 * s)
                for i in range(n):
                    r, c = divmod(i, cols)
                    if r == 1:
                        c = cols - 1 - c
                    pos.append((int(x0 + c * (bw + gap)), int(y + 40 * s + r * 200 * s)))
            for i in range(nshow):
                px, py = pos[i]
                col = th["accents"][i % len(th["accents"])]
                dr.rounded_rectangle(
                    [px, py, px + bw, py + bh],
                    radius=int(10 * s),
                    fill=th["panel"],
                    outline=col,
                    width=max(2, int(3 * s)),
                )
                tw = lf.getlength(self.labels[i])
                text((px + (bw - tw) / 2, py + bh / 2 - 14 * s), self.labels[i], lf, th["fg"])
                hands.append((px, py, px + bw, py + bh))
                if i > 0:
                    ax, ay = pos[i - 1]
                    arrow(
                        dr,
                        (ax + bw / 2, ay + bh / 2),
                        (px + bw / 2, py + bh / 2),
                        bw,
                        bh,
                        th["sub"],
                        s,
                    )
        elif k == "chart":
            af = font("DejaVuSans", 16 * s)
            gx0, gy0 = x0 + int(60 * s), y + int(10 * s)
            gx1, gy1 = x1 - int(20 * s), d.cy1 - int(50 * s)
            dr.line([(gx0, gy0), (gx0, gy1), (gx1, gy1)], fill=th["sub"], width=max(1, int(2 * s)))
            for j in range(5):
                yy = gy1 - (gy1 - gy0) * j / 4
                dr.line([(gx0 - 5, yy), (gx1, yy)], fill=th["panel"], width=1)
                text((x0, yy - 9 * s), f"{j * 25}", af, th["sub"])
            n = len(self.vals)
            step = (gx1 - gx0) / n
            pts, pts2 = [], []
            for i, (val, v2) in enumerate(zip(self.vals, self.vals2, strict=True)):
                cx = gx0 + step * (i + 0.5)
                if self.chart == "bar":
                    dr.rectangle(
                        [cx - step * 0.3, gy1 - (gy1 - gy0) * val, cx + step * 0.3, gy1],
                        fill=th["accents"][i % 2],
                    )
                pts.append((cx, gy1 - (gy1 - gy0) * val))
                pts2.append((cx, gy1 - (gy1 - gy0) * v2))
                tw = af.getlength(self.cats[i])
                text((cx - tw / 2, gy1 + 8 * s), self.cats[i], af, th["fg"])
            if self.chart == "line":
                for P, col in ((pts, th["accents"][0]), (pts2, th["accents"][2])):
                    dr.line(P, fill=col, width=max(2, int(3 * s)), joint="curve")
                    for px, py in P:
                        r = 5 * s
                        dr.ellipse([px - r, py - r, px + r, py + r], fill=col)
        elif k == "table":
            tf2 = font("DejaVuSans", 20 * s)
            hf = font("DejaVuSans-Bold", 20 * s)
            rh = int(44 * s)
            cw = (x1 - x0) / self.ncol
            for r, row in enumerate(self.cells):
                yy = y + r * rh
                if r == 0:
                    dr.rectangle([x0, yy, x1, yy + rh], fill=th["accents"][0])
                elif r % 2 == 0:
                    dr.rectangle([x0, yy, x1, yy + rh], fill=th["panel"])
                for c, cell in enumerate(row):
                    f = hf if r == 0 else tf2
                    fill = (255, 255, 255) if r == 0 else th["fg"]
                    text((x0 + c * cw + 12 * s, yy + 10 * s), cell, f, fill)
            dr.line(
                [(x0, y + rh * len(self.cells)), (x1, y + rh * len(self.cells))], fill=th["sub"]
            )
        elif k == "screenshot":
            self._screenshot(im, dr, x0, y, x1, d.cy1, boxes, hands)
        elif k == "video":
            vw = int((x1 - x0) * self.deck.rng_fixed_vw)
            vh = int(vw * 9 / 16)
            vh = min(vh, d.cy1 - y - int(10 * s))
            vw = int(vh * 16 / 9)
            dr.rectangle([x0 - 2, y - 2, x0 + vw + 2, y + vh + 2], fill=th["sub"])
            self.clip_rect = (x0, y, vw, vh)
            bf = font("DejaVuSans", 23 * s)
            yy = y
            for it in self.items:
                for ln in wrap(it, bf, x1 - x0 - vw - int(60 * s)):
                    text((x0 + vw + int(30 * s), yy), ln, bf, th["fg"])
                    yy += int(34 * s)
                yy += int(14 * s)
        elif k == "article":
            self._article(im, dr, boxes)
        # footer
        if d.footer and not self.tall:
            ff = font("DejaVuSans", 15 * s)
            ft = f"{d.deck_title}   ·   {self.number}"
            fy = d.H - int(34 * s)
            if d.footer_left:
                text((d.cx0, fy), ft, ff, th["sub"])
            else:
                text((d.cx1 - ff.getlength(ft), fy), ft, ff, th["sub"])
        return np.ascontiguousarray(np.asarray(im, dtype=np.uint8)), boxes, hands

    def height(self):
        """A tall page's height in pixels."""
        return int(self.deck.H * self.tall_factor)

    def _screenshot(self, im, dr, x0, y0, x1, y1, boxes, hands):
        """A fake app window: title bar, toolbar icons, sidebar, smooth-noise photo."""
        s = self.deck.s
        rng = self.rng
        light = rng.random() < 0.5
        win_bg = (245, 245, 247) if light else (40, 42, 48)
        txt = (30, 30, 30) if light else (220, 220, 225)
        dr.rounded_rectangle(
            [x0, y0, x1, y1], radius=int(10 * s), fill=win_bg, outline=(120, 120, 130), width=1
        )
        tb = int(34 * s)
        dr.rounded_rectangle(
            [x0, y0, x1, y0 + tb],
            radius=int(10 * s),
            fill=(225, 225, 230) if light else (55, 57, 64),
        )
        for i, c in enumerate([(255, 95, 86), (255, 189, 46), (39, 201, 63)]):
            cx = x0 + int((18 + 22 * i) * s)
            r = int(7 * s)
            dr.ellipse([cx - r, y0 + tb / 2 - r, cx + r, y0 + tb / 2 + r], fill=c)
        tf = font("DejaVuSans", 15 * s)
        t = f"{self.items[0]} — Viewer"
        dr.text(((x0 + x1) / 2 - tf.getlength(t) / 2, y0 + 8 * s), t, font=tf, fill=txt)
        # toolbar
        ty = y0 + tb + int(6 * s)
        for i in range(8):
            ix = x0 + int((14 + 40 * i) * s)
            col = self.deck.th["accents"][i % 6] if i % 3 == 0 else (150, 150, 160)
            dr.rounded_rectangle([ix, ty, ix + 28 * s, ty + 28 * s], radius=int(5 * s), fill=col)
            hands.append((ix, ty, ix + 28 * s, ty + 28 * s))
        # sidebar
        sy = ty + int(42 * s)
        sw = int(200 * s)
        dr.rectangle([x0 + 1, sy, x0 + sw, y1 - 2], fill=(232, 232, 236) if light else (48, 50, 56))
        sf = font("DejaVuSans", 17 * s)
        for i, it in enumerate(self.items):
            yy = sy + int((14 + 34 * i) * s)
            if yy + 30 * s > y1:
                break
            if i == 2:
                dr.rectangle(
                    [x0 + 4, yy - 5 * s, x0 + sw - 4, yy + 26 * s], fill=self.deck.th["accents"][0]
                )
            bb = dr.textbbox((x0 + int(16 * s), yy), it, font=sf)
            dr.text((x0 + int(16 * s), yy), it, font=sf, fill=txt)
            boxes.append(bb)
            hands.append((x0 + 4, yy - 5 * s, x0 + sw - 4, yy + 26 * s))
        # photo area
        px0, py0 = x0 + sw + int(20 * s), sy + int(10 * s)
        px1, py1 = x1 - int(20 * s), y1 - int(70 * s)
        pw, ph = int(px1 - px0), int(py1 - py0)
        if pw > 10 and ph > 10:
            v = smooth_noise(rng, ph, pw, 5, 3)
            yy = np.linspace(0, 1, ph, dtype=np.float32)[:, None]
            v = np.clip(0.55 * v + 0.45 * yy, 0, 1)
            pal = [
                (0.0, (120, 170, 230)),
                (0.35, (200, 220, 240)),
                (0.45, (90, 140, 80)),
                (0.7, (60, 100, 50)),
                (0.85, (120, 100, 80)),
                (1.0, (70, 60, 50)),
            ]
            photo = colorize(v, pal) + rng.normal(0, 3, (ph, pw, 1))
            im.paste(Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)), (int(px0), int(py0)))
            cf = font("DejaVuSans", 16 * s)
            t = f"IMG_{int(rng.integers(1000, 9999))}.jpg   {pw}×{ph}   {rng.uniform(1, 9):.1f} MB"
            bb = dr.textbbox((px0, py1 + 14 * s), t, font=cf)
            dr.text((px0, py1 + 14 * s), t, font=cf, fill=txt)
            boxes.append(bb)

    def _article(self, im, dr, boxes):
        """A tall scrolling article: headings, serif paragraphs, a code block."""
        d = self.deck
        s, th = d.s, d.th
        x0, x1 = d.cx0, d.cx1
        y = int(40 * s)
        hf = font("DejaVuSerif-Bold", 36 * s)
        pf = font("DejaVuSerif", 21 * s)
        h2 = font("DejaVuSans-Bold", 26 * s)
        cf = font("DejaVuSansMono", 17 * s)

        def text(xy, t, f, fill):
            dr.text(xy, t, font=f, fill=fill)
            boxes.append(dr.textbbox(xy, t, font=f))

        text((x0, y), self.title, hf, th["fg"])
        y += int(70 * s)
        H = im.size[1]
        for pi, para in enumerate(self.paras):
            if pi % 3 == 1:
                text((x0, y), f"{pi // 3 + 1}. {title_text(self.rng)}", h2, th["accents"][0])
                y += int(46 * s)
            body = ". ".join(para) + "."
            for ln in wrap(body, pf, x1 - x0):
                text((x0, y), ln, pf, th["fg"])
                y += int(31 * s)
            y += int(20 * s)
            if pi == 3:
                lines = self.code.split("\n")
                dr.rectangle([x0, y, x1, y + len(lines) * 24 * s + 20 * s], fill=th["panel"])
                yy = y + 10 * s
                for ln in lines:
                    xx = x0 + 14 * s
                    for tok, col in tokenize(ln, th):
                        dr.text((xx, yy), tok, font=cf, fill=col)
                        xx += cf.getlength(tok)
                    yy += int(24 * s)
                y = int(yy + 30 * s)
            if y > H - 150 * s:
                break
        self.content_h = y
