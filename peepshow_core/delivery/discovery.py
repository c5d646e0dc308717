"""Find `peepshow-sink-NAME` executables on PATH (kubectl/git style: the first match wins).

The search path is `$PATH` followed by the directory that holds this Python's console scripts,
so the built-in sinks are found even when peepshow's virtualenv is not on PATH. Entries that come
earlier always win.
"""

from __future__ import annotations

import os
import re
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from peepshow_core.contract.errors import UsageError

PREFIX = "peepshow-sink-"
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_name(name: str, what: str = "sink name") -> str:
    """Sink names are lowercase kebab case: `event-track`, `s3`, `my-db`."""
    if not NAME_RE.match(name) or len(name) > 64:
        raise UsageError(
            f"{what} {name!r} is not valid: use lowercase letters, digits and single hyphens "
            "(e.g. event-track)"
        )
    return name


def search_dirs(path: str | None = None) -> list[Path]:
    """Directories searched, in order, without repeats."""
    raw = os.environ.get("PATH", os.defpath) if path is None else path
    dirs = [d for d in raw.split(os.pathsep) if d]
    scripts = sysconfig.get_path("scripts")
    if path is None and scripts:
        dirs.append(scripts)
    seen: set[str] = set()
    result: list[Path] = []
    for d in dirs:
        key = os.path.normcase(os.path.abspath(d))
        if key not in seen:
            seen.add(key)
            result.append(Path(d))
    return result


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def which(name: str, path: str | None = None) -> Path | None:
    """The executable that runs sink `name`: the first executable `peepshow-sink-NAME`."""
    for directory in search_dirs(path):
        candidate = directory / f"{PREFIX}{name}"
        if _is_executable(candidate):
            return candidate
    return None


@dataclass
class Found:
    """Every file named `peepshow-sink-NAME` on the search path, in search order."""

    name: str
    files: list[Path] = field(default_factory=list)

    @property
    def executable(self) -> Path | None:
        return next((f for f in self.files if _is_executable(f)), None)

    def warnings(self) -> list[str]:
        notes = []
        winner = self.executable
        for f in self.files:
            if not _is_executable(f):
                notes.append(f"{f} is not executable (ignored)")
            elif winner is not None and f != winner:
                notes.append(f"{f} is shadowed by {winner}, found earlier on PATH")
        return notes


def scan(path: str | None = None) -> dict[str, Found]:
    """All `peepshow-sink-*` files on the search path, by sink name, in discovery order."""
    found: dict[str, Found] = {}
    for directory in search_dirs(path):
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith(PREFIX) or entry.is_dir():
                continue
            name = entry.name[len(PREFIX) :]
            if NAME_RE.match(name):
                found.setdefault(name, Found(name)).files.append(Path(entry.path))
    return found
