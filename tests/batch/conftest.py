"""Material for the batch tests: small distinct talks (with and without speech), a broken file,
a registered sink that logs every run id it receives, and helpers to run `peepshow batch`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from devtools.synthvideo import SlideState, Talk, render_talk, speak
from peepshow_core.delivery import registry
from tests.support.cli import peepshow_exe

SPOKEN = "Welcome to the batch test. Each talk says this, and each shows its own slides."


def _talk(path: Path, number: int, wav: Path | None, seconds: float) -> Path:
    states = [
        SlideState(0.0, f"Talk {number}: introduction"),
        SlideState(seconds / 2, f"Talk {number}: details", [f"Point {number}"]),
    ]
    render_talk(
        Talk(states, duration_s=seconds, width=320, height=180, fps=10, audio_wav=wav), path
    )
    return path


@pytest.fixture(scope="session")
def silent_talks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three different 4-second talks without audio."""
    folder = tmp_path_factory.mktemp("batch-silent")
    return [_talk(folder / f"silent-{n}.mp4", n, None, 4.0) for n in (1, 2, 3)]


@pytest.fixture(scope="session")
def speech_talks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four different 8-second talks that say something (a job takes a second or two)."""
    folder = tmp_path_factory.mktemp("batch-speech")
    wav = speak(SPOKEN, folder / "speech.wav")
    return [_talk(folder / f"talk-{n}.mp4", n, wav, 8.0) for n in (1, 2, 3, 4)]


def broken_file(path: Path, size: int = 2000) -> Path:
    """Not a video, under a video's name (`size` bytes: the batch runs largest files first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"this is not a video\n" * (size // 20 + 1))[:size])
    return path


def lay_out(folder: Path, files: dict[str, Path]) -> dict[str, Path]:
    """Copy `files` to `folder` under the given relative names; returns the new paths."""
    placed = {}
    for name, source in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        placed[name] = target
    return placed


@pytest.fixture
def delivery_log(tmp_path: Path) -> Path:
    """A registered command sink that appends each run id it receives to a file."""
    log = tmp_path / "delivered.txt"
    registry.add_cmd(f'grep -o \'"run_id": "[^"]*"\' | head -n 1 >> \'{log}\'', [], "log")
    return log


def delivered(log: Path) -> list[str]:
    if not log.exists():
        return []
    return [line.split('"')[3] for line in log.read_text().splitlines() if line.strip()]


def start_batch(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """`peepshow batch ARGS` in its own process group (as a terminal would run it)."""
    return subprocess.Popen(
        [peepshow_exe(), "batch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=dict(os.environ),
        start_new_session=True,
    )


def json_lines(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(run payloads, failure records) of a batch's JSON lines."""
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert all(("run_id" in r) != ("error" in r) for r in records), records
    return [r for r in records if "run_id" in r], [r for r in records if "error" in r]
