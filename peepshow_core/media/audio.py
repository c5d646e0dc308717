"""Decode a media file's first audio track to 16 kHz mono float32 with PyAV (no ffmpeg CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peepshow_core.contract.errors import BadInputError, NoInputError, PeepshowError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000
EARLY_END_TOLERANCE_S = 0.5  # decoded audio shorter than the declared duration by more → warning


class NoAudioTrackError(PeepshowError):
    """No audio stream, or no decodable audio: an outcome of the run, not a failure."""


@dataclass
class DecodedAudio:
    samples: np.ndarray  # float32, mono, SAMPLE_RATE Hz, shape (n,)
    start_s: float  # where the first sample sits relative to the media start
    warnings: list[str] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def has_audio_track(media: Path) -> bool:
    """True when the container has at least one audio stream (raises NoInputError/BadInputError)."""
    with _open(media) as container:
        return bool(container.streams.audio)


def decode_audio(media: Path) -> DecodedAudio:
    """Decode and resample the first audio track, streaming through `av.AudioResampler`.

    Raises NoAudioTrackError when there is no audio stream or nothing decodes. When decoding breaks
    part-way (a corrupt or truncated file) the audio decoded so far is kept and a warning says where
    it stopped.
    """
    import av
    import numpy as np

    chunks: list[np.ndarray] = []
    warnings: list[str] = []
    first_time: float | None = None
    with _open(media) as container:
        if not container.streams.audio:
            raise NoAudioTrackError(f"{media.name} has no audio track")
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        bad_packets = 0
        try:
            for packet in container.demux(stream):
                try:
                    frames = packet.decode()
                except av.error.FFmpegError:
                    bad_packets += 1
                    continue
                for frame in frames:
                    if first_time is None and frame.time is not None:
                        first_time = float(frame.time)
                    for out in resampler.resample(frame):
                        chunks.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as exc:
            decoded_s = sum(len(c) for c in chunks) / SAMPLE_RATE
            warnings.append(
                f"audio decoding stopped after {decoded_s:.1f} s ({exc.strerror or exc}); "
                "the transcript covers only that part"
            )
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
        if bad_packets:
            warnings.append(f"skipped {bad_packets} undecodable audio packet(s)")
        media_start = container.start_time / av.time_base if container.start_time else 0.0
        declared_s = _declared_duration(container, stream)

    decoded_s = sum(len(c) for c in chunks) / SAMPLE_RATE
    if declared_s is not None and not warnings and decoded_s < declared_s - EARLY_END_TOLERANCE_S:
        warnings.append(
            f"audio track ends early: decoded {decoded_s:.1f} s of {declared_s:.1f} s "
            "(damaged or truncated file?); the transcript covers only that part"
        )

    samples = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else None
    if samples is None or samples.size == 0:
        raise NoAudioTrackError(f"the audio track of {media.name} has no decodable samples")
    start_s = max(0.0, (first_time or 0.0) - media_start)
    return DecodedAudio(samples=samples, start_s=start_s, warnings=warnings)


def _declared_duration(container: Any, stream: Any) -> float | None:
    """The audio stream's duration from the headers; the container's only when it is audio-only."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None and not container.streams.video:
        return float(container.duration) / 1_000_000
    return None


def _open(media: Path) -> Any:
    import av

    if not media.exists():
        raise NoInputError(f"{media}: no such file")
    if media.is_dir():
        raise NoInputError(f"{media}: is a directory")
    try:
        return av.open(str(media), metadata_errors="ignore")
    except PermissionError as exc:
        raise NoInputError(f"{media}: not readable") from exc
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{media.name}: not a readable media file ({exc})") from exc
