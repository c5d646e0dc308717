"""The fast path's keyframes: each decoded alone, and the first picture of a trimmed file."""

from __future__ import annotations

from typing import Any, NamedTuple

import av
import numpy as np

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.media.video import Video, gray

# VP9 decoding costs 2-3x H.264's at the same size: a GOP decoded with two frame threads took
# 0.71-0.97x the time of one with slice threads on the six VP9 recordings of the corpus and its
# extra tuning draw (H.264: 1.0-1.6x, HEVC: 0.94-1.19x, same frames everywhere)
FRAME_THREADED = frozenset({"vp9"})
FRAME_THREADS = 2


class Keyed(NamedTuple):
    time_s: float
    image: np.ndarray
    frame: av.VideoFrame
    size: int  # the keyframe's packet, in bytes


def gop_decoder(video: Video, threads: bool) -> Any:  # a video CodecContext (typed loosely)
    """A decoder of the stream's codec. A GOP is decoded in the worker thread with slice
    threads (frame threads fill and drain a pipeline per GOP, and compete with the analysis
    for the cores: slower on H.264 and HEVC), except for codecs whose decoding, not the
    analysis, is what the run waits for (`FRAME_THREADED`)."""
    template: Any = video.stream.codec_context
    ctx: Any = av.CodecContext.create(template.name, "r")
    if template.extradata:
        ctx.extradata = template.extradata
    # What the container says of the pictures: older codecs need it to decode (WMV 7 and 8
    # their size; QuickTime Animation, an old macOS screen recorder's, its bits per pixel).
    if template.width and template.height:
        ctx.width, ctx.height = template.width, template.height
    if template.bits_per_coded_sample:
        ctx.bits_per_coded_sample = template.bits_per_coded_sample
    if threads and template.name in FRAME_THREADED:
        ctx.thread_type, ctx.thread_count = "FRAME", FRAME_THREADS
    elif threads:
        ctx.thread_type = "SLICE"
    return ctx


class KeyReader:
    """Keyframes decoded alone, as the demux pass meets them (`count`: how many showed a
    picture)."""

    def __init__(self, video: Video, size: tuple[int, int], on_seconds: OnSeconds | None):
        self.video, self.size, self.on_seconds = video, size, on_seconds
        self.decoder = gop_decoder(video, threads=False)
        self.count = 0
        self.lead: tuple[list[av.Packet], Any] | None = None  # (`lead_in`: packets, decoder)

    def alone(self, packet: av.Packet) -> Keyed | None:
        """The keyframe `packet`'s picture; None when it shows none alone."""
        decoded = list(self.decoder.decode(packet)) + list(self.decoder.decode(None))
        self.decoder.flush_buffers()
        return self._keyed(decoded[-1], packet.size) if decoded else None

    def lead_in(self, packet: av.Packet) -> tuple[Keyed | None, list[av.Packet]]:
        """The first picture shown, when the first keyframe shows none alone: a file cut by
        copying packets (`ffmpeg -ss 4 -c copy`) starts at the keyframe before the cut, the
        pictures up to the cut flagged to be dropped, that keyframe's too. From it on, packets
        are decoded in turn until a picture comes out, which stands for the keyframe; the
        packets before this one (returned) open its GOP."""
        if packet.is_keyframe and self.lead is None:
            self.lead = ([], gop_decoder(self.video, threads=False))
        if self.lead is None:  # (no keyframe yet: nothing decodes)
            return None, []
        packets, decoder = self.lead
        decoded = list(decoder.decode(packet))
        if not decoded:
            packets.append(packet)
            return None, []
        self.lead = None
        return self._keyed(decoded[0], packet.size), packets

    def _keyed(self, frame: av.VideoFrame, size: int) -> Keyed:
        self.count += 1
        t = self.video.seconds(frame.pts)
        if self.on_seconds is not None:
            self.on_seconds(t)
        return Keyed(t, gray(frame, self.size), frame, size)
