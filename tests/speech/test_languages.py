"""Speech in other languages with the bundled English-only model: flagged, never confident English.

French and German are spoken by espeak-ng (texts and voices from the tuning half of the speech
corpus, devtools/speech_texts.py); English read by the same voices stays reliable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools import speech_audio
from devtools.speech_texts import ENGLISH_TUNE, OTHER_TUNE
from peepshow_core.speech import reliability
from peepshow_core.speech.engine import TranscribeOptions
from peepshow_core.speech.transcribe import transcribe_file

pytestmark = pytest.mark.skipif(
    not speech_audio.espeak_available(), reason="needs espeak-ng (devtools/setup.sh installs it)"
)

CLIPS = {  # name: (voice, text)
    "french": ("fr-fr", OTHER_TUNE["fr"][1]),
    "german": ("de+f2", OTHER_TUNE["de"][1]),
    "english": ("en-us", ENGLISH_TUNE[1]),
}


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("languages")
    paths = {}
    for name, (voice, text) in CLIPS.items():
        samples = speech_audio.pad(speech_audio.speak(text, voice, 160), 0.5, 0.5)
        paths[name] = folder / f"{name}.wav"
        speech_audio.write_wav(paths[name], speech_audio.level(samples, -20.0))
    return paths


@pytest.mark.parametrize("language", ["french", "german"])
def test_other_languages_do_not_come_back_as_confident_english(
    spoken: dict[str, Path], language: str
) -> None:
    result = transcribe_file(spoken[language], TranscribeOptions())
    transcript = result.transcript
    assert transcript is not None
    assert transcript["reliable"] is False, transcript["text"]
    # faster-whisper's temperature fallback samples, so the same clip may come back as other
    # words from run to run: most often unrecognised or un-English, sometimes a repetition
    reason = transcript["reason"]
    assert reason in (reliability.NOT_ENGLISH, reliability.UNRECOGNISED, reliability.REPEATED)
    assert transcript["language_probability"] is None  # nothing identified the language
    (line,) = result.warnings  # one line that says what to do
    assert "\n" not in line and str(reason) in line
    if reason is not reliability.REPEATED:
        assert "peepshow models pull small" in line


def test_english_in_the_same_setup_stays_reliable(spoken: dict[str, Path]) -> None:
    result = transcribe_file(spoken["english"], TranscribeOptions())
    transcript = result.transcript
    assert transcript is not None
    assert transcript["reliable"] is True and transcript["reason"] is None
    assert transcript["confidence"] is not None
    assert transcript["confidence"] >= reliability.MIN_CONFIDENCE
    assert result.warnings == []
    assert "warehouse" in transcript["text"].lower()
