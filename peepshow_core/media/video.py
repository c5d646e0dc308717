"""Opening a video with PyAV and walking its frames; mid-file corruption becomes a warning."""

from __future__ import annotations

import heapq
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, NamedTuple

import av
import av.container
import numpy as np
from av.video.reformatter import VideoReformatter

from peepshow_core.contract.errors import BadInputError

SkipFrame = Literal["NONE", "DEFAULT", "NONREF", "BIDIR", "NONINTRA", "NONKEY", "ALL"]
AV_ERRORS = (av.error.FFmpegError, ValueError, OSError)
PROBE_PACKETS = 64  # packets read for a first picture (a decoder with B-frames holds a few)
ASPECT_LIMIT = 4.0  # a pixel aspect further from square than this (either way) is taken as broken


class Display(NamedTuple):
    """How a player shows the stored picture: turned `turns` quarter turns counter-clockwise
    (the display matrix: a phone's portrait or upside-down recording), each stored pixel
    `aspect` times as wide as it is tall (the sample aspect ratio: HDV's 1440x1080 is shown
    1920 wide)."""

    turns: int = 0
    aspect: float = 1.0

    def size(self, width: int, height: int) -> tuple[int, int]:
        """The (width, height) a player shows a stored `width` x `height` picture at."""
        if self.aspect != 1.0:
            width = max(2, round(width * self.aspect))
        return (height, width) if self.turns % 2 else (width, height)

    def stored(self, width: int, height: int) -> tuple[int, int]:
        """The stored picture's (width, height) scaled to a shown size: turned back."""
        return (height, width) if self.turns % 2 else (width, height)

    def show(self, rgb: np.ndarray) -> np.ndarray:
        """`rgb` (height x width x channels, scaled to the shown size) turned upright."""
        return np.ascontiguousarray(np.rot90(rgb, self.turns)) if self.turns else rgb


@dataclass
class Video:
    """An open input container and its first video stream, plus the facts every strategy needs."""

    container: av.container.InputContainer
    stream: av.VideoStream
    path: Path
    start_pts: int
    duration_s: float | None
    warnings: list[str] = field(default_factory=list)
    tb_float: float = 0.0
    display: Display = field(default_factory=Display)  # how a player shows it (`open_video`)
    untimed: bool = False  # its packets carry no timestamps: they are counted (`packets`)
    offset_s: float = 0.0  # where its timeline (`seconds`) starts on the player's (`late_start_s`)
    read_s: float = 0.0  # when the pictures of the packets read by `packets` leave the screen, as
    # the file states it (`ends`: the stream's end once all are read)

    def __post_init__(self) -> None:
        self.tb_float = float(self.time_base)

    @property
    def width(self) -> int:
        return int(self.stream.codec_context.width)

    @property
    def height(self) -> int:
        return int(self.stream.codec_context.height)

    @property
    def fps(self) -> float:
        if self.untimed:
            rate = untimed_rate(self.stream)
        else:
            rate = self.stream.average_rate or self.stream.guessed_rate
        return float(rate) if rate else 25.0

    @property
    def grid_fps(self) -> float:
        """The rate of the frame grid: a variable frame rate's finest spacing (its average rate
        is lower: it writes fewer frames while the picture holds still); else `fps`."""
        rate = self.stream.guessed_rate
        return max(float(rate), self.fps) if rate else self.fps

    @property
    def time_base(self) -> Fraction:
        return self.stream.time_base or Fraction(1, 90000)

    def seconds(self, pts: int | None) -> float:
        if pts is None:
            return 0.0
        return max(0.0, (pts - self.start_pts) * self.tb_float)

    def ends(self, shown: av.Packet | av.VideoFrame) -> float:
        """When a packet's or a frame's picture leaves the screen, if the file says (its
        duration: a recorder writing frames only on change states how long a still one stays)."""
        return self.seconds(shown.pts) + (shown.duration or 0) * self.tb_float

    def packets(self) -> Iterator[av.Packet]:
        """The stream's packets in file order. An untimed stream's (a raw H.264 or HEVC
        elementary stream, as a Raspberry Pi or an IP camera writes it) are timed by counting,
        the n-th at n frames of its rate: in decoding order, so a picture shown before the
        one decoded ahead of it (a B-frame) is timed up to the reordering depth late."""
        step = 1.0 / (self.fps * self.tb_float)
        count = 0
        self.read_s = 0.0
        for packet in self.container.demux(self.stream):
            if self.untimed and packet.size:
                if packet.pts is None and packet.dts is None:
                    packet.pts = packet.dts = self.start_pts + round(count * step)
                count += 1
            if packet.pts is not None:
                self.read_s = max(self.read_s, self.ends(packet))
            yield packet

    def decoded(self) -> Iterator[av.VideoFrame]:
        """The stream's frames from where the container stands (timed as `packets`)."""
        order = ShownOrder(self)
        for packet in self.packets():
            yield from order.decode(self.stream.codec_context, packet)

    def pts_at(self, seconds: float) -> int:
        return self.start_pts + int(seconds / float(self.time_base))

    def rewind(self) -> None:
        """Back to the first packet, by opening the file again: a seek to the start lands past
        the first keyframe in a format without an index (MPEG-TS: a recording's first
        picture lost)."""
        thread_type = self.stream.thread_type
        self.container.close()
        try:
            container = av.open(str(self.path))
        except AV_ERRORS as exc:  # (removed or replaced since it was opened)
            raise BadInputError(f"cannot read {self.path.name} again: {_reason(exc)}") from None
        stream = main_video(container)
        if stream is None:  # (replaced by a file without video: closed, not kept)
            container.close()
            raise BadInputError(f"cannot read {self.path.name} again: it has no video now")
        self.container, self.stream = container, stream
        self.stream.thread_type = thread_type


