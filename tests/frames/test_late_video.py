"""A recording whose picture starts after its sound (a screen capture that began late, a video
track delayed in an MKV) shows its first picture that late in a player: frames are timed on the
player's timeline, as the transcript is (they were timed from the first picture, 3 s early, and
a container's duration made the video "end early")."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from tests.support.frames import mux_plain_slides

WIDTH, HEIGHT, FPS, SLIDE_S, LATE_S = 320, 192, 10, 2, 3
LEVELS = [40, 130, 220]  # three plain slides, far apart in brightness
RATE = 16_000  # audio samples a second


def _late(path: Path) -> Path:
    with av.open(str(path), "w") as out:
        talk = out.add_stream("libx264", rate=FPS)
        talk.width, talk.height, talk.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        sound = out.add_stream("pcm_s16le", rate=RATE, layout="mono")
        for second in range(LATE_S + len(LEVELS) * SLIDE_S):  # (silence from 0 s on)
            samples = av.AudioFrame.from_ndarray(
                np.zeros((1, RATE), np.int16), format="s16", layout="mono"
            )
            samples.sample_rate, samples.pts = RATE, second * RATE
            out.mux(sound.encode(samples))
        out.mux(sound.encode(None))
        mux_plain_slides(out, talk, LEVELS, SLIDE_S, FPS, first=LATE_S * FPS)
    with av.open(str(path)) as check:  # (the hard case: the picture starts 3 s in)
        assert float(check.streams.video[0].start_time * check.streams.video[0].time_base) >= 2.9
    return path


@pytest.mark.parametrize("strategy", ["auto", "slides", "keyframes", "interval"])
def test_frames_are_timed_on_the_players_timeline(tmp_path: Path, strategy: str) -> None:
    video = _late(tmp_path / "talk.mkv")
    options = FrameOptions(strategy=strategy, interval_s=SLIDE_S)
    result = extract_frames(video, options, tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert result.warnings == [] and times and times[0] >= LATE_S - 0.05, times
    if strategy != "keyframes":  # (one keyframe: the first picture)
        assert len(times) == len(LEVELS), times
    for k, t in enumerate(times):  # each shows the slide a player shows then
        assert LATE_S + k * SLIDE_S <= t < LATE_S + (k + 1) * SLIDE_S, times
    for t, frame in zip(times, result.frames, strict=True):
        assert f"{int(t) // 60:02d}m{t % 60:05.2f}s" in frame.path.name
