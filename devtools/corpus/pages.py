"""Slide pages: text, diagram, code, terminal and screenshot-like, in light and dark themes.

`render_page(slide, reveal, typed, theme, width, height)` returns the whole page (taller than the
screen when the slide scrolls) as RGB, plus where a text caret sits (code and terminal pages).
A build item is a bullet (sometimes just two words), a box with its arrow, a code line, a typed
command with its output, or a card in an app window.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from devtools.corpus.timeline import Slide

TALL_FACTOR = 1.8  # a scrolling page is this many screens high
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))

WORDS = [
    "latency",
    "budget",
    "cache",
    "layer",
    "request",
    "queue",
    "shard",
    "index",
    "replica",
    "model",
    "token",
    "stream",
    "batch",
    "window",
    "schema",
    "vector",
    "cluster",
    "gateway",
    "worker",
    "retry",
    "policy",
    "metric",
    "trace",
    "sample",
    "buffer",
    "commit",
    "branch",
    "review",
    "deploy",
    "rollout",
    "canary",
    "alert",
    "quota",
    "region",
    "tenant",
    "storage",
    "pipeline",
]
TWO_WORDS = ("Thank you", "Questions?  Thanks", "Key idea", "Next steps", "Why now", "Open issues")
CODE_WORDS = ("def", "return", "for", "in", "if", "else", "import", "class", "self", "None")

THEMES = {
    "light": {"bg": (248, 248, 245), "fg": (28, 28, 30), "muted": (110, 110, 118)},
    "dark": {"bg": (30, 32, 38), "fg": (226, 226, 230), "muted": (140, 144, 156)},
}
ACCENTS = ((30, 90, 200), (200, 70, 40), (20, 140, 90), (150, 60, 170), (210, 150, 20))


@functools.lru_cache(maxsize=64)
def font(size: int, mono: bool = False, bold: bool = False) -> ImageFont.ImageFont:
    name = "DejaVuSansMono" if mono else "DejaVuSans"
    name += "-Bold" if bold else ""
    for folder in FONT_DIRS:
        path = folder / f"{name}.ttf"
        if path.exists():
            return ImageFont.truetype(str(path), size)  # type: ignore[return-value]
    return ImageFont.load_default(size=size)  # type: ignore[return-value]


def _sentence(rng: random.Random, low: int = 3, high: int = 9) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def palette(theme: str, seed: int) -> dict[str, tuple[int, int, int]]:
    rng = random.Random(seed)
    colors = dict(THEMES[theme])
    jitter = rng.randint(-6, 6)
    colors["bg"] = tuple(max(0, min(255, c + jitter)) for c in colors["bg"])  # type: ignore[assignment]
    colors["accent"] = rng.choice(ACCENTS)
    return colors


def render_page(
    slide: Slide,
    reveal: int,
    typed: int,
    theme: str,
    width: int,
    height: int,
    text_scale: float = 1.0,
) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
    """The page as RGB (height x width, or taller for a scrolling page) and the caret box;
    `text_scale`: its text and drawings that many times the design's size."""
    page_h = int(height * TALL_FACTOR) if slide.tall else height
    colors = palette(theme, slide.seed)
    image = Image.new("RGB", (width, page_h), colors["bg"])
    draw = ImageDraw.Draw(image)
    rng = random.Random(slide.seed)
    unit = min(height, width * 3 / 4) / 720 * text_scale  # (fits across a portrait screen)
    draw_kind = {
        "text": _text,
        "diagram": _diagram,
        "code": _code,
        "terminal": _terminal,
        "screenshot": _screenshot,
    }[slide.kind]
    caret = draw_kind(draw, rng, slide, reveal, typed, colors, width, page_h, unit)
    return np.asarray(image, dtype=np.uint8), caret


Caret = tuple[int, int, int, int] | None
Colors = dict[str, tuple[int, int, int]]


def _title(draw: ImageDraw.ImageDraw, rng: random.Random, colors: Colors, unit: float) -> int:
    size = int(34 * unit)
    draw.text(
        (int(48 * unit), int(30 * unit)), _sentence(rng, 2, 5), colors["fg"], font(size, bold=True)
    )
    y = int(30 * unit) + int(size * 1.5)
    draw.rectangle(
        (int(48 * unit), y, int(48 * unit) + int(80 * unit), y + max(2, int(4 * unit))),
        colors["accent"],
    )
    return y + int(24 * unit)


