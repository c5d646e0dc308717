"""Content appearing where a slide's own clip played, after it stopped, across GOPs the fast path
would skip: a clip that starts after the opening is the slide's (not an overlay like a webcam),
so keyframes that differ inside it are decoded, the clip is seen to stop, and a line written
over its last picture is a state. Before, the keyframes were "alike" through the clip's mask
and the line was never judged (the default path missed it; the reference path found it)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames

W, H, FPS = 640, 360, 15
GOP_S = 4  # keyframes every 4 s, no scene cuts: 0, 4, 8, 12, 16, 20
PANEL = (slice(120, 264), slice(300, 556))  # where the clip plays (rows, columns)
PLAYS = (6.0, 14.0)  # starts after the opening, stops on its last picture
LINE_AT = 17.0  # a line written over the clip's picture, inside the GOP from 16 s
DURATION_S = 24.0


def slide() -> np.ndarray:
    img = np.full((H, W), 235, np.uint8)
    img[30:54, 40:420] = 40  # a title
    for row in range(3):
        img[110 + 40 * row : 122 + 40 * row, 40 : 240 - 30 * row] = 70  # bullets
    img[PANEL[0].start - 2 : PANEL[0].stop + 2, PANEL[1].start - 2 : PANEL[1].stop + 2] = 120
    return img


def clip_picture(t: float) -> np.ndarray:
    shot = int(min(t, PLAYS[1]) * 5)  # a new picture every 0.2 s
    rng = np.random.default_rng(shot)
    cells = rng.integers(30, 220, (9, 16)).astype(np.uint8)
    return np.kron(cells, np.ones((16, 16), np.uint8))


CARET = (
    slice(PANEL[0].start + 20, PANEL[0].start + 36),
    slice(PANEL[1].start + 200, PANEL[1].start + 204),
)
CARET_FROM = 5.0  # a caret blinking where the clip plays (an editor's, under the player)


def picture(t: float, caret: bool = False) -> np.ndarray:
    img = slide()
    if t >= PLAYS[0]:
        img[PANEL] = clip_picture(t)
    else:
        img[PANEL] = 200
    if t >= LINE_AT:
        img[
            PANEL[0].start + 100 : PANEL[0].start + 112, PANEL[1].start + 20 : PANEL[1].start + 180
        ] = 10
    if caret and t >= CARET_FROM and int(2 * t) % 2 == 0:  # on for 0.5 s, off for 0.5 s
        img[CARET] = 0
    return img


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "caret"])
def video(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The clip alone; and with a caret blinking on where it played once it stopped: what
    still plays of the clip then fits in a pointer-sized square, so the clip has stopped but
    for the caret (before, the one blinking block kept the whole clip masked, and the line
    was never seen)."""
    caret = request.param
    path = tmp_path_factory.mktemp("clip-stops") / f"clip-stops-{caret}.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.options = {
            "g": str(GOP_S * FPS),
            "keyint_min": str(GOP_S * FPS),
            "sc_threshold": "0",
        }
        for n in range(round(DURATION_S * FPS)):
            gray = picture(n / FPS, caret)
            frame = av.VideoFrame.from_ndarray(np.dstack([gray] * 3), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, FPS)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


@pytest.mark.parametrize("mode", ["auto", "full"])
def test_a_line_where_a_stopped_clip_played_is_a_state(
    video: Path, tmp_path: Path, mode: str
) -> None:
    result = extract_frames(video, FrameOptions(slides_mode=mode), tmp_path)
    times = [f.time_s for f in result.frames]
    assert len(times) == 2, times  # the slide, then the line (the clip starting is none)
    assert times[0] < PLAYS[0] and LINE_AT <= times[1] <= LINE_AT + 1.0, times
