"""A recording whose recorder writes a frame only when the screen changed (ScreenCaptureKit apps,
Chrome's MediaRecorder, scrcpy, ShadowPlay: a variable frame rate with pauses of seconds): a
still slide is one frame, then nothing until the next change. The player shows that picture all
along, and so must the tracker see it (`slides.shown`): before, a state that held still between
two frames seconds apart was never seen holding still, and most states of such a recording were
lost (on both paths; the reference path found 5 to 14 of 19 states on recordings of the
evaluation's design re-encoded so)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from peepshow_core.contract.vocab import Strategy
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.frames.slides.shown import held_step, held_times
from peepshow_core.frames.slides.tuning import CONSECUTIVE_S, SlidesTuning

TUNING = SlidesTuning()
WIDTH, HEIGHT = 640, 360
TICKS = 600  # a QuickTime recorder's time base: 1/600 s
FPS = 30  # frames come this fast while something changes ...
FADE_S = 0.6  # ... a cross-fade to the next slide
CHANGES = (0.0, 4.0, 8.5, 11.0, 16.0)  # (s) each slide's fade begins; nothing moves between
BUILD = 2  # this change adds a line to the slide before it (a build), the others are new slides
LAST_STAY_S = 4.0  # the last picture stays this long (the recording stopped on a still screen)


def _slide(k: int) -> np.ndarray:
    """Slide `k`: a title bar and lines of text-like ink, laid out from its number."""
    page = np.full((HEIGHT, WIDTH), 235, np.uint8)
    page[:48] = 60
    rng = np.random.default_rng(k if k != BUILD else BUILD - 1)
    for row in range(4 + (k == BUILD)):
        width = int(rng.integers(180, 520))
        top = 80 + 48 * row
        page[top : top + 14, 40 : 40 + width] = 40
    return page


def _write(
    path: Path, b_frames: str, last_stay_s: float = LAST_STAY_S
) -> list[tuple[float, float]]:
    """The recording, and each state's settled interval (fade end to next fade start)."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS, options={"bf": b_frames})
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.time_base = Fraction(1, TICKS)
        steps = round(FADE_S * FPS)
        packets: list[av.Packet] = []
        for k, start in enumerate(CHANGES):
            before = _slide(k - 1) if k else _slide(0)
            for i in [0] if k == 0 else range(1, steps + 1):  # (the fade's steps, the last
                p = 1.0 if k == 0 else i / steps  # its settled picture; nothing repeated)
                gray = (before * (1 - p) + _slide(k) * p).astype(np.uint8)
                frame = av.VideoFrame.from_ndarray(np.dstack([gray] * 3), format="rgb24")
                frame.pts = round((start + i / FPS) * TICKS)
                frame.time_base = Fraction(1, TICKS)
                packets += stream.encode(frame)
        packets += stream.encode(None)
        last = packets[-1]  # (in decoding order: the muxer ends the track on its duration)
        assert last.time_base is not None
        last.duration = round(last_stay_s / last.time_base)
        for packet in packets:
            out.mux(packet)
    ends = [*CHANGES[1:], CHANGES[-1] + FADE_S + last_stay_s]
    starts = [c + FADE_S * (k > 0) for k, c in enumerate(CHANGES)]  # (the first: no fade)
    return list(zip(starts, ends, strict=True))


@pytest.mark.parametrize("b_frames", ["0", "3"])  # (3: x264's default; the fast path skips them)
@pytest.mark.parametrize("mode", ["auto", "full"])
def test_each_state_of_a_recording_written_only_on_change_has_one_frame(
    tmp_path: Path, mode: str, b_frames: str
) -> None:
    settled = _write(tmp_path / "on-change.mov", b_frames)
    result = extract_frames(
        tmp_path / "on-change.mov", FrameOptions(slides_mode=mode), tmp_path / "f"
    )
    times = sorted(f.time_s for f in result.frames)
    assert len(times) == len(settled), times
    for k, ((start, end), t) in enumerate(zip(settled, times, strict=True)):
        held = start + TUNING.settle_s if k else start
        assert held - 1 / FPS <= t <= end, ("taken once it held still", times, settled)
    assert result.warnings == [], "the last picture's stay is the file's end, no truncation"


