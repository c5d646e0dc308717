"""`python -m devtools.corpus [NAME ...]`: render the corpus (or part of it) into the cache."""

from __future__ import annotations

import sys
import time

from devtools.corpus.encode import ensure
from devtools.corpus.specs import all_specs


def main(argv: list[str]) -> int:
    for spec in all_specs():
        if argv and not any(spec.name.startswith(arg) for arg in argv):
            continue
        start = time.perf_counter()
        path, _truth = ensure(spec)
        print(f"{spec.half:9} {path.name} ({time.perf_counter() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
