"""Fake `peepshow-sink-*` executables on a temporary PATH, for the registry/dispatch tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

MakeSink = Callable[..., Path]


def write_sink(directory: Path, name: str, body: str, *, executable: bool = True) -> Path:
    """A shell script `peepshow-sink-NAME` in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"peepshow-sink-{name}"
    path.write_text("#!/bin/sh\n" + body.strip() + "\n", encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)
    return path


@pytest.fixture
def sink_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory first on PATH (followed only by the system's) for fake sinks."""
    directory = tmp_path / "bin"
    directory.mkdir()
    monkeypatch.setenv("PATH", os.pathsep.join([str(directory), "/usr/bin", "/bin"]))
    return directory


@pytest.fixture
def make_sink(sink_bin: Path) -> MakeSink:
    def make(
        name: str, body: str, *, executable: bool = True, directory: Path | None = None
    ) -> Path:
        return write_sink(directory or sink_bin, name, body, executable=executable)

    return make
