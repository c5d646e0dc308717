"""What recorders and converters write, beyond H.264 in MP4: other containers, codecs, intra-only
streams, 10-bit and 4:2:2 / 4:4:4 pictures. Each file shows three plain slides; both paths find
each one, inside its time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames

WIDTH, HEIGHT, FPS, SLIDE_S = 320, 192, 10, 2
LEVELS = [40, 130, 220]  # three plain slides, far apart in brightness

ENCODINGS = [  # (file name, codec, pixel format): what the formats' usual writers use
    ("screen.mkv", "libx264", "yuv444p"),  # OBS's lossless-ish 4:4:4, Matroska
    ("chrome.webm", "libvpx", "yuv420p"),  # MediaRecorder's default VP8
    ("capture.avi", "mjpeg", "yuvj420p"),  # intra-only: every frame a keyframe
    ("edit.mov", "prores_ks", "yuv422p10le"),  # an editor's export, 10-bit 4:2:2
    ("phone.mp4", "libx265", "yuv420p10le"),  # HEVC, 10-bit
    ("web.mp4", "libsvtav1", "yuv420p"),  # AV1
    ("old.mkv", "mpeg4", "yuv420p"),  # MPEG-4 part 2
]


def _encode(path: Path, codec: str, pix_fmt: str) -> Path:
    """Write the file in a child process: SVT-AV1 makes the process that runs it real-time
    (SCHED_FIFO 99, when it may), and a test worker left so hands that to every process it
    starts — whose spinning OpenMP threads (the speech engine's) then never yield, and the run
    hangs for good."""
    code = "import sys; from tests.frames.test_containers import _write; _write(*sys.argv[1:])"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code, str(path), codec, pix_fmt], cwd=root, check=True)
    return path


def _write(path: str, codec: str, pix_fmt: str) -> None:
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, pix_fmt
        for i in range(len(LEVELS) * SLIDE_S * FPS):
            rgb = np.full((HEIGHT, WIDTH, 3), LEVELS[i // (SLIDE_S * FPS)], np.uint8)
            rgb[16:40, 16:200] = (LEVELS[i // (SLIDE_S * FPS)] + 128) % 256  # a title
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format=pix_fmt)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


@pytest.mark.parametrize("mode", ["auto", "full"])
@pytest.mark.parametrize(("name", "codec", "pix_fmt"), ENCODINGS)
def test_every_slide_is_found_whatever_wrote_the_file(
    tmp_path: Path, name: str, codec: str, pix_fmt: str, mode: str
) -> None:
    video = _encode(tmp_path / name, codec, pix_fmt)
    assert os.sched_getscheduler(0) == os.SCHED_OTHER, "the test worker stays time-shared"
    result = extract_frames(video, FrameOptions(slides_mode=mode), tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert len(times) == len(LEVELS), times
    for i, t in enumerate(times):
        assert i * SLIDE_S <= t < (i + 1) * SLIDE_S, times
    assert result.warnings == []
