"""Small figures crossing a still scene, in 2-s GOPs (a recorder's ultrafast preset): each next
keyframe differs from the last only by pointer-sized things, so the fast path would skip the
rest of a GOP (or all of it) as it does for a pointer's strokes, and the figures' motion would
never be seen lasting. While something has passed over the state without resting for longer
than a transition, the planner decodes on (`GopFacts.passing`, `FastSlides._enough`), and the
clip is covered as camera footage, not one frame."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

from devtools.corpus.camera import CameraRenderer, plan_shots
from devtools.corpus.score import score_camera
from devtools.corpus.specs import CameraSpec
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames

FPS = 25
SECONDS = 9.9
# two figures of the pointer's size (a 360p picture, radius 3 % of its height)
SPEC = CameraSpec("gop2-sprites", 6210, "test", "sprite", 640, 360, FPS, SECONDS, "x264")


def encode(path: Path) -> None:
    """x264 ultrafast, zerolatency, 2-s GOPs without B-frames (ShareX's settings)."""
    renderer = CameraRenderer(SPEC)
    options = {"g": str(2 * FPS), "bf": "0", "preset": "ultrafast", "tune": "zerolatency"}
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS, options={**options, "crf": "30"})
        stream.width, stream.height, stream.pix_fmt = SPEC.width, SPEC.height, "yuv420p"
        for n in range(round(SECONDS * FPS)):
            frame = av.VideoFrame.from_ndarray(renderer.frame(n / FPS, n), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, FPS)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def test_figures_passing_through_short_gops_are_decoded_and_covered(tmp_path: Path) -> None:
    video = tmp_path / "sprites.mp4"
    encode(video)
    result = extract_frames(video, FrameOptions(slides_mode="auto"), tmp_path / "out")
    assert result.params["content"] in ("camera", "mixed")
    shots = [{"start": s.start, "end": s.end, "kind": s.kind} for s in plan_shots(SPEC)]
    truth = {"duration_s": SECONDS, "shots": shots}
    score = score_camera(truth, [f.time_s for f in result.frames])
    assert score.max_gap_s <= score.limit_s, "no stretch longer than max(5 s, duration/8)"
    assert score.shots_covered == score.shots and score.end_frames == 0
