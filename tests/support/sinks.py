"""Fake `peepshow-sink-*` executables on a temporary PATH, for the registry/dispatch tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MakeSink = Callable[..., Path]


def write_sink(directory: Path, name: str, body: str, *, executable: bool = True) -> Path:
    """A shell script `peepshow-sink-NAME` in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"peepshow-sink-{name}"
    path.write_text("#!/bin/sh\n" + body.strip() + "\n", encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)
    return path
