"""`peepshow - < /dev/zero` is refused at once (NO_INPUT, "stdin is a device"). Before, stdin was
copied to the cache dir until the disk was full (72 GB free here), then the run failed with
exit 6; the test caps the file size so that the old behaviour fails fast instead."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.cli import peepshow_exe

FILE_SIZE_CAP = 10 * 1024 * 1024  # what the old copy could write before the kernel stopped it
ZERO = Path("/dev/zero")


def _cap_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_CAP, FILE_SIZE_CAP))


@pytest.mark.skipif(not ZERO.exists(), reason="no /dev/zero here")
def test_a_device_on_stdin_is_refused_before_anything_is_copied() -> None:
    with ZERO.open("rb") as zero:
        proc = subprocess.run(
            [peepshow_exe(), "-", "--no-sinks"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=60,
            env=dict(os.environ),
            preexec_fn=_cap_file_size,
        )
    assert proc.returncode == ExitCode.NO_INPUT, proc.stderr
    assert "stdin is a device" in proc.stderr
