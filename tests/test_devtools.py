"""The benchmark's peepshow cases still run against the code they measure (a case that no
longer imports is reported by `make bench` as skipped, which nobody would notice here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.bench_cases import CASES

PEEPSHOW_CASES = sorted(
    name for name in CASES if name not in ("full-decode", "keyframe-decode", "pyscenedetect")
)


@pytest.mark.parametrize("name", PEEPSHOW_CASES)
def test_every_benchmark_case_runs(name: str, speech_video: Path, tmp_path: Path) -> None:
    result = CASES[name](speech_video, tmp_path)
    assert result.get("frames") or result.get("note"), result
