"""`peepshow models list|pull|path`: see the Whisper models, download one, print where one is.

Only parsing and printing happen here; the work is in speech.model_list and speech.model_store.
Data (the table, a folder) goes to stdout; progress and messages go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from peepshow_core.contract import arguments, boundary, paths
from peepshow_core.contract.errors import ConfigError, ExitCode, UsageError
from peepshow_core.speech import catalog, model_list, model_store

PROG = "peepshow models"
OTHER = catalog.SUGGESTED_MULTILINGUAL


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _list(_args: argparse.Namespace) -> None:
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


def _pull(args: argparse.Namespace) -> None:
    existing = model_store.stored(args.name)
    if existing is not None and not args.force:
        _say(f"{args.name} is already downloaded (--force downloads it again)")
        print(existing)
        return
    folder = model_store.pull(args.name, _say)
    _say(f"{args.name} is ready: use --model {args.name} or PEEPSHOW_WHISPER_MODEL={args.name}")
    print(folder)


def _path(args: argparse.Namespace) -> None:
    wanted = args.name or model_list.default_name()
    if wanted is None:
        raise ConfigError("no model is configured and the bundled one is not installed")
    _, folder = model_list.where(wanted)
    if folder is None:
        if not catalog.knows(wanted):
            raise UsageError(f"unknown Whisper model {wanted!r} (see `{PROG} list`)")
        raise ConfigError(f"{wanted} is not on this machine: run `{PROG} pull {wanted}`")
    print(folder)


def parser(commands: arguments.Commands | None = None) -> argparse.ArgumentParser:
    root = arguments.command(
        commands,
        PROG,
        "The Whisper models: which names exist, what each hears, where a copy is on this\n"
        "machine. The bundled tiny.en knows English only; pull a multilingual one for other\n"
        "languages (downloads go to PEEPSHOW_MODELS_DIR, else the user cache dir).",
        examples=[
            f"{PROG} list",
            f"{PROG} pull {OTHER}   # then --model {OTHER}, or PEEPSHOW_WHISPER_MODEL={OTHER}",
            f"{PROG} path",
        ],
    )
    sub = root.add_subparsers(dest="action", metavar="COMMAND", required=True)
    p = arguments.command(
        sub,
        f"{PROG} list",
        "Every model name, the languages it hears and where it is here (* = the default).",
        examples=[f"{PROG} list"],
    )
    p.set_defaults(work=_list)
    p = arguments.command(
        sub,
        f"{PROG} pull",
        "Download a model once (from the Hugging Face Hub, or HF_ENDPOINT); prints its folder.",
        examples=[f"{PROG} pull {OTHER}", f"{PROG} pull Systran/faster-whisper-medium"],
    )
    p.add_argument("name", metavar="NAME", help="a name from `list`, or a hub id owner/name")
    p.add_argument("--force", action="store_true", help="download again even if it is there")
    p.set_defaults(work=_pull)
    p = arguments.command(
        sub,
        f"{PROG} path",
        "Print the folder of a model on this machine (bundled, pulled or in the HF cache).",
        examples=[f"{PROG} path", f"{PROG} path {OTHER}"],
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="a model [default: the one a run uses]")
    p.set_defaults(work=_path)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        parser().print_help()
        return int(ExitCode.USAGE)
    parsed = arguments.parse(parser(), args)
    if isinstance(parsed, int):
        return parsed
    return boundary.guarded(lambda: parsed.work(parsed), PROG)
