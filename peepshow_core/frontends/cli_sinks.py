"""`peepshow sinks ...`: register, list and manage sinks, and redeliver the outbox.

Only parsing and printing happen here; the work is in registry, discovery, outbox and dispatch.
Data (lists, paths, JSON) goes to stdout; confirmations and warnings go to stderr.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from peepshow_core.contract import boundary, outbox, paths
from peepshow_core.contract.errors import ExitCode, PeepshowError, UsageError
from peepshow_core.contract.payload import parse, read_document
from peepshow_core.contract.redact import redact
from peepshow_core.contract.settings import MAX_SECONDS
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery import dispatch, redeliver, registry
from peepshow_core.delivery.discovery import PREFIX, unset_required_settings, which
from peepshow_core.delivery.listing import listing
from peepshow_core.frontends import cli_style, contract_check
from peepshow_core.render.fmt import one_line

PROG = "peepshow sinks"

WHEN_HELP = (
    "fire only when this holds: extension=mp4,mov | path=DIR | tag=a,b | strategy=slides; "
    "repeat to AND, commas OR"
)


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def shown_command(command: str) -> str:
    """`sh -c 'COMMAND'` as a shell would take it back (no doubled backslashes), with what looks
    like a credential in it masked (a URL password, a bearer token, `?api_key=`)."""
    return f"sh -c {shlex.quote(redact(command))}"


# --- the commands --------------------------------------------------------------------------------

app = cli_style.app(
    "Register, list and manage sinks: peepshow-sink-NAME executables and command lines that get "
    "each run's payload on stdin. Registered sinks fire after every matching run.",
    [
        f"{PROG} add cassandra --when extension=mp4,mov",
        f"{PROG} add-cmd 'python my_sink.py' --name mine",
        f"{PROG} list",
        f"{PROG} outbox; {PROG} retry",
    ],
)

WhenOption = Annotated[list[str] | None, typer.Option("--when", metavar="RULE", help=WHEN_HELP)]
NameOption = Annotated[str | None, typer.Option("--name", metavar="ID", help="id for the entry")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="the entry's id (see `peepshow sinks list`)")
]


def guarded(work: Callable[[], int | None]) -> int:
    return boundary.guarded(work, PROG)


@cli_style.command(
    app,
    "add",
    "Fire peepshow-sink-NAME after every run (or only when --when holds).",
    [f"{PROG} add databricks", f"{PROG} add cassandra --when tag=talks"],
)
def add(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="sink name: runs peepshow-sink-NAME from PATH")
    ],
    when: WhenOption = None,
    entry_id: NameOption = None,
) -> int:
    def work() -> None:
        entry = registry.add(name, when or [], entry_id)
        _say(f"registered {entry.id}: {PREFIX}{name} ({entry.condition()})")
        if which(name) is None:
            _say(f"warning: no executable {PREFIX}{name} on PATH yet; runs will report it missing")
            return
        unset = unset_required_settings(name)
        if unset:
            _say(
                f"warning: {PREFIX}{name} needs {', '.join(unset)}, not set in the environment "
                f"or .env; until they are, its deliveries wait in the outbox (see "
                f"'{PREFIX}{name} --help')"
            )

    return guarded(work)


@cli_style.command(
    app,
    "add-cmd",
    "Fire a shell command line after every run: `sh -c COMMAND` with the payload on stdin.",
    [f"{PROG} add-cmd 'gzip >> runs.jsonl.gz' --name archive"],
)
def add_cmd(
    command_line: Annotated[str, typer.Argument(metavar="COMMAND", help="shell command line")],
    when: WhenOption = None,
    entry_id: NameOption = None,
) -> int:
    def work() -> None:
        entry = registry.add_cmd(command_line, when or [], entry_id)
        _say(f"registered {entry.id}: {shown_command(command_line)} ({entry.condition()})")

    return guarded(work)


@cli_style.command(
    app,
    "list",
    "Registered sinks with their executables and conditions, then unregistered ones on PATH. "
    "Warnings (missing, not executable, shadowed) go to stderr.",
    [f"{PROG} list", f"{PROG} list --json | jq '.sinks[].id'"],
)
def list_sinks(as_json: JsonOption = False) -> int:
    def work() -> None:
        report = listing()
        for warning in report["warnings"]:
            _say(f"warning: {warning}")
        if as_json:
            print(json.dumps(report, indent=2))
            return
        _print_listing(report)

    return guarded(work)


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


def _remove(entry_id: str) -> None:
    registry.remove(entry_id)
    _say(f"removed {entry_id}")
    left = [i for i in outbox.items(payloads=False)[0] if i.registered and i.sink == entry_id]
    if left:
        _say(
            f"{len(left)} outbox entr{'y' if len(left) == 1 else 'ies'} for {entry_id} will not "
            f"be retried; 'peepshow sinks outbox drop --sink {entry_id}' forgets them"
        )


def _enable(entry_id: str) -> None:
    registry.set_enabled(entry_id, True)
    _say(f"{entry_id} enabled")


def _disable(entry_id: str) -> None:
    registry.set_enabled(entry_id, False)
    _say(f"{entry_id} disabled")


def _entry_command(name: str, summary: str, act: Callable[[str], None]) -> None:
    @cli_style.command(app, name, summary, [f"{PROG} {name} mine"])
    def entry_command(entry_id: IdArgument) -> int:
        return guarded(lambda: act(entry_id))


_entry_command("remove", "Remove a registered sink.", _remove)
_entry_command("enable", "Enable a registered sink again.", _enable)
_entry_command("disable", "Keep a registered sink but stop firing it.", _disable)


@cli_style.command(app, "path", "Print the registry file's path.", [f"{PROG} path"])
def path() -> int:
    return guarded(lambda: print(paths.registry_path()))


# `peepshow sinks outbox` lists; `peepshow sinks outbox drop ...` forgets entries.
outbox_app = cli_style.app(
    "Deliveries that did not finish and wait for `peepshow sinks retry`; `drop` forgets some.",
    [
        f"{PROG} outbox",
        f"{PROG} outbox --json",
        f"{PROG} outbox drop cassandra--0b7c9f1e",
        f"{PROG} outbox drop --sink archive",
    ],
    invoke_without_command=True,
    no_args_is_help=False,
    subcommand_metavar="[COMMAND] [ARGS]...",
)
app.add_typer(outbox_app, name="outbox")


def _removed_sinks() -> set[str]:
    """Registry ids of registered outbox entries whose registry entry is gone."""
    try:
        registered = {entry.id for entry in registry.load()}
    except PeepshowError:
        return set()
    return {
        i.sink for i in outbox.items(payloads=False)[0] if i.registered and i.sink not in registered
    }


@outbox_app.callback()
def show_outbox(ctx: typer.Context, as_json: JsonOption = False) -> int:
    if ctx.invoked_subcommand is not None:
        return 0

    def work() -> None:
        items, problems = outbox.items(payloads=False)
        for problem in problems:
            _say(f"warning: {problem}")
        removed = _removed_sinks()
        if as_json:
            shown = [{**i.summary(), "sink_removed": i.sink in removed} for i in items]
            print(json.dumps(shown, indent=2))
            return
        if not items:
            print(f"the outbox is empty ({paths.outbox_dir()})")
        for i in items:
            title = one_line(str(i.title))
            gone = "  (sink removed: not retried)" if i.sink in removed else ""
            print(
                f"{i.id}  {i.sink}  {title!r}  attempts={i.attempts}  last={i.last_failed_at}{gone}"
            )
            print(f"    {one_line(i.error)}")

    return guarded(work)


@cli_style.command(
    outbox_app,
    "drop",
    "Forget outbox entries (they are not delivered): by id, every entry of a sink, or all.",
    [f"{PROG} outbox drop --sink archive", f"{PROG} outbox drop --all"],
)
def drop(
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID", help="outbox entries (ids or unique prefixes)"),
    ] = None,
    sink: Annotated[
        str | None,
        typer.Option(
            "--sink", metavar="NAME", help="every entry of this sink (name or registry id)"
        ),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="every entry")] = False,
) -> int:
    def work() -> None:
        if not (ids or sink or everything):
            raise UsageError("say what to drop: outbox ids, --sink NAME or --all")
        if everything and (ids or sink):
            raise UsageError("--all drops everything; give no ids or --sink with it")
        dropped, busy = redeliver.drop(ids or [], sink=sink, everything=everything)
        note = f" ({busy} being delivered by another peepshow left alone)" if busy else ""
        _say(f"dropped {dropped} entr{'y' if dropped == 1 else 'ies'}{note}")

    return guarded(work)


@cli_style.command(
    app,
    "retry",
    "Redeliver kept payloads; what succeeds leaves the outbox, what fails stays.",
    [f"{PROG} retry", f"{PROG} retry cassandra", f"{PROG} retry cassandra--0b7c9f1e"],
)
def retry(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="outbox entries: ids, unique prefixes, or a sink's name for all its entries "
            "[default: all]",
        ),
    ] = None,
) -> int:
    def work() -> int:
        if not ids and not outbox.items(payloads=False)[0]:
            _say("the outbox is empty")
            return 0
        results = dispatch.retry(ids or [], stderr=sys.stderr)
        return int(ExitCode.TEMPORARY) if redeliver.still_left(results) else 0

    return guarded(work)


@cli_style.command(
    app,
    "validate",
    "Read one run payload on stdin and check it as a sink does (one JSON document, a "
    "peepshow.run/1 the schema allows, finite numbers, valid text, a real created_at); print it "
    "back as one JSON line, or one field with --get. Exit 4 (bad input) or 5 (a schema major "
    "this peepshow does not read) with one line on stderr otherwise.",
    [
        f"peepshow talk.mp4 -e json | {PROG} validate > run.json",
        f"{PROG} validate --get run_id < run.json",
    ],
)
def validate(
    get: Annotated[
        str | None, typer.Option("--get", metavar="FIELD", help="print this top-level field")
    ] = None,
) -> int:
    def work() -> None:
        payload = parse(read_document(sys.stdin))
        if get is None:
            print(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
            return
        value = payload.get(get)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise UsageError(f"--get {get}: not a top-level text or number field of the payload")
        print(value)

    return guarded(work)


@cli_style.command(
    app,
    "check-contract",
    "Check that a sink keeps the sink contract (docs/PLUGINS.md): run it (`sh -c COMMAND`, as "
    "peepshow does) against a local fault server standing in for its service, with bad input, "
    "no configuration, a dry run, and every fault: 503s, dropped and cut answers, a server "
    "that drips or never answers, redirects to another host, HTML sign-in pages, an echoed "
    "token. Exit 0 when every check holds, 9 otherwise.",
    [
        f"{PROG} check-contract ./peepshow-sink-webhook --url-var WEBHOOK_URL "
        "--env WEBHOOK_TOKEN=test-token-123",
        f"{PROG} check-contract 'python3 my_sink.py' --url-var MY_URL --url-path /v1/events "
        "--ok-status 201 --ok-body '{\"id\": 1}'",
    ],
)
def check_contract(
    command_line: Annotated[
        str, typer.Argument(metavar="COMMAND", help="the sink, as a shell command line")
    ],
    url_var: Annotated[
        str, typer.Option("--url-var", metavar="NAME", help="the variable with the service URL")
    ],
    url_path: Annotated[
        str, typer.Option("--url-path", metavar="PATH", help="appended to the server's URL")
    ] = "",
    env: Annotated[
        list[str] | None,
        typer.Option("--env", metavar="KEY=VALUE", help="another setting (repeatable)"),
    ] = None,
    secret: Annotated[
        list[str] | None,
        typer.Option(
            "--secret",
            metavar="NAME",
            help="a setting that is a secret (names with TOKEN, KEY, SECRET, PASSWORD are)",
        ),
    ] = None,
    ok_status: Annotated[
        int, typer.Option("--ok-status", metavar="N", help="the success status")
    ] = 200,
    ok_body: Annotated[
        str, typer.Option("--ok-body", metavar="JSON", help="the success answer's body")
    ] = "{}",
    budget: Annotated[
        float,
        typer.Option(
            "--budget",
            metavar="S",
            min=3.0,  # delivery/conformance.MIN_BUDGET_S (imported only when it runs)
            max=MAX_SECONDS,  # the sink's own limit for PEEPSHOW_SINK_MAX_TIME
            help="PEEPSHOW_SINK_MAX_TIME handed to the sink",
        ),
    ] = 5.0,
) -> int:
    return guarded(
        lambda: contract_check.run(
            command_line, url_var, url_path, env or [], secret or [], ok_status, ok_body, budget
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    """`peepshow sinks ARGV...`, in-process."""
    from peepshow_core.frontends.cli import main as peepshow

    return peepshow(["sinks", *(sys.argv[1:] if argv is None else argv)])
