"""A re-run of the same file with the same transcript options reuses the transcript: keyed by
content (not path), by every option that changes a transcript, and never fatal when broken."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from peepshow_core.contract import paths
from peepshow_core.media.fingerprint import content_fingerprint
from peepshow_core.run import transcript_cache
from peepshow_core.speech.engine import TranscribeOptions, TranscriptResult
from tests.support.cli import run_exe
from tests.support.paths import SPEECH_WAV

TRANSCRIPT = {
    "text": "Hello there.",
    "language": "en",
    "language_probability": 1.0,
    "duration_s": 2.0,
    "silence_ratio": 0.5,
    "segments": [{"start": 0.0, "end": 1.0, "text": "Hello there."}],
    "engine": "faster-whisper",
    "model": "tiny.en",
}


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, TranscribeOptions]]:
    """Stands in for the engine (counted); the cache around it is the real one."""
    calls: list[tuple[Path, TranscribeOptions]] = []

    def transcribe(media: Path, options: TranscribeOptions, on_share: object = None) -> object:
        calls.append((media, options))
        return TranscriptResult(dict(TRANSCRIPT), warnings=["a warning kept with it"])

    monkeypatch.setattr(transcript_cache, "transcribe_file", transcribe)
    return calls


def copy_of(source: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / name))


def test_the_fingerprint_follows_the_content_not_the_path(tmp_path: Path) -> None:
    one = copy_of(SPEECH_WAV, tmp_path / "a", "talk.wav")
    two = copy_of(SPEECH_WAV, tmp_path / "b", "renamed.wav")
    assert content_fingerprint(one) == content_fingerprint(two)
    data = bytearray(two.read_bytes())
    data[len(data) // 2] ^= 1
    two.write_bytes(bytes(data))
    assert content_fingerprint(one) != content_fingerprint(two)


def test_same_content_and_options_transcribe_once(
    engine_calls: list[object], tmp_path: Path
) -> None:
    said: list[str] = []
    first = transcript_cache.transcribe_cached(
        copy_of(SPEECH_WAV, tmp_path / "a", "x.wav"), TranscribeOptions()
    )
    again = transcript_cache.transcribe_cached(
        copy_of(SPEECH_WAV, tmp_path / "b", "y.wav"), TranscribeOptions(), on_status=said.append
    )
    assert len(engine_calls) == 1
    assert again.transcript == first.transcript and again.warnings == first.warnings
    assert any("reused" in line for line in said)


@pytest.mark.parametrize(
    "other",
    [
        TranscribeOptions(language="en"),
        TranscribeOptions(word_timestamps=False),
        TranscribeOptions(model=str(Path("/nonexistent/model-folder"))),
    ],
    ids=["language", "word timestamps", "model"],
)
def test_other_options_transcribe_again(
    engine_calls: list[object], other: TranscribeOptions
) -> None:
    transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions())
    transcript_cache.transcribe_cached(SPEECH_WAV, other)
    assert len(engine_calls) == 2


def test_changed_transcription_code_transcribes_again(
    engine_calls: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions())
    monkeypatch.setattr(transcript_cache, "code_digest", lambda: "a-newer-speech-package")
    transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions())
    assert len(engine_calls) == 2


def test_no_transcript_is_never_kept(
    monkeypatch: pytest.MonkeyPatch, engine_calls: list[object]
) -> None:
    monkeypatch.setattr(
        transcript_cache,
        "transcribe_file",
        lambda *a, **k: engine_calls.append(a) or TranscriptResult(None, reason="no model"),
    )
    for _ in range(2):
        assert transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions()).reason
    assert len(engine_calls) == 2
    assert not paths.transcripts_dir().exists() or not any(paths.transcripts_dir().iterdir())


def test_a_damaged_entry_is_ignored_and_replaced(engine_calls: list[object]) -> None:
    transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions())
    (entry,) = paths.transcripts_dir().iterdir()
    entry.write_text("{half a file")
    result = transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions())
    assert result.transcript == TRANSCRIPT and len(engine_calls) == 2
    assert json.loads(entry.read_text())["transcript"] == TRANSCRIPT


def test_a_cache_that_cannot_be_written_is_no_failure(
    engine_calls: list[object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("PEEPSHOW_CACHE_DIR", str(blocker))  # transcripts/ cannot go under it
    said: list[str] = []
    result = transcript_cache.transcribe_cached(
        SPEECH_WAV, TranscribeOptions(), on_status=said.append
    )
    assert result.transcript == TRANSCRIPT
    assert any("could not keep the transcript" in line for line in said)


def test_a_rerun_of_the_cli_reuses_the_real_transcript(speech_video: Path, tmp_path: Path) -> None:
    first = run_exe(str(speech_video), "--emit", "json", "--no-sinks")
    moved = copy_of(speech_video, tmp_path / "elsewhere", "same talk.mp4")
    again = run_exe(str(moved), "--emit", "json", "--no-sinks")
    assert first.code == 0 and again.code == 0, again.stderr
    assert "reused" not in first.stderr and "reused" in again.stderr
    before, after = first.json(), again.json()
    assert after["transcript"] == before["transcript"] is not None
    assert [f["transcript"] for f in after["frames"]] == [f["transcript"] for f in before["frames"]]
