"""Real speech for the audio and transcription tests: espeak-ng speech padded with known
silence, the same speech muxed into a small video, and one shared faster-whisper transcript of it.

Everything is made once per test session (per xdist worker). Use with
`pytest_plugins = ["tests.speech_fixtures"]`.
"""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest

from devtools.synthvideo import (
    COMMITTED_SPEECH,
    COMMITTED_SPEECH_TEXT,
    Talk,
    render_talk,
    slides_with_builds,
    speak,
)
from peepshow_core.speech.transcribe import TranscribeOptions, TranscriptResult, transcribe_file

SPEECH_TEXT = (
    "Welcome to the quarterly planning meeting. Today we discuss the budget for the new "
    "warehouse, the hiring plan, and the marketing campaign for next spring. "
    "Please send your questions by Friday."
)
SPEECH_KEY_WORDS = ("quarterly", "planning", "budget", "warehouse", "hiring", "marketing", "friday")
COMMITTED_KEY_WORDS = ("welcome", "videos", "frames", "transcripts", "slides", "database")
LEAD_SILENCE_S = 5.0
CLIP_DURATION_S = 22.0


@dataclass(frozen=True)
class SpeechClip:
    wav: Path  # mono 16-bit WAV: LEAD_SILENCE_S of silence, the speech, silence up to duration_s
    text: str
    key_words: tuple[str, ...]
    speech_start_s: float  # first and last loud sample of the speech
    speech_end_s: float
    duration_s: float
    silence_ratio: float  # the padding's share: before the first and after the last loud sample


def normalise(text: str) -> str:
    """Lower case, letters/digits/spaces only: for comparing transcripts with what was said."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def padded_speech(text: str, folder: Path, lead_s: float, duration_s: float) -> SpeechClip:
    raw = speak(text, folder / "raw-speech.wav", words_per_minute=150)
    key_words: tuple[str, ...] = SPEECH_KEY_WORDS
    if raw == COMMITTED_SPEECH:  # no espeak-ng here: the committed sample says something else
        text, key_words = COMMITTED_SPEECH_TEXT, COMMITTED_KEY_WORDS
    with wave.open(str(raw)) as src:
        rate, width, channels = src.getframerate(), src.getsampwidth(), src.getnchannels()
        speech = np.frombuffer(src.readframes(src.getnframes()), dtype=np.int16)
    assert (width, channels) == (2, 1), "speech WAV must be 16-bit mono"
    samples = np.zeros(int(duration_s * rate), dtype=np.int16)
    lead = int(lead_s * rate)
    speech = speech[: len(samples) - lead]
    samples[lead : lead + len(speech)] = speech
    wav = folder / "speech-padded.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    loud = np.nonzero(np.abs(samples) > 0.02 * np.abs(samples).max())[0]
    start_s, end_s = float(loud[0] / rate), float(loud[-1] / rate)
    return SpeechClip(
        wav=wav,
        text=text,
        key_words=key_words,
        speech_start_s=start_s,
        speech_end_s=end_s,
        duration_s=duration_s,
        silence_ratio=1.0 - (end_s - start_s) / duration_s,
    )


def write_audio_file(src_wav: Path, dest: Path, codec: str = "aac") -> Path:
    """Transcode a WAV into another container/codec with PyAV (16 kHz mono)."""
    with av.open(str(src_wav)) as src, av.open(str(dest), "w") as out:
        stream = out.add_stream(codec, rate=16000, layout="mono")
        assert isinstance(stream, av.AudioStream)
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=16000)
        pts = 0
        frames = [*src.decode(audio=0), None]
        for frame in frames:
            for chunk in resampler.resample(frame):
                chunk.pts = pts
                pts += chunk.samples
                out.mux(stream.encode(chunk))
        out.mux(stream.encode(None))
    return dest


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
