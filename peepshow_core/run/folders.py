"""The per-run folders under the output folder (`<out>/<stem>-<run id>/`): mark, list, clean.

A finished run leaves `.peepshow-run.json` in its folder (run id, title, source, time). Only such
folders, or folders from before the marker whose name ends in a run id and which hold nothing but
frame images and a contact sheet, are ever listed or removed: `--out` may point at a folder that
holds other things.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from peepshow_core.contract import atomic
from peepshow_core.contract.errors import OutputError

MARKER = ".peepshow-run.json"
_LEGACY_NAME = re.compile(r"^.+-[0-9a-f]{8}$")
_LEGACY_FILE = re.compile(r"^(frame-\d{4}-\d+m\d+\.\d+s\.(jpg|png|webp)|contact-sheet\.jpg)$")


@dataclass(frozen=True)
class RunFolder:
    path: Path
    run_id: str | None  # None for a folder from before the marker
    title: str | None
    source: str | None
    created: float  # seconds since the epoch
    size_bytes: int
    frames: int

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "run_id": self.run_id,
            "title": self.title,
            "source": self.source,
            "created_at": datetime.fromtimestamp(self.created, UTC).isoformat(),
            "size_bytes": self.size_bytes,
            "frames": self.frames,
        }


def mark(folder: Path, run_id: str, title: str, source: Path, created_at: str) -> None:
    """Say that `folder` holds one finished run (written last, so a crash leaves no marker)."""
    record = {"run_id": run_id, "title": title, "source": str(source), "created_at": created_at}
    atomic.write_json(folder / MARKER, record)


def _read(folder: Path) -> RunFolder | None:
    files = [p for p in folder.iterdir() if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    frames = sum(1 for p in files if p.name.startswith("frame-"))
    marker = folder / MARKER
    if marker.is_file():
        try:
            record = json.loads(marker.read_text("utf-8"))
            created = datetime.fromisoformat(record["created_at"]).timestamp()
        except (OSError, ValueError, KeyError, TypeError, RecursionError):  # a damaged marker
            record, created = {}, marker.stat().st_mtime
        return RunFolder(
            folder,
            record.get("run_id"),
            record.get("title"),
            record.get("source"),
            created,
            size,
            frames,
        )
    legacy = _LEGACY_NAME.match(folder.name) and all(_LEGACY_FILE.match(p.name) for p in files)
    if not legacy or len(files) != len(list(folder.iterdir())):
        return None  # not ours: never listed, never removed
    return RunFolder(folder, None, None, None, folder.stat().st_mtime, size, frames)


def list_runs(parent: Path) -> list[RunFolder]:
    """The run folders directly under `parent`, newest first ([] when it does not exist).
    OutputError when `parent` cannot be read; a folder in it that cannot be read (another
    user's, or removed meanwhile) is not known to be a run folder, so it is left out."""
    try:
        entries = list(parent.iterdir()) if parent.is_dir() else []
    except OSError as exc:
        raise OutputError(f"cannot read {parent}: {exc.strerror or exc}") from None
    found = []
    for entry in entries:
        try:
            run = _read(entry) if entry.is_dir() and not entry.is_symlink() else None
        except OSError:
            continue
        if run is not None:
            found.append(run)
    return sorted(found, key=lambda run: run.created, reverse=True)


def older_than(parent: Path, age_s: float, now: float | None = None) -> list[RunFolder]:
    cutoff = (time.time() if now is None else now) - age_s
    return [run for run in list_runs(parent) if run.created < cutoff]


def remove(run: RunFolder) -> None:
    try:
        shutil.rmtree(run.path)
    except OSError as exc:
        raise OutputError(f"cannot remove {run.path}: {exc.strerror or exc}") from None
