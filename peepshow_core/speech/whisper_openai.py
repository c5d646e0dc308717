"""The openai-whisper engine (optional extra `peepshow[openai-whisper]`, PyTorch on CPU).

Importing this module fails with ImportError when `whisper` or `torch` is missing; the caller turns
that into a "not installed" reason. Audio is passed as a 16 kHz array, so no ffmpeg CLI is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch
import whisper

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.speech.engine import EngineOutput

if TYPE_CHECKING:
    import numpy as np

    from peepshow_core.speech.models import ModelChoice


def load(choice: ModelChoice, threads: int) -> Any:
    """`choice.ref`: a checkpoint (`{"dims": ..., "model_state_dict": ...}`) path or a name."""
    torch.set_num_threads(threads)
    return whisper.load_model(choice.ref, device="cpu")


def is_multilingual(model: Any) -> bool:
    return bool(model.is_multilingual)


def run(
    model: Any,
    audio: np.ndarray,
    language: str | None,
    word_timestamps: bool,
    on_seconds: OnSeconds | None = None,  # openai-whisper reports nothing while it works
) -> EngineOutput:
    warnings: list[str] = []
    probability: float | None = None
    if not model.is_multilingual:
        language = "en"
    elif language is None:
        language, probability = _detect_language(model, audio)
    result = model.transcribe(
        audio,
        language=language,
        fp16=False,
        word_timestamps=word_timestamps,
        verbose=None,
    )
    segments: list[dict[str, Any]] = []
    for seg in result["segments"]:
        item: dict[str, Any] = {
            "start": seg["start"],
            "end": seg["end"],
            "text": seg["text"].strip(),
            "avg_logprob": float(seg["avg_logprob"]),
            "no_speech_prob": float(seg["no_speech_prob"]),
            "compression_ratio": float(seg["compression_ratio"]),
            "tokens": len(seg["tokens"]),
        }
        if word_timestamps and seg.get("words"):
            item["words"] = [
                {
                    "start": w["start"],
                    "end": w["end"],
                    "word": w["word"],  # as written
                    "probability": float(w["probability"]),
                }
                for w in seg["words"]
            ]
        segments.append(item)
    return EngineOutput(
        segments=segments,
        language=language,
        language_probability=probability,
        multilingual=bool(model.is_multilingual),
        warnings=warnings,
    )


def _detect_language(model: Any, audio: np.ndarray) -> tuple[str, float]:
    """Language from the first 30 s, with its probability (transcribe() alone drops it)."""
    mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), model.dims.n_mels)
    with torch.no_grad():
        _, probs = model.detect_language(mel.to(model.device))
    best = max(probs, key=probs.get)
    return best, float(probs[best])
