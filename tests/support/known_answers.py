"""Known-answer recordings: small specs of the evaluation corpus (devtools/corpus), rendered with
their ground truth and encoded with PyAV's libx264 (x264 defaults: keyint 250, scene cuts,
B-frames), so the tests need no ffmpeg command.

Each shows one distractor as real recordings do (a pointer that rests 1-5 s, a clip playing in a
slide, a webcam with a moving person, flicker and noise) or is camera footage; they are scored
with the corpus's scorer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from devtools.corpus.encode import build
from devtools.corpus.mixed import build_mixed
from devtools.corpus.specs import CameraSpec, ScreenSpec, Spec

SIZE = (640, 360)
FPS = 15


def _screen(name: str, seed: int, kind: str, distractors: tuple[str, ...], seconds: float) -> Spec:
    transitions = ("cut", "crossfade", "dissolve")
    return ScreenSpec(
        f"ka-{name}", seed, "test", "light", kind, *SIZE, FPS, seconds, transitions, distractors,
        "x264",
    )  # fmt: skip


SPECS: dict[str, Spec] = {
    "resting_pointer": _screen("pointer", 5, "text", ("pointer",), 40.0),
    "playing_clip": _screen("clip", 5, "diagram", ("clip",), 60.0),
    "webcam_corner": _screen("webcam", 2, "code", ("webcam",), 40.0),
    # fades to two other slides and back to the first within one 16-s GOP: keyframes alike
    "returning_slide": _screen("return", 6, "text", ("webcam",), 40.0),
    # a terminal's caret blinks beside a webcam, then a command's output appears below it
    "caret_by_webcam": _screen("terminal", 14, "code", ("webcam", "pointer"), 40.0),
    # a zooming recorder zooms in towards the pointer and back out, twice, within two slides
    "zooming_recorder": replace(_screen("zoom", 7, "text", ("pointer",), 45.0), zoom=True),
    # a clip filling close to half the slide, its camera panning: from the opening (its slide
    # never seen without it), and from its slide's first picture later on
    "big_clip_opening": replace(
        _screen("bigclip-opening", 5, "text", ("clip",), 40.0), clip_size="big"
    ),
    "big_clip_later": replace(
        _screen("bigclip-later", 9, "text", ("clip",), 40.0), clip_size="big"
    ),
    # captions burned in over the slides, changing every one to six seconds: on a box, with the
    # pointer; outlined, by a webcam
    "captions_box": replace(
        _screen("captions-box", 11, "text", ("pointer",), 40.0), captions="box"
    ),
    "captions_outline": replace(
        _screen("captions-outline", 12, "diagram", ("webcam",), 40.0), captions="outline"
    ),
    # notifications laid over a corner for a few seconds and taken away: macOS's banner at the
    # top right with the pointer; Windows' toast at the bottom right, by a webcam
    "notices_mac": replace(_screen("notices-mac", 41, "text", ("pointer",), 40.0), notices="mac"),
    "notices_windows": replace(
        _screen("notices-windows", 31, "diagram", ("webcam",), 40.0), notices="windows"
    ),
    "camera": CameraSpec("ka-camera", 101, "test", "motion", *SIZE, FPS, 12.0, "x264"),
    # shots of a camera, the first a steady one that holds nearly still for seconds
    "camera_shots": CameraSpec("ka-shots", 104, "test", "shots", *SIZE, FPS, 20.0, "x264"),
    # limited animation: figures crossing a still scene, never at rest (a cartoon, a game)
    "camera_sprite": CameraSpec("ka-sprite", 105, "test", "sprite", *SIZE, FPS, 12.0, "x264"),
    # ... and as short as the cartoon clip (5 s): judged from its first seconds
    "camera_sprite_short": CameraSpec(
        "ka-sprite-5s", 106, "test", "sprite", *SIZE, FPS, 5.0, "x264"
    ),
}


# recordings that cut between a camera and a screen (devtools/corpus/mixed.py): the parts, and
# how many of each one's opening seconds play
MIXED: dict[str, list[tuple[str, float]]] = {
    "camera_slides_camera": [("camera", 10.0), ("webcam_corner", 30.0), ("camera", 10.0)],
    "slides_camera_slides": [("resting_pointer", 24.0), ("camera", 12.0), ("webcam_corner", 20.0)],
    # the speaker between two showings of one slide: the slide shown again is a state again
    "slide_camera_same_slide": [("webcam_corner", 7.0), ("camera", 10.0), ("webcam_corner", 7.0)],
    # the slides cut to a steady shot of the speaker, nearly still, then the camera pans
    "slides_steady_shot": [("webcam_corner", 7.0), ("camera_shots", 12.0)],
}


@dataclass(frozen=True)
class Recording:
    path: Path
    truth: dict[str, Any]
    thumbs: dict[str, np.ndarray]
    extra: dict[str, Any]  # facts about the distractors, for the tests' own sanity checks


@functools.cache
def render(name: str, folder: Path) -> Recording:
    if name in MIXED:
        renderer, truth, thumbs = build_mixed(name, [(SPECS[n], s) for n, s in MIXED[name]])
        path = _encode(f"ka-{name.replace('_', '-')}", renderer, truth["duration_s"], folder)
        return Recording(path, truth, thumbs, {})
    spec = SPECS[name]
    renderer, truth, thumbs = build(spec)
    path = _encode(spec.name, renderer, spec.duration_s, folder)
    extra: dict[str, Any] = {}
    timeline = getattr(renderer, "tl", None)
    if timeline is not None:
        extra["clip"] = timeline.clip
        extra["webcam"] = timeline.webcam
        extra["zooms"] = timeline.zooms
        extra["captions"] = timeline.captions
        extra["notices"] = timeline.notices
    return Recording(path, truth, thumbs, extra)


def _encode(name: str, renderer: Any, seconds: float, folder: Path) -> Path:
    """Every frame of `renderer`, encoded with PyAV's libx264 (x264 defaults)."""
    path = folder / f"{name}.mp4"
    folder.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = SIZE[0], SIZE[1], "yuv420p"
        for n in range(round(seconds * FPS)):
            frame = av.VideoFrame.from_ndarray(renderer.frame(n / FPS, n), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, FPS)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path
