"""Whisper models downloaded by `peepshow models pull`: one CTranslate2 folder per name in the
models folder (`PEEPSHOW_MODELS_DIR`, else the user cache dir).

A pull downloads into a hidden folder next to the final one and renames it into place only when
the model is complete, so an interrupted pull never leaves a half model that a run would load.
Downloads go through faster-whisper's own `download_model` (the Hugging Face Hub client, which
honours `HF_ENDPOINT`, proxies and `HF_TOKEN`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peepshow_core.contract import paths, settings
from peepshow_core.contract.errors import ConfigError, TemporaryError, UsageError
from peepshow_core.speech import catalog, network

MODEL_FILE = "model.bin"
PARTIAL_PREFIX = ".partial-"


@dataclass(frozen=True)
class StoredModel:
    name: str
    path: Path
    size_bytes: int


def is_model_folder(path: Path) -> bool:
    return (path / MODEL_FILE).is_file() and (path / "config.json").is_file()


def stored(name: str) -> Path | None:
    """The folder of a pulled model, or None."""
    folder = paths.models_dir() / catalog.folder_name(name)
    return folder if is_model_folder(folder) else None


def list_stored() -> list[StoredModel]:
    root = paths.models_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not is_model_folder(folder):
            continue
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        found.append(StoredModel(folder.name.replace("--", "/"), folder, size))
    return found


def pull(name: str, say: Callable[[str], None] = lambda _m: None) -> Path:
    """Download `name` into the models folder (again, if it is there already); its folder."""
    if not catalog.knows(name):
        raise UsageError(
            f"unknown Whisper model {name!r}: use a name from `peepshow models list` "
            "or a hub id like Systran/faster-whisper-small"
        )
    endpoint = settings.HF_ENDPOINT.raw()
    if settings.offline():
        raise ConfigError(
            f"cannot download {name!r}: offline mode is on "
            f"({settings.OFFLINE.name} or {settings.HF_HUB_OFFLINE.name})"
        )
    if not network.reachable(endpoint):
        raise TemporaryError(
            f"cannot download {name!r}: the model hub {endpoint} cannot be reached "
            "(no network?); try again when online"
        )
    root = paths.models_dir()
    final = root / catalog.folder_name(name)
    partial = root / f"{PARTIAL_PREFIX}{final.name}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(partial, ignore_errors=True)  # what an interrupted pull left
    except OSError as exc:
        raise ConfigError(f"cannot write the models folder {root}: {exc.strerror}") from None
    say(f"downloading {name} from {endpoint} into {final}")
    try:
        _download(name, partial)
    except Exception as exc:  # the hub client's errors: HTTP, network, timeouts, disk
        shutil.rmtree(partial, ignore_errors=True)
        if _not_on_the_hub(exc):
            raise UsageError(f"{name!r} is not on the model hub {endpoint}") from None
        raise TemporaryError(f"downloading {name!r} failed: {_short(exc)}") from None
    if not is_model_folder(partial):
        shutil.rmtree(partial, ignore_errors=True)
        raise TemporaryError(
            f"downloading {name!r} gave no CTranslate2 model ({MODEL_FILE} and config.json)"
        )
    shutil.rmtree(partial / ".cache", ignore_errors=True)  # the hub client's download notes
    if final.exists():
        shutil.rmtree(final)
    partial.rename(final)
    return final


def _download(name: str, folder: Path) -> None:
    """faster-whisper's download, without the hub client's warnings and retry notes on stderr
    (a failure still raises, and is reported in one line)."""
    import logging
    import warnings

    from faster_whisper.utils import download_model

    hub_log = logging.getLogger("huggingface_hub")
    level = hub_log.level
    hub_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            download_model(name, output_dir=str(folder))
    finally:
        hub_log.setLevel(level)


def _not_on_the_hub(exc: Exception) -> bool:
    from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError

    return isinstance(exc, (RepositoryNotFoundError, EntryNotFoundError))


def _short(exc: Exception) -> str:
    """One line, without the request details some hub errors append."""
    text = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {text[0]}" if text else exc.__class__.__name__
