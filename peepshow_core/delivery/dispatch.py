"""Deliver a run to its sinks: which sinks (the explicit `--sink`s and the matching registered
ones), running them (delivery/children.py), and keeping each delivery that did not finish in
the outbox. `peepshow sinks retry` is delivery/redeliver.py.

A delivery is kept unless it succeeded or the sink said that retrying cannot help (a usage
error 2, bad input 4, an unknown schema 5, a refusal 7): a temporary failure, missing
configuration, a time-out, a crash, a sink missing from PATH, and a delivery stopped by Ctrl-C
all wait in the outbox for `peepshow sinks retry`.
"""

from __future__ import annotations

from typing import Any, TextIO

from peepshow_core.contract import outbox, settings
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery import registry
from peepshow_core.delivery.children import Delivery, Interrupted, Target, run_all, shielded
from peepshow_core.delivery.discovery import PREFIX, check_name, which
from peepshow_core.delivery.when import first_mismatch

__all__ = ["Delivery", "Target", "deliver", "plan", "preflight", "retry", "sink_timeout"]

DEFAULT_TIMEOUT_S = 300.0
# What a sink says when retrying cannot help: the one failure not kept in the outbox.
FINAL_CODES = frozenset(
    {ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.UNSUPPORTED_SCHEMA, ExitCode.REJECTED}
)


def sink_timeout() -> float:
    """PEEPSHOW_SINK_TIMEOUT in seconds (default 300); ConfigError unless positive and finite."""
    return settings.seconds(settings.SINK_TIMEOUT)


def registered_sinks_wanted(requested_by_caller: bool) -> bool:
    """Whether registered sinks fire: the caller did not turn them off (--no-sinks, the MCP
    tool's `registered_sinks=false`) and neither did PEEPSHOW_NO_SINKS."""
    return requested_by_caller and not settings.flag(settings.NO_SINKS)


def preflight(requested: list[str], *, use_registry: bool) -> None:
    """Check before extracting what `deliver` will need: valid names, explicit sinks present on
    PATH, a valid timeout, and (when registered sinks fire) a readable PEEPSHOW_NO_SINKS and
    PEEPSHOW_SKIP_SINKS. Raises PeepshowError (USAGE or CONFIG). A damaged registry is not
    fatal here: `deliver` reports it and still runs the explicit sinks."""
    for name in requested:
        check_name(name)
        if which(name) is None:
            raise ConfigError(f"--sink {name}: no executable {PREFIX}{name} on PATH")
    sink_timeout()
    if use_registry:
        registered_sinks_wanted(True)
        settings.words(settings.SKIP_SINKS)


def plan(
    payload: dict[str, Any], requested: list[str], *, use_registry: bool
) -> tuple[list[Target | Delivery], list[str]]:
    """What to do for each sink, in order: a Target to run or a Delivery saying why not;
    plus warnings for stderr. Explicit sinks come first and always run."""
    steps: list[Target | Delivery] = []
    notes: list[str] = []
    explicit: list[str] = []
    for name in requested:
        if name in explicit:
            continue
        explicit.append(name)
        try:
            check_name(name)
        except PeepshowError as exc:
            steps.append(Delivery(name, False, None, error=exc.message))
            continue
        steps.append(Target(name, SinkKind.name, name))
    if not registered_sinks_wanted(use_registry):
        return steps, notes
    try:
        entries = registry.load()
    except PeepshowError as exc:
        notes.append(f"registered sinks not run: {exc.message}")
        return steps, notes
    skip = set(settings.words(settings.SKIP_SINKS))
    for entry in entries:
        if entry.kind is SinkKind.name and entry.sink in explicit:
            continue  # asked for by --sink: it runs once, above
        reason = None
        if not entry.enabled:
            reason = "disabled"
        elif entry.id in skip:
            reason = "listed in PEEPSHOW_SKIP_SINKS"
        else:
            reason = first_mismatch(entry.when, payload)
        if reason is not None:
            steps.append(Delivery(entry.id, False, None, skipped=reason))
        else:
            steps.append(Target(entry.id, entry.kind, entry.target, registered=True))
    if entries and not any(isinstance(s, Target) for s in steps):
        notes.append("no registered sink matched this run")
    return steps, notes


