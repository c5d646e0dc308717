"""Every environment variable peepshow and its sinks read, in one place, with one rule per kind.

- `load_env_file` merges `./.env` (or `$PEEPSHOW_ENV_FILE`) into the environment; variables that
  are already set win over the file.
- A `Setting` names one variable (the built-in sinks declare theirs with the same class).
- Flags are true for `1`, `true`, `yes`, `on` and false for empty, `0`, `false`, `no`, `off`
  (any case); anything else is a ConfigError naming the variable. Numbers must be finite and in
  range. Every reader takes an optional `environ` (a sink's own environment in tests).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from peepshow_core.contract.errors import ConfigError
from peepshow_core.contract.tilde import expand_user

# The longest wait any setting may ask for: far beyond any real timeout, and well inside what the
# clock, timers and sleeps take (1e300 s raised OverflowError mid-delivery).
MAX_SECONDS = 365 * 24 * 3600
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, what it means, its default, and for a sink's own
    settings whether a run needs it and whether it is a secret (masked everywhere)."""

    name: str
    help: str = ""
    default: str | None = None
    required: bool = False
    secret: bool = False

    def raw(self, environ: Mapping[str, str] | None = None) -> str:
        """The value, stripped; the default (or "") when unset or blank."""
        value = (os.environ if environ is None else environ).get(self.name, "").strip()
        return value or (self.default or "")


# --- peepshow's own settings (docs/PLUGINS.md, "Configuration", lists them all) -----------------

ENV_FILE = Setting("PEEPSHOW_ENV_FILE", "the .env file to load [default: ./.env when present]")
CONFIG_DIR = Setting("PEEPSHOW_CONFIG_DIR", "folder of the sinks registry [default: user config]")
STATE_DIR = Setting("PEEPSHOW_STATE_DIR", "folder of the outbox [default: user state dir]")
CACHE_DIR = Setting("PEEPSHOW_CACHE_DIR", "folder of the transcript cache [default: user cache]")
OUT_DIR = Setting("PEEPSHOW_OUT_DIR", "parent of the per-run frame folders [default: user cache]")
FRAME_BASE_URL = Setting(
    "PEEPSHOW_FRAME_BASE_URL", "where the frame files are served: gives each frame a `url`"
)
WHISPER_MODEL = Setting(
    "PEEPSHOW_WHISPER_MODEL", "Whisper model name or folder [default: the bundled tiny.en]"
)
MODELS_DIR = Setting(
    "PEEPSHOW_MODELS_DIR", "folder of `peepshow models pull` downloads [default: user cache]"
)
OFFLINE = Setting("PEEPSHOW_OFFLINE", "never try to download a model (also HF_HUB_OFFLINE)")
HF_HUB_OFFLINE = Setting("HF_HUB_OFFLINE", "Hugging Face's own offline switch")
HF_ENDPOINT = Setting("HF_ENDPOINT", "the model hub", default="https://huggingface.co")
NO_SINKS = Setting("PEEPSHOW_NO_SINKS", "don't fire registered sinks (like --no-sinks)")
SKIP_SINKS = Setting("PEEPSHOW_SKIP_SINKS", "comma-separated registry ids not to fire")
SINK_TIMEOUT = Setting(
    "PEEPSHOW_SINK_TIMEOUT", "seconds a sink may run before it is stopped", default="300"
)
DEBUG = Setting("PEEPSHOW_DEBUG", "print tracebacks on errors (like --debug)")
RAY_ADDRESS = Setting(
    "RAY_ADDRESS", "the Ray cluster of `peepshow batch --engine ray` [default: a local one]"
)
# read by the sinks (sinks/http.py)
SINK_CONNECT_TIMEOUT = Setting(
    "PEEPSHOW_SINK_CONNECT_TIMEOUT", "seconds to open a connection", default="5"
)
SINK_READ_TIMEOUT = Setting(
    "PEEPSHOW_SINK_READ_TIMEOUT", "seconds to wait for the answer to start", default="30"
)
SINK_MAX_ATTEMPTS = Setting("PEEPSHOW_SINK_MAX_ATTEMPTS", "tries per request", default="5")
SINK_MAX_TIME = Setting(
    "PEEPSHOW_SINK_MAX_TIME", "seconds one delivery may take, retries included", default="60"
)
SINK_BACKOFF = Setting(
    "PEEPSHOW_SINK_BACKOFF", "seconds of the first retry's backoff (doubles)", default="0.5"
)
ALLOW_INSECURE_HTTP = Setting(
    "PEEPSHOW_ALLOW_INSECURE_HTTP", "allow sending a token over plain http to a remote host"
)
# set by peepshow for the sinks it runs (docs/PLUGINS.md, "Context from peepshow")
DISPATCHED = Setting("PEEPSHOW_DISPATCHED", "set to 1 when peepshow runs the sink")
RUN_ID = Setting("PEEPSHOW_RUN_ID", "the run's id")
SOURCE = Setting("PEEPSHOW_SOURCE", "the video's absolute path")
BIN = Setting("PEEPSHOW_BIN", "the peepshow executable that runs the sink")
SINK_ID = Setting("PEEPSHOW_SINK_ID", "the registry id (or name) the sink runs as")

