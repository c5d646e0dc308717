"""`scenes`, `keyframes` and `interval` strategies on generated videos."""

from __future__ import annotations

from pathlib import Path

from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from tests.support.frames import keyframe_count, match_changes


def test_scenes_finds_the_hard_cuts(clip, tmp_path: Path) -> None:
    media = clip("scenes")
    result = extract_frames(media.path, FrameOptions(strategy="scenes"), tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert times[0] == 0.0
    match_changes(times[1:], media.changes, late_s=0.1)  # the cut frame itself
    assert len(times) == len(media.changes) + 1
    assert result.params["threshold"] == 27.0 and result.params["min_scene_s"] == 0.6


def test_scenes_min_scene_length_merges_close_cuts(clip, tmp_path: Path) -> None:
    media = clip("scenes")  # cuts at 2.0, 4.6, 7.0, 9.0; no cut within 2.5 s of the last one
    options = FrameOptions(strategy="scenes", min_scene_s=2.5)
    times = [f.time_s for f in extract_frames(media.path, options, tmp_path / "f").frames]
    match_changes(times[1:], (4.6, 9.0), late_s=0.1)
    assert len(times) == 3


def test_scenes_ignores_slide_builds_below_threshold(clip, tmp_path: Path) -> None:
    media = clip("builds")  # text-only changes score far below 27
    result = extract_frames(media.path, FrameOptions(strategy="scenes"), tmp_path / "f")
    assert [f.time_s for f in result.frames] == [0.0]


def test_keyframes_decodes_only_keyframes(clip, tmp_path: Path) -> None:
    media = clip("short_gop")
    keys, total = keyframe_count(media.path)
    assert 1 < keys < total // 5
    result = extract_frames(media.path, FrameOptions(strategy="keyframes"), tmp_path / "f")
    assert result.params["decoded_frames"] == keys
    assert result.params["duplicates_dropped"] == keys - len(result.frames)
    assert len(result.frames) >= 8  # a new slide every second, a keyframe at least every second


def test_interval_seeks_and_hits_the_times(clip, tmp_path: Path) -> None:
    media = clip("short_gop")  # 16 s, a new slide every 1 s, GOP of 1 s
    options = FrameOptions(strategy="interval", interval_s=3.0)
    result = extract_frames(media.path, options, tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert len(times) == 6
    for got, want in zip(times, [0.0, 3.0, 6.0, 9.0, 12.0, 15.0], strict=True):
        assert abs(got - want) <= 1 / 15 + 1e-6
    _, total = keyframe_count(media.path)
    assert result.params["seeks"] >= 5
    assert result.params["decoded_frames"] < total / 2, "seeking skips most frames"


def test_interval_beyond_the_end_gives_one_frame(clip, tmp_path: Path) -> None:
    media = clip("short_gop")
    result = extract_frames(media.path, FrameOptions(strategy="interval", interval_s=60), tmp_path)
    assert [f.time_s for f in result.frames] == [0.0]


def test_keyframes_on_an_intact_long_gop_file_does_not_warn(clip, tmp_path: Path) -> None:
    media = clip("long_gop")  # its last keyframe lies seconds before the end of the file
    keys, _ = keyframe_count(media.path)
    result = extract_frames(media.path, FrameOptions(strategy="keyframes"), tmp_path / "f")
    assert result.params["decoded_frames"] == keys
    assert result.warnings == [], "an intact file does not 'end early' at its last keyframe"
