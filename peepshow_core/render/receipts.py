"""One line per sink delivery, the same everywhere (stderr during a run, the summary, the markdown
digest, `peepshow sinks retry`): the link or id of the record first."""

from __future__ import annotations

from typing import Any

from peepshow_core.render.fmt import one_line

# Receipt fields, in order of preference, that point at the record a sink created.
LINK_KEYS = ("url", "link", "record_url", "href", "where", "path")
ID_KEYS = ("record_id", "id", "insert_id", "message_id", "event_id", "dedup_id", "statement_id")
_RECEIPT_NOISE = {"sink", "run_id", *LINK_KEYS, *ID_KEYS}


def exit_note(code: object, then: str = "") -> str:
    """` (exit 8)` for a sink that exited; nothing for one that never did (it was stopped,
    timed out, or never started: the error says which), rather than `(exit None)`. `then` adds
    to the parenthesis (`, attempt 2`)."""
    parts = ([] if code is None else [f"exit {code}"]) + ([then] if then else [])
    return f" ({', '.join(parts)})" if parts else ""


def receipt_line(delivery: dict[str, Any]) -> str:
    """`cassandra: ok — https://…` / `databricks: failed (exit 8) — message; kept in the outbox
    as …` / `mixpanel: skipped — why`: one line per sink, link or id first. A reason is never put
    in parentheses: it may hold some of its own."""
    sink = delivery.get("sink", "?")
    if delivery.get("skipped"):
        return f"{sink}: skipped — {one_line(str(delivery['skipped']))}"
    if not delivery.get("ok"):
        detail = one_line(str(delivery.get("error") or "no receipt"))
        line = f"{sink}: failed{exit_note(delivery.get('exit_code'))} — {detail}"
        if delivery.get("outbox"):
            line += f"; kept in the outbox as {delivery['outbox']}"
        return line
    receipt = delivery.get("receipt") or {}
    parts: list[str] = []
    link = next((receipt[k] for k in LINK_KEYS if receipt.get(k)), None)
    ident = next(((k, receipt[k]) for k in ID_KEYS if receipt.get(k) not in (None, "")), None)
    if link:
        parts.append(str(link))
    if ident:
        parts.append(f"{ident[0]} {ident[1]}")
    if not parts:  # an unknown receipt shape: show its plain fields, sorted, so it stays stable
        parts = [
            f"{k}={v}"
            for k, v in sorted(receipt.items())
            if k not in _RECEIPT_NOISE and isinstance(v, (str, int, float, bool))
        ]
    # a receipt quotes the service (Databricks' statement_id): its escapes never drive a terminal
    return f"{sink}: ok — " + (one_line(", ".join(parts)) if parts else "no receipt")