ALL = (
    ENV_FILE,
    CONFIG_DIR,
    STATE_DIR,
    CACHE_DIR,
    OUT_DIR,
    FRAME_BASE_URL,
    WHISPER_MODEL,
    MODELS_DIR,
    OFFLINE,
    NO_SINKS,
    SKIP_SINKS,
    SINK_TIMEOUT,
    DEBUG,
    RAY_ADDRESS,
    SINK_CONNECT_TIMEOUT,
    SINK_READ_TIMEOUT,
    SINK_MAX_ATTEMPTS,
    SINK_MAX_TIME,
    SINK_BACKOFF,
    ALLOW_INSECURE_HTTP,
    DISPATCHED,
    RUN_ID,
    SOURCE,
    BIN,
    SINK_ID,
)


# --- readers ---------------------------------------------------------------------------------


def flag(setting: Setting, environ: Mapping[str, str] | None = None) -> bool:
    value = setting.raw(environ).lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigError(
        f"{setting.name}={value!r} is not a yes/no value (use 1/true/yes/on or 0/false/no/off)"
    )


def text(setting: Setting, environ: Mapping[str, str] | None = None) -> str | None:
    return setting.raw(environ) or None


def frame_base_url(
    given: str | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """`given`, else PEEPSHOW_FRAME_BASE_URL: the public URL the frame files are served under.
    It is put in every frame's `url` and sent to every sink, so it holds no credential: a
    `user:password@`, a query string (a signed URL's `?sig=`) or a fragment is a ConfigError
    naming the variable and showing only its scheme, host and path (a file name appended after
    a query or fragment would not name the file anyway)."""
    value = (given or "").strip() or text(FRAME_BASE_URL, environ)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or "@" in parts.netloc or parts.query or parts.fragment or "?" in value:
        shown = (
            "" if parts is None else f" (got {parts.scheme}://{parts.hostname or ''}{parts.path}…)"
        )
        raise ConfigError(
            f"{FRAME_BASE_URL.name} must be a public base URL with no user:password@, query "
            f"string or fragment: it goes into every frame's url and to every sink{shown}"
        )
    return value


def path(setting: Setting, environ: Mapping[str, str] | None = None) -> Path | None:
    value = setting.raw(environ)
    return expand_user(value) if value else None


def words(setting: Setting, environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [part.strip() for part in setting.raw(environ).split(",") if part.strip()]


def number(
    setting: Setting,
    environ: Mapping[str, str] | None = None,
    *,
    above: float | None = None,
    at_least: float | None = None,
    at_most: float | None = None,
) -> float:
    """A finite number (strictly `above`, or `at_least`; at most `at_most`); ConfigError naming
    the variable."""
    raw = setting.raw(environ)
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    bad = not math.isfinite(value)
    bad = bad or (above is not None and not value > above)
    bad = bad or (at_least is not None and not value >= at_least)
    bad = bad or (at_most is not None and not value <= at_most)
    if bad:
        floor = f"above {above:g}" if above is not None else f"at least {at_least:g}"
        rule = "a number" if above is None and at_least is None else f"a number {floor}"
        ceiling = f" and at most {at_most:g}" if at_most is not None else ""
        raise ConfigError(f"{setting.name} must be {rule}{ceiling}, got {raw!r}")
    return value


def seconds(setting: Setting, environ: Mapping[str, str] | None = None) -> float:
    """A positive number of seconds, at most MAX_SECONDS."""
    return number(setting, environ, above=0, at_most=MAX_SECONDS)


def count(setting: Setting, environ: Mapping[str, str] | None = None) -> int:
    """A whole number of at least 1."""
    value = number(setting, environ, at_least=1)
    if value != int(value):
        raise ConfigError(f"{setting.name} must be a whole number, got {setting.raw(environ)!r}")
    return int(value)


def offline(environ: Mapping[str, str] | None = None) -> bool:
    """Never reach for the network (PEEPSHOW_OFFLINE, or Hugging Face's HF_HUB_OFFLINE)."""
    return flag(OFFLINE, environ) or flag(HF_HUB_OFFLINE, environ)


# --- the .env file ---------------------------------------------------------------------------


def env_file_path(environ: Mapping[str, str] | None = None) -> Path | None:
    named = path(ENV_FILE, environ)
    if named is not None:
        if not named.is_file():
            raise ConfigError(f"{ENV_FILE.name} names {named}, which is not a readable file")
        return named
    try:
        default = Path.cwd() / ".env"
        return default if default.is_file() else None
    except OSError:  # an unreadable or vanished working directory has no usable .env
        return None


def load_env_file(environ: MutableMapping[str, str] | None = None) -> Path | None:
    """Merge the .env file into `environ` (default os.environ) without overriding.

    Returns the file's path, or None when there is none."""
    env = os.environ if environ is None else environ
    found = env_file_path(env)
    if found is None:
        return None
    from dotenv import dotenv_values

    try:
        values = dotenv_values(found)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {found}: {exc.__class__.__name__}") from None
    for key, value in values.items():
        if value is not None and key not in env:
            env[key] = value
    return found
