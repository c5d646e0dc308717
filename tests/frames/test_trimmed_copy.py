"""A recording trimmed by copying packets (`ffmpeg -ss 3 -i talk.mp4 -c copy cut.mp4`, the usual
way to cut one without re-encoding) starts at the keyframe before the cut: its pictures up to
the cut, that keyframe's too, are flagged to be dropped, and no keyframe shows the first
picture alone. Every strategy starts at the first picture shown (the default path, and
`keyframes`, failed with "no video frame could be decoded" on a one-GOP cut)."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from tests.support.frames import mux_plain_slides

WIDTH, HEIGHT, FPS, SLIDE_S = 320, 192, 10, 2
GOPS = (100, 20)  # frames: one keyframe in all, or one every 2 s
LEVELS = [40, 100, 160, 220]  # four plain slides, far apart in brightness
CUT_S = 3.0  # (mid-slide, mid-GOP)
SHOWN = [(0.0, 1.0), (1.0, 3.0), (3.0, 5.0)]  # the slides left after the cut, when they show


def _recording(path: Path, gop: int) -> Path:
    with av.open(str(path), "w") as out:
        options = {"g": str(gop), "keyint_min": str(gop), "sc_threshold": "0"}
        stream = out.add_stream("libx264", rate=FPS, options=options)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        mux_plain_slides(out, stream, LEVELS, SLIDE_S, FPS)
    return path


def _trimmed(source: Path, path: Path, gop: int) -> Path:
    """What a stream copy from `CUT_S` writes: the packets from the keyframe before it on,
    shifted so that the cut is at 0."""
    first = int(CUT_S * FPS) // gop * gop  # (the keyframe before the cut, in frames)
    with av.open(str(source)) as inp, av.open(str(path), "w") as out:
        given = inp.streams.video[0]
        stream = out.add_stream_from_template(given)
        shift = int(CUT_S / given.time_base)
        for packet in inp.demux(given):
            if packet.dts is None or packet.pts * given.time_base < first / FPS:
                continue
            packet.pts -= shift
            packet.dts -= shift
            packet.stream = stream
            out.mux(packet)
    with av.open(str(path)) as check:  # (the hard case: the first keyframe is to be dropped)
        keys = [p for p in check.demux(video=0) if p.size and p.is_keyframe]
        assert keys[0].is_discard and not any(k.is_discard for k in keys[1:])
    return path


def _keys_after_cut(gop: int) -> list[float]:
    every = gop / FPS
    return [k * every - CUT_S for k in range(1, 99) if CUT_S < k * every < CUT_S + SHOWN[-1][1]]


@pytest.fixture(params=GOPS, ids=[f"gop{g}" for g in GOPS])
def gop(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def trimmed(tmp_path: Path, gop: int) -> Path:
    return _trimmed(_recording(tmp_path / "talk.mp4", gop), tmp_path / "cut.mp4", gop)


@pytest.mark.parametrize(
    ("strategy", "mode"), [("auto", "auto"), ("slides", "auto"), ("auto", "full")]
)
def test_each_slide_left_after_the_cut_has_a_frame(
    trimmed: Path, tmp_path: Path, strategy: str, mode: str
) -> None:
    result = extract_frames(
        trimmed, FrameOptions(strategy=strategy, slides_mode=mode), tmp_path / "f"
    )
    times = [f.time_s for f in result.frames]
    assert len(times) == len(SHOWN), times
    for (start, end), t in zip(SHOWN, times, strict=True):
        assert start <= t < end, times


def test_keyframes_and_interval_start_at_the_first_picture_shown(
    trimmed: Path, tmp_path: Path, gop: int
) -> None:
    keys = extract_frames(trimmed, FrameOptions(strategy="keyframes"), tmp_path / "k")
    assert [f.time_s for f in keys.frames] == pytest.approx([0.0, *_keys_after_cut(gop)])
    grid = extract_frames(trimmed, FrameOptions(strategy="interval", interval_s=1), tmp_path / "i")
    assert [f.time_s for f in grid.frames] == pytest.approx([0.0, 1.0, 3.0])  # (repeats dropped)
