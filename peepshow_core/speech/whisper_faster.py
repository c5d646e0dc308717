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


def is_multilingual(model: Any) -> bool:
    return bool(model.model.is_multilingual)


def run(
    model: Any,
    audio: np.ndarray,
    language: str | None,
    word_timestamps: bool,
    on_seconds: OnSeconds | None = None,
) -> EngineOutput:
    warnings: list[str] = []
    multilingual = is_multilingual(model)
    segments, info = model.transcribe(
        audio,
        language=language,
        vad_filter=True,
        word_timestamps=word_timestamps,
    )
    out_segments: list[dict[str, Any]] = []
    for seg in segments:  # a generator: decoding happens while iterating
        item: dict[str, Any] = {
            "start": seg.start,
            "end": seg.end,
            "text": seg.text.strip(),
            "avg_logprob": float(seg.avg_logprob),
            "no_speech_prob": float(seg.no_speech_prob),
            "compression_ratio": float(seg.compression_ratio),
            "tokens": len(seg.tokens),
        }
        if word_timestamps and seg.words:
            item["words"] = [
                # as the model wrote it: " fast" starts a word, "-paced" continues it
                {
                    "start": w.start,
                    "end": w.end,
                    "word": w.word,
                    "probability": float(w.probability),
                }
                for w in seg.words
            ]
        out_segments.append(item)
        if on_seconds is not None:
            on_seconds(float(seg.end))
    identified = multilingual and not language  # faster-whisper reports 1.0 when nothing ran
    return EngineOutput(
        segments=out_segments,
        language=info.language,
        language_probability=float(info.language_probability) if identified else None,
        multilingual=multilingual,
        speech_s=float(info.duration_after_vad),
        warnings=warnings,
    )
