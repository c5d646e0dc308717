"""The optional openai-whisper engine: a clear reason when it is not installed, and the real loading
and transcription code run on a tiny randomly initialised checkpoint (no weights downloaded)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest

import peepshow_core
from peepshow_core.contract import payload as payload_module
from peepshow_core.contract.errors import ConfigError, UsageError
from peepshow_core.speech import transcribe
from peepshow_core.speech.engine import TranscribeOptions
from peepshow_core.speech.models import OPENAI_WHISPER_HINT
from peepshow_core.speech.transcribe import transcribe_file

if TYPE_CHECKING:
    from tests.support.speech import SpeechClip

SCHEMA = Path(payload_module.__file__).parent / "schema" / "run-1.schema.json"


def test_missing_extra_is_a_configuration_error_with_the_install_command(
    speech_clip: SpeechClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "whisper", None)  # import whisper -> ImportError
    monkeypatch.delitem(sys.modules, "peepshow_core.speech.whisper_openai", raising=False)
    monkeypatch.delattr(peepshow_core, "whisper_openai", raising=False)
    with pytest.raises(ConfigError) as caught:
        transcribe_file(speech_clip.wav, TranscribeOptions(engine="openai-whisper"))
    assert caught.value.message == OPENAI_WHISPER_HINT
    assert "pip install 'peepshow[openai-whisper]'" in caught.value.message


@pytest.fixture(scope="module")
def random_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny multilingual Whisper with random weights, saved the way whisper.load_model reads."""
    torch = pytest.importorskip("torch")
    model_mod = pytest.importorskip("whisper.model")
    torch.manual_seed(0)
    dims = model_mod.ModelDimensions(
        n_mels=80,
        n_audio_ctx=1500,  # fixed by 30 s windows
        n_audio_state=64,
        n_audio_head=2,
        n_audio_layer=1,
        n_vocab=51865,  # multilingual vocabulary, so language detection runs
        n_text_ctx=64,  # short decodes keep the gibberish cheap
        n_text_state=64,
        n_text_head=2,
        n_text_layer=1,
    )
    model = model_mod.Whisper(dims)
    # Whisper leaves the decoder's positional embedding as torch.empty (real checkpoints overwrite
    # it); uninitialised memory can hold NaN, so give it random values like everything else.
    torch.nn.init.normal_(model.decoder.positional_embedding, std=0.02)
    # Spread text logits widely and keep timestamp logits at 0: otherwise the 1501 near-uniform
    # timestamp tokens outweigh any text token, every step emits a timestamp and a 2 s clip is
    # decoded as a hundred tiny windows. Text then runs to the sample length: one window.
    embedding = model.decoder.token_embedding.weight
    torch.nn.init.normal_(embedding, std=1.0)
    with torch.no_grad():
        embedding[dims.n_vocab - 1501 :] = 0.0
    path = tmp_path_factory.mktemp("openai-whisper") / "tiny-random.pt"
    torch.save({"dims": asdict(dims), "model_state_dict": model.state_dict()}, path)
    return path


@pytest.fixture(scope="module")
def short_speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from devtools.synthvideo import speak

    return speak("Hello, budget meeting.", tmp_path_factory.mktemp("short") / "short.wav", 150)


@pytest.mark.openai_whisper
def test_checkpoint_is_loaded_and_run_through_peepshow(
    random_checkpoint: Path, short_speech: Path
) -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(1)
    # One thread: torch's thread pool spins badly on a busy 2-core machine. No word timestamps:
    # with them a random model's seek creeps forward and decodes many windows (minutes).
    options = TranscribeOptions(
        engine="openai-whisper", model=str(random_checkpoint), threads=1, word_timestamps=False
    )
    result = transcribe_file(short_speech, options)
    assert result.reason is None, result.reason
    transcript = result.transcript
    assert transcript is not None
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.validate(transcript, {**schema["$defs"]["transcript"], "$defs": schema["$defs"]})
    json.dumps(transcript)
    assert transcript["engine"] == "openai-whisper"
    assert transcript["model"] == "tiny-random"
    assert isinstance(transcript["language"], str) and transcript["language"]
    assert 0.0 <= transcript["language_probability"] <= 1.0  # multilingual: identification ran
    assert isinstance(transcript["reliable"], bool)
    assert all(0.0 <= seg["confidence"] <= 1.0 for seg in transcript["segments"])
    assert 0.0 <= transcript["silence_ratio"] <= 1.0
    assert transcript["duration_s"] > 1.0
    assert transcript["segments"]
    for seg in transcript["segments"]:
        assert 0.0 <= seg["start"] <= seg["end"] <= transcript["duration_s"]
        assert isinstance(seg["text"], str)
    # Loaded once: a second run reuses the cached model object.
    assert any(key[:2] == ("openai-whisper", str(random_checkpoint)) for key in transcribe._MODELS)


@pytest.mark.openai_whisper
def test_uncached_model_asked_for_offline_stops_the_run(
    short_speech: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("whisper")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError) as caught:
        transcribe_file(short_speech, TranscribeOptions(engine="openai-whisper", model="base"))
    assert "not cached" in caught.value.message
    with pytest.raises(UsageError) as unknown:
        transcribe_file(short_speech, TranscribeOptions(engine="openai-whisper", model="huge"))
    assert unknown.value.message.startswith("--model: unknown openai-whisper model 'huge'")


@pytest.mark.openai_whisper
def test_the_implicit_default_uncached_offline_degrades_to_a_reason(
    short_speech: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("whisper")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = transcribe_file(short_speech, TranscribeOptions(engine="openai-whisper"))
    assert result.transcript is None
    assert result.reason is not None and "'base' is not cached" in result.reason
