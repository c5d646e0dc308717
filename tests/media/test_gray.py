"""Small images: one scaler kept per thread and format gives the picture a frame's own scaler
gives."""

from __future__ import annotations

import threading

import av
import numpy as np

from peepshow_core.media.video import gray, scaled


def _frame(width: int, height: int, seed: int) -> av.VideoFrame:
    rng = np.random.default_rng(seed)
    picture = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    return av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")


def _own(frame: av.VideoFrame, size: tuple[int, int]) -> np.ndarray:
    width, height = size
    return frame.to_ndarray(
        format="gray", width=width, height=height, interpolation="AREA", threads=1
    )


def test_frames_and_sizes_taking_turns_each_get_their_own_picture() -> None:
    """A scaler kept from frame to frame must follow a new source size (a stream changing
    resolution) and a new target size, and hand out pictures no later call overwrites."""
    cases = [((640, 360), (320, 184)), ((1280, 720), (320, 184)), ((640, 480), (160, 120))]
    frames = [(_frame(w, h, seed), size) for seed, ((w, h), size) in enumerate(cases * 3)]
    got = [gray(frame, size) for frame, size in frames]
    for picture, (frame, size) in zip(got, frames, strict=True):
        assert picture.shape == (size[1], size[0])
        assert np.array_equal(picture, _own(frame, size))


def test_threads_do_not_share_a_scaler() -> None:
    frames = [_frame(640, 360, seed) for seed in range(4)]
    expected = [_own(frame, (320, 184)) for frame in frames]
    results: dict[int, list[bool]] = {}

    def work(index: int) -> None:
        results[index] = [
            np.array_equal(gray(frame, (320, 184)), want)
            for _ in range(25)
            for frame, want in zip(frames, expected, strict=True)
        ]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(all(ok) for ok in results.values()) and len(results) == 3


def test_formats_taking_turns_each_get_their_own_picture() -> None:
    """The analysis's gray image and the scene score's colour one, made in turn in one thread."""
    frames = [_frame(640, 360, seed) for seed in range(3)]
    for frame in frames * 2:
        colour = scaled(frame, (160, 96), "rgb24")
        assert np.array_equal(colour, frame.to_ndarray(format="rgb24", width=160, height=96))
        assert np.array_equal(gray(frame, (320, 184)), _own(frame, (320, 184)))
