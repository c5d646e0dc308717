"""What every strategy shares: duplicates, max_frames, image files, broken and odd inputs."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from peepshow_core.contract.errors import BadInputError, ExitCode, OutputError
from peepshow_core.contract.vocab import ImageFormat
from peepshow_core.frames.diff import BlockRule, is_blank
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.select import extract_frames


@pytest.mark.parametrize("strategy", ["interval", "keyframes", "slides"])
def test_same_slide_twice_in_a_row_is_kept_once(clip, tmp_path: Path, strategy: str) -> None:
    media = clip("repeat")  # slide 1 (0-2 s), slide 2 (2-4 s), slide 2 again (4-6 s), slide 3
    options = FrameOptions(strategy=strategy, interval_s=1.0)
    result = extract_frames(media.path, options, tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert len(times) == 3, times
    assert times[0] < 2.0 <= times[1] < 4.0 and times[2] >= 6.0
    if strategy != "slides":
        assert result.params["duplicates_dropped"] > 0


def test_max_frames_keeps_the_most_distinct_in_time_order(clip, tmp_path: Path) -> None:
    media = clip("distinct")  # slide 1, +1 bullet, slide 2 (5 bullets), +1 bullet, slide 3 (empty)
    full = extract_frames(media.path, FrameOptions(slides_mode="full"), tmp_path / "all")
    assert len(full.frames) == 5
    capped = extract_frames(
        media.path, FrameOptions(slides_mode="full", max_frames=3), tmp_path / "capped"
    )
    times = [f.time_s for f in capped.frames]
    # the two one-bullet builds are the least distinct and go; the big slide changes stay
    assert times == [full.frames[i].time_s for i in (0, 2, 4)]
    assert [f.index for f in capped.frames] == [0, 1, 2]
    assert capped.frames[1].score > full.frames[1].score
    assert sorted(p.name for p in (tmp_path / "capped").iterdir()) == sorted(
        f.path.name for f in capped.frames
    ), "dropped candidates leave no files behind"


@pytest.mark.parametrize(
    ("fmt", "magic"), [("jpeg", b"\xff\xd8"), ("png", b"\x89PNG"), ("webp", b"RIFF")]
)
def test_image_format_width_and_names(clip, tmp_path: Path, fmt: str, magic: bytes) -> None:
    media = clip("plain")  # 640x360
    options = FrameOptions(slides_mode="full", image_format=fmt, max_width=320, max_frames=2)
    result = extract_frames(media.path, options, tmp_path / "f")
    ext = {"jpeg": "jpg", "png": "png", "webp": "webp"}[fmt]
    for record in result.frames:
        assert record.path.read_bytes()[:4].startswith(magic)
        assert record.path.suffix == f".{ext}"
        with Image.open(record.path) as image:
            assert image.size == (320, 180) == (record.width, record.height)
        minutes, seconds = divmod(record.time_s, 60)
        assert (
            record.path.name
            == f"frame-{record.index + 1:04d}-{int(minutes):02d}m{seconds:05.2f}s.{ext}"
        )


def test_small_videos_are_not_upscaled(clip, tmp_path: Path) -> None:
    media = clip("plain")
    result = extract_frames(media.path, FrameOptions(slides_mode="full", max_frames=1), tmp_path)
    assert (result.frames[0].width, result.frames[0].height) == (640, 360)


def test_quality_changes_jpeg_size(clip, tmp_path: Path) -> None:
    media = clip("plain")
    sizes = []
    for quality in (20, 95):
        options = FrameOptions(slides_mode="full", max_frames=1, quality=quality)
        result = extract_frames(media.path, options, tmp_path / str(quality))
        sizes.append(result.frames[0].path.stat().st_size)
    assert sizes[0] < sizes[1]


@pytest.mark.parametrize(
    ("strategy", "mode"),
    [
        ("slides", "full"),
        ("slides", "fast"),
        ("scenes", "-"),
        ("keyframes", "-"),
        ("interval", "-"),
    ],
)
def test_truncated_file_keeps_the_decoded_part(
    clip, tmp_path: Path, strategy: str, mode: str
) -> None:
    media = clip("plain")  # 24 s; changes every 4 s
    data = media.path.read_bytes()
    # moov first so the truncated file still opens, then cut the media data in half
    broken = tmp_path / "broken.mp4"
    _faststart_copy(media.path, broken)
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    slides_mode = mode if mode != "-" else "auto"
    options = FrameOptions(strategy=strategy, slides_mode=slides_mode, interval_s=2.0)
    result = extract_frames(broken, options, tmp_path / "f")
    assert result.frames, "what decoded is kept"
    assert len(result.warnings) == 1 and result.warnings[0].startswith("video decoding stopped at")
    last = max(f.time_s for f in result.frames)
    assert last < 20.0


def _faststart_copy(src: Path, dst: Path) -> None:
    import av

    with av.open(str(src)) as inp, av.open(str(dst), "w", options={"movflags": "faststart"}) as out:
        stream = out.add_stream_from_template(inp.streams.video[0])
        for packet in inp.demux(inp.streams.video[0]):
            if packet.dts is None:
                continue
            packet.stream = stream
            out.mux(packet)


def test_not_a_video_raises_bad_input(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video" * 100)
    with pytest.raises(BadInputError) as info:
        extract_frames(junk, FrameOptions(), tmp_path / "f")
    assert "\n" not in info.value.message and "junk.mp4" in info.value.message


def test_audio_only_file_gives_no_frames(tmp_path: Path) -> None:
    audio = tmp_path / "tone.wav"
    with wave.open(str(audio), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x01" * 16000)
    result = extract_frames(audio, FrameOptions(), tmp_path / "f")
    assert result.frames == [] and result.warnings == []


def test_unknown_options_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown strategy"):
        extract_frames(tmp_path / "x.mp4", FrameOptions(strategy="magic"), tmp_path)
    with pytest.raises(ValueError, match="image format"):
        extract_frames(tmp_path / "x.mp4", FrameOptions(image_format="gif"), tmp_path)


def test_a_failed_image_write_fails_the_run_and_leaves_nothing_behind(
    clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    media = clip("builds")
    threads = threading.active_count()
    saved: list[Path] = []

    def disk_full_after_two(image: Image.Image, path: Path, *args: object, **kw: object) -> None:
        if len(saved) >= 2:
            raise OSError(28, "No space left on device")
        saved.append(Path(path))
        Path(path).write_bytes(b"partial")

    monkeypatch.setattr(Image.Image, "save", disk_full_after_two)
    out = tmp_path / "f"
    # not mistaken for a broken video (PyAV reports those as OSError too), nor swallowed
    with pytest.raises(OutputError, match=r"cannot write frame images to .*No space left") as err:
        extract_frames(media.path, FrameOptions(strategy="slides"), out)
    assert err.value.code == ExitCode.CONFIG
    assert len(saved) == 2 and list(out.iterdir()) == [], "written candidates are removed"
    assert threading.active_count() == threads, "the writer thread is gone"


def test_a_file_that_breaks_mid_way_keeps_every_state_shown_before_the_gop_it_broke_in(
    clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path plans a GOP once the one after it is read too: when decoding fails (here:
    at the keyframe at 14.9 s), the complete GOP still waiting (11.2-13.1 s, a build at 12 s)
    is planned without it, and only the GOP being read (13.1-14.9 s) is lost."""
    import av

    from peepshow_core.frames.slides.fast import FastSlides
    from tests.support.frames import FAST_LATE_S, match_changes

    media = clip("builds_gop2")  # 27 s, a keyframe every 2 s, a new state every 3 s
    decode_key = FastSlides._decode_key

    def failing(self, packet):  # type: ignore[no-untyped-def]
        if packet.pts is not None and self.video.seconds(packet.pts) >= 14.0:
            raise av.error.InvalidDataError(1094995529, "Invalid data found when processing input")
        return decode_key(self, packet)

    monkeypatch.setattr(FastSlides, "_decode_key", failing)
    result = extract_frames(media.path, FrameOptions(slides_mode="fast"), tmp_path / "f")
    assert result.warnings[0].startswith("video decoding stopped at")
    shown = tuple(t for t in media.changes if t < 13.0)
    assert len(shown) == 4
    match_changes([f.time_s for f in result.frames][1:], shown, FAST_LATE_S)


