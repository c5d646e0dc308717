"""`peepshow config`: the user's defaults (config.toml), shown as a file that could be saved."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from peepshow_core.contract import boundary, paths, settings, userconfig
from peepshow_core.frontends import cli_style

PROG = "peepshow config"


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def describe(defaults: userconfig.Defaults) -> str:
    """The effective defaults as TOML, each key with where its value comes from."""
    state = "" if defaults.found else " (no such file yet: built-in defaults)"
    lines = [f"# {defaults.path}{state}"]
    env_out = settings.path(settings.OUT_DIR)
    env_model = settings.text(settings.WHISPER_MODEL)
    values: dict[str, Any] = {
        "strategy": defaults.strategy,
        "max-frames": defaults.max_frames,
        "out": env_out or defaults.out or paths.out_dir(),
        "sinks": defaults.sinks,
        "model": env_model or defaults.model,
    }
    for name, key in userconfig.KEYS.items():
        if name == "out" and env_out is not None:
            origin = f"from {settings.OUT_DIR.name}, which wins over the file"
        elif name == "model" and env_model is not None:
            origin = f"from {settings.WHISPER_MODEL.name}, which wins over the file"
        elif name in defaults.set_in_file:
            origin = "from the file"
        else:
            origin = "built-in default"
        value = values[name]
        if value is None:
            lines.append(f"# {name} =   # {key.meaning}: not set")
        else:
            lines.append(f"{name} = {_toml(value)}   # {key.meaning}: {origin}")
    return "\n".join(lines) + "\n"


app = cli_style.app()


@cli_style.command(
    app,
    "config",
    "Show the defaults a run uses and where each comes from. They live in config.toml in the "
    "user config dir (PEEPSHOW_CONFIG_DIR overrides it); a command-line option wins over the "
    "environment, which wins over the file. Keys: " + ", ".join(userconfig.KEYS) + ".",
    [
        PROG,
        f"{PROG} --path",
        f"{PROG} > my-defaults.toml   # a file to edit and move to the --path",
    ],
)
def config(
    path: Annotated[bool, typer.Option("--path", help="print only the file's path")] = False,
) -> int:
    def work() -> None:
        if path:
            print(userconfig.config_path())
            return
        sys.stdout.write(describe(userconfig.defaults()))

    return boundary.guarded(work, PROG)
