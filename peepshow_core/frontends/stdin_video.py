"""`peepshow -`: the video comes on stdin. Decoding needs a seekable file, so stdin is copied to a
temporary file first (in the cache dir), used for the run, and removed afterwards."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from peepshow_core.contract import paths
from peepshow_core.contract.errors import NoInputError, OutputError, UsageError

STDIN = "-"
SPOOL_NAME = "stdin"  # the payload's source.name for a video read from stdin
CHUNK_BYTES = 1 << 20


@contextlib.contextmanager
def spooled_stdin(video: str, stream: BinaryIO | None = None) -> Iterator[str]:
    """`video` itself, or for `-` the path of a temporary copy of stdin (removed on exit)."""
    if video != STDIN:
        yield video
        return
    if stream is None and sys.stdin is None:  # `peepshow - <&-`: no file descriptor 0
        raise NoInputError(f"stdin is closed; pipe a video into `{STDIN}`, or name the file")
    source = stream if stream is not None else sys.stdin.buffer
    if source.isatty():
        raise UsageError(f"`{STDIN}` reads the video from stdin, but stdin is a terminal")
    if _is_device(source):  # /dev/zero, /dev/urandom: it would fill the disk, then fail
        raise NoInputError(f"`{STDIN}` reads a video from stdin, but stdin is a device")
    try:
        parent = paths.cache_dir()
        parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="stdin-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot keep stdin in {paths.cache_dir()}: {exc.strerror}") from None
    target = folder / SPOOL_NAME
    try:
        try:
            with target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK_BYTES)
        except OSError as exc:
            raise OutputError(f"cannot keep stdin in {folder}: {exc.strerror}") from None
        if target.stat().st_size == 0:
            raise NoInputError("stdin was empty: nothing to read")
        yield str(target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _is_device(stream: BinaryIO) -> bool:
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's BytesIO)
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
