"""`peepshow sinks ...`: register, list and manage sinks, and redeliver the outbox.

Only parsing and printing happen here; the work is in registry, discovery, outbox and dispatch.
Data (lists, paths, JSON) goes to stdout; confirmations and warnings go to stderr.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from typing import Any

from peepshow_core.contract import arguments, boundary, outbox, paths
from peepshow_core.contract.errors import ExitCode, PeepshowError, UsageError
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery import dispatch, redeliver, registry
from peepshow_core.delivery.discovery import PREFIX, unset_required_settings, which
from peepshow_core.delivery.listing import listing
from peepshow_core.render.fmt import one_line

PROG = "peepshow sinks"

WHEN_HELP = (
    "fire only when this holds: extension=mp4,mov | path=DIR | tag=a,b | strategy=slides; "
    "repeat to AND, commas OR"
)


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def shown_command(command: str) -> str:
    """`sh -c 'COMMAND'` as a shell would take it back (no doubled backslashes)."""
    return f"sh -c {shlex.quote(command)}"


# --- the commands --------------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> None:
    entry = registry.add(args.name, args.when or [], args.entry_id)
    _say(f"registered {entry.id}: {PREFIX}{args.name} ({entry.condition()})")
    if which(args.name) is None:
        _say(f"warning: no executable {PREFIX}{args.name} on PATH yet; runs will report it missing")
        return
    unset = unset_required_settings(args.name)
    if unset:
        _say(
            f"warning: {PREFIX}{args.name} needs {', '.join(unset)}, not set in the environment "
            f"or .env; until they are, its deliveries wait in the outbox (see "
            f"'{PREFIX}{args.name} --help')"
        )


def _add_cmd(args: argparse.Namespace) -> None:
    entry = registry.add_cmd(args.command_line, args.when or [], args.entry_id)
    _say(f"registered {entry.id}: {shown_command(args.command_line)} ({entry.condition()})")


def _list(args: argparse.Namespace) -> None:
    report = listing()
    for warning in report["warnings"]:
        _say(f"warning: {warning}")
    if args.json:
        print(json.dumps(report, indent=2))
        return
    _print_listing(report)


def _print_listing(report: dict[str, Any]) -> None:
    rows = [("ID", "KIND", "RUNS", "WHEN", "ENABLED")]
    for s in report["sinks"]:
        runs = s["executable"] or f"(missing: peepshow-sink-{s['sink']})"
        if s["kind"] == SinkKind.cmd:
            runs = shown_command(s["command"])
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


def _remove(args: argparse.Namespace) -> None:
    registry.remove(args.id)
    _say(f"removed {args.id}")
    left = [i for i in outbox.items()[0] if i.registered and i.sink == args.id]
    if left:
        _say(
            f"{len(left)} outbox entr{'y' if len(left) == 1 else 'ies'} for {args.id} will not "
            f"be retried; 'peepshow sinks outbox drop --sink {args.id}' forgets them"
        )


def _enable(args: argparse.Namespace) -> None:
    registry.set_enabled(args.id, True)
    _say(f"{args.id} enabled")


def _disable(args: argparse.Namespace) -> None:
    registry.set_enabled(args.id, False)
    _say(f"{args.id} disabled")


def _path(args: argparse.Namespace) -> None:
    print(paths.registry_path())


def _removed_sinks() -> set[str]:
    """Registry ids of registered outbox entries whose registry entry is gone."""
    try:
        registered = {entry.id for entry in registry.load()}
    except PeepshowError:
        return set()
    return {i.sink for i in outbox.items()[0] if i.registered and i.sink not in registered}


def _outbox(args: argparse.Namespace) -> None:
    if getattr(args, "outbox_action", None) == "drop":
        return _drop(args)
    items, problems = outbox.items()
    for problem in problems:
        _say(f"warning: {problem}")
    removed = _removed_sinks()
    if args.json:
        shown = [{**i.summary(), "sink_removed": i.sink in removed} for i in items]
        print(json.dumps(shown, indent=2))
        return
    if not items:
        print(f"the outbox is empty ({paths.outbox_dir()})")
    for i in items:
        title = one_line(str(i.payload.get("title")))
        gone = "  (sink removed: not retried)" if i.sink in removed else ""
        print(f"{i.id}  {i.sink}  {title!r}  attempts={i.attempts}  last={i.last_failed_at}{gone}")
        print(f"    {one_line(i.error)}")


def _drop(args: argparse.Namespace) -> None:
    if not (args.ids or args.sink or args.all):
        raise UsageError("say what to drop: outbox ids, --sink NAME or --all")
    if args.all and (args.ids or args.sink):
        raise UsageError("--all drops everything; give no ids or --sink with it")
    dropped, busy = redeliver.drop(args.ids, sink=args.sink, everything=args.all)
    note = f" ({busy} being delivered by another peepshow left alone)" if busy else ""
    _say(f"dropped {dropped} entr{'y' if dropped == 1 else 'ies'}{note}")


def _retry(args: argparse.Namespace) -> int:
    if not args.ids and not outbox.items()[0]:
        _say("the outbox is empty")
        return 0
    results = dispatch.retry(args.ids, stderr=sys.stderr)
    return int(ExitCode.TEMPORARY) if redeliver.still_left(results) else 0


# --- the parser ----------------------------------------------------------------------------------


def parser(commands: arguments.Commands | None = None) -> argparse.ArgumentParser:
    root = arguments.command(
        commands,
        PROG,
        "Register, list and manage sinks: peepshow-sink-NAME executables and command lines that\n"
        "get each run's payload on stdin. Registered sinks fire after every matching run.",
        examples=[
            f"{PROG} add cassandra --when extension=mp4,mov",
            f"{PROG} add-cmd 'python my_sink.py' --name mine",
            f"{PROG} list",
            f"{PROG} outbox; {PROG} retry",
        ],
    )
    sub = root.add_subparsers(dest="action", metavar="COMMAND", required=True)

    def when_and_name(p: argparse.ArgumentParser) -> None:
        p.add_argument("--when", action="append", metavar="RULE", help=WHEN_HELP)
        p.add_argument("--name", dest="entry_id", metavar="ID", help="id for the entry")

    p = arguments.command(
        sub,
        f"{PROG} add",
        "Fire peepshow-sink-NAME after every run (or only when --when holds).",
        examples=[f"{PROG} add databricks", f"{PROG} add cassandra --when tag=talks"],
    )
    p.add_argument("name", metavar="NAME", help="sink name: runs peepshow-sink-NAME from PATH")
    when_and_name(p)
    p.set_defaults(work=_add)

    p = arguments.command(
        sub,
        f"{PROG} add-cmd",
        "Fire a shell command line after every run: `sh -c COMMAND` with the payload on stdin.",
        examples=[f"{PROG} add-cmd 'gzip >> runs.jsonl.gz' --name archive"],
    )
    p.add_argument("command_line", metavar="COMMAND", help="shell command line")
    when_and_name(p)
    p.set_defaults(work=_add_cmd)

    p = arguments.command(
        sub,
        f"{PROG} list",
        "Registered sinks with their executables and conditions, then unregistered ones on PATH.\n"
        "Warnings (missing, not executable, shadowed) go to stderr.",
        examples=[f"{PROG} list", f"{PROG} list --json | jq '.sinks[].id'"],
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(work=_list)

    for name, summary, work in (
        ("remove", "Remove a registered sink.", _remove),
        ("enable", "Enable a registered sink again.", _enable),
        ("disable", "Keep a registered sink but stop firing it.", _disable),
    ):
        p = arguments.command(sub, f"{PROG} {name}", summary, examples=[f"{PROG} {name} mine"])
        p.add_argument("id", metavar="ID", help="the entry's id (see `peepshow sinks list`)")
        p.set_defaults(work=work)

    p = arguments.command(
        sub, f"{PROG} path", "Print the registry file's path.", examples=[f"{PROG} path"]
    )
    p.set_defaults(work=_path)

    p = arguments.command(
        sub,
        f"{PROG} outbox",
        "Deliveries that did not finish and wait for `peepshow sinks retry`; `drop` forgets some.",
        examples=[
            f"{PROG} outbox",
            f"{PROG} outbox --json",
            f"{PROG} outbox drop cassandra--0b7c9f1e",
            f"{PROG} outbox drop --sink archive",
        ],
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(work=_outbox)
    actions = p.add_subparsers(dest="outbox_action", metavar="drop", required=False)
    d = arguments.command(
        actions,
        f"{PROG} outbox drop",
        "Forget outbox entries (they are not delivered): by id, every entry of a sink, or all.",
        examples=[f"{PROG} outbox drop --sink archive", f"{PROG} outbox drop --all"],
    )
    d.add_argument("ids", nargs="*", metavar="ID", help="outbox entries (ids or unique prefixes)")
    d.add_argument("--sink", metavar="NAME", help="every entry of this sink (name or registry id)")
    d.add_argument("--all", action="store_true", help="every entry")
    d.set_defaults(work=_outbox)

    p = arguments.command(
        sub,
        f"{PROG} retry",
        "Redeliver kept payloads; what succeeds leaves the outbox, what fails stays.",
        examples=[f"{PROG} retry", f"{PROG} retry cassandra", f"{PROG} retry cassandra--0b7c9f1e"],
    )
    p.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help="outbox entries: ids, unique prefixes, or a sink's name for all its entries "
        "[default: all]",
    )
    p.set_defaults(work=_retry)
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
