"""Speech to text behind one small interface; engines are imported lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENGINES = ("faster-whisper", "openai-whisper")


@dataclass
class TranscribeOptions:
    engine: str = "faster-whisper"
    model: str | None = None  # name or model folder; None = PEEPSHOW_WHISPER_MODEL, then offline
    language: str | None = None  # None = detect


@dataclass
class TranscriptResult:
    transcript: dict[str, Any] | None  # the payload's `transcript` object, or None
    reason: str | None = None  # why transcript is None
    warnings: list[str] = field(default_factory=list)


def transcribe_file(media: Path, options: TranscribeOptions) -> TranscriptResult:
    raise NotImplementedError("transcription is being built")
