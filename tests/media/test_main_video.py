"""The video stream read is the one a player shows (FFmpeg's best stream): a one-picture track
stored ahead of the recording (a cover, a thumbnail) is passed over; it was read instead, one
frame for the whole file and a warning that it "ends early"."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.media.probe import probe
from tests.support.frames import mux_plain_slides

WIDTH, HEIGHT, FPS, SLIDE_S = 320, 192, 10, 2
LEVELS = [40, 130, 220]  # three plain slides, far apart in brightness


def _covered(path: Path) -> Path:
    """An MKV whose first track is one JPEG picture, the recording second."""
    with av.open(str(path), "w") as out:
        cover = out.add_stream("mjpeg", rate=1)
        cover.width, cover.height, cover.pix_fmt = WIDTH, HEIGHT, "yuvj420p"
        talk = out.add_stream("libx264", rate=FPS)
        talk.width, talk.height, talk.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        picture = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
        picture[::8] = 255  # (stripes: no slide of the talk)
        out.mux(cover.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        out.mux(cover.encode(None))
        mux_plain_slides(out, talk, LEVELS, SLIDE_S, FPS)
    with av.open(str(path)) as check:  # (the hard case: the picture is the first video stream)
        assert [s.codec_context.name for s in check.streams.video] == ["mjpeg", "h264"]
    return path


def test_a_picture_stored_ahead_of_the_recording_is_passed_over(tmp_path: Path) -> None:
    video = _covered(tmp_path / "talk.mkv")
    info = probe(video)
    assert info.video is not None and info.video["codec"] == "h264"
    for mode in ("auto", "full"):
        result = extract_frames(video, FrameOptions(slides_mode=mode), tmp_path / mode)
        times = [f.time_s for f in result.frames]
        assert result.warnings == [] and len(times) == len(LEVELS), (mode, times)
        for i, t in enumerate(times):
            assert i * SLIDE_S <= t < (i + 1) * SLIDE_S, (mode, times)
