"""Burned-in captions: subtitles drawn into the picture by whoever published the recording
(ffmpeg's `subtitles` filter from an SRT file, a video editor's caption track, a platform's
export). They are drawn last, over everything the screen shows, and change at the speech's
pace, never with the slides: a cue of one or two lines shows for one to six seconds, the next
follows at once or after a pause.

Three styles, one per recording: `box` (white text on a dark translucent box, as YouTube and
most players draw captions), `outline` (white text with a black outline and no box, libass's
default for an SRT file burned in) and `words` (a cue's words shown one at a time, as caption
tools for social video export them). Ground truth: no caption is a state, and what a caption
covers is covered (`boxes`).
"""

from __future__ import annotations

import functools
import random

import numpy as np
from PIL import Image, ImageDraw

from devtools.corpus.overlays import paste_rgba
from devtools.corpus.pages import WORDS, font

STYLES = ("box", "outline", "words")
CUE_S = (1.2, 5.5)  # how long a cue shows
PAUSE_SHARE = 0.3  # this share of cues is followed by a pause ...
PAUSE_S = (0.3, 3.0)  # ... this long
SILENCE_SHARE = 0.08  # ... and this share by a long silence (nobody speaking) ...
SILENCE_S = (5.0, 10.0)  # ... this long
LINE_CHARS = (28, 44)  # a line wraps after this many characters (dealt per recording)
TWO_LINES_SHARE = 0.35  # this share of cues hold two lines
TEXT_SHARE = (0.042, 0.058)  # the text's height, a share of the picture's (dealt per recording)
MARGIN_SHARE = (0.04, 0.09)  # the bottom line's distance from the picture's bottom edge
WORD_S = (0.22, 0.45)  # `words`: how long after the one before each word shows
BOX_ALPHA = (0.55, 0.85)  # `box`: the box's opacity
PAD = 0.25  # the box reaches this many text heights around the text


def plan(spec_seed: int, style: str, duration_s: float) -> dict[str, object]:
    """The recording's captions: its style, size and cues (start, end, lines)."""
    rng = random.Random(spec_seed * 104729 + 3)
    chars = rng.randint(*LINE_CHARS)
    cues: list[tuple[float, float, tuple[str, ...]]] = []
    t = rng.uniform(0.3, 2.0)
    while t < duration_s - 1.0:
        shown = rng.uniform(*CUE_S)
        lines = _lines(rng, chars, 2 if rng.random() < TWO_LINES_SHARE else 1)
        cues.append((t, min(duration_s, t + shown), lines))
        t += shown
        roll = rng.random()
        if roll < SILENCE_SHARE:
            t += rng.uniform(*SILENCE_S)
        elif roll < SILENCE_SHARE + PAUSE_SHARE:
            t += rng.uniform(*PAUSE_S)
    return {
        "style": style,
        "text": rng.uniform(*TEXT_SHARE),
        "margin": rng.uniform(*MARGIN_SHARE),
        "alpha": rng.uniform(*BOX_ALPHA),
        "word_s": rng.uniform(*WORD_S),
        "cues": cues,
    }


def _lines(rng: random.Random, chars: int, count: int) -> tuple[str, ...]:
    lines = []
    for _ in range(count):
        words: list[str] = []
        while not words or len(" ".join(words)) < chars * rng.uniform(0.5, 1.0):
            words.append(rng.choice(WORDS))
        lines.append(" ".join(words).capitalize() if not lines else " ".join(words))
    return tuple(lines)


def _shown(captions: dict[str, object], t: float) -> tuple[str, ...] | None:
    """The lines on screen at `t` (a `words` cue's words so far), or None."""
    for start, end, lines in captions["cues"]:  # type: ignore[attr-defined]
        if start <= t < end:
            if captions["style"] != "words":
                return tuple(lines)
            count = 1 + int((t - start) / float(captions["word_s"]))  # type: ignore[arg-type]
            words = " ".join(lines).split()[:count]
            return _rewrap(lines, words)
    return None


def _rewrap(lines: tuple[str, ...], words: list[str]) -> tuple[str, ...]:
    """`words` (the first of the cue's) laid out in the cue's lines."""
    out, left = [], list(words)
    for line in lines:
        take = min(len(left), len(line.split()))
        if take:
            out.append(" ".join(left[:take]))
        left = left[take:]
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _patch(lines: tuple[str, ...], size: int, style: str, alpha: float) -> np.ndarray:
    """The caption's RGBA picture: its lines centred, `size` px tall each."""
    face = font(size, bold=style != "box")
    pad = max(2, round(PAD * size))
    step = round(size * 1.25)
    widths = [int(face.getlength(line)) for line in lines]
    w = max(widths) + 2 * pad
    h = step * len(lines) + 2 * pad
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    stroke = 0 if style == "box" else max(1, round(size / 10))
    for i, (line, width) in enumerate(zip(lines, widths, strict=True)):
        x, y = (w - width) // 2, pad + i * step
        if style == "box":
            draw.rectangle(
                (x - pad, y - pad // 2, x + width + pad, y + step + pad // 2),
                (12, 12, 12, round(255 * alpha)),
            )
        draw.text(
            (x, y), line, (250, 250, 250, 255), face, stroke_width=stroke, stroke_fill="black"
        )
    return np.asarray(image, dtype=np.uint8)


def _place(
    captions: dict[str, object], lines: tuple[str, ...], width: int, height: int
) -> tuple[np.ndarray, int, int]:
    """The caption's picture for `lines`, and where its top left corner goes (centred, its
    bottom line `margin` above the picture's bottom edge)."""
    size = max(10, round(float(captions["text"]) * height))  # type: ignore[arg-type]
    patch = _patch(lines, size, str(captions["style"]), float(captions["alpha"]))  # type: ignore[arg-type]
    bottom = height - round(float(captions["margin"]) * height)  # type: ignore[arg-type]
    return patch, (width - patch.shape[1]) // 2, bottom - patch.shape[0]


def draw(frame: np.ndarray, captions: dict[str, object], t: float) -> None:
    """Burn the caption showing at `t` (if any) into `frame` (RGB, in place)."""
    lines = _shown(captions, t)
    if not lines:
        return
    patch, x, y = _place(captions, lines, frame.shape[1], frame.shape[0])
    paste_rgba(frame, patch, x, y)


def boxes(captions: dict[str, object], width: int, height: int) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of every cue's caption: what the captions cover."""
    out = []
    for _, _, lines in captions["cues"]:  # type: ignore[attr-defined]
        patch, x, y = _place(captions, tuple(lines), width, height)
        out.append((max(0, x), max(0, y), patch.shape[1], patch.shape[0]))
    return out
