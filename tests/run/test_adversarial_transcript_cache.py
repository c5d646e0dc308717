"""A transcript cache entry nested past the JSON decoder's limit is a damaged entry: ignored and
replaced, as a half-written one is; it was `unexpected failure (RecursionError)` (1)."""

from __future__ import annotations

import json

import pytest

from peepshow_core.contract import paths
from peepshow_core.run import transcript_cache
from peepshow_core.speech.engine import TranscribeOptions
from tests.run.test_transcript_cache import TRANSCRIPT, engine_calls  # noqa: F401 (a fixture)
from tests.support.paths import SPEECH_WAV

DEPTH = 100_000


@pytest.mark.usefixtures("gc_paused")
def test_a_deeply_nested_entry_is_ignored_and_replaced(engine_calls: list[object]) -> None:  # noqa: F811
    transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions())
    (entry,) = paths.transcripts_dir().iterdir()
    entry.write_text('{"k": ' + "[" * DEPTH + "]" * DEPTH + "}")
    result = transcript_cache.transcribe_cached(SPEECH_WAV, TranscribeOptions())
    assert result.transcript == TRANSCRIPT and len(engine_calls) == 2
    assert json.loads(entry.read_text())["transcript"] == TRANSCRIPT
