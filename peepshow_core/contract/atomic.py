"""Crash-safe file writes: temporary file in the same directory, fsync, rename."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


def json_bytes(data: Any) -> bytes:
    """`data` as indented UTF-8 JSON. A file name that is not UTF-8 (its undecodable bytes are
    lone surrogates in Python) cannot be written as UTF-8 text: then every character beyond
    ASCII is written as a `\\u` escape, which reads back as exactly the same string."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, indent=2) + "\n").encode("ascii")


def write_json(path: Path, data: Any) -> None:
    """Write JSON to `path` so a crash leaves the old or the new file, never half of one."""
    encoded = json_bytes(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(encoded)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


STALE_TEMPORARY_S = 3600.0  # a temporary file this old was left by a writer that was killed


def remove_stale_temporaries(directory: Path, older_than_s: float = STALE_TEMPORARY_S) -> int:
    """Remove the temporary files of `write_json` that a killed writer left in `directory`
    (a live writer's file is young); returns how many went."""
    removed = 0
    cutoff = time.time() - older_than_s
    for path in directory.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed
