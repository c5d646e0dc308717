"""Which files a batch processes: INPUT paths (files, and folders searched recursively for video
and audio files) and manifest lines (a path, or a JSON object with `path`, `title`, `tags`)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from peepshow_core.batch.options import STDOUT, BatchItem
from peepshow_core.contract.errors import BadInputError, NoInputError, UsageError
from peepshow_core.contract.tilde import expand_user
from peepshow_core.run.pipeline import local_path

# Matched case-insensitively. A file named explicitly is processed whatever its extension.
VIDEO_EXTENSIONS = frozenset(
    [
        "mp4",
        "m4v",
        "mov",
        "mkv",
        "webm",
        "avi",
        "wmv",
        "flv",
        "mpg",
        "mpeg",
        "ts",
        "mts",
        "m2ts",
        "3gp",
        "ogv",
    ]
)
AUDIO_EXTENSIONS = frozenset(["mp3", "wav", "m4a", "aac", "flac", "ogg", "oga", "opus", "wma"])
MEDIA_EXTENSIONS = VIDEO_EXTENSIONS | AUDIO_EXTENSIONS
BYTE_ORDER_MARK = "\ufeff"
MAX_MANIFEST_CHARS = 256 * 1024 * 1024  # far above any archive's list (a million paths: ~100 MB)


def is_media(path: Path) -> bool:
    return path.suffix.lower().lstrip(".") in MEDIA_EXTENSIONS


def is_hidden(name: str) -> bool:
    return name.startswith(".")


def media_in(folder: Path) -> list[Path]:
    """Video and audio files under `folder`, recursively, in name order; hidden files and
    folders are skipped, symlinked folders are not followed (no loops)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not is_hidden(d))
        for name in sorted(files):
            path = Path(root) / name
            if not is_hidden(name) and is_media(path):
                found.append(path)
    return found


def expand(item: BatchItem) -> list[BatchItem]:
    """A folder becomes one item per media file in it (with the folder's tags); a file, or a
    path that does not exist (it fails on its own, with NO_INPUT), stays as it is."""
    if not _is_dir(item.path):
        return [item]
    if item.title is not None:
        raise UsageError(f"{item.path}: a title is for one file, not a folder")
    return [BatchItem(path, None, list(item.tags)) for path in media_in(item.path)]


def _is_dir(path: Path) -> bool:
    """False too for a path no file can have (a name too long, a NUL byte): it fails on its own."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def read_manifest(name: str, stdin: TextIO) -> list[BatchItem]:
    """`name` (`-`: stdin): one path per line, or one JSON object per line with `path` and
    optional `title` and `tags`, in UTF-8 (a byte order mark first is dropped). Blank lines and
    lines starting with `#` are skipped. Relative paths are relative to the manifest's folder
    when it is a regular file, else (stdin, a pipe such as `<(find …)`'s /dev/fd/63, whose
    folder means nothing) to the working directory."""
    if name == STDOUT:
        text, base = stdin.read(MAX_MANIFEST_CHARS + 1), Path.cwd()
    else:
        path = expand_user(name)
        try:
            with path.open(encoding="utf-8") as manifest:
                mode = os.fstat(manifest.fileno()).st_mode
                if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):  # /dev/zero never ends
                    raise NoInputError(f"the manifest {path} is not a file (a device?)")
                text = manifest.read(MAX_MANIFEST_CHARS + 1)
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc.__class__.__name__
            raise NoInputError(f"cannot read the manifest {path}: {reason}") from None
        base = path.resolve().parent if stat.S_ISREG(mode) else Path.cwd()
    text = text.removeprefix(BYTE_ORDER_MARK)  # written by Windows tools; no path starts so
    label = "the manifest on stdin" if name == STDOUT else f"manifest {name}"
    if len(text) > MAX_MANIFEST_CHARS:
        raise BadInputError(
            f"{label} holds more than {MAX_MANIFEST_CHARS // (1024 * 1024)} MiB, more than any "
            "list of files; is it the right input?"
        )
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            items.append(_manifest_item(line, base, f"{label}, line {number}"))
    return items


def _manifest_item(line: str, base: Path, where: str) -> BatchItem:
    if not line.startswith("{"):
        if "\x00" in line:
            raise UsageError(f"{where}: the path holds a NUL byte, which no file name has")
        return BatchItem(base / _local(line, where))
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}: not JSON ({exc.msg})") from None
    except RecursionError:
        raise UsageError(f"{where}: JSON nested too deeply") from None
    path, title, tags = data.get("path"), data.get("title"), data.get("tags", [])
    if not isinstance(path, str) or not path.strip():
        raise UsageError(f"{where}: `path` must be a non-empty string")
    if "\x00" in path:
        raise UsageError(f"{where}: `path` holds a NUL byte, which no file name has")
    if title is not None and not isinstance(title, str):
        raise UsageError(f"{where}: `title` must be a string")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise UsageError(f"{where}: `tags` must be a list of strings")
    unknown = sorted(set(data) - {"path", "title", "tags"})
    if unknown:
        raise UsageError(f"{where}: unknown field(s) {', '.join(unknown)}")
    clean_tags = [t.strip() for t in tags if t.strip()]
    return BatchItem(base / _local(path, where), title or None, clean_tags)


def _local(path: str, where: str) -> Path:
    """`path` with `~` expanded; a URL is refused, naming the manifest line."""
    try:
        return local_path(path)
    except NoInputError as exc:
        raise NoInputError(f"{where}: {exc.message}") from None


def collect(
    inputs: Iterable[str], manifest: str | None, stdin: TextIO, tags: list[str]
) -> list[BatchItem]:
    """Every file to process, once (the first mention wins), paths absolute; the batch's
    `tags` come before an item's own. NoInputError when there is nothing at all."""
    given = [BatchItem(local_path(i)) for i in inputs]  # a URL is refused
    if manifest is not None:
        given += read_manifest(manifest, stdin)
    if not given:
        raise UsageError("nothing to do: give files or folders, or --manifest FILE")
    seen: set[Path] = set()
    items: list[BatchItem] = []
    for entry in given:
        for item in expand(entry):
            path = Path(os.path.abspath(item.path))
            try:
                key = path.resolve()
            except (OSError, ValueError):  # no file can have it: it fails on its own
                key = path
            if key in seen:
                continue
            seen.add(key)
            items.append(BatchItem(path, item.title, list(dict.fromkeys([*tags, *item.tags]))))
    if not items:
        folders = ", ".join(str(e.path) for e in given)
        raise NoInputError(f"no video or audio files in {folders}")
    return items
