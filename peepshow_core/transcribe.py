"""Speech to text behind one small interface; engines are imported lazily.

`transcribe_file` never fails the run for expected reasons (no audio track, no model available,
engine not installed): it returns `TranscriptResult(transcript=None, reason=..., warnings=[...])`.
Models are loaded once per process and shared between threads.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from peepshow_core.errors import BadInputError, ExitCode, PeepshowError

ENGINES = ("faster-whisper", "openai-whisper")
OPENAI_WHISPER_HINT = "openai-whisper is not installed: pip install 'peepshow[openai-whisper]'"


@dataclass
class TranscribeOptions:
    engine: str = "faster-whisper"
    model: str | None = None  # name or model folder; None = PEEPSHOW_WHISPER_MODEL, then offline
    language: str | None = None  # None = detect
    threads: int | None = None  # CPU threads for the engine; None = os.cpu_count()
    word_timestamps: bool = True  # per-word times in each segment's `words` (for words_between)


@dataclass
class TranscriptResult:
    transcript: dict[str, Any] | None  # the payload's `transcript` object, or None
    reason: str | None = None  # why transcript is None
    warnings: list[str] = field(default_factory=list)


@dataclass
class EngineOutput:
    """What an engine returns; times are seconds from the start of the decoded audio."""

    segments: list[dict[str, Any]]  # {start, end, text, words?: [{start, end, word}]}
    language: str | None
    language_probability: float | None
    warnings: list[str] = field(default_factory=list)


def transcribe_file(media: Path, options: TranscribeOptions) -> TranscriptResult:
    """Transcribe the first audio track of `media` (raises only NoInputError for a missing file)."""
    from peepshow_core import audio as audio_mod
    from peepshow_core.whisper_models import ModelUnavailableError

    if options.engine not in ENGINES:
        raise PeepshowError(
            f"unknown transcription engine {options.engine!r} (choose from {', '.join(ENGINES)})",
            ExitCode.USAGE,
        )
    try:
        if not audio_mod.has_audio_track(media):
            return TranscriptResult(None, reason="no audio track")
    except BadInputError as exc:
        return TranscriptResult(None, reason=f"audio could not be read: {exc.message}")
    try:
        engine = _engine(options.engine)
        choice = _resolve(options.engine, options.model)
    except ModelUnavailableError as exc:
        return TranscriptResult(None, reason=exc.reason, warnings=[exc.hint])
    try:
        decoded = audio_mod.decode_audio(media)
    except audio_mod.NoAudioTrackError as exc:
        return TranscriptResult(None, reason=exc.message)
    except BadInputError as exc:
        return TranscriptResult(None, reason=f"audio could not be read: {exc.message}")
    threads = options.threads or os.cpu_count() or 1
    try:
        model = _load_cached(options.engine, engine, choice, threads)
    except (RuntimeError, ValueError, OSError, KeyError) as exc:
        return TranscriptResult(
            None,
            reason=f"could not load Whisper model {choice.label!r}: {exc}",
            warnings=[f"check the model given by --model or PEEPSHOW_WHISPER_MODEL ({choice.ref})"],
        )
    out = engine.run(model, decoded.samples, options.language, options.word_timestamps)
    transcript = build_transcript(
        out, decoded.start_s, decoded.duration_s, options.engine, choice.label
    )
    return TranscriptResult(transcript, warnings=[*decoded.warnings, *out.warnings])


def build_transcript(
    out: EngineOutput, offset_s: float, duration_s: float, engine: str, model: str
) -> dict[str, Any]:
    """The payload's `transcript` object: times shifted to the media timeline, rounded to ms."""
    end_limit = offset_s + duration_s

    def t(value: float) -> float:
        return round(min(max(float(value) + offset_s, 0.0), end_limit), 3)

    segments: list[dict[str, Any]] = []
    for seg in out.segments:
        item: dict[str, Any] = {"start": t(seg["start"]), "end": t(seg["end"]), "text": seg["text"]}
        if "words" in seg:
            item["words"] = [
                {"start": t(w["start"]), "end": t(w["end"]), "word": w["word"]}
                for w in seg["words"]
            ]
        segments.append(item)
    # Silence is what the recognised segments leave uncovered, the same for every engine. (A VAD's
    # own figure is no good here: it pads speech and keeps pauses shorter than 2 s.)
    speech_s = _covered_seconds(out.segments, duration_s)
    silence = 1.0 - speech_s / duration_s if duration_s > 0 else 1.0
    return {
        "text": " ".join(s["text"] for s in segments if s["text"]),
        "language": out.language,
        "language_probability": (
            None if out.language_probability is None else round(float(out.language_probability), 4)
        ),
        "duration_s": round(duration_s, 3),
        "silence_ratio": round(min(max(silence, 0.0), 1.0), 4),
        "segments": segments,
        "engine": engine,
        "model": model,
    }


def words_between(transcript: dict[str, Any] | None, start_s: float, end_s: float) -> str:
    """The words spoken in [start_s, end_s): a word counts where its midpoint falls.

    Uses each segment's word timestamps when present; otherwise spreads the segment's words over
    its time span in proportion to their length.
    """
    if not transcript:
        return ""
    picked: list[str] = []
    for seg in transcript.get("segments", []):
        if seg["end"] < start_s or seg["start"] >= end_s:
            continue
        for w_start, w_end, word in _timed_words(seg):
            if start_s <= (w_start + w_end) / 2 < end_s:
                picked.append(word)
    return " ".join(picked)


def _timed_words(seg: dict[str, Any]) -> list[tuple[float, float, str]]:
    if seg.get("words"):
        return [(w["start"], w["end"], w["word"]) for w in seg["words"] if w["word"]]
    words = seg["text"].split()
    total = sum(len(w) + 1 for w in words)
    span = seg["end"] - seg["start"]
    timed, cursor = [], float(seg["start"])
    for word in words:
        length = span * (len(word) + 1) / total
        timed.append((cursor, cursor + length, word))
        cursor += length
    return timed


def _covered_seconds(segments: list[dict[str, Any]], duration_s: float) -> float:
    """Length of the union of segment intervals, clipped to the audio."""
    covered, reach = 0.0, 0.0
    for start, end in sorted((max(0.0, s["start"]), min(duration_s, s["end"])) for s in segments):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered


# --- engines and the per-process model cache ----------------------------------------------------

_MODELS: dict[tuple[str, str, int], Any] = {}
_MODELS_LOCK = threading.Lock()


def _engine(name: str) -> ModuleType:
    from peepshow_core.whisper_models import ModelUnavailableError

    if name == "faster-whisper":
        from peepshow_core import whisper_faster

        return whisper_faster
    try:
        from peepshow_core import whisper_openai
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("whisper", "torch"):
            raise
        raise ModelUnavailableError(OPENAI_WHISPER_HINT, OPENAI_WHISPER_HINT) from exc
    return whisper_openai


def _resolve(engine: str, model: str | None) -> Any:
    from peepshow_core import whisper_models

    if engine == "faster-whisper":
        return whisper_models.resolve_faster_whisper(model)
    return whisper_models.resolve_openai_whisper(model)


def _load_cached(engine_name: str, engine: ModuleType, choice: Any, threads: int) -> Any:
    key = (engine_name, choice.ref, threads)
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = engine.load(choice, threads)
        return _MODELS[key]


def clear_model_cache() -> None:
    """Forget loaded models (tests; a long-lived server that wants the memory back)."""
    with _MODELS_LOCK:
        _MODELS.clear()
