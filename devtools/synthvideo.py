"""Deterministic synthetic talks and screen recordings with known slide changes.

Used by the tests, the bundled sample and the benchmarks.

A `Talk` is a list of slide *states* (a new slide, or a build that adds a bullet), each with its
start time. `render_talk` encodes it with PyAV and returns the ground truth: the time each state
starts. Distractors that must NOT count as changes can be switched on: a moving cursor, a noisy
webcam picture in a corner, fades between slides, long GOPs without scene-cut keyframes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont


@dataclass
class SlideState:
    start_s: float
    title: str
    bullets: list[str] = field(default_factory=list)


@dataclass
class Talk:
    states: list[SlideState]
    duration_s: float
    width: int = 640
    height: int = 360
    fps: int = 15
    cursor: bool = False
    webcam: bool = False
    fade_s: float = 0.0
    gop: int = 250
    scenecut: bool = True
    crf: int = 23
    audio_wav: Path | None = None
    seed: int = 7
    preset: str = "veryfast"  # x264 preset; "ultrafast" for the long benchmark videos
    keys_at: tuple[float, ...] = ()  # force keyframes at these times (as a scene cut would)
    strokes: tuple[float, ...] = ()  # with `cursor`: it rests, and moves only in a short
    # stroke (`STROKE_S`) starting at each of these times (else it wanders all along)

    @property
    def change_times(self) -> list[float]:
        """When each state after the first becomes fully visible (the end of its fade)."""
        return [s.start_s for s in self.states[1:]]


def slides_with_builds(
    n_slides: int, seconds_per_state: float, builds_per_slide: int = 0
) -> list[SlideState]:
    """A simple deck: each slide has a title and `builds_per_slide` bullets added one at a time."""
    states: list[SlideState] = []
    t = 0.0
    for s in range(n_slides):
        bullets: list[str] = []
        states.append(SlideState(t, f"Slide {s + 1}: topic {chr(65 + s % 26)}", list(bullets)))
        t += seconds_per_state
        for b in range(builds_per_slide):
            bullets = [*bullets, f"Point {b + 1} about topic {chr(65 + s % 26)}"]
            states.append(SlideState(t, states[-1].title, list(bullets)))
            t += seconds_per_state
    return states


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def render_state(state: SlideState, width: int, height: int) -> np.ndarray:
    image = Image.new("RGB", (width, height), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    scale = height / 360
    draw.rectangle((0, 0, width, int(56 * scale)), fill=(30, 60, 120))
    draw.text(
        (int(20 * scale), int(12 * scale)),
        state.title,
        fill=(255, 255, 255),
        font=_font(int(28 * scale)),
    )
    for i, bullet in enumerate(state.bullets):
        y = int((80 + 40 * i) * scale)
        draw.ellipse(
            (int(24 * scale), y + int(8 * scale), int(34 * scale), y + int(18 * scale)),
            fill=(30, 60, 120),
        )
        draw.text((int(46 * scale), y), bullet, fill=(20, 20, 20), font=_font(int(22 * scale)))
    return np.asarray(image, dtype=np.uint8)


STROKE_S = 0.3  # how long one of a resting cursor's strokes lasts
REST_STEP_S = 2.0  # a resting cursor's k-th rest is where the wandering one is at k times this


def _cursor_at(t: float, talk: Talk) -> tuple[int, int]:
    """Where the cursor's tip is at `t`: wandering along a smooth path, or (`strokes`) resting
    at a point of that path and gliding to the next one in each stroke."""
    if talk.strokes:
        done = sum(1 for start in talk.strokes if t >= start + STROKE_S)
        moving = [start for start in talk.strokes if start <= t < start + STROKE_S]
        (x0, y0) = _wander(done * REST_STEP_S, talk)
        if not moving:
            return x0, y0
        share = (t - moving[0]) / STROKE_S
        x1, y1 = _wander((done + 1) * REST_STEP_S, talk)
        return round(x0 + share * (x1 - x0)), round(y0 + share * (y1 - y0))
    return _wander(t, talk)


def _wander(t: float, talk: Talk) -> tuple[int, int]:
    x = int((0.5 + 0.35 * math.sin(t * 0.9)) * (talk.width - 20))
    y = int((0.55 + 0.3 * math.sin(t * 1.3 + 1.0)) * (talk.height - 24))
    return x, y


def _draw_cursor(rgb: np.ndarray, t: float, talk: Talk) -> None:
    """A 12x18 arrow over the slide body."""
    x, y = _cursor_at(t, talk)
    for row in range(18):
        span = min(row, 12) if row < 13 else 3
        rgb[y + row, x : x + span] = (0, 0, 0)


def _draw_webcam(rgb: np.ndarray, frame_no: int, talk: Talk, rng: np.random.Generator) -> None:
    """A noisy "presenter" box in the bottom-right corner with a head that sways."""
    w, h = talk.width // 6, talk.height // 6
    x0, y0 = talk.width - w - 8, talk.height - h - 8
    box = rng.integers(60, 120, size=(h, w, 3), dtype=np.uint8)
    cx = w // 2 + int(6 * math.sin(frame_no / 5))
    yy, xx = np.ogrid[:h, :w]
    head = (xx - cx) ** 2 + (yy - h // 2) ** 2 < (h // 3) ** 2
    box[head] = (210, 170, 140)
    rgb[y0 : y0 + h, x0 : x0 + w] = box


def render_talk(talk: Talk, path: Path) -> list[float]:
    """Encode `talk` to `path` (H.264, plus AAC audio when `audio_wav` is set).

    Returns the change times."""
    rng = np.random.default_rng(talk.seed)
    states = sorted(talk.states, key=lambda s: s.start_s)
    images = _StateImages(states, talk.width, talk.height)
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as out:
        vstream = out.add_stream("libx264", rate=talk.fps)
        vstream.width, vstream.height, vstream.pix_fmt = talk.width, talk.height, "yuv420p"
        x264 = f"keyint={talk.gop}:min-keyint={min(talk.gop, 25)}"
        if not talk.scenecut:
            x264 += ":scenecut=0"
        vstream.options = {"preset": talk.preset, "crf": str(talk.crf), "x264-params": x264}
        astream = out.add_stream("aac", rate=16000, layout="mono") if talk.audio_wav else None
        n_frames = round(talk.duration_s * talk.fps)
        for frame_no in range(n_frames):
            t = frame_no / talk.fps
            rgb = _frame_at(t, states, images, talk).copy()
            if talk.webcam:
                _draw_webcam(rgb, frame_no, talk, rng)
            if talk.cursor:
                _draw_cursor(rgb, t, talk)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts = frame_no
            frame.time_base = Fraction(1, talk.fps)
            if any(abs(t - key) < 0.5 / talk.fps for key in talk.keys_at):
                frame.pict_type = av.video.frame.PictureType.I
            out.mux(vstream.encode(frame))
        out.mux(vstream.encode(None))
        if astream is not None and talk.audio_wav is not None:
            _mux_audio(out, astream, talk.audio_wav, talk.duration_s)
    return [s.start_s + talk.fade_s for s in states[1:]]


class _StateImages:
    """Slide pictures rendered on demand; only the last few are kept (long talks stay small)."""

    def __init__(self, states: list[SlideState], width: int, height: int) -> None:
        self.states, self.width, self.height = states, width, height
        self.cache: dict[int, np.ndarray] = {}

    def __getitem__(self, index: int) -> np.ndarray:
        if index not in self.cache:
            if len(self.cache) >= 3:
                self.cache.pop(min(self.cache))
            self.cache[index] = render_state(self.states[index], self.width, self.height)
        return self.cache[index]


def _frame_at(t: float, states: list[SlideState], images: _StateImages, talk: Talk) -> np.ndarray:
    index = max(i for i, s in enumerate(states) if s.start_s <= t + 1e-9)
    since = t - states[index].start_s
    if index > 0 and talk.fade_s > 0 and since < talk.fade_s:
        alpha = since / talk.fade_s
        blend = images[index - 1] * (1 - alpha) + images[index] * alpha
        return blend.astype(np.uint8)
    return images[index]


def _mux_audio(
    out: av.container.OutputContainer, stream: av.AudioStream, wav: Path, duration_s: float
) -> None:
    resampler = av.AudioResampler(format="fltp", layout="mono", rate=16000)
    written = 0
    limit = int(duration_s * 16000)
    with av.open(str(wav)) as src:
        for frame in src.decode(audio=0):
            for chunk in resampler.resample(frame):
                if written >= limit:
                    break
                chunk.pts = written
                written += chunk.samples
                out.mux(stream.encode(chunk))
    # Pad with silence to the video's length so both streams end together.
    while written < limit:
        n = min(1024, limit - written)
        silent = av.AudioFrame.from_ndarray(
            np.zeros((1, n), dtype=np.float32), format="fltp", layout="mono"
        )
        silent.sample_rate, silent.pts = 16000, written
        written += n
        out.mux(stream.encode(silent))
    out.mux(stream.encode(None))


def speak(text: str, wav: Path, words_per_minute: int = 120) -> Path:
    """Speech for tests: espeak-ng when installed, else the committed sample speech."""
    import shutil
    import subprocess

    if shutil.which("espeak-ng"):
        wav.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["espeak-ng", "-v", "en", "-s", str(words_per_minute), "-w", str(wav), text],
            check=True,
            capture_output=True,
        )
        return wav
    return COMMITTED_SPEECH


COMMITTED_SPEECH = Path(__file__).resolve().parent.parent / "samples" / "speech.wav"
COMMITTED_SPEECH_TEXT = (
    "Welcome to peepshow. Today we turn videos into frames and transcripts. "
    "First, pick the slides. Then send the run to a database."
)
