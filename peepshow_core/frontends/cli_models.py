"""`peepshow models list|pull|path`: see the Whisper models, download one, print where one is.

Only parsing and printing happen here; the work is in speech.model_list and speech.model_store.
Data (the table, a folder) goes to stdout; progress and messages go to stderr.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from peepshow_core.contract import boundary, paths
from peepshow_core.contract.errors import ConfigError, UsageError
from peepshow_core.frontends import cli_style
from peepshow_core.speech import catalog, model_list, model_store

PROG = "peepshow models"
OTHER = catalog.SUGGESTED_MULTILINGUAL


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


app = cli_style.app(
    "The Whisper models: which names exist, what each hears, where a copy is on this machine. "
    "The bundled tiny.en knows English only; pull a multilingual one for other languages "
    "(downloads go to PEEPSHOW_MODELS_DIR, else the user cache dir).",
    [
        f"{PROG} list",
        f"{PROG} pull {OTHER}   # then --model {OTHER}, or PEEPSHOW_WHISPER_MODEL={OTHER}",
        f"{PROG} path",
    ],
)


@cli_style.command(
    app,
    "list",
    "Every model name, the languages it hears and where it is here (* = the default).",
    [f"{PROG} list"],
)
def list_models() -> int:
    def work() -> None:
        table = model_list.rows()
        width = max(len(row.name) for row in table) + 2
        for row in table:
            mark = "*" if row.default else " "
            place = f"{row.where}: {row.path}" if row.path else "-"
            print(f"{mark} {row.name:<{width}}{row.hears:<14}{place}")
        _say(
            f"* = used without --model. Download one with `{PROG} pull NAME` (into "
            f"{paths.models_dir()}); for other languages than English, e.g. `{PROG} pull {OTHER}` "
            f'and PEEPSHOW_WHISPER_MODEL={OTHER} (or `model = "{OTHER}"` in the config file).'
        )

    return boundary.guarded(work, PROG)


@cli_style.command(
    app,
    "pull",
    "Download a model once (from the Hugging Face Hub, or HF_ENDPOINT); prints its folder.",
    [f"{PROG} pull {OTHER}", f"{PROG} pull Systran/faster-whisper-medium"],
)
def pull(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="a name from `list`, or a hub id owner/name")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="download again even if it is there")
    ] = False,
) -> int:
    def work() -> None:
        existing = model_store.stored(name)
        if existing is not None and not force:
            _say(f"{name} is already downloaded (--force downloads it again)")
            print(existing)
            return
        folder = model_store.pull(name, _say)
        _say(f"{name} is ready: use --model {name} or PEEPSHOW_WHISPER_MODEL={name}")
        print(folder)

    return boundary.guarded(work, PROG)


@cli_style.command(
    app,
    "path",
    "Print the folder of a model on this machine (bundled, pulled or in the HF cache).",
    [f"{PROG} path", f"{PROG} path {OTHER}"],
)
def path(
    name: Annotated[
        str | None,
        typer.Argument(metavar="NAME", help="a model [default: the one a run uses]"),
    ] = None,
) -> int:
    def work() -> None:
        wanted = name or model_list.default_name()
        if wanted is None:
            raise ConfigError("no model is configured and the bundled one is not installed")
        _, folder = model_list.where(wanted)
        if folder is None:
            if not catalog.knows(wanted):
                raise UsageError(f"unknown Whisper model {wanted!r} (see `{PROG} list`)")
            raise ConfigError(f"{wanted} is not on this machine: run `{PROG} pull {wanted}`")
        print(folder)

    return boundary.guarded(work, PROG)
