"""`make soak`: the sink fault matrix, many rounds, and a table of what held.

Every built-in sink (and the example webhook) against its emulator, crossed with every fault of
the contract kit (peepshow_core.delivery.conformance.FAULTS), `--rounds` times, each cell in a
fresh state directory; a cell *holds* when the exit code, the receipt, the outbox, the time
bound and the absence of any secret are what docs/PLUGINS.md promises (the same check as
tests/sinks/test_contract.py, tests/support/sink_matrix.check_cell). Prints one row per fault
class: tried, held, failed. `--record` writes the table into docs/RELIABILITY.md.

Not part of `make test` (a round takes about a minute on two cores).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from peepshow_core.delivery.conformance import FAULTS
from tests.support.paths import REPO
from tests.support.sink_matrix import SETUPS, check_cell

RELIABILITY_MD = REPO / "docs" / "RELIABILITY.md"
BEGIN, END = "<!-- soak:begin -->", "<!-- soak:end -->"
SHOWN_FAILURES = 10  # failure details printed after the table


def run_cell(setup_index: int, fault_index: int) -> tuple[str, str, list[str]]:
    """One cell in a fresh temporary directory: (sink, fault, problems)."""
    setup, case = SETUPS[setup_index], FAULTS[fault_index]
    with tempfile.TemporaryDirectory(prefix="peepshow-soak-") as root:
        try:
            problems = check_cell(setup, case, Path(root))
        except Exception as exc:  # the harness itself must not hide a cell
            problems = [f"the cell crashed: {exc.__class__.__name__}: {exc}"]
    return setup.name, case.name, problems


def soak(rounds: int, jobs: int) -> tuple[dict[str, Counter[str]], list[str], float]:
    cells = [(s, f) for s in range(len(SETUPS)) for f in range(len(FAULTS))] * rounds
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    failures: list[str] = []
    start = time.monotonic()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done, (sink, fault, problems) in enumerate(
            pool.map(run_cell, *zip(*cells, strict=True))
        ):
            tally[fault]["tried"] += 1
            tally[fault]["held" if not problems else "failed"] += 1
            if problems:
                failures.append(f"{fault} × {sink}: {'; '.join(problems)}")
            if (done + 1) % len(FAULTS) == 0:
                print(f"soak: {done + 1}/{len(cells)} cells", file=sys.stderr, flush=True)
    return tally, failures, time.monotonic() - start


def table(tally: dict[str, Counter[str]], rounds: int, seconds: float) -> str:
    lines = [
        f"{rounds} rounds × {len(SETUPS)} sink configurations × {len(FAULTS)} fault classes "
        f"= {sum(c['tried'] for c in tally.values())} deliveries in {seconds / 60:.1f} min "
        f"({platform.python_version()}, {os.cpu_count()} cores)",
        "",
        "| fault class | expected | tried | held | failed |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for case in FAULTS:
        counts = tally[case.name]
        codes = " or ".join(str(c) for c in sorted(case.expected_codes()))
        lines.append(
            f"| {case.name} | {case.outcome} (exit {codes}) | {counts['tried']} | "
            f"{counts['held']} | {counts['failed']} |"
        )
    total = Counter[str]()
    for counts in tally.values():
        total.update(counts)
    lines.append(f"| **all** | | {total['tried']} | {total['held']} | {total['failed']} |")
    return "\n".join(lines)


def record(text: str) -> None:
    document = RELIABILITY_MD.read_text("utf-8")
    head, _, rest = document.partition(BEGIN)
    _, _, tail = rest.partition(END)
    RELIABILITY_MD.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="times the matrix runs [10]")
    parser.add_argument("--jobs", type=int, default=2, help="cells at once [2]")
    parser.add_argument("--record", action="store_true", help="write the table into RELIABILITY.md")
    args = parser.parse_args(argv)
    tally, failures, seconds = soak(args.rounds, args.jobs)
    text = table(tally, args.rounds, seconds)
    print(text)
    for failure in failures[:SHOWN_FAILURES]:
        print(f"failed: {failure}")
    if len(failures) > SHOWN_FAILURES:
        print(f"... and {len(failures) - SHOWN_FAILURES} more")
    if args.record:
        record(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
