"""Media for the front-end tests (CLI, MCP server, Claude Code plugin), made once per session."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from devtools.synthvideo import SlideState, Talk, render_talk, slides_with_builds, speak
from tests.support.paths import SAMPLE
from tests.support.speech import SPEECH_TEXT

LONG_SPEECH_S = 600  # voice detection, features and decoding each take seconds of it
SPEECH_REPEATS = 8  # (a paragraph of about 12 s, read eight times before the audio repeats)
SPOKEN = "Welcome to peepshow. Today we turn videos into frames and transcripts."


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


@pytest.fixture(scope="session")
def long_speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten minutes of speech without a pause (a WAV: audio only; the speech engine works on it
    for long enough to be interrupted in each of its steps): espeak-ng's reading of a
    paragraph, said again and again (or the committed sample speech, where it is missing)."""
    folder = tmp_path_factory.mktemp("long-speech")
    said = speak(" ".join([SPEECH_TEXT] * SPEECH_REPEATS), folder / "said.wav")
    with wave.open(str(said)) as src:
        params, samples = src.getparams(), src.readframes(src.getnframes())
    repeats = -(-LONG_SPEECH_S * params.framerate // params.nframes)
    path = folder / "long-talk.wav"
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(samples * repeats)
    return path
