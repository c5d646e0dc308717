"""MPEG-TS (Loom's raw HLS segments, broadcast captures, `ffmpeg -f mpegts`) has no index and
starts at a muxing offset: going back to the start after a look at the first packets must not
land past the first keyframe (a recording's first slide lost)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames

WIDTH, HEIGHT, FPS, SLIDE_S = 320, 192, 10, 2
LEVELS = [40, 130, 220]  # three plain slides, far apart in brightness


def _slides_ts(path: Path, gop: int = 250) -> Path:
    with av.open(str(path), "w", format="mpegts") as out:
        stream = out.add_stream("libx264", rate=FPS, options={"g": str(gop)})
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        for i in range(len(LEVELS) * SLIDE_S * FPS):
            rgb = np.full((HEIGHT, WIDTH, 3), LEVELS[i // (SLIDE_S * FPS)], np.uint8)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        out.mux(stream.encode(None))
    return path


@pytest.mark.parametrize("mode", ["auto", "full"])
@pytest.mark.parametrize("strategy", ["auto", "slides", "interval"])
def test_the_first_slide_of_a_transport_stream_is_kept(
    tmp_path: Path, mode: str, strategy: str
) -> None:
    video = _slides_ts(tmp_path / "talk.ts")
    with av.open(str(video)) as probe:
        assert probe.streams.video[0].start_time > 0  # (the muxer's offset: the hard case)
    options = FrameOptions(strategy=strategy, slides_mode=mode, interval_s=SLIDE_S)
    result = extract_frames(video, options, tmp_path / "f")
    times = [f.time_s for f in result.frames]
    starts = [i * SLIDE_S for i in range(len(LEVELS))]
    assert len(times) == len(LEVELS), times
    for start, t in zip(starts, times, strict=True):
        assert start <= t < start + SLIDE_S, times


def test_interval_frames_of_a_transport_stream_are_on_the_grid(tmp_path: Path) -> None:
    """A seek to a keyframe of an MPEG-TS lands a GOP late; each target is still met."""
    video = _slides_ts(tmp_path / "talk.ts", gop=FPS // 2)
    options = FrameOptions(strategy="interval", interval_s=SLIDE_S / 2)
    result = extract_frames(video, options, tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert times == pytest.approx([i * SLIDE_S for i in range(len(LEVELS))], abs=0.5 / FPS)
