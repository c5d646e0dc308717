"""A raw H.264 elementary stream (a Raspberry Pi camera's `.h264`, an IP camera's dump, `ffmpeg -f
h264`) carries no timestamps and says no duration: its frames are timed by counting them at its
frame rate, and its duration is the count's (every frame was at 0.0 s, the duration unknown)."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.media.probe import probe
from tests.support.frames import mux_plain_slides

WIDTH, HEIGHT, FPS, SLIDE_S = 320, 192, 10, 2
LEVELS = [40, 130, 220]  # three plain slides, far apart in brightness
B_FRAMES = {"none": "0", "x264 default": "3"}  # (a Pi's baseline stream has none)
GOP = 25  # frames: a keyframe in each slide


def _raw_h264(path: Path, b_frames: str, gop: int = GOP) -> Path:
    with av.open(str(path), "w", format="h264") as out:
        stream = out.add_stream("libx264", rate=FPS, options={"g": str(gop), "bf": b_frames})
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        mux_plain_slides(out, stream, LEVELS, SLIDE_S, FPS)
    with av.open(str(path)) as check:  # (the hard case: no timestamp, no duration)
        packet = next(p for p in check.demux(video=0) if p.size)
        assert packet.pts is None and packet.dts is None and check.duration is None
    return path


@pytest.mark.parametrize("b_frames", list(B_FRAMES))
def test_a_raw_stream_is_as_long_as_its_frames(tmp_path: Path, b_frames: str) -> None:
    info = probe(_raw_h264(tmp_path / "cam.h264", B_FRAMES[b_frames]))
    seconds = len(LEVELS) * SLIDE_S
    assert info.duration_s == pytest.approx(seconds) and info.video is not None
    assert info.video["duration_s"] == pytest.approx(seconds)


@pytest.mark.parametrize("b_frames", list(B_FRAMES))
@pytest.mark.parametrize(
    ("strategy", "mode"),
    [(s, "auto") for s in ("auto", "slides", "interval", "keyframes", "scenes")]
    + [("auto", "full")],
)
def test_the_frames_of_a_raw_stream_are_timed(
    tmp_path: Path, b_frames: str, strategy: str, mode: str
) -> None:
    video = _raw_h264(tmp_path / "cam.h264", B_FRAMES[b_frames])
    options = FrameOptions(strategy=strategy, slides_mode=mode, interval_s=SLIDE_S)
    result = extract_frames(video, options, tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert result.warnings == []
    if strategy == "interval":
        assert times == pytest.approx([i * SLIDE_S for i in range(len(LEVELS))], abs=0.5 / FPS)
        return
    if strategy == "keyframes":  # (one a GOP, each showing another slide)
        assert times == pytest.approx([i * GOP / FPS for i in range(len(LEVELS))], abs=0.5 / FPS)
        return
    starts = [i * SLIDE_S for i in range(len(LEVELS))]
    hits = [[t for t in times if start <= t < start + SLIDE_S] for start in starts]
    assert all(hits), times  # each slide has a frame at a time when it showed
