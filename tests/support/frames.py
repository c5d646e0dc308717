"""Small generated videos with known slide-change times for the frame-selection tests.

Each video is rendered once per test session (per xdist worker) into pytest's base temp dir;
`clip(name)` returns its path and ground truth. Sizes are kept small (640x360, 15 fps, <= 30 s).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.container import OutputContainer
from av.video.stream import VideoStream

from devtools.synthvideo import SlideState, Talk, render_talk, slides_with_builds
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning


@dataclass(frozen=True)
class Clip:
    path: Path
    changes: tuple[float, ...]  # when each new state is fully visible
    talk: Talk | None = None


def _talks() -> dict[str, Talk]:
    return {
        "plain": Talk(slides_with_builds(6, 4.0), 24.0),
        "builds": Talk(slides_with_builds(3, 3.0, builds_per_slide=2), 27.0),
        "cursor_webcam": Talk(
            slides_with_builds(3, 3.0, builds_per_slide=2), 27.0, cursor=True, webcam=True
        ),
        "fades": Talk(slides_with_builds(5, 4.0), 20.0, fade_s=1.0, cursor=True),
        "long_gop": Talk(
            slides_with_builds(3, 3.0, builds_per_slide=2),
            27.0,
            cursor=True,
            webcam=True,
            gop=600,
            scenecut=False,
        ),
        # ~2-second GOPs, no scene-cut keyframes: the fast path has GOPs to skip
        "builds_gop2": Talk(
            slides_with_builds(3, 3.0, builds_per_slide=2),
            27.0,
            cursor=True,
            gop=28,
            scenecut=False,
        ),
        # ~2-second GOPs, no pointer, nothing changes in the last 7 s: the last GOP (no keyframe
        # after it to judge from) is told still by its packet sizes
        "still_tail": Talk(
            slides_with_builds(2, 3.0, builds_per_slide=1), 16.0, gop=28, scenecut=False
        ),
        # the encoder keys the slide change at 18 s (a scene cut) in a GOP that holds two
        # builds: that keyframe can't be the picture of the last build
        "cut_after_builds": Talk(
            slides_with_builds(3, 3.0, builds_per_slide=2),
            27.0,
            cursor=True,
            webcam=True,
            gop=150,
            scenecut=False,
            keys_at=(18.0,),
        ),
        # every slide change keyed one frame into its fade, as x264 does at 720p, and a pointer
        # that rests but for a few strokes: each keyframe caught a fade under way, so the GOP
        # before it is decoded only until its own fade settled (no webcam: while one plays, its
        # noise could hide a line's burst, and those GOPs are decoded whole)
        "keyed_fades": Talk(
            _titled_deck(8, 3.0),
            24.0,
            cursor=True,
            strokes=(1.5, 5.0, 11.0, 17.5),
            webcam=False,
            fade_s=0.5,
            gop=150,
            scenecut=False,
            keys_at=tuple(3.0 * i + 1 / 15 for i in range(1, 8)),
        ),
        # 20-s GOPs, one change early in the first and nothing else in it but the pointer
        # moving on: decoding stops once the rest of the GOP is keyframe-alike
        "pointer_long_gop": Talk(
            [
                SlideState(0.0, "Slide 1: intro", ["One point"]),
                SlideState(6.0, "Slide 2: the plan", ["First step", "Second step"]),
                SlideState(26.0, "Slide 3: the end"),
            ],
            34.0,
            cursor=True,
            gop=300,
            scenecut=False,
        ),
        # ~2-s GOPs, no scene cuts: the pointer rests but for one stroke (a burst) in the GOP
        # whose next keyframe, at 8 s, catches the first step of a fade to the next slide
        "fade_on_a_keyframe": Talk(
            [
                SlideState(0.0, "Slide 1: intro", ["One point"]),
                SlideState(3.0, "Slide 2: the plan", ["First step", "Second step"]),
                SlideState(7.94, "Slide 3: the end", ["Thanks", "Questions"]),
            ],
            12.0,
            cursor=True,
            strokes=(6.3,),
            fade_s=0.5,
            gop=30,
            scenecut=False,
        ),
        # ~2-s GOPs, no scene cuts, a webcam playing and a resting pointer: a one-letter build
        # (pointer-sized, its packets no bigger than the webcam's noise) at 4.7 s, and the next
        # slide 1.7 s later, 0.4 s after the keyframe that first shows the letter: the letter is
        # seen on its own only in the GOP before that keyframe
        "small_build_before_a_slide": Talk(
            [
                SlideState(0.0, "Slide 1: intro", ["One point"]),
                SlideState(4.7, "Slide 1: intro", ["One point", "x"]),
                SlideState(6.4, "Slide 2: the plan", ["First step", "Second step"]),
            ],
            10.0,
            cursor=True,
            strokes=(1.5,),
            webcam=True,
            gop=30,
            scenecut=False,
        ),
        # short GOPs so seeking and keyframe-only decoding have something to skip
        "short_gop": Talk(slides_with_builds(16, 1.0), 16.0, gop=15),
        # small builds between big slide changes: max_frames must keep the slide changes
        "distinct": Talk(
            [
                SlideState(0.0, "Slide 1: intro"),
                SlideState(2.0, "Slide 1: intro", ["One small point"]),
                SlideState(
                    4.0, "Slide 2: a dense one", [f"Dense point number {i}" for i in range(5)]
                ),
                SlideState(
                    6.0, "Slide 2: a dense one", [f"Dense point number {i}" for i in range(6)]
                ),
                SlideState(8.0, "Slide 3: empty"),
            ],
            10.0,
        ),
        # slide 2 is shown twice in a row (a second state identical to the first)
        "repeat": Talk(
            [
                SlideState(0.0, "Slide 1: intro"),
                SlideState(2.0, "Slide 2: repeat"),
                SlideState(4.0, "Slide 2: repeat"),
                SlideState(6.0, "Slide 3: end"),
            ],
            8.0,
            gop=15,
        ),
    }


def _titled_deck(n_slides: int, seconds_per_slide: float) -> list[SlideState]:
    """Slides that differ in every line (not just a number), two bullets each."""
    titles = ["Welcome to the demo", "Agenda for today", "How the parts fit", "What we measured"]
    titles += ["Results in one chart", "Open questions", "Next steps", "Thank you"]
    return [
        SlideState(seconds_per_slide * i, title, [f"{title.split()[0]} detail {j}" for j in (1, 2)])
        for i, title in enumerate(titles[:n_slides])
    ]


@functools.cache
def render_clip(name: str, base: Path) -> Clip:
    if name == "scenes":
        return _render_scenes(base / "scenes.mp4")
    talk = _talks()[name]
    path = base / f"{name}.mp4"
    changes = render_talk(talk, path)
    return Clip(path, tuple(changes), talk)


SCENE_CUTS = (2.0, 4.6, 7.0, 9.0)


def _render_scenes(path: Path, fps: int = 15, duration_s: float = 11.0) -> Clip:
    """Hard cuts between differently coloured, textured shots, each with a little motion."""
    rng = np.random.default_rng(3)
    colours = [(200, 40, 40), (30, 160, 60), (40, 60, 200), (230, 200, 40), (120, 40, 160)]
    textures = [rng.integers(0, 40, size=(180, 320, 1), dtype=np.uint8) for _ in colours]
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "23"}
        for n in range(int(duration_s * fps)):
            t = n / fps
            shot = sum(1 for cut in SCENE_CUTS if t >= cut - 1e-9)
            base = np.clip(np.array(colours[shot], dtype=np.int16) + textures[shot], 0, 255).astype(
                np.uint8
            )
            x = int(20 + 10 * t) % 280
            base[60:100, x : x + 30] = 255 - base[60:100, x : x + 30]  # a moving box
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(base), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, fps)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return Clip(path, SCENE_CUTS)


FAST_LATE_S = SlidesTuning().settle_s + MAX_TRANSITION_S
"""How late the fast path may time a state it took from a keyframe: when packets after the
change's burst were not all still (a webcam, a pointer, a wipe's cheap last steps), it is
timed the longest transition after the burst began (`GopSizes.settled`), never mid-transition."""


def match_changes(found: list[float], truth: tuple[float, ...], late_s: float = 1.0) -> list[float]:
    """For each true change, the one found time within [change, change + late_s]."""
    matched = []
    for change in truth:
        hits = [t for t in found if change - 1e-3 <= t <= change + late_s]
        assert len(hits) == 1, f"change at {change:.2f} s: found {hits} among {found}"
        matched.append(hits[0])
    return matched


def keyframe_count(path: Path) -> tuple[int, int]:
    """(keyframes, all frames) from packet headers."""
    keys = total = 0
    with av.open(str(path)) as container:
        for packet in container.demux(video=0):
            if packet.size:
                total += 1
                keys += bool(packet.is_keyframe)
    return keys, total


PICTURE_MARGIN = 0.15  # mean |gray difference| a JPEG's picture may lie further from its own
# time's picture than from the best-matching one (the same picture, shown for a while: ~0)


def assert_pictures_at_their_times(path: Path, frames: list[tuple[float, Path]]) -> None:
    """Every frame written shows the video's picture at its time: no other picture of the
    video matches it better (a keyframe caught one frame into the next fade, taken for the
    state before, shows that state with the next slide showing through). The pointer must
    rest (`Talk.strokes`): a state is timed from when it showed, wherever the pointer was."""
    from PIL import Image

    pictures: list[tuple[float, np.ndarray]] = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            pictures.append((float(frame.pts * stream.time_base), frame.to_ndarray(format="gray")))
    for time_s, jpeg in frames:
        height, width = pictures[0][1].shape
        shown = np.asarray(Image.open(jpeg).convert("L").resize((width, height)), np.float32)
        errors = [float(np.abs(shown - picture).mean()) for _, picture in pictures]
        own = min(range(len(pictures)), key=lambda i: abs(pictures[i][0] - time_s))
        assert errors[own] <= min(errors) + PICTURE_MARGIN, (
            f"the frame at {time_s:.3f} s looks most like the picture at "
            f"{pictures[int(np.argmin(errors))][0]:.3f} s"
        )


def mux_plain_slides(
    out: OutputContainer,
    stream: VideoStream,
    levels: Sequence[int],
    slide_s: int,
    fps: int,
    first: int = 0,
) -> None:
    """Plain slides, one grey level each, `slide_s` seconds each, encoded by `stream` into `out`
    (picture n timed `first + n` frames of `fps`), the encoder flushed at the end."""
    per_slide = slide_s * fps
    for n in range(len(levels) * per_slide):
        rgb = np.full((stream.height, stream.width, 3), levels[n // per_slide], np.uint8)
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        frame.pts, frame.time_base = first + n, Fraction(1, fps)
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))
