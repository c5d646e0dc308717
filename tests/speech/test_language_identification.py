"""language_probability is reported only when a language identifier ran: faster-whisper says 1.0
for an English-only model and for a language given by the caller, and peepshow must not pass that
on as certainty. (The real multilingual path runs in test_transcribe_openai.py on a random
multilingual checkpoint; faster-whisper has no multilingual model offline, so its engine is
driven here by a stand-in for WhisperModel.)"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from peepshow_core.speech import whisper_faster


class StandIn:
    """What whisper_faster.run reads from a faster_whisper.WhisperModel."""

    def __init__(self, multilingual: bool) -> None:
        self.model = SimpleNamespace(is_multilingual=multilingual)
        self.asked: dict[str, Any] = {}

    def transcribe(self, audio: Any, **options: Any) -> tuple[Any, Any]:
        self.asked = options
        word = SimpleNamespace(start=0.0, end=0.5, word=" Bonjour", probability=0.9)
        segment = SimpleNamespace(
            start=0.0,
            end=0.5,
            text=" Bonjour",
            avg_logprob=-0.2,
            no_speech_prob=0.05,
            compression_ratio=1.1,
            tokens=[1, 2],
            words=[word],
        )
        language = options.get("language") or ("fr" if self.model.is_multilingual else "en")
        info = SimpleNamespace(
            language=language,
            language_probability=1.0
            if options.get("language") or not self.model.is_multilingual
            else 0.87,
            duration_after_vad=0.5,
        )
        return iter([segment]), info


@pytest.mark.parametrize(
    ("multilingual", "language", "expected"),
    [(True, None, 0.87), (True, "fr", None), (False, None, None)],
)
def test_probability_only_when_identified(
    multilingual: bool, language: str | None, expected: float | None
) -> None:
    model = StandIn(multilingual)
    out = whisper_faster.run(model, np.zeros(8000, np.float32), language, True)
    assert out.language_probability == expected
    assert out.multilingual is multilingual
    assert model.asked["language"] == language  # --language is passed on, never dropped
    (segment,) = out.segments
    assert segment["words"][0]["probability"] == 0.9
    assert (segment["avg_logprob"], segment["no_speech_prob"], segment["tokens"]) == (-0.2, 0.05, 2)
