"""`slides`: one frame per settled slide state, checked against the generator's change times."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S, SlidesTuning
from tests.support.frames import FAST_LATE_S, assert_pictures_at_their_times, match_changes

MODES = ["full", "fast"]
TUNING_FPS = SlidesTuning().sample_fps


def run_slides(path: Path, out: Path, mode: str, **kwargs: object) -> list[float]:
    result = extract_frames(path, FrameOptions(strategy="slides", slides_mode=mode, **kwargs), out)
    assert result.warnings == []
    times = [f.time_s for f in result.frames]
    assert times == sorted(times)
    assert [f.index for f in result.frames] == list(range(len(times)))
    for record in result.frames:
        assert record.path.is_absolute() and record.path.exists()
        assert 0.0 < record.score <= 1.0
    return times


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "name",
    ["plain", "builds", "cursor_webcam", "fades", "long_gop", "cut_after_builds", "keyed_fades"],
)
def test_one_frame_per_state_at_the_right_time(clip, tmp_path: Path, name: str, mode: str) -> None:
    media = clip(name)
    times = run_slides(media.path, tmp_path / "frames", mode)
    assert times[0] < media.changes[0], "the first state is taken before the first change"
    # every change found once, at or after the moment it is fully visible (fades settled) and
    # within a second of it (the fast path: `FAST_LATE_S`); nothing else (no cursor, webcam or
    # compression false positives)
    match_changes(times[1:], media.changes, late_s=1.0 if mode == "full" else FAST_LATE_S)
    assert len(times) == len(media.changes) + 1


def test_frames_are_taken_after_the_fade_settled(clip, tmp_path: Path) -> None:
    media = clip("fades")
    assert media.talk is not None and media.talk.fade_s == 1.0
    times = run_slides(media.path, tmp_path / "frames", "full")
    starts = [s.start_s for s in media.talk.states[1:]]
    for found, fade_start, settled in zip(times[1:], starts, media.changes, strict=True):
        assert found >= settled > fade_start


def test_full_and_fast_paths_agree(clip, tmp_path: Path) -> None:
    for name in ("cursor_webcam", "long_gop", "fades", "cut_after_builds", "keyed_fades"):
        media = clip(name)
        full = run_slides(media.path, tmp_path / f"{name}-full", "full")
        fast = run_slides(media.path, tmp_path / f"{name}-fast", "fast")
        assert len(full) == len(fast), name
        for a, b in zip(full, fast, strict=True):
            assert abs(a - b) <= MAX_TRANSITION_S, (name, full, fast)


def test_params_record_the_path_and_thresholds(clip, tmp_path: Path) -> None:
    media = clip("cursor_webcam")
    result = extract_frames(media.path, FrameOptions(slides_mode="full"), tmp_path / "f")
    assert result.params["path"] == "full"
    assert result.params["settle_s"] == 0.5
    assert result.params["strong"] > result.params["weak"] > 0
    assert result.params["masked_blocks"] > 0, "the webcam corner is learned and masked"
    assert result.params["decoded_frames"] == round(media.talk.duration_s * media.talk.fps)  # type: ignore[union-attr]
    sampled = media.talk.duration_s * min(media.talk.fps, TUNING_FPS)  # type: ignore[union-attr]
    assert abs(result.params["analysed_frames"] - sampled) <= 1, "every frame up to sample_fps"


@pytest.mark.parametrize("mode", MODES)
def test_progress_reports_growing_times(clip, tmp_path: Path, mode: str) -> None:
    media = clip("builds")
    seen: list[float] = []
    extract_frames(media.path, FrameOptions(slides_mode=mode), tmp_path / "f", seen.append)
    assert seen and seen == sorted(seen)
    assert seen[-1] > media.changes[-1] - 5.0


def test_intra_only_video_falls_back_to_the_full_path(tmp_path: Path) -> None:
    from fractions import Fraction

    import av

    from devtools.synthvideo import render_state, slides_with_builds

    path = tmp_path / "intra.mp4"
    images = [render_state(s, 320, 180) for s in slides_with_builds(3, 2.0)]
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.options = {"crf": "0", "x264-params": "keyint=1"}  # every frame a keyframe
        for n in range(60):
            frame = av.VideoFrame.from_ndarray(images[min(2, n // 20)], format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, 10)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    result = extract_frames(path, FrameOptions(), tmp_path / "f")
    assert result.params["path"] == "full" and "too dense" in result.params["fallback"]
    times = [f.time_s for f in result.frames]
    assert times[0] < 2.0
    match_changes(times[1:], (2.0, 4.0), late_s=1.0)


def test_fast_path_skips_quiet_gops_and_survives_useless_packet_sizes(
    clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peepshow_core.frames.slides import packets

    media = clip("builds_gop2")  # 27 s, a keyframe every 2 s, a new state every 3 s
    normal = extract_frames(media.path, FrameOptions(slides_mode="fast"), tmp_path / "a")
    assert normal.params["bursts_trusted"] is True
    assert normal.params["gops"] == 15
    assert normal.params["decoded_frames"] < 27 * 15 // 2, "most frames are never decoded"
    decoded = normal.params["decoded_frames"] + normal.params["keyframes"]  # (each decoded alone)
    assert 0 < normal.params["analysed_frames"] <= decoded
    match_changes([f.time_s for f in normal.frames][1:], media.changes, late_s=FAST_LATE_S)

    # packet sizes that never show a burst: the fast path must notice and replay instead
    monkeypatch.setattr(packets, "HIGH_FACTOR", 1e9)
    blind = extract_frames(media.path, FrameOptions(slides_mode="fast"), tmp_path / "b")
    assert blind.params["bursts_trusted"] is False
    times = [f.time_s for f in blind.frames]
    match_changes(times[1:], media.changes, late_s=FAST_LATE_S)
    assert len(times) == len(media.changes) + 1


def test_keyframes_that_caught_a_fade_under_way_are_no_states(clip, tmp_path: Path) -> None:
    """Every slide change has a keyframe one frame into its fade: none of those pictures (the
    state before, with the next slide showing through) is taken for a state's: the GOP
    before each is decoded."""
    media = clip("keyed_fades")
    result, log = _one_frame_per_change_logged(media, tmp_path)
    assert result.params["states_from_keyframes"] == 0
    assert any("under way at the next keyframe" in why for _, _, why in log), log
    assert_pictures_at_their_times(media.path, [(f.time_s, f.path) for f in result.frames])


def test_a_gop_stops_decoding_once_its_rest_is_keyframe_alike(clip, tmp_path: Path) -> None:
    """The next keyframe shows the pointer somewhere else (a small difference, held by the
    tracker) and no burst is left in the GOP: the planner would skip the rest as a GOP of its
    own, so decoding stops there instead of running to the next keyframe at 20 s."""
    media = clip("pointer_long_gop")
    _, log = _one_frame_per_change_logged(media, tmp_path)
    stops = [t for t, event, why in log if event == "stop" and "keyframes alike" in why]
    assert any(media.changes[0] < t < 19.0 for t in stops), log


def test_a_keyframe_that_caught_a_change_under_way_is_no_state(clip, tmp_path: Path) -> None:
    """A GOP with one burst (the pointer's stroke) whose next keyframe differs: that keyframe is
    taken as the stroke's settled picture only if it held still after it. Here it caught the
    first step of a fade (the GOP it opens begins with a burst): the GOP is decoded instead,
    and the fade gets one frame, once settled."""
    media = clip("fade_on_a_keyframe")
    result, log = _one_frame_per_change_logged(media, tmp_path)
    assert result.params["bursts_trusted"] is True
    gop = next(why for t, event, why in log if event == "gop" and t == 6.0)
    assert "decode" in gop and "under way at the next keyframe" in gop, log
    assert_pictures_at_their_times(media.path, [(f.time_s, f.path) for f in result.frames])
    exact = run_slides(media.path, tmp_path / "exact", "full")
    match_changes(exact[1:], media.changes)
    assert len(exact) == len(media.changes) + 1


def test_a_still_last_gop_is_told_by_its_packet_sizes(clip, tmp_path: Path) -> None:
    """No keyframe closes the last GOP; once every change came with a burst of large packets,
    a last GOP without one holds no change and is not decoded."""
    media = clip("still_tail")
    result, log = _one_frame_per_change_logged(media, tmp_path)
    assert result.params["bursts_trusted"] is True
    last = [why for _, event, why in log if event == "gop"][-1]
    assert "to the end" in last and "-> skip" in last, log


def _one_frame_per_change_logged(
    media: Any, tmp_path: Path
) -> tuple[Any, list[tuple[float, str, str]]]:
    """The fast path on `media` with its decision log; one frame per state, on time."""
    log: list[tuple[float, str, str]] = []
    options = FrameOptions(
        strategy="slides", slides_mode="fast", decisions=lambda t, e, d: log.append((t, e, d))
    )
    result = extract_frames(media.path, options, tmp_path / "frames")
    times = [f.time_s for f in result.frames]
    match_changes(times[1:], media.changes, late_s=FAST_LATE_S)
    assert len(times) == len(media.changes) + 1
    return result, log


def _to_vp9_webm(source: Path, target: Path) -> Path:
    """Re-encode as a browser's recorder would write it: VP9 in WebM, 4-s keyframe interval."""
    with av.open(str(source)) as src, av.open(str(target), "w") as out:
        video = src.streams.video[0]
        stream = out.add_stream("libvpx-vp9", rate=video.average_rate)
        stream.width, stream.height, stream.pix_fmt = video.width, video.height, "yuv420p"
        stream.options = {"deadline": "realtime", "cpu-used": "8", "g": "60", "crf": "32", "b": "0"}
        for frame in src.decode(video):
            frame.pict_type = av.video.frame.PictureType.NONE
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return target


def test_vp9_webm_gives_one_frame_per_state_on_the_fast_path(clip, tmp_path: Path) -> None:
    """VP9 GOPs are decoded with frame threads (FRAME_THREADED): same states as the H.264 file."""
    media = clip("builds_gop2")
    webm = _to_vp9_webm(media.path, tmp_path / "builds.webm")
    times = run_slides(webm, tmp_path / "frames", "fast")
    match_changes(times[1:], media.changes, late_s=FAST_LATE_S)
    assert len(times) == len(media.changes) + 1


@pytest.mark.parametrize("mode", MODES)
def test_a_video_shorter_than_settle_s_still_gets_its_frame(tmp_path: Path, mode: str) -> None:
    """Four frames (0.27 s): no picture can hold still for `settle_s`, yet the video has one
    picture to show (it had none before)."""
    path = tmp_path / "short.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 320, 184, "yuv420p"
        for n in range(4):
            image = np.full((184, 320, 3), 230, np.uint8)
            image[40:60, 40:200] = 30  # a title
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, 15)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    times = run_slides(path, tmp_path / "frames", mode)
    assert len(times) == 1


def test_a_pointer_sized_build_without_a_burst_is_seen_while_a_region_plays(
    clip, tmp_path: Path
) -> None:
    """A one-letter build, pointer-sized, appears while a webcam plays: its packets cost no
    more than the webcam's noise (no burst), so the keyframe after it differs from the one
    before only by something the size of the pointer. Packet sizes can't vouch that it was the
    pointer while a region plays: the GOP is decoded and the letter's state found, though the
    next slide comes before a later keyframe could show that it stayed."""
    media = clip("small_build_before_a_slide")
    result, log = _one_frame_per_change_logged(media, tmp_path)
    gop = next(why for t, event, why in log if event == "gop" and t == 4.0)
    assert "small" in gop and "decode" in gop, log
    letter = result.frames[1].time_s  # (a decoded picture, timed before the next slide began)
    assert media.changes[0] <= letter < media.changes[1], letter
    exact = run_slides(media.path, tmp_path / "exact", "full")
    match_changes(exact[1:], media.changes)
    assert len(exact) == len(media.changes) + 1
