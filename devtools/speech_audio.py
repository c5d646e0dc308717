"""Sound for the speech evaluation corpus: espeak-ng speech, synthetic music and noise, mixing.

Everything is 16 kHz mono float32 in [-1, 1] and deterministic for a given seed (and espeak-ng
version). Music is additive synthesis (chords, melodies, plucked strings, drums); noise is coloured
(pink, brown), mains hum with fan noise, and babble: many time-reversed talkers at once, so it
sounds like a crowd without containing a single real word.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

RATE = 16000
SPEECH_RMS_DBFS = -20.0  # speech is levelled to this, +- SPEECH_LEVEL_SPREAD_DB per clip
SPEECH_LEVEL_SPREAD_DB = 6.0
MUSIC_RMS_DBFS = -18.0  # the level of music-only and noise-only tracks
SILENCE_GATE = 0.02  # share of the peak that counts as "speech is sounding" for SNR


def db_to_gain(db: float) -> float:
    return float(10 ** (db / 20))


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if x.size else 0.0


def level(x: np.ndarray, dbfs: float) -> np.ndarray:
    r = rms(x)
    return x if r == 0 else (x * (db_to_gain(dbfs) / r)).astype(np.float32)


def limit(x: np.ndarray, peak: float = 0.95) -> np.ndarray:
    """Scale down (never up) so nothing clips."""
    top = float(np.abs(x).max()) if x.size else 0.0
    return (x * (peak / top)).astype(np.float32) if top > peak else x


# --- speech -------------------------------------------------------------------------------------


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def espeak_version() -> str:
    out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def speak(text: str, voice: str, words_per_minute: int, pitch: int = 50) -> np.ndarray:
    """espeak-ng speech of `text`, resampled to 16 kHz mono float32."""
    with tempfile.TemporaryDirectory(prefix="peepshow-speak-") as tmp:
        wav = Path(tmp) / "speech.wav"
        subprocess.run(
            [
                "espeak-ng",
                "-v",
                voice,
                "-s",
                str(words_per_minute),
                "-p",
                str(pitch),
                "-w",
                str(wav),
                text,
            ],
            check=True,
            capture_output=True,
        )
        return read_wav(wav)


def read_wav(path: Path) -> np.ndarray:
    """Any WAV PyAV can read, as 16 kHz mono float32."""
    import av

    chunks: list[np.ndarray] = []
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        for frame in [*container.decode(audio=0), None]:
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


def write_wav(path: Path, samples: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())


def pad(speech: np.ndarray, lead_s: float, tail_s: float) -> np.ndarray:
    return np.concatenate(
        [np.zeros(int(lead_s * RATE), np.float32), speech, np.zeros(int(tail_s * RATE), np.float32)]
    )


def mix_at_snr(speech: np.ndarray, background: np.ndarray, snr_db: float) -> np.ndarray:
    """`speech` over `background` (looped or cut to length) at `snr_db`, where the speech level is
    measured only while it sounds (pauses and padding do not dilute it)."""
    bg = np.resize(background, speech.shape).astype(np.float32)
    active = np.abs(speech) > SILENCE_GATE * float(np.abs(speech).max() or 1.0)
    speech_rms = rms(speech[active])
    gain = speech_rms / (rms(bg) * db_to_gain(snr_db)) if rms(bg) > 0 else 0.0
    mixed = speech + bg * gain
    return limit(mixed.astype(np.float32))


# --- noise --------------------------------------------------------------------------------------


def coloured_noise(seconds: float, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Noise with power ~ 1/f**exponent (0 white, 1 pink, 2 brown), shaped in the frequency
    domain; below 20 Hz is removed so brown noise stays audible rather than a DC drift."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    shape = np.zeros_like(freqs)
    audible = freqs >= 20
    shape[audible] = freqs[audible] ** (-exponent / 2)
    return level(np.fft.irfft(spectrum * shape, n).astype(np.float32), MUSIC_RMS_DBFS)


def hum(seconds: float, rng: np.random.Generator) -> np.ndarray:
    """Mains hum (50 or 60 Hz and harmonics) over fan noise: a typical bad room recording."""
    t = np.arange(int(seconds * RATE)) / RATE
    base = rng.choice([50.0, 60.0])
    tone = sum(np.sin(2 * np.pi * base * k * t) / k for k in (1, 2, 3, 5))
    fan = coloured_noise(seconds, 1.5, rng)
    return level((0.5 * tone / np.abs(tone).max() + fan).astype(np.float32), MUSIC_RMS_DBFS)


def babble(seconds: float, talkers: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """A crowd: every talker reversed (no real words), looped, offset at random, summed."""
    n = int(seconds * RATE)
    out = np.zeros(n, np.float32)
    for voice in talkers:
        rev = level(voice[::-1], -20.0)
        out += np.roll(np.resize(rev, n), int(rng.integers(0, n)))
    return level(out, MUSIC_RMS_DBFS)


# --- music --------------------------------------------------------------------------------------

MAJOR = (0, 2, 4, 5, 7, 9, 11)
MINOR = (0, 2, 3, 5, 7, 8, 10)
PROGRESSIONS = ((0, 5, 3, 4), (0, 3, 4, 4), (5, 3, 0, 4), (0, 4, 5, 3))  # scale degrees


def _note_hz(midi: float) -> float:
    return float(440.0 * 2 ** ((midi - 69) / 12))


def _envelope(n: int, attack_s: float, release_s: float) -> np.ndarray:
    env = np.ones(n, np.float32)
    a, r = min(n, int(attack_s * RATE)), min(n, int(release_s * RATE))
    if a:
        env[:a] = np.linspace(0, 1, a)
    if r:
        env[-r:] *= np.linspace(1, 0, r)
    return env


def _tone(hz: float, n: int, harmonics: int, decay: float) -> np.ndarray:
    t = np.arange(n) / RATE
    wave_ = sum(np.sin(2 * np.pi * hz * k * t) / k**decay for k in range(1, harmonics + 1))
    return np.asarray(wave_, np.float32)


def _pluck(hz: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Karplus-Strong plucked string."""
    period = max(2, int(RATE / hz))
    buf = rng.uniform(-1, 1, period).astype(np.float32)
    out = np.empty(n, np.float32)
    for i in range(n):
        out[i] = buf[i % period]
        buf[i % period] = 0.996 * 0.5 * (buf[i % period] + buf[(i + 1) % period])
    return out


