"""What a speech engine is: the options a run asks for, what an engine returns, and the protocol
every engine module follows (`whisper_faster`, `whisper_openai`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from peepshow_core.contract.vocab import Engine, OnSeconds

if TYPE_CHECKING:
    import numpy as np

    from peepshow_core.speech.models import ModelChoice


@dataclass
class TranscribeOptions:
    engine: Engine = Engine.faster_whisper
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
    """What an engine returns; times are seconds from the start of the decoded audio.

    Each segment: {start, end, text, words?: [{start, end, word, probability}], and the decoder's
    own signals for it: avg_logprob, no_speech_prob, compression_ratio, tokens (a count)}.
    `language_probability` is None unless a language identifier ran (an English-only model, or a
    language given by the caller, identifies nothing)."""

    segments: list[dict[str, Any]]
    language: str | None
    language_probability: float | None
    multilingual: bool = False  # the model can transcribe other languages than English
    speech_s: float | None = None  # seconds of audio the engine's voice detector kept, if any
    warnings: list[str] = field(default_factory=list)


class SpeechEngine(Protocol):
    """An engine module: load a model once, then run it on 16 kHz mono float32 samples."""

    def load(self, choice: ModelChoice, threads: int) -> Any: ...

    def is_multilingual(self, model: Any) -> bool: ...

    def run(
        self,
        model: Any,
        audio: np.ndarray,
        language: str | None,
        word_timestamps: bool,
        on_seconds: OnSeconds | None = None,  # seconds of audio done so far, as it goes
    ) -> EngineOutput: ...