def worth_keeping(delivery: Delivery) -> bool:
    """Kept for `sinks retry`: everything that did not succeed, unless the sink said retrying
    cannot help (FINAL_CODES)."""
    return not delivery.ok and delivery.skipped is None and delivery.exit_code not in FINAL_CODES


def timeout(timeout_s: float | None, stderr: TextIO) -> float:
    if timeout_s is not None:
        return timeout_s
    try:
        return sink_timeout()
    except ConfigError as exc:
        print(f"peepshow: warning: {exc.message}; using {DEFAULT_TIMEOUT_S:g} s", file=stderr)
        return DEFAULT_TIMEOUT_S


def deliver(
    payload: dict[str, Any],
    requested: list[str],
    *,
    use_registry: bool,
    stderr: TextIO,
    timeout_s: float | None = None,
) -> list[Delivery]:
    """Run the explicit sinks (`requested`, from --sink) and the matching registered ones
    concurrently; keep what did not succeed in the outbox; print one line per sink on `stderr`.
    Returns one Delivery per sink, skipped ones included (`skipped` set), in plan order. On
    Ctrl-C or SIGTERM every sink is stopped, each unfinished delivery kept, and
    KeyboardInterrupt raised (exit 130)."""
    steps, notes = plan(payload, requested, use_registry=use_registry)
    for note in notes:
        print(f"peepshow: {note}", file=stderr)
    targets = [s for s in steps if isinstance(s, Target)]
    interrupted: Interrupted | None = None
    try:
        ran = run_all(targets, [payload] * len(targets), timeout(timeout_s, stderr), stderr)
    except Interrupted as exc:
        interrupted, ran = exc, exc.deliveries
    results = iter(ran)
    deliveries: list[Delivery] = []
    with shielded(interrupted is not None):  # what Ctrl-C stopped is kept, whatever comes next
        for step in steps:
            if isinstance(step, Target):
                delivery = next(results)
                if worth_keeping(delivery):
                    _keep(step, payload, delivery, stderr)
            else:
                delivery = step
            deliveries.append(delivery)
            print(f"peepshow: {delivery.summary()}", file=stderr)
    kept = sum(1 for delivery in deliveries if delivery.outbox)
    if interrupted is not None:
        stopped = [d for d in deliveries if d.interrupted]
        names = ", ".join(d.sink for d in stopped) or "none"
        print(
            f"peepshow: interrupted: stopped {len(stopped)} sink(s) ({names}); "
            f"{kept} unfinished deliver{'y is' if kept == 1 else 'ies are'} kept in the outbox "
            "('peepshow sinks retry' sends them)",
            file=stderr,
            flush=True,
        )
        raise interrupted
    if kept:
        what = "delivery is" if kept == 1 else f"{kept} deliveries are"
        print(f"peepshow: the {what} kept; 'peepshow sinks retry' sends again", file=stderr)
    return deliveries


def _keep(target: Target, payload: dict[str, Any], delivery: Delivery, stderr: TextIO) -> None:
    try:
        path = outbox.store(
            target.sink,
            payload,
            error=delivery.error or "failed",
            kind=target.kind,
            target=target.target if target.kind is SinkKind.name else target.sink,
            registered=target.registered,
        )
    except OSError as exc:
        print(
            f"peepshow: warning: could not keep the payload for {target.sink} in the outbox: "
            f"{exc.strerror or exc}",
            file=stderr,
        )
        return
    delivery.outbox = path.stem  # the entry's id, what `sinks retry ID` takes


def retry(ids: list[str], *, stderr: TextIO, timeout_s: float | None = None) -> list[Delivery]:
    """`peepshow sinks retry` (delivery/redeliver.py)."""
    from peepshow_core.delivery import redeliver

    return redeliver.retry(ids, stderr=stderr, timeout_s=timeout(timeout_s, stderr))
