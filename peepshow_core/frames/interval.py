"""`interval`: one frame every `interval_s` seconds, reached by seeking rather than decoding it all.

A demux pass (no decoding) lists the keyframes. For each target time we seek to the keyframe at or
before it, unless the decoder is already past that keyframe, then decode forward to the target.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from typing import Any

from peepshow_core.contract.errors import BadInputError
from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.media.video import AV_ERRORS, Video, decoding_failed, gray

SEEK_RETRIES = 2  # seeks made again from an earlier keyframe before decoding from the start


def keyframe_times(video: Video) -> tuple[list[float], float]:
    """Times of the keyframes and of the last packet, from packet headers only; no keyframe of
    an untimed stream (a seek cannot find its times: it is decoded from the start)."""
    keys: list[float] = []
    last = 0.0
    try:
        for packet in video.packets():
            if packet.pts is None:
                continue
            t = video.seconds(packet.pts)
            last = max(last, t)
            if packet.is_keyframe and not video.untimed:
                keys.append(t)
    except AV_ERRORS:
        pass  # the decode below reports where the file breaks
    video.rewind()
    return sorted(keys), last


def _from_key(video: Video, keys: list[float], k: int, until: float) -> Iterator[Any]:
    """The frames from keyframe `k` on, the first no later than `until`. In a format without
    an index (MPEG-TS) a seek can land past the keyframe, and decoding then starts at the next
    one: the seek is made again from the keyframe before (`SEEK_RETRIES` times, then from the
    start, which a seek never is: the file is opened again)."""
    retries = 0
    while True:
        if k <= 0 or retries > SEEK_RETRIES:
            k = 0
            video.rewind()
        else:
            video.container.seek(video.pts_at(keys[k]), stream=video.stream, backward=True)
        frames = video.decoded()
        first = next(frames, None)
        if first is None or k == 0 or video.seconds(first.pts) <= until:
            break
        k, retries = k - 1, retries + 1
    if first is not None:
        yield first
        yield from frames


def interval(
    video: Video, sink: FrameSink, interval_s: float, on_seconds: OnSeconds | None
) -> dict[str, Any]:
    size = analysis_size(video.width, video.height)
    keys, last_packet = keyframe_times(video)
    end = last_packet if video.duration_s is None else max(last_packet, video.duration_s)
    half_frame = 0.5 / video.fps
    decoded = seeks = taken = 0
    position = -1.0  # time of the last decoded frame
    frames_iter: Iterator[Any] | None = None
    shown: Any = None
    target = 0.0
    last_s = 0.0
    try:
        while target <= end + 1e-6:
            k = bisect.bisect_right(keys, target + half_frame) - 1
            key_t = keys[k] if k >= 0 else 0.0
            if frames_iter is None or key_t > position + half_frame:
                frames_iter = _from_key(video, keys, k, target + half_frame)
                shown = None  # (the frame on screen before the target, once decoded)
                seeks += 1
            frame = None
            for candidate in frames_iter:
                decoded += 1
                t = last_s = video.seconds(candidate.pts)
                if t > target + half_frame and shown is not None:  # the target fell in a
                    frames_iter = itertools.chain([candidate], frames_iter)  # pause (frames
                    frame, position = shown, target  # written only on change): the picture
                    break  # on screen then
                position = t
                if t >= target - half_frame:
                    frame = candidate
                    break
                shown = candidate
            if frame is None and shown is not None and target <= video.read_s:
                frame, position = shown, target  # (the last picture, on screen until the
                # stream's stated end)
            if frame is None:  # end of stream before the target
                if video.duration_s and target < video.duration_s - max(1.0, interval_s):
                    video.warnings.append(
                        f"video decoding stopped at {last_s:.1f} s: file ends early "
                        f"(the container says {video.duration_s:.1f} s)"
                    )
                break
            sink.offer(frame, position, gray(frame, size))
            taken += 1
            if on_seconds is not None:
                on_seconds(position)
            target += interval_s
            while target < position - half_frame:  # a gap in the stream: skip missed targets
                target += interval_s
    except AV_ERRORS as exc:
        decoding_failed(video, exc, last_s, decoded)
    if taken == 0 and decoded == 0:
        raise BadInputError(f"no video frame could be decoded from {video.path.name}")
    return {"interval_s": interval_s, "decoded_frames": decoded, "seeks": seeks}
