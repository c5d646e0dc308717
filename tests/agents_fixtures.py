"""Small real videos for the agent-facing tests (MCP server, Claude Code plugin), made once per
session with devtools/synthvideo.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from devtools.synthvideo import Talk, render_talk, slides_with_builds, speak

SPOKEN = "Welcome to peepshow. Today we turn videos into frames and transcripts."


@pytest.fixture(scope="session")
def silent_talk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 s, 320x180, four slides changing every 3 s, no audio track."""
    path = tmp_path_factory.mktemp("agents") / "silent talk.mp4"  # a space, as on macOS
    render_talk(
        Talk(slides_with_builds(4, 3.0), duration_s=12, width=320, height=180, fps=10), path
    )
    return path


@pytest.fixture(scope="session")
def speaking_talk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """9 s, three slides, with espeak-ng speech (or the committed sample speech)."""
    folder = tmp_path_factory.mktemp("agents-speech")
    wav = speak(SPOKEN, folder / "speech.wav")
    path = folder / "speaking.mp4"
    talk = Talk(
        slides_with_builds(3, 3.0), duration_s=9, width=320, height=180, fps=10, audio_wav=wav
    )
    render_talk(talk, path)
    return path


def installed_script(name: str) -> str:
    """The console script next to this interpreter (the test venv), else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (pip install -e '.[mcp]')")
    return found
