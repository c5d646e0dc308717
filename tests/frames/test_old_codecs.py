"""Older codecs whose decoder needs what the container says of the pictures (WMV 7 and 8 in ASF,
as old Windows lecture recorders wrote them: their size; QuickTime Animation, an old macOS
screen recorder's codec: its bits per pixel): the default path decodes them as the reference
path does (it failed: "cannot decode the video: Invalid argument" / "Invalid data found")."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from tests.support.frames import mux_plain_slides

WIDTH, HEIGHT, FPS, SLIDE_S = 320, 192, 10, 2
LEVELS = [40, 130, 220]  # three plain slides, far apart in brightness


def _old(path: Path, codec: str) -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=FPS, options={"g": str(FPS)})
        stream.width, stream.height = WIDTH, HEIGHT
        stream.pix_fmt = "rgb24" if codec == "qtrle" else "yuv420p"
        mux_plain_slides(out, stream, LEVELS, SLIDE_S, FPS)
    return path


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("talk.wmv", "wmv2"),
        ("talk.wmv", "wmv1"),
        ("talk.mov", "qtrle"),
        ("talk.flv", "flv"),  # (Flash-era web conference recordings)
        ("talk.mpg", "mpeg2video"),  # (MPEG program stream: DVD-era lecture capture)
        ("talk.avi", "mpeg4"),  # (Xvid-like MPEG-4 Part 2)
    ],
)
@pytest.mark.parametrize("mode", ["auto", "full"])
def test_each_slide_of_an_old_codec_has_a_frame(
    tmp_path: Path, name: str, codec: str, mode: str
) -> None:
    video = _old(tmp_path / name, codec)
    result = extract_frames(video, FrameOptions(slides_mode=mode), tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert result.warnings == [] and len(times) == len(LEVELS), times
    for k, t in enumerate(times):
        assert k * SLIDE_S <= t < (k + 1) * SLIDE_S, times
