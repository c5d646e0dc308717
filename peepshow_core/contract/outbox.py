"""The outbox: payloads whose delivery failed for a temporary reason, kept for `sinks retry`.

One JSON file per (sink, run) in `<state dir>/outbox/`, written atomically. A file holds the
payload, which sink it was for (a `peepshow-sink-NAME` or a registered command), the last error
(redacted), when it failed and how many attempts were made. It never holds environment
variables or secrets: the payload has none, and error texts are redacted.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peepshow_core.contract import paths
from peepshow_core.contract.atomic import write_json
from peepshow_core.contract.errors import UsageError
from peepshow_core.contract.redact import redact
from peepshow_core.contract.vocab import SinkKind

FORMAT = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Item:
    id: str
    path: Path
    sink: str  # display name: the registry id or the sink name
    kind: SinkKind
    target: str
    error: str
    attempts: int
    first_failed_at: str
    last_failed_at: str
    run_id: str
    payload: dict[str, Any]

    def summary(self) -> dict[str, Any]:
        """Everything but the payload (what `sinks outbox --json` shows)."""
        return {
            "id": self.id,
            "sink": self.sink,
            "kind": self.kind,
            "target": self.target,
            "run_id": self.run_id,
            "title": self.payload.get("title"),
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
) -> Path:
    """Keep `payload` for `sink`; storing the same run for the same sink again updates the entry
    (attempts add up). Returns the file's path."""
    run_id = str(payload.get("run_id") or "unknown-run")
    path = paths.outbox_dir() / f"{item_id(sink, run_id)}.json"
    first, previous_attempts = _now(), 0
    with contextlib.suppress(OSError, ValueError, AttributeError):
        old = json.loads(path.read_text("utf-8"))
        first, previous_attempts = old["first_failed_at"], int(old["attempts"])
    clean = {k: v for k, v in payload.items() if k != "deliveries"}
    write_json(
        path,
        {
            "format": FORMAT,
            "sink": sink,
            "kind": SinkKind(kind).value,
            "target": target or sink,
            "error": redact(error),
            "attempts": previous_attempts + attempts,
            "first_failed_at": first,
            "last_failed_at": _now(),
            "run_id": run_id,
            "payload": clean,
        },
    )
    return path


def _load(path: Path) -> Item:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("unknown format")
    return Item(
        id=path.stem,
        path=path,
        sink=str(data["sink"]),
        kind=SinkKind(str(data["kind"])),
        target=str(data["target"]),
        error=str(data["error"]),
        attempts=int(data["attempts"]),
        first_failed_at=str(data["first_failed_at"]),
        last_failed_at=str(data["last_failed_at"]),
        run_id=str(data["run_id"]),
        payload=dict(data["payload"]),
    )


def items() -> tuple[list[Item], list[str]]:
    """Kept deliveries, oldest first, and one problem line per file that could not be read."""
    directory = paths.outbox_dir()
    found: list[Item] = []
    problems: list[str] = []
    if not directory.is_dir():
        return found, problems
    for path in sorted(directory.glob("*.json")):
        try:
            found.append(_load(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"{path} cannot be read ({exc.__class__.__name__}); left in place")
    found.sort(key=lambda item: (item.first_failed_at, item.id))
    return found, problems


def select(ids: list[str]) -> list[Item]:
    """The items named by `ids` (an id or a unique prefix of one); all items when `ids` is empty."""
    everything, _ = items()
    if not ids:
        return everything
    chosen: list[Item] = []
    for wanted in ids:
        matches = [i for i in everything if i.id == wanted] or [
            i for i in everything if i.id.startswith(wanted)
        ]
        if not matches:
            raise UsageError(f"nothing in the outbox with id {wanted!r}")
        if len(matches) > 1:
            raise UsageError(f"{wanted!r} matches {len(matches)} outbox entries; be precise")
        if matches[0] not in chosen:
            chosen.append(matches[0])
    return chosen


def remove(item: Item) -> None:
    item.path.unlink(missing_ok=True)


def record_failure(item: Item, error: str) -> None:
    """Another failed attempt: update the error, count and time, keep the payload."""
    store(item.sink, item.payload, error=error, kind=item.kind, target=item.target)
