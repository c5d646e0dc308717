"""The speech evaluation corpus: which clips exist, their ground truth, and generating them once.

`clips()` is the specification (pure data, seeded); `ensure(folder)` renders every clip as a 16 kHz
mono WAV into `folder` (default `.eval-cache/speech/`, git-ignored) and writes `manifest.json`.
A clip is rendered again only when its specification or the espeak-ng version changes.

Kinds and their ground truth:
- `english`: espeak-ng English in several accents, voices and speeds, plus `samples/speech.wav`;
  `text` is what was said (for the word error rate) and the transcript should be reliable.
- `english-mix`: the same with music or noise underneath at 10-20 dB SNR; still reliable.
- `other`: espeak-ng speech in another language; the English-only model must flag it.
- `other-mix`: another language under background noise; must be flagged too.
- `music`, `noise`, `silence`: no words at all; any word reported as reliable is a miss.

Every clip belongs to one half: `tune` (rules may be designed on it) or `held` (only measured).
Texts, voices and background seeds differ between the halves; three languages are held-out only.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from devtools import speech_audio as sa
from devtools.speech_texts import (
    ENGLISH_HELD,
    ENGLISH_TUNE,
    ENGLISH_TUNE_SHORT,
    OTHER_HELD,
    OTHER_TUNE,
    OTHER_TUNE_CLOSE,
)

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".eval-cache" / "speech"
SAMPLE_WAV = ROOT / "samples" / "speech.wav"
SAMPLE_TEXT = (
    "Welcome to peepshow. Today we turn videos into frames and transcripts. "
    "First, pick the slides. Then send the run to a database."
)
SEED = 1717
EXTRA_SEED = 1718  # the tuning clips added later draw from their own generator

ENGLISH_VOICES = {
    "tune": ["en-us", "en-gb", "en-gb-scotland"],
    "held": ["en-029", "en-us-nyc", "en-gb-x-rp", "en-gb-x-gbclan"],
}
OTHER_VOICES = {  # per language; variants below are added per half
    "fr": ["fr-fr", "fr-be"],
    "de": ["de"],
    "es": ["es", "es-419"],
    "it": ["it"],
    "pt": ["pt", "pt-br"],
    "nl": ["nl"],
    "pl": ["pl"],
    "ru": ["ru"],
    "sv": ["sv"],
    "cs": ["cs"],
    "tr": ["tr"],
    "af": ["af"],
    "da": ["da"],
    "nb": ["nb"],
}
VARIANTS = {"tune": ["", "+f2", "+m3", "+f4"], "held": ["", "+f3", "+m2", "+m5", "+f5"]}
ENGLISH_SPEEDS = (130, 160, 190)
OTHER_SPEEDS = (140, 175)
ENGLISH_RENDERINGS = 3  # each English text in this many voice/speed combinations
OTHER_RENDERINGS = 2
SNRS_DB = (10.0, 12.5, 15.0, 17.5, 20.0)
OTHER_MIX_SNR_DB = 15.0
MUSIC_STYLES = ("pad", "pluck", "arpeggio", "lead")
NOISE_KINDS = ("pink", "brown", "hum", "babble")
BACKGROUND_S = 30.0
NO_SPEECH_S = (12.0, 20.0)  # music/noise/silence tracks last between these
NO_SPEECH_PER_KIND = 2  # tracks per music style / noise kind and half


@dataclass(frozen=True)
class Clip:
    id: str
    half: str  # "tune" or "held"
    kind: str  # see the module docstring
    language: str | None  # what is spoken; None for music/noise/silence
    text: str = ""  # what is said ("" when nothing is)
    voice: str = ""
    speed: int = 0
    background: str = ""  # music style or noise kind under speech, or the whole track
    snr_db: float | None = None
    seed: int = 0
    extra: dict[str, float] = field(default_factory=dict)  # lead/tail padding, level

    def key(self, espeak: str) -> str:
        spec = json.dumps({**asdict(self), "espeak": espeak}, sort_keys=True)
        return hashlib.sha256(spec.encode()).hexdigest()[:16]


def _padding(rng: random.Random) -> dict[str, float]:
    """Silence before and after a clip's speech, and its level, from the corpus's generator."""
    return {
        "lead_s": round(rng.uniform(0.3, 1.5), 2),
        "tail_s": round(rng.uniform(0.3, 1.5), 2),
        "level_db": round(rng.uniform(-1, 1) * sa.SPEECH_LEVEL_SPREAD_DB, 1),
    }


def clips() -> list[Clip]:
    """The whole corpus, in a fixed order (the same list on every machine)."""
    rng = random.Random(SEED)
    out: list[Clip] = []

    for half, texts in (("tune", ENGLISH_TUNE), ("held", ENGLISH_HELD)):
        voices = [v + x for v in ENGLISH_VOICES[half] for x in VARIANTS[half]]
        for t, text in enumerate(texts):
            for r in range(ENGLISH_RENDERINGS):
                voice, speed = rng.choice(voices), ENGLISH_SPEEDS[(t + r) % len(ENGLISH_SPEEDS)]
                out.append(
                    Clip(
                        f"{half}-en-{t:02d}-{r}",
                        half,
                        "english",
                        "en",
                        text,
                        voice,
                        speed,
                        extra=_padding(rng),
                    )
                )
            music_bg = f"music:{MUSIC_STYLES[t % len(MUSIC_STYLES)]}"
            noise_bg = f"noise:{NOISE_KINDS[(t + t // len(NOISE_KINDS)) % len(NOISE_KINDS)]}"
            for m, bg in enumerate((music_bg, noise_bg)):  # one music, one noise background
                out.append(
                    Clip(
                        f"{half}-enmix-{t:02d}-{m}",
                        half,
                        "english-mix",
                        "en",
                        text,
                        rng.choice(voices),
                        rng.choice(ENGLISH_SPEEDS),
                        bg,
                        SNRS_DB[(t * 2 + m) % len(SNRS_DB)],
                        rng.randrange(1 << 30),
                        _padding(rng),
                    )
                )
    out.append(Clip("tune-en-sample", "tune", "english", "en", SAMPLE_TEXT, "samples/speech.wav"))

    for half, by_lang in (("tune", OTHER_TUNE), ("held", OTHER_HELD)):
        for lang, texts in by_lang.items():
            voices = [v + x for v in OTHER_VOICES[lang] for x in VARIANTS[half]]
            for t, text in enumerate(texts):
                for r in range(OTHER_RENDERINGS):
                    speed = OTHER_SPEEDS[(t + r) % len(OTHER_SPEEDS)]
                    out.append(
                        Clip(
                            f"{half}-{lang}-{t:02d}-{r}",
                            half,
                            "other",
                            lang,
                            text,
                            rng.choice(voices),
                            speed,
                            extra=_padding(rng),
                        )
                    )
            bg = f"noise:{NOISE_KINDS[len(out) % len(NOISE_KINDS)]}"
            out.append(
                Clip(
                    f"{half}-{lang}mix",
                    half,
                    "other-mix",
                    lang,
                    texts[-1],
                    rng.choice(voices),
                    OTHER_SPEEDS[0],
                    bg,
                    OTHER_MIX_SNR_DB,
                    rng.randrange(1 << 30),
                    _padding(rng),
                )
            )

    for half in ("tune", "held"):
        for n in range(NO_SPEECH_PER_KIND):
            for style in MUSIC_STYLES:
                out.append(_no_speech(rng, half, "music", f"music:{style}", n))
            for kind in NOISE_KINDS:
                out.append(_no_speech(rng, half, "noise", f"noise:{kind}", n))
        out.append(_no_speech(rng, half, "silence", "silence:digital", 0))
        out.append(_no_speech(rng, half, "silence", "silence:room", 0))
    return out + _added_tuning_clips()


def _added_tuning_clips() -> list[Clip]:
    """Short phrases and languages close to English, tuning half only; their own random
    generator, so every clip above (the held-out half included) stays exactly as it was."""
    rng = random.Random(EXTRA_SEED)
    out: list[Clip] = []

    voices = [v + x for v in ENGLISH_VOICES["tune"] for x in VARIANTS["tune"]]
    for t, text in enumerate(ENGLISH_TUNE_SHORT):
        for r in range(ENGLISH_RENDERINGS):
            speed = ENGLISH_SPEEDS[(t + r) % len(ENGLISH_SPEEDS)]
            out.append(
                Clip(
                    f"tune-en-short-{t:02d}-{r}",
                    "tune",
                    "english",
                    "en",
                    text,
                    rng.choice(voices),
                    speed,
                    extra=_padding(rng),
                )
            )
    for lang, texts in OTHER_TUNE_CLOSE.items():
        voices = [v + x for v in OTHER_VOICES[lang] for x in VARIANTS["tune"]]
        for t, text in enumerate(texts):
            for r in range(OTHER_RENDERINGS):
                speed = OTHER_SPEEDS[(t + r) % len(OTHER_SPEEDS)]
                out.append(
                    Clip(
                        f"tune-{lang}-close-{t:02d}-{r}",
                        "tune",
                        "other",
                        lang,
                        text,
                        rng.choice(voices),
                        speed,
                        extra=_padding(rng),
                    )
                )
    return out


def _no_speech(rng: random.Random, half: str, kind: str, background: str, n: int) -> Clip:
    seconds = round(rng.uniform(*NO_SPEECH_S), 1)
    name = background.split(":")[1]
    return Clip(
        f"{half}-{kind}-{name}-{n}",
        half,
        kind,
        None,
        "",
        "",
        0,
        background,
        seed=rng.randrange(1 << 30),
        extra={"seconds": seconds},
    )


# --- rendering ----------------------------------------------------------------------------------

BABBLE_TEXTS = [*ENGLISH_TUNE[:2], *[texts[1] for texts in OTHER_TUNE.values()]]
BABBLE_VOICES = ["en-us", "en-gb+f2", "fr-fr", "de+f3", "es", "it+m3", "pt", "nl+f2", "pl", "ru"]


@functools.cache
def _babble_talkers() -> list[np.ndarray]:
    return [
        sa.speak(text, voice, 160) for text, voice in zip(BABBLE_TEXTS, BABBLE_VOICES, strict=True)
    ]


def background(name: str, seconds: float, seed: int) -> np.ndarray:
    """A background track by name (`music:STYLE`, `noise:KIND`, `silence:KIND`)."""
    group, kind = name.split(":")
    rng = np.random.default_rng(seed)
    if group == "music":
        return sa.music(seconds, kind, rng)
    if kind == "pink":
        return sa.coloured_noise(seconds, 1.0, rng)
    if kind == "brown":
        return sa.coloured_noise(seconds, 2.0, rng)
    if kind == "hum":
        return sa.hum(seconds, rng)
    if kind == "babble":
        talkers = [
            sa.speak(text, voice, 160)
            for text, voice in zip(BABBLE_TEXTS, BABBLE_VOICES, strict=False)
        ]
        return sa.babble(seconds, talkers, rng)
    if kind == "digital":
        return np.zeros(int(seconds * sa.RATE), np.float32)
    if kind == "room":  # a quiet room: brown noise 50 dB under the music level
        return sa.coloured_noise(seconds, 2.0, rng) * sa.db_to_gain(-50.0)
    raise ValueError(f"unknown background {name!r}")


def render(clip: Clip) -> np.ndarray:
    if clip.kind in ("music", "noise", "silence"):
        return background(clip.background, clip.extra["seconds"], clip.seed)
    if clip.voice == "samples/speech.wav":
        return sa.read_wav(SAMPLE_WAV)
    speech = sa.speak(clip.text, clip.voice, clip.speed)
    speech = sa.level(speech, sa.SPEECH_RMS_DBFS + clip.extra["level_db"])
    speech = sa.limit(sa.pad(speech, clip.extra["lead_s"], clip.extra["tail_s"]))
    if clip.background:
        assert clip.snr_db is not None
        bg = background(clip.background, BACKGROUND_S, clip.seed)
        speech = sa.mix_at_snr(speech, bg, clip.snr_db)
    return speech


def ensure(folder: Path = CACHE, log: bool = True) -> list[tuple[Clip, Path]]:
    """Render whatever is missing or stale; return every clip with its WAV path."""
    if not sa.espeak_available():
        raise SystemExit("the speech corpus needs espeak-ng (apt-get install espeak-ng)")
    espeak = sa.espeak_version()
    folder.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Clip, Path]] = []
    corpus = clips()
    for i, clip in enumerate(corpus):
        wav = folder / f"{clip.id}-{clip.key(espeak)}.wav"
        if not wav.exists():
            if log:
                print(f"eval-speech: rendering {i + 1}/{len(corpus)} {clip.id}", flush=True)
            tmp = wav.with_suffix(".tmp.wav")
            sa.write_wav(tmp, render(clip))
            tmp.replace(wav)
        done.append((clip, wav))
    manifest = {"espeak": espeak, "clips": [{**asdict(c), "wav": p.name} for c, p in done]}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return done


if __name__ == "__main__":
    from collections import Counter

    rendered = ensure()
    print(Counter((c.half, c.kind) for c, _ in rendered))
