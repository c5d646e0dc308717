"""Check that the input is a readable media file and read its container and stream facts."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peepshow_core.contract.errors import BadInputError, NoInputError


@dataclass
class MediaInfo:
    path: Path
    video: dict[str, Any] | None  # codec, width, height, rotation, fps, duration_s
    audio: dict[str, Any] | None  # codec, sample_rate, channels, duration_s
    duration_s: float | None


def check_readable(path: Path) -> Path:
    """The path as an absolute path, or a NoInputError/BadInputError saying what is wrong."""
    try:
        return _check_readable(path)
    except PermissionError:
        raise NoInputError(f"cannot read {path}: permission denied") from None


def _check_readable(path: Path) -> Path:
    try:
        facts = path.stat()  # follows symlinks
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            raise NoInputError(f"{path} is a symlink to {target}, which does not exist") from None
        raise NoInputError(f"no such file: {path}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NoInputError(f"{path} is a symlink loop (it points back at itself)") from None
        raise NoInputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(facts.st_mode):
        raise NoInputError(f"{path} is a directory, not a video file")
    if not stat.S_ISREG(facts.st_mode):
        raise NoInputError(
            f"{path} is not a regular file but a {_kind(facts.st_mode)}; peepshow reads video "
            "files (`-` reads one from stdin)"
        )
    if not os.access(path, os.R_OK):
        raise NoInputError(f"cannot read {path}: permission denied")
    if facts.st_size == 0:
        raise BadInputError(f"{path} is empty (0 bytes)")
    return path.resolve()


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "special file"


def probe(path: Path) -> MediaInfo:
    path = check_readable(path)
    import av

    try:
        container = av.open(str(path))
    except PermissionError:
        raise NoInputError(f"cannot read {path}: permission denied") from None
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInputError(
            f"{path.name} is not a video or audio file peepshow can read "
            f"(the file may be truncated or of another type: {_reason(exc)})"
        ) from None
    with container:
        video = _video_facts(container)
        audio = _audio_facts(container)
        if video is None and audio is None:
            raise BadInputError(f"{path.name} has no video or audio stream")
        duration = container.duration / 1_000_000 if container.duration else None
        if duration is None:
            known = [s["duration_s"] for s in (video, audio) if s and s["duration_s"]]
            duration = max(known) if known else None
    if duration is None and video is not None:  # (an untimed raw stream: its frames counted)
        from peepshow_core.media.video import counted_seconds, main_video, untimed_rate

        counted = counted_seconds(path)
        if counted is not None:
            duration = video["duration_s"] = round(counted, 3)
            with av.open(str(path)) as again:
                stream = main_video(again)
                rate = untimed_rate(stream) if stream is not None else None
            video["fps"] = round(float(rate), 3) if rate else None
    return MediaInfo(path=path, video=video, audio=audio, duration_s=duration)


def _stream_duration(stream: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return round(float(stream.duration * stream.time_base), 3)
    return None


def _video_facts(container: Any) -> dict[str, Any] | None:
    from peepshow_core.media.video import Display, display_turns, main_video, pixel_aspect

    stream = main_video(container)
    if stream is None:
        return None
    rate = stream.average_rate or stream.guessed_rate

    display = Display(display_turns(container, stream), pixel_aspect(stream))
    width, height = display.size(stream.codec_context.width, stream.codec_context.height)
    return {
        "codec": stream.codec_context.name,
        "width": width,  # (as a player shows it: upright, pixels square)
        "height": height,
        "rotation": 90 * display.turns,
        "fps": round(float(rate), 3) if rate else None,
        "duration_s": _stream_duration(stream),
    }


def _audio_facts(container: Any) -> dict[str, Any] | None:
    if not container.streams.audio:
        return None
    stream = container.streams.audio[0]
    ctx = stream.codec_context
    return {
        "codec": ctx.name,
        "sample_rate": ctx.sample_rate or None,
        "channels": ctx.channels or None,
        "duration_s": _stream_duration(stream),
    }


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return text.split(":")[0].strip() if text else exc.__class__.__name__
