"""`~` in a path peepshow was given (quoted, so the shell left it): `~` and `~user` are expanded;
a `~name` for which there is no such user (or a `~` with no home) stays as written, as a shell
leaves it, so it fails later as the path it is (a missing file, a folder of that name) instead
of as Python's RuntimeError ("Could not determine home directory")."""

from __future__ import annotations

from pathlib import Path


def expand_user(path: str | Path) -> Path:
    try:
        return Path(path).expanduser()
    except RuntimeError:
        return Path(path)
