"""Every program's error line masks what looks like a credential whatever its value, even where
no sink's own secrets are known: a URL given where a path was expected (`--model
https://user:pw@host/m`, PEEPSHOW_WHISPER_MODEL) is echoed with `***` for its password. Before,
`peepshow`, `peepshow batch`, `peepshow models` and the others printed it whole."""

from __future__ import annotations

import io

from peepshow_core.contract import boundary
from peepshow_core.contract.errors import ConfigError, ExitCode

SECRET = "s3cretpw-4411"


def test_an_error_line_masks_a_password_in_a_url() -> None:
    stderr = io.StringIO()
    error = ConfigError(f"--model: model folder https://user:{SECRET}@host/m does not exist")
    assert boundary.report(error, "peepshow", stderr=stderr) == ExitCode.CONFIG
    assert SECRET not in stderr.getvalue() and "https://***@host/m" in stderr.getvalue()


def test_an_unexpected_failure_too() -> None:
    stderr = io.StringIO()
    failure = RuntimeError(f"GET https://host/x?api_key={SECRET} failed")
    assert boundary.report(failure, "peepshow", stderr=stderr) == ExitCode.INTERNAL
    assert SECRET not in stderr.getvalue()
