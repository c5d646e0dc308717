"""An outbox entry whose attempt count is a number too large for an integer (`1e999`, which
Python's JSON reads as infinity) is one unreadable entry, listed as a problem and left in place;
every other entry is still listed, retried and dropped, and storing the same run again starts
the entry afresh. Before, `peepshow sinks outbox`, `retry` and `outbox drop --all` all died with
exit 1 (OverflowError), so one damaged file held every kept delivery back."""

from __future__ import annotations

import json
from typing import Any

from peepshow_core.contract import outbox
from peepshow_core.frontends.cli_sinks import main
from tests.support.cli import invoke


def _damage(path: Any) -> None:
    text = path.read_text("utf-8")
    path.write_text(text.replace('"attempts": 1', '"attempts": 1e999'), "utf-8")


def test_an_attempt_count_past_any_integer_is_one_unreadable_entry(
    run_payload: dict[str, Any],
) -> None:
    damaged = outbox.store("broken", run_payload, error="HTTP 503")
    _damage(damaged)
    kept = outbox.store("later", run_payload, error="HTTP 503")
    found, problems = outbox.items()
    assert [item.path for item in found] == [kept]
    assert len(problems) == 1 and str(damaged) in problems[0]

    listed = invoke(main, "outbox", "--json")
    assert listed.code == 0, listed.stderr
    assert [entry["sink"] for entry in json.loads(listed.stdout)] == ["later"]
    dropped = invoke(main, "outbox", "drop", "--all")
    assert dropped.code == 0, dropped.stderr
    assert damaged.exists() and not kept.exists()


def test_storing_over_such_an_entry_starts_it_afresh(run_payload: dict[str, Any]) -> None:
    path = outbox.store("broken", run_payload, error="HTTP 503")
    _damage(path)
    assert outbox.store("broken", run_payload, error="HTTP 502") == path
    (item,) = outbox.items()[0]
    assert item.attempts == 1 and item.error == "HTTP 502"
