"""Load a `.env` file into the environment (used by `peepshow` and every sink).

`PEEPSHOW_ENV_FILE` names the file; otherwise `./.env` is used when present. Variables that are
already set win over the file.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

from peepshow_core.errors import ConfigError


def env_file_path(environ: MutableMapping[str, str] | None = None) -> Path | None:
    env = os.environ if environ is None else environ
    named = env.get("PEEPSHOW_ENV_FILE")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError(f"PEEPSHOW_ENV_FILE names {path}, which is not a readable file")
        return path
    try:
        default = Path.cwd() / ".env"
        return default if default.is_file() else None
    except OSError:  # an unreadable or vanished working directory has no usable .env
        return None


def load_env_file(environ: MutableMapping[str, str] | None = None) -> Path | None:
    """Merge the .env file into `environ` (default os.environ) without overriding.

    Returns the file's path, or None when there is none."""
    env = os.environ if environ is None else environ
    path = env_file_path(env)
    if path is None:
        return None
    from dotenv import dotenv_values

    try:
        values = dotenv_values(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc.__class__.__name__}") from None
    for key, value in values.items():
        if value is not None and key not in env:
            env[key] = value
    return path
