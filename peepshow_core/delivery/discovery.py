"""Find `peepshow-sink-NAME` executables on PATH (kubectl/git style: the first match wins).

The search path is `$PATH` followed by the directory that holds this Python's console scripts,
so the built-in sinks are found even when peepshow's virtualenv is not on PATH. Entries that come
earlier always win.
"""

from __future__ import annotations

import contextlib
import os
import re
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from peepshow_core.contract.errors import PeepshowError, UsageError

PREFIX = "peepshow-sink-"
NAME_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the whole name (fullmatch: `$` allows a "\n")


def check_name(name: str, what: str = "sink name") -> str:
    """Sink names are lowercase kebab case: `event-track`, `s3`, `my-db`."""
    if not NAME_RE.fullmatch(name) or len(name) > 64:
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
            if NAME_RE.fullmatch(name):
                found.setdefault(name, Found(name)).files.append(Path(entry.path))
    return found


DESCRIBE_TIMEOUT_S = 10.0  # a sink that answers --describe does so at once


def unset_required_settings(name: str) -> list[str] | None:
    """The required settings `peepshow-sink-NAME --describe` declares that are set neither in
    the environment nor in the .env file; None when the sink does not describe itself (a sink of
    another author need not) or is not on PATH."""
    import json
    import subprocess

    from peepshow_core.contract import settings

    found = which(name)
    if found is None:
        return None
    try:
        proc = subprocess.run(
            [str(found), "--describe"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=DESCRIBE_TIMEOUT_S,
            start_new_session=True,
        )
        described = json.loads(proc.stdout) if proc.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError, RecursionError):
        return None
    declared = described.get("settings") if isinstance(described, dict) else None
    if not isinstance(declared, list):
        return None
    environ = dict(os.environ)
    with contextlib.suppress(PeepshowError):  # a broken .env is reported where it is used
        settings.load_env_file(environ)
    return [
        str(s["name"])
        for s in declared
        if isinstance(s, dict)
        and s.get("required")
        and not str(environ.get(str(s.get("name")), "")).strip()
    ]
