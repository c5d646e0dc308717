"""The outbox: payloads whose delivery did not finish, kept for `peepshow sinks retry`.

One JSON file per (sink, run) in `<state dir>/outbox/`, written atomically; storing the same run
for the same sink again updates that file (attempts add up). A file holds the payload, which
sink it was for, the last error (redacted), when it failed and how many attempts were made. It
never holds environment variables, secrets or a command line: a registered command is kept as
a reference to its registry entry (`target` = the entry's id), so `retry` runs what is
registered now, and nothing once the entry is removed.

`claim(item)` lets one process at a time deliver an entry (two `sinks retry` at once never
deliver the same entry twice, and a failing one cannot rewrite an entry the other delivered).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peepshow_core.contract import paths
from peepshow_core.contract.atomic import remove_stale_temporaries, write_json
from peepshow_core.contract.errors import UsageError
from peepshow_core.contract.redact import redact
from peepshow_core.contract.vocab import SinkKind

FORMAT = 2  # 2: a registered command is a registry reference; `registered` (1 is still read)
READABLE_FORMATS = (1, 2)
CLAIMS = ".claims"  # lock files, one per entry being delivered
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
UNREADABLE = (OSError, ValueError, KeyError, TypeError, RecursionError, OverflowError)  # 1e999


@dataclass
class Item:
    id: str
    path: Path
    sink: str  # display name: the registry id or the sink name
    kind: SinkKind
    target: str  # kind name: the sink name; kind cmd: the registry id (never the command)
    error: str
    attempts: int
    first_failed_at: str
    last_failed_at: str
    run_id: str
    payload: dict[str, Any]  # empty in a listing (`items(payloads=False)`); `claim` loads it
    registered: bool = False  # made for a registry entry: it goes when the entry goes
    title: str | None = None  # the payload's

    def summary(self) -> dict[str, Any]:
        """Everything but the payload (what `sinks outbox --json` shows)."""
        return {
            "id": self.id,
            "sink": self.sink,
            "kind": self.kind,
            "target": self.target,
            "registered": self.registered,
            "run_id": self.run_id,
            "title": self.title,
            "error": self.error,
            "attempts": self.attempts,
            "first_failed_at": self.first_failed_at,
            "last_failed_at": self.last_failed_at,
            "file": str(self.path),
        }


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def item_id(sink: str, run_id: str) -> str:
    return _UNSAFE.sub("_", f"{sink}--{run_id}")


def store(
    sink: str,
    payload: dict[str, Any],
    *,
    error: str,
    kind: SinkKind | str = SinkKind.name,
    target: str | None = None,
    attempts: int = 1,
    registered: bool = False,
) -> Path:
    """Keep `payload` for `sink`; storing the same run for the same sink again updates the entry
    (attempts add up; once registered, always registered). Returns the file's path. A command
    (kind `cmd`) is stored as a reference to its registry entry, `sink`."""
    kind = SinkKind(kind)
    run_id = str(payload.get("run_id") or "unknown-run")
    path = paths.outbox_dir() / f"{item_id(sink, run_id)}.json"
    first, previous_attempts, was_registered = _now(), 0, False
    with contextlib.suppress(*UNREADABLE, AttributeError):
        old = json.loads(path.read_text("utf-8"))
        first, previous_attempts = old["first_failed_at"], int(old["attempts"])
        was_registered = bool(old.get("registered"))
    clean = {k: v for k, v in payload.items() if k != "deliveries"}
    write_json(
        path,
        {
            "format": FORMAT,
            "sink": sink,
            "kind": kind.value,
            "target": sink if kind is SinkKind.cmd else (target or sink),
            "registered": registered or was_registered or kind is SinkKind.cmd,
            "error": redact(error),
            "attempts": previous_attempts + attempts,
            "first_failed_at": first,
            "last_failed_at": _now(),
            "run_id": run_id,
            "payload": clean,
        },
    )
    return path


def _load(path: Path, *, payload: bool = True) -> Item:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict) or data.get("format") not in READABLE_FORMATS:
        raise ValueError("unknown format")
    kind = SinkKind(str(data["kind"]))
    sink = str(data["sink"])
    whole = dict(data["payload"])
    title = whole.get("title")
    return Item(
        id=path.stem,
        path=path,
        sink=sink,
        kind=kind,
        # format 1 kept a command line: never run it (or show it); use the registry entry
        target=sink if kind is SinkKind.cmd else str(data["target"]),
        error=str(data["error"]),
        attempts=int(data["attempts"]),
        first_failed_at=str(data["first_failed_at"]),
        last_failed_at=str(data["last_failed_at"]),
        run_id=str(data["run_id"]),
        payload=whole if payload else {},
        registered=bool(data.get("registered")) or kind is SinkKind.cmd,
        title=None if title is None else str(title),
    )


def items(*, payloads: bool = True) -> tuple[list[Item], list[str]]:
    """Kept deliveries, oldest first, and one problem line per file that could not be read.
    Temporary files a killed writer left behind are removed on the way. `payloads=False`: each
    entry without its payload (its title kept), so that listing thousands of entries (a long
    outage of hour-long runs, a megabyte each) holds none of them in memory."""
    directory = paths.outbox_dir()
    found: list[Item] = []
    problems: list[str] = []
    if not directory.is_dir():
        return found, problems
    remove_stale_temporaries(directory)
    for path in sorted(directory.glob("*.json")):
        try:
            found.append(_load(path, payload=payloads))
        except UNREADABLE as exc:
            problems.append(f"{path} cannot be read ({exc.__class__.__name__}); left in place")
    found.sort(key=lambda item: (item.first_failed_at, item.id))
    return found, problems


def select(wanted: list[str]) -> list[Item]:
    """The items named by `wanted`: an id, a sink's name or registry id (all its entries), or a
    unique prefix of an id; every item when `wanted` is empty. Without their payloads."""
    everything, _ = items(payloads=False)  # `claim` loads each one's payload
    if not wanted:
        return everything
    chosen: list[Item] = []
    for name in wanted:
        matches = (
            [i for i in everything if i.id == name]
            or [i for i in everything if i.sink == name]
            or [i for i in everything if i.id.startswith(name)]
        )
        if not matches:
            raise UsageError(f"nothing in the outbox for {name!r} (see 'peepshow sinks outbox')")
        if len(matches) > 1 and not all(i.sink == name for i in matches):
            shown = ", ".join(i.id for i in matches[:3])
            raise UsageError(f"{name!r} is the start of {len(matches)} entries ({shown}, …)")
        chosen += [i for i in matches if i not in chosen]
    return chosen


@contextlib.contextmanager
def claim(item: Item) -> Iterator[Item | None]:
    """Hold `item` for delivery: the entry as it is on disk now, or None when another process
    holds it or it is gone (delivered or dropped meanwhile)."""
    from filelock import FileLock, Timeout  # only `sinks retry` claims: a sink starts without it

    lock_dir = item.path.parent / CLAIMS
    lock = FileLock(str(lock_dir / f"{item.id}.lock"), timeout=0)
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        yield None
        return
    except OSError:  # a full or read-only state disk: no claim, the entry as it is
        try:
            current: Item | None = _load(item.path)
        except UNREADABLE:
            current = None
        yield current
        return
    try:
        try:
            fresh: Item | None = _load(item.path)
        except UNREADABLE:  # gone (delivered or dropped meanwhile), or damaged
            fresh = None
        yield fresh
    finally:
        lock.release()


def remove(item: Item) -> None:
    """Forget a delivered or dropped entry, then its claim's lock file (else one empty file per
    entry ever retried stays behind). Safe while claimed: the entry goes first, so whoever
    takes a new lock file for it finds nothing to deliver."""
    item.path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        (item.path.parent / CLAIMS / f"{item.id}.lock").unlink(missing_ok=True)


def record_failure(item: Item, error: str) -> None:
    """Another failed attempt: update the error, count and time, keep the payload."""
    store(
        item.sink,
        item.payload,
        error=error,
        kind=item.kind,
        target=item.target,
        registered=item.registered,
    )
