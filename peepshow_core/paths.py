"""Where peepshow keeps its files: the config dir (sinks registry) and the state dir (outbox).

`PEEPSHOW_CONFIG_DIR` and `PEEPSHOW_STATE_DIR` override the platform defaults (tests use them).
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "peepshow"


def config_dir() -> Path:
    override = os.environ.get("PEEPSHOW_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def state_dir() -> Path:
    override = os.environ.get("PEEPSHOW_STATE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP, appauthor=False))


def registry_path() -> Path:
    return config_dir() / "sinks.json"


def outbox_dir() -> Path:
    return state_dir() / "outbox"
