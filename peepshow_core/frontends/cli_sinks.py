"""`peepshow sinks ...`: register, list and manage sinks, and redeliver the outbox.

Only parsing and printing happen here; the work is in registry, discovery, outbox and dispatch.
Data (lists, paths, JSON) goes to stdout; confirmations and warnings go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from peepshow_core.contract import boundary, outbox, paths
from peepshow_core.contract.errors import ExitCode
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery import dispatch, registry
from peepshow_core.delivery.discovery import PREFIX, which
from peepshow_core.delivery.listing import listing

PROG = "peepshow sinks"

app = typer.Typer(
    name="sinks",
    help="Register, list and manage sinks (peepshow-sink-NAME executables and commands).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

WhenOption = Annotated[
    list[str] | None,
    typer.Option(
        "--when",
        help="Fire only when this holds: extension=mp4,mov | path=DIR | tag=a,b | "
        "strategy=slides. Repeat to AND; commas OR.",
    ),
]
NameOption = Annotated[str | None, typer.Option("--name", help="Id for the entry.")]


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _guard(work: Callable[[], int | None]) -> None:
    """Run `work` behind the shared error boundary; exit with its code."""
    code = boundary.guarded(work, PROG)
    if code:
        raise typer.Exit(code)


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="Sink name: runs peepshow-sink-NAME from PATH.")],
    when: WhenOption = None,
    entry_id: NameOption = None,
) -> None:
    """Fire peepshow-sink-NAME after every run (or only when --when holds)."""

    def work() -> None:
        entry = registry.add(name, when or [], entry_id)
        _say(f"registered {entry.id}: {PREFIX}{name} ({entry.condition()})")
        if which(name) is None:
            _say(f"warning: no executable {PREFIX}{name} on PATH yet; runs will report it missing")

    _guard(work)


@app.command("add-cmd")
def add_cmd(
    command: Annotated[str, typer.Argument(help="Shell command line; gets the payload on stdin.")],
    when: WhenOption = None,
    entry_id: NameOption = None,
) -> None:
    """Fire a shell command line after every run: `sh -c COMMAND` with the payload on stdin."""

    def work() -> None:
        entry = registry.add_cmd(command, when or [], entry_id)
        _say(f"registered {entry.id}: sh -c {command!r} ({entry.condition()})")

    _guard(work)


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Registered sinks with their executables and conditions, then unregistered ones on PATH.
    Warnings (missing, not executable, shadowed) go to stderr."""

    def work() -> None:
        report = listing()
        for warning in report["warnings"]:
            _say(f"warning: {warning}")
        if as_json:
            print(json.dumps(report, indent=2))
            return
        _print_listing(report)

    _guard(work)


def _print_listing(report: dict[str, Any]) -> None:
    rows = [("ID", "KIND", "RUNS", "WHEN", "ENABLED")]
    for s in report["sinks"]:
        runs = s["executable"] or f"(missing: peepshow-sink-{s['sink']})"
        if s["kind"] == SinkKind.cmd:
            runs = f"sh -c {s['command']!r}"
        rows.append((s["id"], s["kind"], runs, s["when_text"], "yes" if s["enabled"] else "no"))
    if len(rows) == 1:
        print(f"no sinks registered ({report['registry']})")
    else:
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            padded = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
            print("  ".join([*padded, row[4]]))
    if report["available"]:
        print("\navailable on PATH, not registered:")
        for item in report["available"]:
            print(f"  {item['name']}  {item['executable']}")


@app.command()
def remove(entry_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Remove a registered sink."""

    def work() -> None:
        registry.remove(entry_id)
        _say(f"removed {entry_id}")

    _guard(work)


@app.command()
def enable(entry_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Enable a registered sink again."""
    _guard(lambda: _set_enabled(entry_id, True))


@app.command()
def disable(entry_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Keep a registered sink but stop firing it."""
    _guard(lambda: _set_enabled(entry_id, False))


def _set_enabled(entry_id: str, enabled: bool) -> None:
    registry.set_enabled(entry_id, enabled)
    _say(f"{entry_id} {'enabled' if enabled else 'disabled'}")


@app.command()
def path() -> None:
    """Print the registry file's path."""
    print(paths.registry_path())


@app.command("outbox")
def outbox_(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Deliveries that failed for a temporary reason and wait for `peepshow sinks retry`."""

    def work() -> None:
        items, problems = outbox.items()
        for problem in problems:
            _say(f"warning: {problem}")
        if as_json:
            print(json.dumps([i.summary() for i in items], indent=2))
            return
        if not items:
            print(f"the outbox is empty ({paths.outbox_dir()})")
        for i in items:
            title = i.payload.get("title")
            print(f"{i.id}  {i.sink}  {title!r}  attempts={i.attempts}  last={i.last_failed_at}")
            print(f"    {i.error}")

    _guard(work)


@app.command()
def retry(
    ids: Annotated[
        list[str] | None, typer.Argument(metavar="[ID]...", help="Default: all.")
    ] = None,
) -> None:
    """Redeliver kept payloads; what succeeds leaves the outbox, what fails stays."""

    def work() -> int:
        if not ids and not outbox.items()[0]:
            _say("the outbox is empty")
            return 0
        results = dispatch.retry(ids or [], stderr=sys.stderr)
        return int(ExitCode.TEMPORARY) if any(not d.ok for d in results) else 0

    _guard(work)
