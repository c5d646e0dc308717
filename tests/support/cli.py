"""Running `peepshow` in the tests: as the installed executable or in-process, with its output."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def exit_code(self) -> int:
        return self.code

    def json(self) -> Any:
        return json.loads(self.stdout)


class Main(Protocol):
    def __call__(self, argv: list[str] | None = None) -> int: ...


def invoke(main: Main, *args: str) -> Result:
    """Call a command's `main(argv)` in-process with stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


def peepshow_exe() -> str:
    """The installed `peepshow` console script (make test puts .venv/bin first on PATH)."""
    found = shutil.which("peepshow") or str(Path(sys.executable).parent / "peepshow")
    assert Path(found).exists(), "peepshow is not installed in this environment"
    return found


def run_exe(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 300
) -> Result:
    proc = subprocess.run(
        [peepshow_exe(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    from peepshow_core.frontends.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return Result(code, out, err)


def installed_script(name: str) -> str:
    """The console script next to this interpreter (the test venv), else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (pip install -e '.[mcp]')")
    return found
