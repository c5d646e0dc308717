"""Audio decoding with PyAV: 16 kHz mono float32, no-audio files, damaged files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import av
import numpy as np
import pytest

from peepshow_core.contract.errors import BadInputError, NoInputError
from peepshow_core.media.audio import (
    SAMPLE_RATE,
    NoAudioTrackError,
    decode_audio,
    has_audio_track,
)

if TYPE_CHECKING:
    from tests.support.speech import SpeechClip


def _rms(samples: np.ndarray, start_s: float, end_s: float) -> float:
    part = samples[int(start_s * SAMPLE_RATE) : int(end_s * SAMPLE_RATE)]
    return float(np.sqrt(np.mean(part.astype(np.float64) ** 2)))


def test_wav_is_resampled_to_16k_mono_float32_with_speech_where_it_was(
    speech_clip: SpeechClip,
) -> None:
    decoded = decode_audio(speech_clip.wav)  # espeak's WAV is 22.05 kHz int16
    assert decoded.samples.dtype == np.float32
    assert decoded.samples.ndim == 1
    assert decoded.duration_s == pytest.approx(speech_clip.duration_s, abs=0.05)
    assert decoded.start_s == 0.0
    assert decoded.warnings == []
    speech = _rms(decoded.samples, speech_clip.speech_start_s, speech_clip.speech_end_s)
    assert speech > 0.01
    assert _rms(decoded.samples, 0.0, speech_clip.speech_start_s - 0.1) < speech / 100
    assert (
        _rms(decoded.samples, speech_clip.speech_end_s + 0.1, speech_clip.duration_s) < speech / 100
    )


def test_stereo_44k_tone_keeps_its_pitch_and_length(tmp_path: Path) -> None:
    rate, seconds, pitch = 44100, 1.5, 440.0
    t = np.arange(int(rate * seconds)) / rate
    tone = (0.5 * np.sin(2 * np.pi * pitch * t)).astype(np.float32)
    path = tmp_path / "tone.mka"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_f32le", rate=rate, layout="stereo")
        frame = av.AudioFrame.from_ndarray(
            np.stack([tone, np.zeros_like(tone)]), format="fltp", layout="stereo"
        )
        frame.sample_rate, frame.pts = rate, 0
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    decoded = decode_audio(path)
    assert decoded.duration_s == pytest.approx(seconds, abs=0.02)
    spectrum = np.abs(np.fft.rfft(decoded.samples))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / len(decoded.samples)
    assert peak_hz == pytest.approx(pitch, abs=2.0)
    # Downmix: a tone in the left channel only still comes through (about half the amplitude).
    assert 0.1 < float(np.abs(decoded.samples).max()) < 0.5


def test_audio_track_of_a_video_is_decoded(speech_video: Path, speech_clip: SpeechClip) -> None:
    assert has_audio_track(speech_video)
    decoded = decode_audio(speech_video)
    assert decoded.duration_s == pytest.approx(speech_clip.duration_s, abs=0.1)
    assert decoded.start_s < 0.1
    speech = _rms(decoded.samples, speech_clip.speech_start_s, speech_clip.speech_end_s)
    assert _rms(decoded.samples, 0.5, speech_clip.speech_start_s - 0.3) < speech / 20


def test_video_without_audio_says_so(silent_video: Path) -> None:
    assert not has_audio_track(silent_video)
    with pytest.raises(NoAudioTrackError, match="no audio track"):
        decode_audio(silent_video)


def test_truncated_file_keeps_the_decoded_part_and_warns(
    speech_clip: SpeechClip, tmp_path: Path
) -> None:
    from tests.support.speech import write_audio_file

    whole = write_audio_file(speech_clip.wav, tmp_path / "speech.mkv")
    data = whole.read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(data[: len(data) // 2])
    decoded = decode_audio(cut)
    assert 0.3 * speech_clip.duration_s < decoded.duration_s < 0.7 * speech_clip.duration_s
    assert len(decoded.warnings) == 1
    assert "ends early" in decoded.warnings[0]
    assert decode_audio(whole).warnings == []


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(NoInputError):
        decode_audio(tmp_path / "nope.mp4")
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a media file" * 100)
    with pytest.raises(BadInputError):
        decode_audio(junk)
