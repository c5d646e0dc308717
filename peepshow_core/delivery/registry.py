"""The sinks registry: one JSON file in the config dir listing the sinks every run fires.

    {"format": 1, "sinks": [
        {"id": "cassandra", "kind": "name", "sink": "cassandra",
         "when": ["extension=mp4,mov"], "enabled": true},
        {"id": "archive", "kind": "cmd", "command": "gzip > ~/runs/last.json.gz",
         "when": [], "enabled": true}]}

Entries run in file order. Every change happens under a file lock and is written atomically
(temporary file, fsync, rename), so concurrent `peepshow sinks add` lose nothing. A file that cannot
be read is an error naming the file, never silently replaced.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from peepshow_core.contract import paths
from peepshow_core.contract.atomic import remove_stale_temporaries, write_json
from peepshow_core.contract.errors import ConfigError, PeepshowError, UsageError
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery.discovery import check_name
from peepshow_core.delivery.when import Rule, describe, parse_when

FORMAT = 1


TARGET_KEYS = {SinkKind.name: "sink", SinkKind.cmd: "command"}  # the file's key per kind


@dataclass
class Entry:
    """One registered sink: `target` is the sink name (kind `name`: runs `peepshow-sink-NAME`)
    or the command line (kind `cmd`: runs `sh -c COMMAND`)."""

    id: str
    kind: SinkKind
    target: str
    when: list[Rule] = field(default_factory=list)
    enabled: bool = True

    @property
    def sink(self) -> str | None:
        """The sink name of a `name` entry."""
        return self.target if self.kind is SinkKind.name else None

    def condition(self) -> str:
        return describe(self.when)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            TARGET_KEYS[self.kind]: self.target,
            "when": [str(rule) for rule in self.when],
            "enabled": self.enabled,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Entry:
        if not isinstance(data, dict):
            raise ValueError(f"{where} is not an object")
        try:
            kind = SinkKind(str(data.get("kind")))
        except ValueError:
            raise ValueError(f"{where} has unknown kind {data.get('kind')!r}") from None
        entry_id, enabled = data.get("id"), data.get("enabled", True)
        if not isinstance(entry_id, str) or not isinstance(enabled, bool):
            raise ValueError(f"{where} needs a string 'id' and a boolean 'enabled'")
        target = data.get(TARGET_KEYS[kind])
        if not isinstance(target, str) or not target.strip():
            raise ValueError(f"{where} needs a non-empty string {TARGET_KEYS[kind]!r}")
        when = data.get("when", [])
        if not isinstance(when, list) or not all(isinstance(w, str) for w in when):
            raise ValueError(f"{where}: 'when' must be a list of strings")
        try:
            check_name(entry_id, "id")
            if kind is SinkKind.name:
                check_name(target)
            rules = parse_when(when)
        except PeepshowError as exc:
            raise ValueError(f"{where}: {exc.message}") from None
        return cls(entry_id, kind, target, rules, enabled)


def _read(path: Path) -> list[Entry]:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the sinks registry {path}: {exc}") from None
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("sinks"), list):
            raise ValueError("expected an object with a 'sinks' list")
        if data.get("format") != FORMAT:
            found = data.get("format")
            raise ValueError(f"unknown format {found!r} (this peepshow reads {FORMAT})")
        entries = [Entry.from_dict(e, f"entry {i + 1}") for i, e in enumerate(data["sinks"])]
    except (ValueError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"the sinks registry {path} is damaged ({exc}); fix or remove the file"
        ) from None
    except RecursionError:
        raise ConfigError(
            f"the sinks registry {path} is damaged (nested too deeply); fix or remove the file"
        ) from None
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"the sinks registry {path} is damaged (duplicate ids); fix the file")
    return entries


def load() -> list[Entry]:
    """The registered entries in run order (an absent file means none)."""
    return _read(paths.registry_path())


@contextlib.contextmanager
def _editing() -> Iterator[list[Entry]]:
    """Lock, read, let the caller change the list, write it back atomically."""

    path = paths.registry_path()
    try:
        if path.parent.exists() and not path.parent.is_dir():
            raise ConfigError(
                f"the config folder {path.parent} is a file, not a folder (PEEPSHOW_CONFIG_DIR "
                "chooses another folder)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path.parent)
        with FileLock(str(path) + ".lock", timeout=30):
            entries = _read(path)
            yield entries
            write_json(path, {"format": FORMAT, "sinks": [e.to_dict() for e in entries]})
    except Timeout:
        raise ConfigError(f"the sinks registry {path} is locked by another peepshow") from None
    except OSError as exc:  # a read-only or full disk, a config dir that is a file
        reason = exc.strerror or exc.__class__.__name__
        raise ConfigError(
            f"cannot write the sinks registry {path}: {reason} (PEEPSHOW_CONFIG_DIR chooses "
            "another folder)"
        ) from None


def _unique_id(entries: list[Entry], base: str) -> str:
    taken = {e.id for e in entries}
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add(sink: str, when: list[str] | None = None, entry_id: str | None = None) -> Entry:
    """Register `peepshow-sink-<sink>` (found on PATH at run time, not now)."""
    check_name(sink)
    rules = parse_when(when or [])
    if entry_id is not None:
        check_name(entry_id, "--name")
    with _editing() as entries:
        new = Entry(entry_id or sink, SinkKind.name, sink, rules)
        _insert(entries, new)
    return new


def add_cmd(command: str, when: list[str] | None = None, entry_id: str | None = None) -> Entry:
    """Register a shell command line; it runs as `sh -c COMMAND` with the payload on stdin."""
    if not command.strip():
        raise UsageError("the command is empty")
    rules = parse_when(when or [])
    if entry_id is not None:
        check_name(entry_id, "--name")
    with _editing() as entries:
        new = Entry(entry_id or _unique_id(entries, "cmd"), SinkKind.cmd, command, rules)
        _insert(entries, new)
    return new


def _insert(entries: list[Entry], new: Entry) -> None:
    if any(e.id == new.id for e in entries):
        hint = (
            ""
            if new.kind is SinkKind.cmd
            else " (use --name to register it again under another id)"
        )
        raise UsageError(f"a sink with id {new.id!r} is already registered{hint}")
    entries.append(new)


def remove(entry_id: str) -> Entry:
    with _editing() as entries:
        entry = _find(entries, entry_id)
        entries.remove(entry)
    return entry


def set_enabled(entry_id: str, enabled: bool) -> Entry:
    with _editing() as entries:
        entry = _find(entries, entry_id)
        entry.enabled = enabled
    return entry


def _find(entries: list[Entry], entry_id: str) -> Entry:
    for entry in entries:
        if entry.id == entry_id:
            return entry
    known = ", ".join(e.id for e in entries) or "none registered"
    raise UsageError(f"no registered sink with id {entry_id!r} ({known})")


__all__ = ["Entry", "add", "add_cmd", "load", "remove", "set_enabled"]
