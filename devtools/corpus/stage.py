"""A talk composited on a stage: the shared screen scaled into one side of the picture, the
speaker's camera beside it, on a flat backdrop (a conference's vision mixer, StreamYard's and
Riverside's side-by-side layouts, Zoom's "side-by-side: speaker" recording, an OBS scene).

Unlike a corner webcam, the camera covers none of the screen: it is a big picture of its own
(a third of the width or so), and a director cuts between two angles of the speaker now and
then, so the camera's picture also changes all at once. The screen, pointer and all, is
shrunk to `share` of the picture's width. None of the camera or the backdrop is a slide state.
Every picture is a pure function of time and the timeline's seed.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image

from devtools.corpus import overlays

STAGE_SHARE = (0.62, 0.74)  # the screen's share of the picture's width (its aspect kept)
STAGE_MARGIN = (0.015, 0.035)  # the gap at the picture's edges and between the two boxes
STAGE_CAMERA_ASPECTS = (0.5625, 0.75, 1.0, 1.25)  # the camera box's height / width
STAGE_BACKDROPS = ((18, 22, 38), (34, 34, 36), (236, 236, 240), (12, 60, 96))
STAGE_ANGLE_S = (5.0, 16.0)  # how long the director stays on one angle of the speaker
STAGE_ANGLES = 2  # camera angles the director cuts between


def plan(rng: random.Random) -> dict[str, float | str]:
    """The stage's layout and its director's cuts (`webcam` params with layout "stage")."""
    return {
        "layout": "stage",
        "screen_left": float(rng.random() < 0.5),
        "share": rng.uniform(*STAGE_SHARE),
        "margin_share": rng.uniform(*STAGE_MARGIN),
        "camera_aspect": rng.choice(STAGE_CAMERA_ASPECTS),
        "backdrop": float(rng.randrange(len(STAGE_BACKDROPS))),
        "cuts_seed": float(rng.randrange(1 << 30)),
    }


def boxes(
    params: dict[str, float | str], width: int, height: int
) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]]:
    """(screen box, camera box) as (x, y, w, h) in the picture."""
    m = max(2, int(float(params["margin_share"]) * width))
    sw = int(float(params["share"]) * width) // 2 * 2
    sh = int(sw * height / width) // 2 * 2
    sy = (height - sh) // 2
    cw = (width - sw - 3 * m) // 2 * 2
    ch = min(int(cw * float(params["camera_aspect"])), height - 2 * m) // 2 * 2
    cy = (height - ch) // 2
    if float(params["screen_left"]):
        return (m, sy, sw, sh), (m + sw + m, cy, cw, ch)
    return (width - m - sw, sy, sw, sh), (m, cy, cw, ch)


def angle(params: dict[str, float | str], t: float) -> int:
    """The angle on air at `t` (the director's cuts, from the stage's own seed)."""
    rng = random.Random(int(float(params["cuts_seed"])))
    cut, on = rng.uniform(*STAGE_ANGLE_S), 0
    while cut <= t:
        on = (on + 1) % STAGE_ANGLES
        cut += rng.uniform(*STAGE_ANGLE_S)
    return on


def place(
    screen: np.ndarray, params: dict[str, float | str], t: float, frame_no: int, camera: bool
) -> np.ndarray:
    """The picture: the backdrop, `screen` shrunk into its box, and the camera's angle on air
    at `t` (or the camera's box left as backdrop: `camera` False, for the ground truth)."""
    height, width = screen.shape[:2]
    out = np.empty_like(screen)
    out[:] = STAGE_BACKDROPS[int(float(params["backdrop"]))]
    (sx, sy, sw, sh), (cx, cy, cw, ch) = boxes(params, width, height)
    shrunk = Image.fromarray(screen).resize((sw, sh), Image.BILINEAR)
    out[sy : sy + sh, sx : sx + sw] = np.asarray(shrunk, dtype=np.uint8)
    if camera:
        person = {**params, "seed": float(params["seed"]) + 7919 * angle(params, t)}
        out[cy : cy + ch, cx : cx + cw] = overlays.webcam_picture(person, t, frame_no, cw, ch)
    return out


def covered(params: dict[str, float | str], screen_mask: np.ndarray) -> np.ndarray:
    """What distractors may cover in the picture: the screen's own (`screen_mask`, the clock
    and the clip, shrunk with it) and the camera's box."""
    height, width = screen_mask.shape
    (sx, sy, sw, sh), (cx, cy, cw, ch) = boxes(params, width, height)
    mask = np.zeros_like(screen_mask)
    shrunk = Image.fromarray(screen_mask.astype(np.uint8) * 255).resize((sw, sh), Image.BILINEAR)
    mask[sy : sy + sh, sx : sx + sw] = np.asarray(shrunk) > 0
    mask[cy : cy + ch, cx : cx + cw] = True
    return mask
