"""`peepshow runs list|clean`: the per-run frame folders, which otherwise grow without bound."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from peepshow_core.contract import arguments, boundary, paths
from peepshow_core.contract.errors import ExitCode
from peepshow_core.render.fmt import format_bytes, format_when
from peepshow_core.run import folders

PROG = "peepshow runs"


def _parent(args: argparse.Namespace) -> Path:
    return (args.out or paths.out_dir()).expanduser()


def _list(args: argparse.Namespace) -> None:
    parent = _parent(args)
    runs = folders.list_runs(parent)
    if args.json:
        print(json.dumps([run.to_dict() for run in runs], indent=2, ensure_ascii=False))
        return
    if not runs:
        print(f"no run folders in {parent}")
        return
    for run in runs:
        what = run.title or "(run from an earlier peepshow)"
        print(
            f"{format_when(run.created)}  {format_bytes(run.size_bytes):>8}  "
            f"{run.frames:3d} frames  {what}  {run.path}"
        )
    total = sum(run.size_bytes for run in runs)
    noun = "run" if len(runs) == 1 else "runs"
    print(f"{len(runs)} {noun}, {format_bytes(total)} in {parent}", file=sys.stderr)


def _clean(args: argparse.Namespace) -> None:
    parent = _parent(args)
    old = folders.older_than(parent, args.older_than)
    freed = 0
    for run in old:
        if not args.dry_run:
            folders.remove(run)
        freed += run.size_bytes
        print(run.path)
    verb = "would remove" if args.dry_run else "removed"
    noun = "run folder" if len(old) == 1 else "run folders"
    print(f"{PROG}: {verb} {len(old)} {noun} ({format_bytes(freed)})", file=sys.stderr)


def parser(commands: arguments.Commands | None = None) -> argparse.ArgumentParser:
    root = arguments.command(
        commands,
        PROG,
        "The per-run frame folders under the output folder (--out, PEEPSHOW_OUT_DIR, the config\n"
        "file's `out`, else the user cache dir). Only folders peepshow made are listed or removed.",
        examples=[
            f"{PROG} list",
            f"{PROG} clean --older-than 30d",
            f"{PROG} clean --older-than 12h -n",
        ],
    )
    sub = root.add_subparsers(dest="action", metavar="COMMAND", required=True)
    p = arguments.command(
        sub,
        f"{PROG} list",
        "The run folders, newest first: date, size, frames, title, path.",
        examples=[f"{PROG} list", f"{PROG} list --json"],
    )
    p.add_argument("--out", type=Path, metavar="DIR", help="the output folder to look in")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(work=_list)
    p = arguments.command(
        sub,
        f"{PROG} clean",
        "Remove the run folders older than a given age (their paths are printed).",
        examples=[f"{PROG} clean --older-than 30d", f"{PROG} clean --older-than 2w --dry-run"],
    )
    p.add_argument(
        "--older-than",
        type=arguments.duration,
        required=True,
        metavar="AGE",
        help="an age: 45s, 90m, 12h, 30d, 2w",
    )
    p.add_argument("--out", type=Path, metavar="DIR", help="the output folder to clean")
    p.add_argument("-n", "--dry-run", action="store_true", help="say what would go; remove nothing")
    p.set_defaults(work=_clean)
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
