"""Where peepshow keeps its files: the config dir (sinks registry, config.toml), the state dir
(outbox), the cache dir (transcripts, downloaded models) and the parent of the per-run frame
folders. `PEEPSHOW_CONFIG_DIR`, `PEEPSHOW_STATE_DIR`, `PEEPSHOW_CACHE_DIR`, `PEEPSHOW_OUT_DIR` and
`PEEPSHOW_MODELS_DIR` override the platform defaults (tests use them)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_state_dir

from peepshow_core.contract import settings

APP = "peepshow"


def config_dir() -> Path:
    return settings.path(settings.CONFIG_DIR) or Path(user_config_dir(APP, appauthor=False))


def state_dir() -> Path:
    return settings.path(settings.STATE_DIR) or Path(user_state_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return settings.path(settings.CACHE_DIR) or Path(user_cache_dir(APP, appauthor=False))


def out_dir() -> Path:
    """The parent of the per-run frame folders when --out is not given: PEEPSHOW_OUT_DIR, else
    `out` in the user's config file, else `runs` in the cache dir."""
    from peepshow_core.contract import userconfig  # it reads config_dir() from here

    return settings.path(settings.OUT_DIR) or userconfig.defaults().out or cache_dir() / "runs"


def transcripts_dir() -> Path:
    """Transcripts kept for re-runs of the same file with the same options."""
    return cache_dir() / "transcripts"


def models_dir() -> Path:
    """Where `peepshow models pull` keeps Whisper models, one folder per name."""
    return settings.path(settings.MODELS_DIR) or cache_dir() / "models"


def registry_path() -> Path:
    return config_dir() / "sinks.json"


def outbox_dir() -> Path:
    return state_dir() / "outbox"
