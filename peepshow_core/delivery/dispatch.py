"""Run sinks: each one a child process with the run payload on stdin, several at once.

`deliver()` is what `peepshow VIDEO` calls after extraction; `retry()` redelivers the outbox.
Context reaches sinks only through environment variables (never through a command string):
PEEPSHOW_RUN_ID, PEEPSHOW_SOURCE, PEEPSHOW_BIN, PEEPSHOW_SINK_ID and PEEPSHOW_DISPATCHED=1.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from peepshow_core.contract import outbox, settings
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError
from peepshow_core.contract.redact import redact
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery import registry
from peepshow_core.delivery.discovery import PREFIX, check_name, which
from peepshow_core.delivery.when import first_mismatch
from peepshow_core.render.receipts import receipt_line

DEFAULT_TIMEOUT_S = 300.0
KILL_GRACE_S = 2.0
MAX_PARALLEL = 8


@dataclass
class Target:
    """One sink to run: `peepshow-sink-<target>` (kind "name") or `sh -c <target>` (kind "cmd")."""

    sink: str  # display name: registry id or sink name
    kind: SinkKind
    target: str

    def argv(self) -> list[str] | None:
        if self.kind is SinkKind.cmd:
            return ["/bin/sh", "-c", self.target]
        found = which(self.target)
        return None if found is None else [str(found)]

    def describe(self) -> str:
        if self.kind is SinkKind.name:
            return f"{PREFIX}{self.target}"
        return f"sh -c {shlex.quote(self.target)}"  # as a shell takes it back


@dataclass
class Delivery:
    sink: str
    ok: bool
    exit_code: int | None
    receipt: dict[str, Any] | None = None
    error: str | None = None
    outbox: str | None = None
    skipped: str | None = None  # why the sink did not run (registry condition, disabled, ...)

    @property
    def failed(self) -> bool:
        """Ran (or should have) and did not succeed; what --strict-sinks counts."""
        return not self.ok and self.skipped is None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sink": self.sink,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "receipt": self.receipt,
            "error": self.error,
            "outbox": self.outbox,
        }
        if self.skipped is not None:
            data["skipped"] = self.skipped
        return data

    def summary(self) -> str:
        """The one line printed for this delivery (the same as in the run's summary)."""
        return f"sink {receipt_line(dict(self.to_dict()))}"


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
            steps.append(Target(entry.id, entry.kind, entry.target))
    if entries and not any(isinstance(s, Target) for s in steps):
        notes.append("no registered sink matched this run")
    return steps, notes


def peepshow_bin() -> str:
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "peepshow" and argv0.is_file():
        return str(argv0.resolve())
    return shutil.which("peepshow") or ""


def sink_environment(payload: dict[str, Any], sink: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            settings.RUN_ID.name: str(payload.get("run_id", "")),
            settings.SOURCE.name: str((payload.get("source") or {}).get("path", "")),
            settings.BIN.name: peepshow_bin(),
            settings.SINK_ID.name: sink,
            settings.DISPATCHED.name: "1",
        }
    )
    return env


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the sink's whole process group, then SIGKILL whatever is left after a grace."""
    for sig, wait in ((signal.SIGTERM, KILL_GRACE_S), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        if wait is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(wait)


def _last_line(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return redact(lines[-1])[:500] if lines else None


def _parse_receipt(text: str) -> dict[str, Any] | None:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        receipt = json.loads(lines[-1])
    except json.JSONDecodeError:
        return None
    return receipt if isinstance(receipt, dict) else None


def run_target(target: Target, payload: dict[str, Any], timeout_s: float) -> Delivery:
    """Run one sink to completion (or its timeout) and say how it went; never raises."""
    argv = target.argv()
    if argv is None:
        missing = f"no executable {target.describe()} on PATH"
        return Delivery(target.sink, False, None, error=missing)
    data = json.dumps({k: v for k, v in payload.items() if k != "deliveries"}).encode()
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=sink_environment(payload, target.sink),
            start_new_session=True,
        )
    except OSError as exc:
        return Delivery(
            target.sink,
            False,
            None,
            error=f"cannot start {target.describe()}: {exc.strerror or exc}",
        )
    try:
        out, err = proc.communicate(data, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        try:
            out, err = proc.communicate(timeout=KILL_GRACE_S)
        except subprocess.TimeoutExpired:  # a descendant left the group and holds the pipes
            out, err = b"", b""
        return Delivery(
            target.sink,
            False,
            None,
            error=f"timed out after {timeout_s:g} s; the process group was killed",
        )
    stdout, stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    if proc.returncode == 0:
        return Delivery(target.sink, True, 0, receipt=_parse_receipt(stdout))
    return Delivery(
        target.sink,
        False,
        proc.returncode,
        error=_last_line(stderr) or f"exited with status {proc.returncode}",
    )


def _worth_keeping(delivery: Delivery) -> bool:
    """Worth keeping for `sinks retry`: the service was unreachable or busy, the sink timed out,
    or its configuration is missing (fix it, then retry). Refused data is not kept."""
    return delivery.exit_code in (ExitCode.TEMPORARY, ExitCode.CONFIG) or (
        delivery.exit_code is None and (delivery.error or "").startswith("timed out")
    )


def _run_all(
    targets: list[Target], payloads: list[dict[str, Any]], timeout_s: float
) -> list[Delivery]:
    if not targets:
        return []
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(targets))) as pool:
        futures = [
            pool.submit(run_target, t, p, timeout_s) for t, p in zip(targets, payloads, strict=True)
        ]
        return [f.result() for f in futures]


def _timeout(timeout_s: float | None, stderr: TextIO) -> float:
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
    concurrently; keep temporary failures in the outbox; print one line per sink on `stderr`.
    Returns one Delivery per sink, skipped ones included (`skipped` set), in plan order."""
    steps, notes = plan(payload, requested, use_registry=use_registry)
    for note in notes:
        print(f"peepshow: {note}", file=stderr)
    targets = [s for s in steps if isinstance(s, Target)]
    results = iter(_run_all(targets, [payload] * len(targets), _timeout(timeout_s, stderr)))
    deliveries: list[Delivery] = []
    for step in steps:
        if isinstance(step, Target):
            delivery = next(results)
            if _worth_keeping(delivery):
                _keep(step, payload, delivery, stderr)
        else:
            delivery = step
        deliveries.append(delivery)
        print(f"peepshow: {delivery.summary()}", file=stderr)
    kept = sum(1 for delivery in deliveries if delivery.outbox)
    if kept:
        what = "delivery is" if kept == 1 else f"{kept} deliveries are"
        print(f"peepshow: the {what} kept; 'peepshow sinks retry' sends again", file=stderr)
    return deliveries


def _keep(target: Target, payload: dict[str, Any], delivery: Delivery, stderr: TextIO) -> None:
    try:
        path = outbox.store(
            target.sink,
            payload,
            error=delivery.error or "temporary failure",
            kind=target.kind,
            target=target.target,
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
    """Redeliver outbox entries (all when `ids` is empty); delete only those that succeeded."""
    items = outbox.select(ids)
    targets = [Target(i.sink, i.kind, i.target) for i in items]
    results = _run_all(targets, [i.payload for i in items], _timeout(timeout_s, stderr))
    for item, delivery in zip(items, results, strict=True):
        if delivery.ok:
            outbox.remove(item)
        else:
            outbox.record_failure(item, delivery.error or "failed")
            delivery.outbox = item.id
        print(f"peepshow: {item.id}: {delivery.summary()}", file=stderr)
    return results