def _drums(n: int, beat_s: float, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(n, np.float32)
    kick_n, hat_n = int(0.15 * RATE), int(0.05 * RATE)
    t = np.arange(kick_n) / RATE
    kick = np.sin(2 * np.pi * (60 + 90 * np.exp(-t * 30)) * t) * np.exp(-t * 20)
    hat = rng.standard_normal(hat_n) * np.exp(-np.arange(hat_n) / RATE * 80) * 0.3
    step = int(beat_s * RATE / 2)
    for i, pos in enumerate(range(0, n - kick_n, step)):
        if i % 2 == 0:
            out[pos : pos + kick_n] += kick.astype(np.float32)
        out[pos : pos + hat_n] += hat.astype(np.float32)
    return out


def music(seconds: float, style: str, rng: np.random.Generator) -> np.ndarray:
    """A few bars in a random key and tempo. Styles: pad (sustained chords), pluck (melody on
    plucked strings over soft chords), arpeggio (broken chords with drums), lead (bass line and a
    bright lead melody)."""
    n = int(seconds * RATE)
    root = 48 + int(rng.integers(0, 12))
    scale = MAJOR if rng.random() < 0.5 else MINOR
    progression = PROGRESSIONS[int(rng.integers(0, len(PROGRESSIONS)))]
    beat_s = 60.0 / float(rng.uniform(70, 140))
    bar_n = int(4 * beat_s * RATE)
    out = np.zeros(n, np.float32)

    def degree(d: int, octave: int = 0) -> int:
        return root + 12 * (octave + d // 7) + scale[d % 7]

    for bar, start in enumerate(range(0, n, bar_n)):
        chord_root = progression[bar % len(progression)]
        chord = [degree(chord_root), degree(chord_root + 2), degree(chord_root + 4)]
        length = min(bar_n, n - start)
        if style in ("pad", "pluck", "lead"):
            soft = 1.0 if style == "pad" else 0.35
            for note in chord:
                tone = _tone(_note_hz(note), length, 6, 1.2) * _envelope(length, 0.3, 0.3)
                out[start : start + length] += soft * tone / 3
        beat_n = int(beat_s * RATE / (2 if style == "arpeggio" else 1))
        for k, pos in enumerate(range(start, start + length - beat_n // 2, beat_n)):
            m = min(beat_n, n - pos)
            if style == "pluck":
                note = degree(chord_root + int(rng.choice([0, 2, 4, 7])), 1)
                out[pos : pos + m] += 0.8 * _pluck(_note_hz(note), m, rng)
            elif style == "arpeggio":
                note = chord[k % 3] + 12
                out[pos : pos + m] += _tone(_note_hz(note), m, 4, 1.5) * _envelope(m, 0.01, 0.1)
            elif style == "lead":
                bass = _tone(_note_hz(chord[0] - 12), m, 8, 1.0) * _envelope(m, 0.01, 0.05)
                lead = _tone(_note_hz(degree(int(rng.integers(0, 8)), 1)), m, 10, 0.8)
                out[pos : pos + m] += 0.6 * bass + 0.5 * lead * _envelope(m, 0.02, 0.05)
    if style == "arpeggio":
        out += 0.7 * _drums(n, beat_s, rng)
    return level(out, MUSIC_RMS_DBFS)