def test_a_fault_of_the_analysis_is_no_damaged_file(
    clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault in what is done with the decoded pictures (a ValueError, as numpy raises one
    on arrays of the wrong shapes) is raised as the fault it is, for the front end's internal
    error, not taken for a file whose decoding stopped there with the frames found so far."""
    from peepshow_core.frames.slides.route import Route

    media = clip("builds_gop2")
    feed = Route.feed

    def faulty(self, t, img, frame):  # type: ignore[no-untyped-def]
        if t >= 14.0:
            raise ValueError("operands could not be broadcast together")
        return feed(self, t, img, frame)

    monkeypatch.setattr(Route, "feed", faulty)
    with pytest.raises(ValueError, match="broadcast"):
        extract_frames(media.path, FrameOptions(slides_mode="fast"), tmp_path / "f")
    assert not list((tmp_path / "f").glob("*.jpg")), "no frames left behind"


def test_a_withdrawn_candidate_is_neither_written_nor_left_behind(tmp_path: Path) -> None:
    """A state the tracker withdrew (it was the pointer) is no frame, and its file is gone."""
    sink = FrameSink(tmp_path, ImageFormat.jpeg, 320, 80, BlockRule())
    for n, level in enumerate((40, 120, 200)):
        img = np.full((64, 96), level, np.uint8)
        sink.offer(av.VideoFrame.from_ndarray(img, "gray"), float(n), img, dedup=False)
    sink.withdraw([1.0])
    records = sink.finish(None)
    assert [r.time_s for r in records] == [0.0, 2.0]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(r.path.name for r in records)


def _bars(seed: int) -> np.ndarray:
    img = np.full((180, 320), 235, np.uint8)
    rng = np.random.default_rng(seed)
    for row in range(20, 160, 20):
        img[row : row + 6, 20 : 20 + int(rng.integers(60, 280))] = 40
    return img


def _black_framed(path: Path, fps: int = 10) -> Path:
    """2 s of black, a slide (2-7 s), another (7-12 s), a 1-s fade to black, black to 16 s:
    a recording as editors and recorders start and end it."""
    a, b, black = _bars(1), _bars(2), np.full((180, 320), 16, np.uint8)

    def picture(t: float) -> np.ndarray:
        if t < 2:
            return black
        if t < 12:
            return a if t < 7 else b
        if t < 13:
            return (b * (13 - t) + black * (t - 12)).astype(np.uint8)
        return black

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        for n in range(16 * fps):
            grey = picture(n / fps)
            frame = av.VideoFrame.from_ndarray(np.stack([grey] * 3, axis=-1), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def test_blank_is_a_picture_spanning_few_grey_levels() -> None:
    """Pinned both ways: an encoder's noise on black is blank, the faintest text is not."""
    rng = np.random.default_rng(0)
    noisy = np.clip(16 + rng.integers(-8, 9, (180, 320)), 0, 255).astype(np.uint8)
    assert is_blank(noisy) and is_blank(np.full((180, 320), 235, np.uint8))
    faint = np.full((180, 320), 16, np.uint8)
    faint[80:83, 100:200] = 16 + 36  # dim grey text on black
    assert not is_blank(faint)
    dot = np.full((180, 320), 235, np.uint8)
    dot[90:92, 160:163] = 120  # one short word, far away, at the analysis size
    assert not is_blank(dot)


@pytest.mark.parametrize(
    ("strategy", "mode"), [("auto", "auto"), ("auto", "full"), ("interval", "auto")]
)
def test_a_black_opening_and_end_get_no_frame(tmp_path: Path, strategy: str, mode: str) -> None:
    video = _black_framed(tmp_path / "talk.mp4")
    options = FrameOptions(strategy=strategy, slides_mode=mode, interval_s=1.0)
    result = extract_frames(video, options, tmp_path / "f")
    times = [f.time_s for f in result.frames]
    assert times and all(2.0 <= t < 13.0 for t in times), times
    assert result.params["blank_dropped"] >= 2, result.params
    if strategy == "auto":
        assert len(times) == 2 and times[0] < 7.0 <= times[1], times


def test_a_video_with_nothing_to_see_still_gets_a_frame(tmp_path: Path) -> None:
    path = tmp_path / "black.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        for _ in range(30):
            black = np.zeros((180, 320, 3), np.uint8)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(black, format="rgb24")))
        out.mux(stream.encode(None))
    result = extract_frames(path, FrameOptions(), tmp_path / "f")
    assert len(result.frames) == 1 and result.params["blank_dropped"] == 0
