"""Speech to text for a run: pick the engine and the model, decode the audio, transcribe.

`transcribe_file` fails the run only when an explicit choice cannot be honoured (an engine that
is not installed, a model someone named that is not there); for everything else expected (no
audio track, the default model missing) it returns `TranscriptResult(transcript=None, reason=...)`.
Models are loaded once per process and shared between threads (`peepshow batch` keeps them).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from peepshow_core.contract.errors import BadInputError, ConfigError
from peepshow_core.contract.vocab import Engine, OnShare, parse_choice
from peepshow_core.media import audio
from peepshow_core.speech import models
from peepshow_core.speech.engine import SpeechEngine, TranscribeOptions, TranscriptResult
from peepshow_core.speech.models import ModelChoice, ModelUnavailableError
from peepshow_core.speech.transcript import build_transcript


def transcribe_file(
    media: Path, options: TranscribeOptions, on_share: OnShare | None = None
) -> TranscriptResult:
    """Transcribe the first audio track of `media`. Raises NoInputError for a missing file, and
    UsageError / ConfigError when the engine or a model someone asked for cannot be used; the
    implicit default model being unavailable gives `transcript: None` and a reason instead.
    `on_share` gets the share of the audio transcribed so far."""
    engine_name = parse_choice(Engine, options.engine, "transcription engine")
    if on_share is not None:
        on_share(0.0)  # started: loading the model and decoding the audio come first
    try:
        if not audio.has_audio_track(media):
            return TranscriptResult(None, reason="no audio track")
    except BadInputError as exc:
        return TranscriptResult(None, reason=f"audio could not be read: {exc.message}")
    engine = load_engine(engine_name)
    try:
        choice = models.resolve(engine_name, options.model)
    except ModelUnavailableError as exc:  # only the implicit default gets here
        return TranscriptResult(None, reason=exc.message)
    try:
        decoded = audio.decode_audio(media)
    except audio.NoAudioTrackError as exc:
        return TranscriptResult(None, reason=exc.message)
    except BadInputError as exc:
        return TranscriptResult(None, reason=f"audio could not be read: {exc.message}")
    threads = options.threads or os.cpu_count() or 1
    try:
        model = _load_cached(engine_name, engine, choice, threads)
    except (RuntimeError, ValueError, OSError, KeyError) as exc:
        failure = ModelUnavailableError(
            f"could not load Whisper model {choice.label!r}: {exc}",
            f"check the model given by --model or {models.MODEL_ENV} ({choice.ref})",
        )
        if choice.source in ("option", "env", "config"):
            raise models.explicit_error(choice.source, failure) from None
        return TranscriptResult(None, reason=failure.message)
    language = options.language
    if language and language.lower() not in ("en", "english") and not engine.is_multilingual(model):
        raise models.english_only_language_error(language, choice.label)

    def seconds_done(seconds: float) -> None:
        if on_share is not None and decoded.duration_s > 0:
            on_share(min(1.0, seconds / decoded.duration_s))

    out = engine.run(model, decoded.samples, language, options.word_timestamps, seconds_done)
    seconds_done(decoded.duration_s)
    transcript, warnings = build_transcript(
        out, decoded.start_s, decoded.duration_s, engine_name, choice.label
    )
    return TranscriptResult(transcript, warnings=[*decoded.warnings, *out.warnings, *warnings])


# --- engines and the per-process model cache ----------------------------------------------------

_MODELS: dict[tuple[str, str, int], Any] = {}
_MODELS_LOCK = threading.Lock()
_LOADS = [0]  # models loaded by this process (a batch worker reports it)


def load_engine(name: Engine) -> SpeechEngine:
    """The engine's module (imported only when used: each pulls in its own heavy library)."""
    if name is Engine.faster_whisper:
        from peepshow_core.speech import whisper_faster

        return whisper_faster  # a module following the protocol
    try:
        from peepshow_core.speech import whisper_openai
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("whisper", "torch"):
            raise
        raise ConfigError(models.OPENAI_WHISPER_HINT) from None
    return whisper_openai


def _load_cached(name: Engine, engine: SpeechEngine, choice: ModelChoice, threads: int) -> Any:
    key = (name.value, choice.ref, threads)
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = engine.load(choice, threads)
            _LOADS[0] += 1
        return _MODELS[key]


def model_loads() -> int:
    """How many times this process loaded a model (a cache hit is not a load)."""
    return _LOADS[0]


def clear_model_cache() -> None:
    """Forget loaded models (tests; a long-lived server that wants the memory back)."""
    with _MODELS_LOCK:
        _MODELS.clear()
