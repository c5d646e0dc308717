"""Media for the core/CLI tests: the bundled sample plus small generated files (session-scoped)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devtools.synthvideo import SlideState, Talk, render_talk

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "sample.mp4"
SAMPLE_FACTS: dict[str, Any] = json.loads((REPO / "samples" / "sample.json").read_text("utf-8"))
SPEECH_WAV = REPO / "samples" / "speech.wav"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def peepshow_exe() -> str:
    """The installed `peepshow` console script (make test puts .venv/bin first on PATH)."""
    found = shutil.which("peepshow") or str(Path(sys.executable).parent / "peepshow")
    assert Path(found).exists(), "peepshow is not installed in this environment"
    return found


def run_exe(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 300
) -> Result:
    proc = subprocess.run(
        [peepshow_exe(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    from peepshow_core.frontends.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return Result(code, out, err)


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small files for edge cases: silent video, half-written mkv, a text file, an mp4 cut short."""
    root = tmp_path_factory.mktemp("media")
    silent = root / "silent clip.mp4"
    render_talk(
        Talk(
            [SlideState(0, "One"), SlideState(2.0, "Two")],
            duration_s=4.0,
            width=320,
            height=180,
            fps=10,
        ),
        silent,
    )
    whole = root / "whole.mkv"
    render_talk(
        Talk(
            [SlideState(0, "First"), SlideState(2.0, "Second"), SlideState(6.0, "Third")],
            duration_s=8.0,
            width=320,
            height=180,
            fps=10,
            gop=10,
        ),
        whole,
    )
    cut = root / "cut half-way.mkv"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) * 55 // 100])
    text = root / "notes.mp4"
    text.write_text("this is not a video\n" * 50)
    truncated = root / "truncated.mp4"
    truncated.write_bytes(SAMPLE.read_bytes()[:40_000])
    empty = root / "empty.mp4"
    empty.write_bytes(b"")
    unicode_dir = root / "vidéos à voir"
    unicode_dir.mkdir()
    unicode = unicode_dir / "démo talk ✓.mp4"
    shutil.copy(silent, unicode)
    return {
        "silent": silent,
        "cut": cut,
        "text": text,
        "truncated": truncated,
        "empty": empty,
        "unicode": unicode,
        "whole": whole,
    }