class ShownOrder:
    """An untimed stream's packets go into a decoder in decoding order and its frames come out
    in the order they are shown: the k-th frame out gets the k-th earliest of the counted times
    gone in (a B-frame, shown before the frame decoded ahead of it, its own time, not its
    packet's). When frames are skipped (`skip_frame`), each keeps its packet's time: right
    for a keyframe, which starts a closed GOP."""

    def __init__(self, video: Video, skipping: bool = False) -> None:
        self.on = video.untimed and not skipping
        self.times: list[int] = []

    def decode(self, decoder: Any, packet: av.Packet | None) -> Iterator[av.VideoFrame]:
        """`decoder.decode(packet)`, the frames timed ("decoder": a video CodecContext)."""
        if self.on and packet is not None and packet.pts is not None:
            heapq.heappush(self.times, packet.pts)
        for frame in decoder.decode(packet):
            if self.on and self.times:
                frame.pts = heapq.heappop(self.times)
            yield frame


@contextmanager
def open_video(path: Path, threads: bool = False) -> Iterator[Video | None]:
    """Open `path`; yields None when there is no video stream; BadInputError if unreadable."""
    try:
        container = av.open(str(path))
    except AV_ERRORS as exc:
        raise BadInputError(f"cannot read {path.name} as a video: {_reason(exc)}") from None
    video: Video | None = None
    try:
        stream = main_video(container)
        if stream is None:
            yield None
            return
        if threads:
            stream.thread_type = "AUTO"
        start = stream.start_time if stream.start_time is not None else 0
        offset = late_start_s(container, stream)
        duration = None
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000 - offset
        display = Display(_turns(path), pixel_aspect(stream))
        counted = counted_seconds(path) if duration is None else None
        untimed = counted is not None
        video = Video(container, stream, Path(path), start, counted if untimed else duration)
        video.display, video.untimed, video.offset_s = display, untimed, offset
        yield video
    finally:
        (video.container if video is not None else container).close()  # (`rewind` reopens)


def late_start_s(container: av.container.InputContainer, stream: av.VideoStream) -> float:
    """How long after the player's timeline starts (at the earliest stream's start) the video
    starts: a recording whose screen capture began after its sound shows its first picture
    that late, and its frames are timed so, as the transcript is."""
    if stream.start_time is None or not stream.time_base or container.start_time is None:
        return 0.0
    late = float(stream.start_time * stream.time_base) - container.start_time / 1_000_000
    return max(0.0, late)


def _turns(path: Path) -> int:
    """`display_turns`, read through a container of its own (the caller's stays at the start)."""
    try:
        with av.open(str(path)) as container:
            stream = main_video(container)
            return display_turns(container, stream) if stream is not None else 0
    except AV_ERRORS:
        return 0


def main_video(container: av.container.InputContainer) -> av.VideoStream | None:
    """The video stream a player shows, among those with a picture size: FFmpeg's choice
    (`av_find_best_stream`, as ffmpeg and ffplay make it), which passes over a cover picture
    or a one-picture track stored ahead of the recording."""
    streams = [s for s in container.streams.video if s.codec_context.width]
    if not streams:
        return None
    best = container.streams.best("video")
    return best if best in streams else streams[0]


def counted_seconds(path: Path) -> float | None:
    """How long an untimed video stream runs: its packets counted at its frame rate; None when
    its first packet has a timestamp (or there is none), as in every container but a raw
    elementary stream's, which says no duration either."""
    try:
        with av.open(str(path)) as container:
            stream = main_video(container)
            if stream is None:
                return None
            count = 0
            for packet in container.demux(stream):
                if not packet.size:
                    continue
                if count == 0 and (packet.pts is not None or packet.dts is not None):
                    return None
                count += 1
    except AV_ERRORS:
        return None
    rate = untimed_rate(stream)
    return count / float(rate) if count and rate else None


def untimed_rate(stream: av.VideoStream) -> Fraction | None:
    """An untimed stream's frame rate, as its codec says it (H.264's and HEVC's timing info);
    a raw stream's demuxer reports 25 fps whatever it holds."""
    rate = stream.codec_context.framerate or stream.guessed_rate or stream.average_rate
    return Fraction(rate) if rate else None


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).strip().splitlines()[0]