@pytest.mark.parametrize("b_frames", ["0", "3"])
@pytest.mark.parametrize("mode", ["auto", "full"])
def test_a_recording_stopped_as_its_last_fade_ended_ends_on_its_last_picture(
    tmp_path: Path, mode: str, b_frames: str
) -> None:
    """The recorder stopped right after the last fade's last step (its one frame's stay): the
    video's last frame is its last state's picture, sampled at its own time, though it came
    a frame after the last sample (before, the sample before it, a step into the fade, was
    taken as the state still settling when the video ended)."""
    settled = _write(tmp_path / "on-change.mov", b_frames, last_stay_s=1 / FPS)
    result = extract_frames(
        tmp_path / "on-change.mov", FrameOptions(slides_mode=mode), tmp_path / "f"
    )
    last = max(result.frames, key=lambda f: f.time_s)
    assert last.time_s == pytest.approx(settled[-1][0], abs=1e-3), [f.time_s for f in result.frames]
    with Image.open(last.path) as image:
        picture = np.asarray(image.convert("L").resize((WIDTH, HEIGHT)), np.float32)
    assert float(np.abs(picture - _slide(len(CHANGES) - 1)).mean()) < 1.0


def test_a_pause_is_sampled_through_as_seldom_as_samples_follow_each_other() -> None:
    sample = 1 / TUNING.sample_fps
    step = held_step(TUNING)
    assert step <= CONSECUTIVE_S < step + sample, "whole sample steps, still consecutive"
    times = held_times(10.0, 12.0, 10.0, TUNING)
    assert times[0] == pytest.approx(10.0 + step) and times[-1] <= 12.0 - sample + 1e-3
    assert np.allclose(np.diff(times), step), "evenly"
    assert 12.0 - times[-1] <= CONSECUTIVE_S, "the next frame follows the last sample"
    assert held_times(10.0, 10.0 + TUNING.settle_s, 10.0, TUNING) == [], (
        "no longer than settle_s: no pause (a low frame rate's frames, a dropped frame)"
    )
    assert held_times(10.0, 12.0, 10.9, TUNING)[0] == pytest.approx(10.9 + step), (
        "from the last sample"
    )
    long = held_times(10.0, 40.0, 10.0, TUNING)
    dense = [t for t in long if t <= 10.0 + TUNING.held_s]
    assert len(dense) == len(long) - 1 and long[-1] == pytest.approx(40.0 - sample), (
        "a long pause: sampled as long as a rule waits on a still picture, then a sample step "
        "before its end"
    )
    assert len(dense) == pytest.approx(TUNING.held_s / step, abs=1)


def test_interval_takes_the_picture_on_screen_at_each_time_of_a_recording_written_on_change(
    tmp_path: Path,
) -> None:
    """`interval` took the first frame after each time: in a pause, the next change's first
    step, timed there (a slide held through its times got no frame), and none after the last
    frame (a false "file ends early")."""
    settled = _write(tmp_path / "on-change.mov", "3")
    options = FrameOptions(strategy=Strategy.interval, interval_s=1.5)
    result = extract_frames(tmp_path / "on-change.mov", options, tmp_path / "f")
    shown = set()
    for frame in result.frames:
        k = next((k for k, (a, b) in enumerate(settled) if a <= frame.time_s <= b), None)
        if k is None:
            continue  # (a time inside a fade: its picture is the fade's)
        with Image.open(frame.path) as image:
            picture = np.asarray(image.convert("L").resize((WIDTH, HEIGHT)), np.float32)
        errors = [float(np.abs(picture - _slide(j)).mean()) for j in range(len(CHANGES))]
        assert int(np.argmin(errors)) == k, (frame.time_s, errors)
        shown.add(k)
    assert shown == set(range(len(settled))), "each slide, held through interval times, shown"
    assert result.warnings == []
