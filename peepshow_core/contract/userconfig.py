"""The user's defaults for a run: `config.toml` in the config dir (`peepshow config` shows it).

    strategy = "scenes"       # --strategy
    max-frames = 12           # --max-frames
    out = "~/peepshow-runs"   # --out (PEEPSHOW_OUT_DIR wins over it)
    sinks = ["cassandra"]     # --sink, for every run (--sink on the command line replaces them)
    model = "small"           # --model (PEEPSHOW_WHISPER_MODEL wins over it)

A value given on the command line (or as an MCP tool parameter) wins over the environment, which
wins over this file, which wins over the built-in default. Every front end reads it through
`defaults()`, so `peepshow`, the MCP tool and `peepshow batch` agree. A key it does not know, a
value of the wrong kind or a file that is not TOML is a ConfigError naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peepshow_core.contract import paths
from peepshow_core.contract.errors import ConfigError
from peepshow_core.contract.tilde import expand_user
from peepshow_core.contract.vocab import DEFAULT_STRATEGY, Strategy, choices

FILE_NAME = "config.toml"


def config_path() -> Path:
    return paths.config_dir() / FILE_NAME


def _strategy(value: Any) -> Strategy:
    try:
        return Strategy(value)
    except ValueError:
        raise ValueError(f"one of {choices(Strategy)}") from None


def _max_frames(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise ValueError("a whole number of at least 1")


def _folder(value: Any) -> Path:
    if isinstance(value, str) and value.strip():
        return expand_user(value.strip())
    raise ValueError("a folder path (a string)")


def _model(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError('a Whisper model name or folder, e.g. "small"')


def _names(value: Any) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise ValueError('a list of sink names, e.g. ["cassandra"]')


@dataclass(frozen=True)
class Key:
    name: str
    meaning: str
    read: Callable[[Any], Any]


KEYS: dict[str, Key] = {
    key.name: key
    for key in (
        Key("strategy", "how frames are picked (--strategy)", _strategy),
        Key("max-frames", "keep at most this many frames (--max-frames)", _max_frames),
        Key("out", "folder for the per-run frame folders (--out)", _folder),
        Key("sinks", "sinks every run delivers to (--sink)", _names),
        Key("model", "Whisper model name or folder (--model)", _model),
    )
}


@dataclass(frozen=True)
class Defaults:
    """What a run uses when its caller does not say: the file's values over the built-ins."""

    path: Path
    found: bool  # the file exists
    strategy: Strategy = DEFAULT_STRATEGY
    max_frames: int | None = None
    out: Path | None = None  # None: PEEPSHOW_OUT_DIR, else the user cache dir (contract.paths)
    sinks: list[str] = field(default_factory=list)
    model: str | None = None  # None: the bundled tiny.en (PEEPSHOW_WHISPER_MODEL wins over it)
    set_in_file: frozenset[str] = frozenset()  # the keys the file sets


def read_file(path: Path) -> dict[str, Any]:
    """The file's keys, checked ({} when there is no file); ConfigError when unusable."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise ConfigError(f"cannot read {path}: {reason}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path} is not valid TOML: nested too deeply") from None
    values: dict[str, Any] = {}
    for name, value in raw.items():
        key = KEYS.get(name)
        if key is None:
            known = ", ".join(KEYS)
            raise ConfigError(f"{path}: unknown key {name!r} (known keys: {known})")
        try:
            values[name] = key.read(value)
        except ValueError as exc:
            raise ConfigError(f"{path}: {name} must be {exc}, got {value!r}") from None
    return values


def defaults() -> Defaults:
    """The run defaults from the user's config file (built-ins where it says nothing)."""
    path = config_path()
    values = read_file(path)
    return Defaults(
        path=path,
        found=path.is_file(),
        strategy=values.get("strategy", DEFAULT_STRATEGY),
        max_frames=values.get("max-frames"),
        out=values.get("out"),
        sinks=values.get("sinks", []),
        model=values.get("model"),
        set_in_file=frozenset(values),
    )
