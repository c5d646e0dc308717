"""What a batch has finished, so the same command resumes instead of starting over.

A video is identified by a **content fingerprint** (SHA-256 of the file's bytes; a file whose
size, modification time and inode are unchanged is not read again) plus the **options that
change the result**. Their hash is the *job key*; the run id is a UUID derived from it, so
redoing the same video the same way gives the same `run_id` and sinks update the same record.

The state file (`<out>/peepshow-batch.json`) maps job keys to finished runs. Only one batch uses
an output folder at a time (a lock file next to it). A finished video is appended to a journal
(`<out>/.peepshow-batch.journal`, one fsync'd JSON line), so recording one costs the same in a
batch of fifty thousand as in a batch of ten (rewriting the whole state file for each took 0.7 s
at 50 000 videos). The journal is folded into the state file, replacing that file atomically
(contract/atomic), while the batch runs — at most every FOLD_EVERY_S, and never taking more than
FOLD_SHARE of the time, so someone reading the state file mid-batch sees its progress without
the rewrite growing with the square of the archive — and when it ends; the next batch replays
a journal a crash left behind (a line the crash cut short is skipped: that video is done again).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from peepshow_core.contract import atomic, settings
from peepshow_core.contract.errors import ConfigError, NoInputError, OutputError, TemporaryError
from peepshow_core.run.options import RunOptions

STATE_NAME = "peepshow-batch.json"
JOURNAL_NAME = ".peepshow-batch.journal"
LOCK_NAME = ".peepshow-batch.lock"
STATE_FORMAT = 1
READ_CHUNK = 1 << 20
# Fixed forever: changing it would give every video a new run_id (new records in every sink).
# What reading a damaged state file raises (RecursionError: JSON nested past the decoder's limit).
UNREADABLE = (OSError, UnicodeDecodeError, ValueError, KeyError, AttributeError, RecursionError)
RUN_ID_NAMESPACE = uuid.UUID("6f1d3a52-8f0e-4c1b-9d5e-2b7a0c4e9f31")
FOLD_EVERY_S = 10.0  # the state file lags the journal by at most this, while folding is cheap
FOLD_SHARE = 0.05  # of the batch's time that folding may take (50 000 done: 0.7 s per 14 s)


def result_options(options: RunOptions, title: str | None, tags: list[str]) -> dict[str, Any]:
    """The options that change a video's payload, as plain JSON. Not in it: where files go
    (`--out`), how many threads work on it, which engine runs it."""
    transcribe = None
    if options.transcribe is not None:
        transcribe = asdict(options.transcribe)
        transcribe.pop("threads", None)
        if transcribe["model"] is None:  # the model PEEPSHOW_WHISPER_MODEL names, if any
            transcribe["model"] = settings.text(settings.WHISPER_MODEL)
    return {
        "frames": asdict(options.frames),  # vocabularies are StrEnums: JSON strings
        "transcribe": transcribe,
        "title": title,
        "tags": tags,
        "contact_sheet": options.contact_sheet,
        "frame_base_url": settings.frame_base_url(options.frame_base_url),
    }


def job_key(fingerprint: str, options: dict[str, Any]) -> str:
    text = json.dumps({"content": fingerprint, "options": options}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def run_id_for(key: str) -> str:
    """The run id of a batch job: a UUID (version 5) of its job key."""
    return str(uuid.uuid5(RUN_ID_NAMESPACE, key))


def _stat_key(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


class BatchState:
    """The state file of one output folder, held under its lock from `open` to `close`."""

    def __init__(self, out_dir: Path, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = out_dir / STATE_NAME
        self.journal = out_dir / JOURNAL_NAME
        self._lock = FileLock(str(out_dir / LOCK_NAME))
        self.runs: dict[str, dict[str, Any]] = {}
        self.fingerprints: dict[str, dict[str, Any]] = {}
        self._clock = clock
        self._next_fold = clock() + FOLD_EVERY_S

    def open(self) -> BatchState:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise TemporaryError(
                f"another peepshow batch is using {self.path.parent} (lock {self._lock.lock_file})"
            ) from None
        try:
            self._load()
        except BaseException:
            self._lock.release()
            raise
        return self

    def close(self) -> None:
        self._lock.release()

    def _load(self) -> None:
        self._remove_leftovers()
        if self.path.exists():
            self._load_snapshot()
        self._replay()

    def _remove_leftovers(self) -> None:
        """The temporary files of a state file write a kill cut short (atomic.write_json's
        `.peepshow-batch.json.*.tmp`): under the lock, no one else is writing one."""
        for leftover in self.path.parent.glob(f".{STATE_NAME}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def _replay(self) -> None:
        """Fold in the videos a batch recorded after the state file was last written."""
        try:
            lines = self.journal.read_bytes().splitlines()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise ConfigError(f"cannot read {self.journal}: {exc.strerror or exc}") from None
        for line in lines:
            try:
                entry = json.loads(line)
                key, run, printed = entry["key"], entry["run"], entry.get("fingerprint")
            except (ValueError, KeyError, TypeError, RecursionError):
                continue  # empty, or cut short by a crash
            if isinstance(key, str) and isinstance(run, dict):
                self.runs[key] = run
            if isinstance(printed, list) and len(printed) == 2 and isinstance(printed[1], dict):
                self.fingerprints[str(printed[0])] = printed[1]

    def _load_snapshot(self) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("format") != STATE_FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {STATE_FORMAT}")
            runs, prints = data["runs"], data["fingerprints"]
            if not isinstance(runs, dict) or not isinstance(prints, dict):
                raise ValueError("runs and fingerprints must be objects")
            if not all(isinstance(v, dict) for v in [*runs.values(), *prints.values()]):
                raise ValueError("each run and fingerprint must be an object")
        except UNREADABLE as exc:
            raise ConfigError(
                f"the batch state file {self.path} is damaged ({exc.__class__.__name__}: {exc}); "
                "move it away to start the batch over"
            ) from None
        self.runs, self.fingerprints = runs, prints

    def fingerprint(self, path: Path) -> str:
        """`sha256:<hex>` of the file's bytes; NoInputError when it cannot be read."""
        try:
            stat = path.stat()
            if not path.is_file():
                raise IsADirectoryError(21, "not a regular file")
            known = self.fingerprints.get(str(path))
            if known is not None and known.get("stat") == _stat_key(stat):
                return str(known["sha256"])
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                while chunk := fh.read(READ_CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            raise NoInputError(f"cannot read {path}: {exc.strerror or exc}") from None
        value = f"sha256:{digest.hexdigest()}"
        self.fingerprints[str(path)] = {"stat": _stat_key(stat), "sha256": value}
        return value

    def finished(self, key: str) -> dict[str, Any] | None:
        return self.runs.get(key)

    def record(self, key: str, source: Path, payload: dict[str, Any]) -> None:
        """Remember a finished video (extracted, and delivered to its sinks): one line appended
        to the journal, on disk before this returns."""
        run = {
            "source": str(source),
            "run_id": payload["run_id"],
            "frames_dir": payload.get("frames_dir"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        printed = [str(source), self.fingerprints.get(str(source))]
        # ASCII (a name that is not UTF-8 round-trips); the line break first ends a line a
        # crash or a full disk cut short
        line = "\n" + json.dumps({"key": key, "run": run, "fingerprint": printed}) + "\n"
        try:
            with self.journal.open("a", encoding="ascii") as journal:
                journal.write(line)
                journal.flush()
                os.fsync(journal.fileno())
        except OSError as exc:  # a full disk: the batch cannot keep its progress; it stops
            raise OutputError(
                f"cannot record a finished video in {self.journal}: {exc.strerror or exc}"
            ) from None
        self.runs[key] = run
        if self._clock() >= self._next_fold:
            self._fold()

    def _fold(self) -> None:
        """Bring the state file up to date mid-batch; next time no sooner than FOLD_EVERY_S
        from now, nor than it keeps folding within FOLD_SHARE of the time. A disk that refuses
        the write loses nothing: the journal still holds every video."""
        started = self._clock()
        with contextlib.suppress(OSError):
            self.save()
        took = self._clock() - started
        self._next_fold = self._clock() + max(FOLD_EVERY_S, took / FOLD_SHARE)

    def save(self) -> None:
        """Write the whole state file (atomically), then drop the journal it now holds."""
        data = {
            "format": STATE_FORMAT,
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "runs": self.runs,
            "fingerprints": self.fingerprints,
        }
        atomic.write_json(self.path, data)
        self.journal.unlink(missing_ok=True)
