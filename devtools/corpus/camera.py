"""Camera footage: pictures that never settle the way slides do.

- `motion`: one continuous shot, the camera panning and zooming over a textured scene while
  objects move across it, with sensor noise;
- `cartoon`: flat colours, parallax hills, a bouncing character (one or two shots);
- `shots`: a few shots joined by cuts: steady (tripod, a person talking), pan, zoom, handheld;
- `steady`: one steady shot of a person talking, 30-90 s (extra tuning draws only);
- `sprite`: limited animation (a cartoon's figures, a game's character): a still painted scene
  across which one or two figures move without ever resting, of a radius from 3 % (the
  pointer's size) to 10 % of the picture's height (one or two shots; extra tuning draws and
  known answers only).

Ground truth: the shots (start, end, kind). A good selection covers the video (no long stretch
without a frame) and takes frames from inside shots, not from their last instant.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image

from devtools.corpus import overlays
from devtools.corpus.specs import CameraSpec

SHOT_S = (2.5, 6.0)
SPRITE_RADIUS = (0.03, 0.1)  # a sprite's radius, a share of the picture's height
SPRITE_SPEED = (0.08, 0.25)  # its crossings of the picture a second (never resting: it turns
# back at the edges while it bounces)
SHOT_KINDS = ("steady", "pan", "zoom", "handheld")


@dataclass
class Shot:
    start: float
    end: float
    kind: str
    seed: int


def plan_shots(spec: CameraSpec) -> list[Shot]:
    rng = random.Random(spec.seed * 31 + 5)

    def snap(t: float) -> float:
        return round(t * spec.fps) / spec.fps

    if spec.kind == "motion":
        return [Shot(0.0, spec.duration_s, "motion", rng.randrange(1 << 30))]
    if spec.kind == "steady":  # (a person talking to a camera on a tripod, one long shot)
        return [Shot(0.0, spec.duration_s, "steady", rng.randrange(1 << 30))]
    if spec.kind in ("cartoon", "sprite"):
        scale = spec.duration_s / 5 if spec.kind == "sprite" else 1.0  # (a cartoon: 5 s)
        cut = snap(rng.uniform(2.0, 3.0) * scale) if rng.random() < 0.5 else spec.duration_s
        shots = [Shot(0.0, cut, spec.kind, rng.randrange(1 << 30))]
        if cut < spec.duration_s:
            shots.append(Shot(cut, spec.duration_s, spec.kind, rng.randrange(1 << 30)))
        return shots
    shots = []
    t = 0.0
    while t < spec.duration_s:
        end = snap(t + rng.uniform(*SHOT_S))
        if end > spec.duration_s - SHOT_S[0]:
            end = spec.duration_s
        kind = (
            SHOT_KINDS[len(shots) % len(SHOT_KINDS)] if len(shots) < 2 else rng.choice(SHOT_KINDS)
        )
        shots.append(Shot(t, end, kind, rng.randrange(1 << 30)))
        t = end
    return shots


def _world(seed: int, width: int, height: int) -> np.ndarray:
    """A textured scene twice the frame size: sky, ground, blobs and blocks."""
    rng = np.random.default_rng(seed)
    h, w = 2 * height, 2 * width
    sky = rng.integers(60, 200, 3)
    ground = rng.integers(30, 150, 3)
    ramp = np.linspace(0, 1, h)[:, None, None]
    world = (sky * (1 - ramp) + ground * ramp).repeat(w, axis=1).astype(np.float32)
    coarse = rng.normal(0, 28, (h // 32 + 1, w // 32 + 1, 1)).astype(np.float32)
    texture = np.asarray(Image.fromarray(coarse[..., 0]).resize((w, h), Image.BILINEAR))[..., None]
    world += texture
    fine = rng.normal(0, 10, (h // 4 + 1, w // 4 + 1)).astype(np.float32)
    world += np.kron(fine, np.ones((4, 4), np.float32))[:h, :w, None]
    for _ in range(40):
        x, y = int(rng.integers(0, w)), int(rng.integers(h // 3, h))
        bw, bh = int(rng.integers(w // 40, w // 8)), int(rng.integers(h // 30, h // 4))
        world[max(0, y - bh) : y, x : x + bw] = rng.integers(0, 255, 3)
    return np.clip(world, 0, 255).astype(np.uint8)


class CameraRenderer:
    def __init__(self, spec: CameraSpec) -> None:
        self.spec = spec
        self.shots = plan_shots(spec)
        self._worlds: dict[int, np.ndarray] = {}

    def _shot(self, t: float) -> Shot:
        for shot in self.shots:
            if shot.start <= t < shot.end:
                return shot
        return self.shots[-1]

    def frame(self, t: float, frame_no: int) -> np.ndarray:
        shot = self._shot(t)
        local = t - shot.start
        if shot.kind == "cartoon":
            return self._cartoon(shot, local)
        if shot.kind == "sprite":
            return self._sprite(shot, local)
        if shot.kind == "steady":
            image = self._steady(shot, t, frame_no)
        else:
            image = self._camera_move(shot, local)
        noise = np.random.default_rng((shot.seed, frame_no)).normal(0, 3.0, (*image.shape[:2], 1))
        return np.clip(image + noise, 0, 255).astype(np.uint8)

    def _world(self, shot: Shot) -> np.ndarray:
        if shot.seed not in self._worlds:
            self._worlds.clear()
            self._worlds[shot.seed] = _world(shot.seed, self.spec.width, self.spec.height)
        return self._worlds[shot.seed]

    def _camera_move(self, shot: Shot, local: float) -> np.ndarray:
        w, h = self.spec.width, self.spec.height
        world = self._world(shot)
        rng = random.Random(shot.seed)
        zoom = 1.0  # share of the world's half-size the frame shows
        cx, cy = 0.5, 0.5
        progress = min(1.0, local / max(1.0, shot.end - shot.start))
        if shot.kind in ("pan", "motion"):
            cx = 0.5 + rng.choice((1, -1)) * (0.4 * progress - 0.2)
        if shot.kind in ("zoom", "motion"):
            zoom = 1.0 - 0.35 * progress
        if shot.kind == "handheld":
            cx += 0.01 * math.sin(local * 7.1) + 0.006 * math.sin(local * 13.3)
            cy += 0.01 * math.cos(local * 6.3)
        cw, ch = int(w * zoom), int(h * zoom)
        x0 = int(min(max(0, cx * 2 * w - cw / 2), 2 * w - cw))
        y0 = int(min(max(0, cy * 2 * h - ch / 2), 2 * h - ch))
        crop = Image.fromarray(world[y0 : y0 + ch, x0 : x0 + cw])
        image = np.asarray(crop.resize((w, h), Image.BILINEAR), dtype=np.float32).copy()
        yy, xx = np.ogrid[:h, :w]
        for k in range(3):  # things moving through the scene
            speed = 0.08 + 0.05 * k
            ox = ((local * speed + k * 0.33 + rng.random()) % 1.2 - 0.1) * w
            oy = h * (0.55 + 0.12 * k + 0.03 * math.sin(local * 3 + k))
            radius = h * (0.05 + 0.02 * k)
            image[((xx - ox) / 1.6) ** 2 + (yy - oy) ** 2 < radius**2] = (
                200 - 60 * k,
                80 + 50 * k,
                60,
            )
        return image

    def _steady(self, shot: Shot, t: float, frame_no: int) -> np.ndarray:
        w, h = self.spec.width, self.spec.height
        params: dict[str, float | str] = {
            "seed": float(shot.seed),
            "noise": 0.0,
            "flicker": 0.0,
            "flicker_hz": 1.0,
        }
        small = overlays.webcam_picture(params, t, frame_no, w // 4, h // 4)
        image = Image.fromarray(small).resize((w, h), Image.BILINEAR)
        return np.asarray(image, dtype=np.float32)

    def _cartoon(self, shot: Shot, local: float) -> np.ndarray:
        w, h = self.spec.width, self.spec.height
        rng = np.random.default_rng(shot.seed)
        sky, hill, far, body = (rng.integers(0, 255, 3) for _ in range(4))
        image = np.empty((h, w, 3), np.uint8)
        image[:] = sky
        xx = np.arange(w)
        for layer, (color, speed, level) in enumerate(((far, 0.05, 0.55), (hill, 0.2, 0.7))):
            phase = local * speed * w
            ridge = h * (level + 0.06 * np.sin((xx + phase) / w * 2 * math.pi * (2 + layer)))
            image[np.arange(h)[:, None] > ridge[None, :]] = color
        bounce = abs(math.sin(local * 4.0))
        cx = (0.1 + 0.8 * ((local * 0.22) % 1.0)) * w
        cy = h * (0.62 - 0.25 * bounce)
        r = h * 0.09
        yy, xg = np.ogrid[:h, :w]
        image[(xg - cx) ** 2 + ((yy - cy) * (1.0 + 0.2 * (1 - bounce))) ** 2 < r * r] = body
        for side in (-1, 1):
            image[
                (xg - cx - side * r * 0.35) ** 2 + (yy - cy + r * 0.25) ** 2 < (r * 0.18) ** 2
            ] = 255
        return image

    def _sprite(self, shot: Shot, local: float) -> np.ndarray:
        """A still scene (sky, ground, a house, the sun) and one or two figures crossing it,
        bouncing, never at rest."""
        w, h = self.spec.width, self.spec.height
        rng = np.random.default_rng(shot.seed)
        sky, ground, wall, roof, sun = (rng.integers(0, 255, 3) for _ in range(5))
        horizon = int(h * rng.uniform(0.55, 0.75))
        image = np.empty((h, w, 3), np.uint8)
        image[:horizon], image[horizon:] = sky, ground
        x0, size = int(w * rng.uniform(0.05, 0.6)), int(h * rng.uniform(0.2, 0.35))
        image[horizon - size : horizon, x0 : x0 + size] = wall
        image[
            horizon - size - size // 3 : horizon - size, x0 - size // 8 : x0 + size + size // 8
        ] = roof
        yy, xg = np.ogrid[:h, :w]
        sx, sy = w * rng.uniform(0.6, 0.9), h * rng.uniform(0.1, 0.25)
        image[(xg - sx) ** 2 + (yy - sy) ** 2 < (h * 0.07) ** 2] = sun
        for _ in range(int(rng.integers(1, 3))):
            body = rng.integers(0, 255, 3)
            r = h * rng.uniform(*SPRITE_RADIUS)
            speed, phase = rng.uniform(*SPRITE_SPEED), rng.uniform(0, 2 * math.pi)
            hop, height = rng.uniform(2.0, 5.0), rng.uniform(0.1, 0.3)
            across = 0.5 - 0.5 * math.cos(phase + local * speed * math.pi)  # (turns at the edges)
            cx = r + (w - 2 * r) * across
            cy = horizon - r - h * height * abs(math.sin(phase + local * hop))
            image[(xg - cx) ** 2 + (yy - cy) ** 2 < r * r] = body
            for side in (-1, 1):
                image[
                    (xg - cx - side * r * 0.35) ** 2 + (yy - cy + r * 0.25) ** 2 < (r * 0.18) ** 2
                ] = 0
        return image
