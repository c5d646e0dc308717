"""Shared test setup: every test gets its own config, state and output dirs (never the user's),
plus the fixtures more than one test folder uses. Plain helpers live in tests/support/."""

from __future__ import annotations

import gc
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from devtools.synthvideo import Talk, render_talk, slides_with_builds
from peepshow_core.speech.engine import TranscribeOptions, TranscriptResult
from peepshow_core.speech.transcribe import transcribe_file
from tests.support.paths import load_run
from tests.support.sinks import MakeSink, write_sink
from tests.support.speech import (
    CLIP_DURATION_S,
    LEAD_SILENCE_S,
    SPEECH_TEXT,
    SpeechClip,
    padded_speech,
)

# Property tests: the same examples on every run of `make test` (a CI run must not fail on a case
# no earlier run tried); HYPOTHESIS_PROFILE=explore (make fuzz) searches afresh, many more cases.
hypothesis_settings.register_profile("ci", max_examples=150, derandomize=True, database=None)
hypothesis_settings.register_profile("explore", max_examples=3000, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# A shell starts background jobs with Ctrl-C ignored, and an ignored signal stays ignored in every
# child: the Ctrl-C tests would then test nothing but the launcher. Children of the test process
# get the default again, whoever started the suite and however.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def own_sigint_handler() -> Any:
    """A program reporting Ctrl-C ignores the next one (contract/boundary): a test that runs it
    in-process must not leave the suite, and every child it starts, deaf to Ctrl-C."""
    before = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.fixture
def gc_paused() -> Any:
    """For a test that parses input nested to the interpreter's recursion limit: the cyclic
    garbage collector paused, so no finalizer of an earlier test's garbage runs at that depth,
    fails there and is reported by pytest as this test's failure (seen once in a suite run)."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEEPSHOW_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PEEPSHOW_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PEEPSHOW_OUT_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("PEEPSHOW_CACHE_DIR", str(tmp_path / "cache"))  # transcripts kept per test
    monkeypatch.setenv("PEEPSHOW_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.delenv("PEEPSHOW_FRAME_BASE_URL", raising=False)
    monkeypatch.delenv("PEEPSHOW_NO_SINKS", raising=False)
    monkeypatch.delenv("PEEPSHOW_SKIP_SINKS", raising=False)
    monkeypatch.delenv("PEEPSHOW_ENV_FILE", raising=False)
    monkeypatch.delenv("PEEPSHOW_WHISPER_MODEL", raising=False)
    monkeypatch.delenv("PEEPSHOW_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray ./.env from the developer's checkout


@pytest.fixture
def run_payload() -> dict[str, Any]:
    return load_run("full")


# --- fake sinks on a temporary PATH (delivery and front-end tests) ------------------------------


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


# --- real speech, made once per session (media and speech tests) ---------------------------------


@pytest.fixture(scope="session")
def speech_clip(tmp_path_factory: pytest.TempPathFactory) -> SpeechClip:
    folder = tmp_path_factory.mktemp("speech")
    return padded_speech(SPEECH_TEXT, folder, LEAD_SILENCE_S, CLIP_DURATION_S)


@pytest.fixture(scope="session")
def speech_video(speech_clip: SpeechClip, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 22 s, 320x180, 10 fps talk with the padded speech as its AAC track."""
    path = tmp_path_factory.mktemp("speech-video") / "talk-with-speech.mp4"
    talk = Talk(
        states=slides_with_builds(3, CLIP_DURATION_S / 3),
        duration_s=CLIP_DURATION_S,
        width=320,
        height=180,
        fps=10,
        audio_wav=speech_clip.wav,
    )
    render_talk(talk, path)
    return path


@pytest.fixture(scope="session")
def silent_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A short video without any audio stream."""
    path = tmp_path_factory.mktemp("silent-video") / "no-audio.mp4"
    talk = Talk(states=slides_with_builds(1, 2.0), duration_s=2.0, width=320, height=180, fps=10)
    render_talk(talk, path)
    return path


@pytest.fixture(scope="session")
def video_transcript(speech_video: Path) -> TranscriptResult:
    """The default engine's transcript of `speech_video`, made once and shared."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PEEPSHOW_WHISPER_MODEL", raising=False)
        return transcribe_file(speech_video, TranscribeOptions())
