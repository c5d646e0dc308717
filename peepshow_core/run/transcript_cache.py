"""Transcripts kept for re-runs: the same file (by content) with the same transcript options gets
the transcript made before instead of transcribing again.

The key is the file's content fingerprint plus everything that changes a transcript: the engine,
the model actually used (its folder or name, after `--model` / `PEEPSHOW_WHISPER_MODEL` /
the bundled one), the language asked for, word timestamps, and the code that makes transcripts
(peepshow's version and a digest of the `speech` package's sources, so a changed engine or
transcript builder never gets an old transcript back). Entries live in
`<cache dir>/transcripts/<key>.json` (`PEEPSHOW_CACHE_DIR` moves the cache dir); deleting the
folder clears it. Only transcripts are kept, never a failure; a cache that cannot be read or
written is skipped, never fatal.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peepshow_core import __version__, speech
from peepshow_core.contract import atomic, paths
from peepshow_core.contract.errors import PeepshowError
from peepshow_core.contract.vocab import Engine, OnShare, OnStatus, parse_choice
from peepshow_core.media.fingerprint import content_fingerprint
from peepshow_core.speech.engine import TranscribeOptions, TranscriptResult
from peepshow_core.speech.models import ModelUnavailableError, resolve
from peepshow_core.speech.transcribe import transcribe_file

FORMAT = 1  # of the entry files


@functools.cache
def code_digest() -> str:
    """peepshow's version and the `speech` package's sources: what made a transcript."""
    digest = hashlib.sha256(__version__.encode())
    folder = Path(speech.__file__).parent
    for source in sorted(folder.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class CacheKey:
    fingerprint: str
    engine: str
    model: str
    language: str | None
    word_timestamps: bool
    code: str = ""  # code_digest()

    def digest(self) -> str:
        fields = {**self.__dict__, "format": FORMAT}
        text = json.dumps(fields, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:40]


def cache_key(media: Path, options: TranscribeOptions) -> CacheKey | None:
    """The key for `media` transcribed with `options`; None when the model cannot be resolved
    (then transcription itself says why)."""
    engine = parse_choice(Engine, options.engine, "transcription engine")
    try:
        choice = resolve(engine, options.model)
    except ModelUnavailableError:
        return None
    return CacheKey(
        content_fingerprint(media),
        engine.value,
        str(choice.ref),
        options.language,
        options.word_timestamps,
        code_digest(),
    )


def _entry(key: CacheKey) -> Path:
    return paths.transcripts_dir() / f"{key.digest()}.json"


def load(key: CacheKey) -> TranscriptResult | None:
    try:
        record = json.loads(_entry(key).read_text("utf-8"))
        if record.get("key") != key.__dict__ or record.get("format") != FORMAT:
            return None
        transcript: dict[str, Any] = record["transcript"]
        return TranscriptResult(transcript, warnings=list(record.get("warnings") or []))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # missing or damaged (RecursionError: nested past the decoder's limit)


def store(key: CacheKey, result: TranscriptResult) -> None:
    if result.transcript is None:
        return
    record = {
        "format": FORMAT,
        "key": key.__dict__,
        "transcript": result.transcript,
        "warnings": result.warnings,
    }
    atomic.write_json(_entry(key), record)


def transcribe_cached(
    media: Path,
    options: TranscribeOptions,
    on_share: OnShare | None = None,
    on_status: OnStatus | None = None,
) -> TranscriptResult:
    """`transcribe_file`, or the transcript kept from an earlier run of the same content with
    the same options."""
    say = on_status or (lambda _message: None)
    try:
        key = cache_key(media, options)
    except (OSError, PeepshowError):  # unreadable now: transcription will say why
        key = None
    if key is not None:
        kept = load(key)
        if kept is not None:
            say("transcript: the same file was transcribed before with these options; reused")
            if on_share is not None:
                on_share(1.0)
            return kept
    result = transcribe_file(media, options, on_share)
    if key is not None:
        try:
            store(key, result)
        except OSError as exc:
            say(f"could not keep the transcript for re-runs: {exc.strerror or exc}")
    return result
