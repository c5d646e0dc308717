"""`peepshow sinks retry` and `peepshow sinks outbox drop`: redeliver or forget outbox entries.

- Each entry is claimed while it is delivered (contract/outbox.claim): two retries at once never
  deliver an entry twice, and neither rewrites an entry the other delivered.
- An entry made for a registry entry runs what is registered *now* (a command line is never
  taken from the outbox); once its registry entry is removed it is not run, and says so.
- A delivered entry leaves the outbox; a failed one stays with its attempt count and error.
- A full or read-only state disk never loses an entry: it stays as it was, with a warning.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from peepshow_core.contract import outbox
from peepshow_core.contract.errors import PeepshowError
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery import registry
from peepshow_core.delivery.children import Delivery, Interrupted, Target, run_all
from peepshow_core.render.fmt import one_line
from peepshow_core.render.receipts import exit_note

BUSY = "being delivered by another peepshow (or already delivered)"
# Entries claimed (one open lock file each) and delivered at a time: an outbox of thousands of
# entries (a long outage) must not run out of file descriptors.
CLAIM_CHUNK = 64
ORPHAN = "its sink is no longer registered; 'peepshow sinks outbox drop {id}' forgets it"


@dataclass
class Plan:
    item: outbox.Item
    target: Target | None  # None: not run (see `why`)
    why: str | None = None


def _targets(items: list[outbox.Item]) -> list[Plan]:
    """What to run for each (claimed) entry, or why it is not run."""
    try:
        entries = {entry.id: entry for entry in registry.load()}
        damaged = None
    except PeepshowError as exc:
        entries, damaged = {}, exc.message
    plans = []
    for item in items:
        if not item.registered:  # an explicit --sink, or a sink run by hand
            plans.append(Plan(item, Target(item.sink, SinkKind.name, item.target)))
        elif damaged is not None:
            plans.append(Plan(item, None, f"not run: {damaged}"))
        elif item.sink not in entries:
            plans.append(Plan(item, None, ORPHAN.format(id=item.id)))
        else:
            entry = entries[item.sink]
            plans.append(Plan(item, Target(entry.id, entry.kind, entry.target, registered=True)))
    return plans


def retry(wanted: list[str], *, stderr: TextIO, timeout_s: float) -> list[Delivery]:
    """Redeliver the entries `wanted` names (ids, sink names, prefixes; all when empty); one
    line per entry and a line of totals on `stderr`. Returns one Delivery per entry (`skipped`
    set for one not run). Ctrl-C stops the sinks; every entry stays as it was. Entries are
    claimed and delivered CLAIM_CHUNK at a time."""
    chosen = outbox.select(wanted)
    deliveries: list[Delivery] = []
    interrupted: Interrupted | None = None
    for start in range(0, len(chosen), CLAIM_CHUNK):
        done, interrupted = _retry_chunk(chosen[start : start + CLAIM_CHUNK], stderr, timeout_s)
        deliveries += done
        if interrupted is not None:
            break
    _say_totals(deliveries, stderr)
    if interrupted is not None:
        print("peepshow: interrupted: every entry not delivered stays in the outbox", file=stderr)
        raise interrupted
    return deliveries


def _retry_chunk(
    chosen: list[outbox.Item], stderr: TextIO, timeout_s: float
) -> tuple[list[Delivery], Interrupted | None]:
    """Claim `chosen`, deliver what is claimed, settle each entry, release the claims."""
    deliveries: list[Delivery] = []
    with contextlib.ExitStack() as claims:
        fresh = [claims.enter_context(outbox.claim(item)) for item in chosen]
        busy = [item for item, now in zip(chosen, fresh, strict=True) if now is None]
        plans = _targets([now for now in fresh if now is not None])
        runnable = [p for p in plans if p.target is not None]
        interrupted = None
        try:
            ran = run_all(
                [p.target for p in runnable if p.target is not None],
                [p.item.payload for p in runnable],
                timeout_s,
                stderr,
            )
        except Interrupted as exc:
            interrupted, ran = exc, exc.deliveries
        results = iter(ran)
        for plan in plans:
            if plan.target is None:
                delivery = Delivery(plan.item.sink, False, None, skipped=plan.why)
            else:
                delivery = next(results)
                _settle(plan.item, delivery, stderr)
            deliveries.append(delivery)
            _say_one(plan.item, delivery, stderr)
        for item in busy:
            deliveries.append(Delivery(item.sink, False, None, skipped=BUSY))
            print(f"peepshow: {item.id}: skipped — {BUSY}", file=stderr)
    return deliveries, interrupted


def _settle(item: outbox.Item, delivery: Delivery, stderr: TextIO) -> None:
    """Remove a delivered entry, count a failed attempt; an interrupted one stays as it was."""
    try:
        if delivery.ok:
            outbox.remove(item)
        elif not delivery.interrupted:
            outbox.record_failure(item, delivery.error or "failed")
    except OSError as exc:
        what = (
            "delivered, but its entry could not be removed"
            if delivery.ok
            else ("its entry could not be updated")
        )
        print(
            f"peepshow: warning: {item.id}: {what} ({exc.strerror or exc}); it stays in the "
            "outbox as it was (a later retry is harmless: deliveries are idempotent)",
            file=stderr,
        )


def _say_one(item: outbox.Item, delivery: Delivery, stderr: TextIO) -> None:
    if delivery.skipped is not None:
        line = f"skipped — {delivery.skipped}"
    elif delivery.ok:
        line = "delivered — " + delivery.summary().split(" — ", 1)[-1]
    elif delivery.interrupted:
        line = "interrupted — it stays in the outbox"
    else:
        detail = one_line(delivery.error or "failed")
        tried = exit_note(delivery.exit_code, f"attempt {item.attempts + 1}")
        line = f"failed again{tried} — {detail}"
    print(f"peepshow: {item.id}: {line}", file=stderr)


def still_left(deliveries: Iterable[Delivery]) -> int:
    """Entries this retry leaves in the outbox (not those another peepshow is delivering)."""
    return sum(1 for d in deliveries if not d.ok and d.skipped != BUSY)


def _say_totals(deliveries: list[Delivery], stderr: TextIO) -> None:
    delivered = sum(1 for d in deliveries if d.ok)
    orphans = sum(1 for d in deliveries if d.skipped and "no longer registered" in d.skipped)
    busy = sum(1 for d in deliveries if d.skipped == BUSY)
    parts = [f"{delivered} delivered", f"{still_left(deliveries)} still in the outbox"]
    if orphans:
        parts.append(f"{orphans} of them for removed sinks")
    if busy:
        parts.append(f"{busy} being delivered elsewhere")
    print(f"peepshow: retried {len(deliveries)}: {', '.join(parts)}", file=stderr)


def drop(
    wanted: list[str], *, sink: str | None = None, everything: bool = False
) -> tuple[int, int]:
    """Forget outbox entries: those `wanted` names, all of `sink`'s, or all. Returns (dropped,
    busy): an entry another peepshow is delivering is left alone."""
    if everything:
        chosen = outbox.items(payloads=False)[0]
    elif sink is not None:
        chosen = [i for i in outbox.items(payloads=False)[0] if sink in (i.sink, i.target)]
    else:
        chosen = outbox.select(wanted)
    dropped = busy = 0
    for item in chosen:
        with outbox.claim(item) as now:
            if now is None:
                busy += 1
                continue
            outbox.remove(now)
            dropped += 1
    return dropped, busy