def decoding_failed(video: Video, exc: BaseException, last_s: float, decoded: int) -> None:
    """Record a mid-file failure as a warning; raise BadInputError when nothing decoded at all."""
    if decoded == 0:
        raise BadInputError(f"cannot decode the video in {video.path.name}: {_reason(exc)}")
    video.warnings.append(f"video decoding stopped at {last_s:.1f} s: {_reason(exc)}")


def check_complete(video: Video, last_s: float, decoded: int) -> None:
    """Warn when decoding ended well before the container's announced duration (truncated)."""
    if decoded == 0:
        raise BadInputError(f"no video frame could be decoded from {video.path.name}")
    if video.duration_s is None or any("decoding stopped" in w for w in video.warnings):
        return
    frame_s = 1.0 / video.fps
    if last_s + frame_s < video.duration_s - max(1.0, 0.05 * video.duration_s):
        video.warnings.append(
            f"video decoding stopped at {last_s:.1f} s: file ends early "
            f"(the container says {video.duration_s:.1f} s)"
        )


def frames(video: Video, skip: SkipFrame | None = None) -> Iterator[av.VideoFrame]:
    """Every decoded frame in order; a failure mid-file ends the walk with a warning.

    Whether the file is complete is judged from the last packet read, not the last frame
    decoded: with `skip` (keyframes only) the last frame is the last keyframe, often long
    before the end of an intact file. A file cut by copying packets (`ffmpeg -ss 4 -c copy`)
    starts at the keyframe before the cut, its pictures up to the cut flagged to be dropped,
    that keyframe's too: skipping starts once the first picture shown came out (from then on,
    only keyframes' pictures are yielded)."""
    codec = video.stream.codec_context
    skipping: SkipFrame = skip or "DEFAULT"
    leading = False  # (decoding every frame up to the first picture shown)
    decoded, last_s = 0, 0.0
    order = ShownOrder(video, skipping=bool(skip))
    try:
        for packet in video.packets():
            if skip and not decoded and not leading:
                leading = packet.is_keyframe and packet.is_discard
                codec.skip_frame = "DEFAULT" if leading else skip
            for frame in order.decode(codec, packet):
                if leading and decoded:  # (frames decoded ahead of the switch)
                    if not frame.key_frame:
                        continue
                elif leading:
                    codec.skip_frame = skipping
                decoded += 1
                last_s = video.seconds(frame.pts)
                yield frame
    except AV_ERRORS as exc:
        decoding_failed(video, exc, last_s, decoded)
    check_complete(video, max(last_s, video.read_s), decoded)


_REFORMATTERS = threading.local()  # scalers per thread and picture format, kept frame to frame


def gray(frame: av.VideoFrame, size: tuple[int, int]) -> np.ndarray:
    """A small grayscale (luma) image; single-threaded swscale is fastest for tiny outputs."""
    return scaled(frame, size, "gray", "AREA")


def scaled(
    frame: av.VideoFrame, size: tuple[int, int], pixels: str, interpolation: str | None = None
) -> np.ndarray:
    """`frame` as a `pixels` image of `size` (width, height), by a scaler kept per thread and
    format: a frame's own `to_ndarray` sets one up for every frame (2.8x the time at 360p,
    1.5x at 1080p, the same picture)."""
    kept: dict[str, VideoReformatter] | None = getattr(_REFORMATTERS, "by_format", None)
    if kept is None:
        kept = _REFORMATTERS.by_format = {}
    reformatter = kept.get(pixels) or kept.setdefault(pixels, VideoReformatter())
    width, height = size
    small = reformatter.reformat(
        frame, format=pixels, width=width, height=height, interpolation=interpolation, threads=1
    )
    return small.to_ndarray()


def display_turns(container: av.container.InputContainer, stream: av.VideoStream) -> int:
    """How many quarter turns counter-clockwise a player turns the video to show it upright,
    0-3: phones store a portrait or upside-down recording unturned and say so in its display
    matrix, which PyAV reads from a frame decoded by the stream's own decoder (a bare
    `CodecContext` never sees it). 0 when no picture decodes from the first `PROBE_PACKETS`
    packets; reads from `container`, which is left past them."""
    try:
        for count, packet in enumerate(container.demux(stream)):
            for frame in packet.decode():
                return round((getattr(frame, "rotation", 0) or 0) / 90) % 4
            if count >= PROBE_PACKETS:
                break
    except AV_ERRORS:
        pass
    return 0


def pixel_aspect(stream: av.VideoStream) -> float:
    """How many times as wide as tall a stored pixel is shown (the sample aspect ratio); 1 when
    unknown, or beyond `ASPECT_LIMIT` either way (a broken header)."""
    sar = stream.sample_aspect_ratio or stream.codec_context.sample_aspect_ratio
    aspect = float(sar) if sar else 1.0
    return aspect if 1 / ASPECT_LIMIT <= aspect <= ASPECT_LIMIT else 1.0