def _text(draw, rng, slide, reveal, typed, colors, width, page_h, unit) -> Caret:  # type: ignore[no-untyped-def]
    y = _title(draw, rng, colors, unit)
    size = int(rng.choice((22, 24, 26)) * unit)
    texts = [
        rng.choice(TWO_WORDS) if rng.random() < 0.3 else _sentence(rng)
        for _ in range(slide.items + 1)
    ]
    for text in texts[: reveal + 1]:
        x = int(60 * unit)
        r = max(3, int(5 * unit))
        cy = y + size // 2 + 2
        draw.ellipse((x - r, cy - r, x + r, cy + r), colors["accent"])
        draw.text((x + int(22 * unit), y), text, colors["fg"], font(size))
        y += int(size * 1.9)
    return None


def _diagram(draw, rng, slide, reveal, typed, colors, width, page_h, unit) -> Caret:  # type: ignore[no-untyped-def]
    top = _title(draw, rng, colors, unit)
    n = slide.items + 1
    cols = min(3, n)
    box_w, box_h = int(width * 0.2), int(70 * unit)
    centers = []
    for i in range(n):
        row, col = divmod(i, cols)
        cx = int(width * (0.18 + 0.3 * col + rng.uniform(-0.03, 0.03)))
        cy = top + int((50 + 130 * row) * unit)
        centers.append((cx, cy))
    size = int(20 * unit)
    for i in range(min(n, reveal + 1)):
        cx, cy = centers[i]
        if i:
            px, py = centers[i - 1]
            draw.line(
                (px + box_w // 2, py, cx - box_w // 2, cy), colors["muted"], max(2, int(3 * unit))
            )
        fill = colors["accent"] if i % 2 == 0 else colors["bg"]
        draw.rounded_rectangle(
            (cx - box_w // 2, cy - box_h // 2, cx + box_w // 2, cy + box_h // 2),
            int(10 * unit),
            fill=fill,
            outline=colors["fg"],
            width=max(1, int(2 * unit)),
        )
        label = rng.choice(WORDS).capitalize()
        color = (255, 255, 255) if fill == colors["accent"] else colors["fg"]
        draw.text((cx - box_w // 2 + int(14 * unit), cy - size // 2), label, color, font(size))
    return None


def _code(draw, rng, slide, reveal, typed, colors, width, page_h, unit) -> Caret:  # type: ignore[no-untyped-def]
    size = int(rng.choice((15, 17, 19)) * unit)
    line_h = int(size * 1.45)
    gutter = int(56 * unit)
    draw.rectangle((0, 0, width, int(34 * unit)), colors["muted"])
    draw.text(
        (int(12 * unit), int(8 * unit)),
        f"{rng.choice(WORDS)}.py",
        colors["bg"],
        font(int(16 * unit)),
    )
    lines = int((page_h - 60 * unit) / line_h)
    base = max(1, lines - slide.items - 2) if slide.tall else int(lines * 0.5)
    shown = base + reveal
    y = int(44 * unit)
    caret: Caret = None
    for n in range(shown):
        draw.text((int(8 * unit), y), f"{n + 1:>3}", colors["muted"], font(size, mono=True))
        indent = 4 * rng.randint(0, 3)
        tokens = [rng.choice(CODE_WORDS + tuple(WORDS)) for _ in range(rng.randint(1, 6))]
        x = gutter + int(indent * size * 0.6)
        for k, token in enumerate(tokens):
            color = (
                colors["accent"]
                if token in CODE_WORDS
                else colors["fg"]
                if k % 2
                else colors["muted"]
            )
            draw.text((x, y), token, color, font(size, mono=True))
            x += int((len(token) + 1) * size * 0.6)
        if n == shown - 1:
            caret = (x, y, max(2, int(2 * unit)), line_h - 2)
        y += line_h
    return caret


def _terminal(draw, rng, slide, reveal, typed, colors, width, page_h, unit) -> Caret:  # type: ignore[no-untyped-def]
    size = int(rng.choice((15, 17)) * unit)
    line_h = int(size * 1.4)
    green = (60, 200, 90) if colors["bg"][0] < 128 else (20, 120, 40)
    y = int(14 * unit)
    x0 = int(14 * unit)
    blocks = []
    for command in slide.commands:
        output = [_sentence(rng, 2, 7).lower() for _ in range(rng.randint(1, 5))]
        blocks.append((command, output))
    if slide.tall:  # a long scroll-back above
        for _ in range(int(page_h / line_h * 0.5)):
            draw.text((x0, y), _sentence(rng, 2, 8).lower(), colors["muted"], font(size, mono=True))
            y += line_h
    caret: Caret = None
    for i, (command, output) in enumerate(blocks[: reveal + 1]):
        last = i == reveal
        text = command if not last or typed < 0 else command[:typed]
        draw.text((x0, y), "$ ", green, font(size, mono=True))
        draw.text((x0 + int(size * 1.2), y), text, colors["fg"], font(size, mono=True))
        if last and typed >= 0:
            caret = (x0 + int(size * (1.2 + 0.6 * len(text))), y, int(size * 0.6), line_h - 2)
            break
        y += line_h
        for line in output:
            draw.text((x0, y), line, colors["muted"], font(size, mono=True))
            y += line_h
    if caret is None:
        draw.text((x0, y), "$ ", green, font(size, mono=True))
        caret = (x0 + int(size * 1.2), y, int(size * 0.6), line_h - 2)
    return caret


def _screenshot(draw, rng, slide, reveal, typed, colors, width, page_h, unit) -> Caret:  # type: ignore[no-untyped-def]
    bar = int(36 * unit)
    draw.rectangle((0, 0, width, bar), colors["muted"])
    for k, color in enumerate(((235, 90, 80), (240, 190, 60), (90, 200, 90))):
        r = int(7 * unit)
        draw.ellipse(
            (
                int((16 + 22 * k) * unit) - r,
                bar // 2 - r,
                int((16 + 22 * k) * unit) + r,
                bar // 2 + r,
            ),
            color,
        )
    side = int(width * 0.18)
    draw.rectangle((0, bar, side, page_h), tuple(max(0, c - 12) for c in colors["bg"]))
    small = int(15 * unit)
    y = bar + int(16 * unit)
    for _ in range(int((page_h - bar) / (small * 2.2))):
        draw.text((int(16 * unit), y), rng.choice(WORDS).capitalize(), colors["fg"], font(small))
        y += int(small * 2.2)
    # content: a heading, paragraphs, picture-like panels; cards appear as builds
    x = side + int(24 * unit)
    y = bar + int(20 * unit)
    draw.text((x, y), _sentence(rng, 2, 4), colors["fg"], font(int(24 * unit), bold=True))
    y += int(44 * unit)
    panels = []
    while y < page_h - int(120 * unit):
        if rng.random() < 0.35:
            panels.append((x, y))
            y += int(150 * unit)
        else:
            for _ in range(rng.randint(2, 4)):
                draw.text((x, y), _sentence(rng, 6, 12), colors["muted"], font(small))
                y += int(small * 1.6)
            y += int(small)
    for px, py in panels:
        pw, ph = int(width * 0.35), int(130 * unit)
        gradient = np.linspace(0, 1, pw)[None, :, None] * np.array(colors["accent"])[None, None, :]
        tile = Image.fromarray(np.repeat(gradient, ph, axis=0).astype(np.uint8))
        draw._image.paste(tile, (px, py))  # type: ignore[attr-defined]
        draw.ellipse(
            (px + pw // 3, py + ph // 4, px + pw // 3 + ph // 2, py + ph // 4 + ph // 2),
            colors["bg"],
        )
    card_w, card_h = int(width * 0.22), int(86 * unit)
    for i in range(min(reveal, slide.items)):
        cx = side + int(width * 0.45)
        screen_h = page_h / TALL_FACTOR if slide.tall else page_h
        cy = int(page_h - 0.7 * screen_h) + int((card_h / unit + 16) * i * unit)
        draw.rounded_rectangle(
            (cx, cy, cx + card_w, cy + card_h),
            int(8 * unit),
            fill=colors["bg"],
            outline=colors["accent"],
            width=max(2, int(3 * unit)),
        )
        draw.text(
            (cx + int(12 * unit), cy + int(12 * unit)),
            _sentence(rng, 2, 3),
            colors["fg"],
            font(int(17 * unit), bold=True),
        )
        draw.text(
            (cx + int(12 * unit), cy + int(44 * unit)),
            _sentence(rng, 2, 4).lower(),
            colors["muted"],
            font(small),
        )
    return None
