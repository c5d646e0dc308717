"""Where peepshow keeps its files: the config dir (sinks registry), the state dir (outbox) and the
parent of the per-run frame folders. `PEEPSHOW_CONFIG_DIR`, `PEEPSHOW_STATE_DIR` and
`PEEPSHOW_OUT_DIR` override the platform defaults (tests use them)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_state_dir

from peepshow_core.contract import settings

APP = "peepshow"


def config_dir() -> Path:
    return settings.path(settings.CONFIG_DIR) or Path(user_config_dir(APP, appauthor=False))


def state_dir() -> Path:
    return settings.path(settings.STATE_DIR) or Path(user_state_dir(APP, appauthor=False))


def out_dir() -> Path:
    """The parent of the per-run frame folders when --out is not given."""
    return settings.path(settings.OUT_DIR) or Path(user_cache_dir(APP)) / "runs"


def registry_path() -> Path:
    return config_dir() / "sinks.json"


def outbox_dir() -> Path:
    return state_dir() / "outbox"
