"""Real speech for the audio and transcription tests: espeak-ng speech padded with known
silence, the same speech muxed into a small video, and one shared faster-whisper transcript of it.

The session fixtures that make them live in tests/conftest.py.
"""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from devtools.synthvideo import (
    COMMITTED_SPEECH,
    COMMITTED_SPEECH_TEXT,
    speak,
)

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
