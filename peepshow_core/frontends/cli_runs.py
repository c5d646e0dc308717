"""`peepshow runs list|clean`: the per-run frame folders, which otherwise grow without bound."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from peepshow_core.contract import boundary, paths
from peepshow_core.contract.tilde import expand_user
from peepshow_core.frontends import cli_style
from peepshow_core.render.fmt import format_bytes, format_when, one_line
from peepshow_core.run import folders

PROG = "peepshow runs"


OutOption = Annotated[
    Path | None, typer.Option("--out", metavar="DIR", help="the output folder to look in")
]

app = cli_style.app(
    "The per-run frame folders under the output folder (--out, PEEPSHOW_OUT_DIR, the config "
    "file's `out`, else the user cache dir). Only folders peepshow made are listed or removed.",
    [f"{PROG} list", f"{PROG} clean --older-than 30d", f"{PROG} clean --older-than 12h -n"],
)


def _parent(out: Path | None) -> Path:
    return expand_user(out or paths.out_dir())


@cli_style.command(
    app,
    "list",
    "The run folders, newest first: date, size, frames, title, path.",
    [f"{PROG} list", f"{PROG} list --json"],
)
def list_runs(
    out: OutOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> int:
    def work() -> None:
        parent = _parent(out)
        runs = folders.list_runs(parent)
        if as_json:
            print(json.dumps([run.to_dict() for run in runs], indent=2, ensure_ascii=False))
            return
        if not runs:
            print(f"no run folders in {parent}")
            return
        for run in runs:
            what = one_line(run.title or "(run from an earlier peepshow)")  # a file's name:
            print(  # a terminal escape in it is shown, never run
                f"{format_when(run.created)}  {format_bytes(run.size_bytes):>8}  "
                f"{run.frames:3d} frames  {what}  {one_line(str(run.path))}"
            )
        total = sum(run.size_bytes for run in runs)
        noun = "run" if len(runs) == 1 else "runs"
        print(f"{len(runs)} {noun}, {format_bytes(total)} in {parent}", file=sys.stderr)

    return boundary.guarded(work, PROG)


@cli_style.command(
    app,
    "clean",
    "Remove the run folders older than a given age (their paths are printed).",
    [f"{PROG} clean --older-than 30d", f"{PROG} clean --older-than 2w --dry-run"],
)
def clean(
    older_than: Annotated[
        float,
        typer.Option(
            "--older-than",
            parser=cli_style.duration,
            metavar="AGE",
            help="an age: 45s, 90m, 12h, 30d, 2w",
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", metavar="DIR", help="the output folder to clean")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("-n", "--dry-run", help="say what would go; remove nothing")
    ] = False,
) -> int:
    def work() -> None:
        parent = _parent(out)
        old = folders.older_than(parent, older_than)
        freed = 0
        for run in old:
            if not dry_run:
                folders.remove(run)
            freed += run.size_bytes
            print(run.path)
        verb = "would remove" if dry_run else "removed"
        noun = "run folder" if len(old) == 1 else "run folders"
        print(f"{PROG}: {verb} {len(old)} {noun} ({format_bytes(freed)})", file=sys.stderr)

    return boundary.guarded(work, PROG)
