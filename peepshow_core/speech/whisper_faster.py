"""The faster-whisper engine: CTranslate2 int8 on CPU with Silero VAD (imported only when used)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.speech.engine import EngineOutput

if TYPE_CHECKING:
    import numpy as np

    from peepshow_core.speech.models import ModelChoice

COMPUTE_TYPE = "int8"


def load(choice: ModelChoice, threads: int) -> Any:
    from faster_whisper import WhisperModel

    # The folder is already local (resolved beforehand), so nothing here touches the network.
    return WhisperModel(
        choice.ref,
        device="cpu",
        compute_type=COMPUTE_TYPE,
        cpu_threads=threads,
        local_files_only=True,
    )


def run(
    model: Any,
    audio: np.ndarray,
    language: str | None,
    word_timestamps: bool,
    on_seconds: OnSeconds | None = None,
) -> EngineOutput:
    warnings: list[str] = []
    multilingual = bool(model.model.is_multilingual)
    if language and not multilingual and language != "en":
        warnings.append(f"the model is English-only; language {language!r} was ignored")
        language = "en"
    segments, info = model.transcribe(
        audio,
        language=language,
        vad_filter=True,
        word_timestamps=word_timestamps,
    )
    out_segments: list[dict[str, Any]] = []
    for seg in segments:  # a generator: decoding happens while iterating
        item: dict[str, Any] = {"start": seg.start, "end": seg.end, "text": seg.text.strip()}
        if word_timestamps and seg.words:
            item["words"] = [
                # as the model wrote it: " fast" starts a word, "-paced" continues it
                {"start": w.start, "end": w.end, "word": w.word}
                for w in seg.words
            ]
        out_segments.append(item)
        if on_seconds is not None:
            on_seconds(float(seg.end))
    return EngineOutput(
        segments=out_segments,
        language=info.language,
        language_probability=float(info.language_probability),
        warnings=warnings,
    )
