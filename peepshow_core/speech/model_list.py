"""What `peepshow models list` shows: every name faster-whisper knows (and any other model pulled
by hub id), what it hears, where a copy is on this machine, and which one a run uses now."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peepshow_core.speech import catalog, model_store, models


@dataclass(frozen=True)
class ModelRow:
    name: str
    hears: str  # "English" or "multilingual"
    where: str  # "bundled", "downloaded", "Hugging Face cache", or "" (not on this machine)
    path: Path | None
    default: bool  # what a run uses when --model is not given


def default_name() -> str | None:
    """The model a run uses without --model: the variable's value, else the bundled model."""
    wanted, _ = models.requested_model(None)
    if wanted is not None:
        return wanted
    bundled = models.offline_package_model()
    return bundled.label if bundled else None


def where(name: str) -> tuple[str, Path | None]:
    bundled = models.offline_package_model()
    if bundled is not None and bundled.label == name:
        return "bundled", Path(bundled.ref)
    pulled = model_store.stored(name)
    if pulled is not None:
        return "downloaded", pulled
    cached = models.local_copy(name)
    return ("Hugging Face cache", cached) if cached else ("", None)


def rows() -> list[ModelRow]:
    default = default_name()
    names = list(catalog.FASTER_WHISPER_MODELS)
    names += [m.name for m in model_store.list_stored() if m.name not in names]
    out = []
    for name in names:
        place, path = where(name)
        out.append(ModelRow(name, catalog.hears(name), place, path, name == default))
    return out
