"""The house rules, as tests: which package may import which, what the light entry points may load,
and that every package is installed."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support.paths import REPO

CORE = REPO / "peepshow_core"
SINKS = REPO / "sinks"

# Each package of peepshow_core and what it may import (besides itself). One way only: the
# contract at the bottom, the front ends at the top; the sinks see nothing but the contract.
ALLOWED: dict[str, set[str]] = {
    "contract": set(),
    "media": {"contract"},
    "frames": {"contract", "media"},
    "speech": {"contract", "media"},
    "render": {"contract"},
    "delivery": {"contract", "render"},
    "run": {"contract", "media", "frames", "speech", "render", "delivery"},
    "batch": {"contract", "frames", "speech", "delivery", "run"},
    "frontends": {"contract", "media", "frames", "speech", "render", "delivery", "run", "batch"},
    "sinks": {"contract"},
}
HEAVY = ("av", "numpy", "faster_whisper", "ctranslate2", "PIL", "torch")


def _package_of(path: Path) -> str:
    if path.is_relative_to(SINKS):
        return "sinks"
    parts = path.relative_to(CORE).parts
    return parts[0] if len(parts) > 1 else "(top)"


def _imported(path: Path) -> set[str]:
    """Every peepshow module `path` imports, at any depth (function-level imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in names if n.startswith(("peepshow_core", "peepshow_sinks"))}


def _sources() -> list[Path]:
    return sorted([*CORE.rglob("*.py"), *SINKS.rglob("*.py")])


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_imports_follow_the_dependency_rule(path: Path) -> None:
    package = _package_of(path)
    if package == "(top)":
        allowed = {"frontends"} if path.name == "__main__.py" else set()
    else:
        allowed = ALLOWED[package] | {package}
    wrong = []
    for name in sorted(_imported(path)):
        parts = name.split(".")
        if parts == ["peepshow_core"] or parts[:2] == ["peepshow_core", "__version__"]:
            continue  # the version
        target = "sinks" if parts[0] == "peepshow_sinks" else parts[1]
        if target not in allowed:
            wrong.append(name)
    assert not wrong, f"{package} may not import {wrong} (allowed: {sorted(allowed)})"


def test_every_package_is_installed() -> None:
    declared = set(
        tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts) for init in CORE.rglob("__init__.py")
    } | {"peepshow_sinks"}
    assert declared == on_disk


LIGHT_ENTRY_POINTS = {
    "peepshow --help": "from peepshow_core.frontends.cli import main; main(['--help'])",
    "peepshow sinks list": "from peepshow_core.frontends.cli import main; main(['sinks', 'list'])",
    "peepshow schema": "from peepshow_core.frontends.cli import main; main(['schema'])",
    "peepshow batch --help": (
        "from peepshow_core.frontends.cli import main; main(['batch', '--help'])"
    ),
    "peepshow-mcp --version": (
        "from peepshow_core.frontends.mcp_server import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    ),
    **{
        f"peepshow-sink-{name} --help": f"from peepshow_sinks.{module} import main; main(['-h'])"
        for name, module in (
            ("cassandra", "cassandra"),
            ("databricks", "databricks"),
            ("event-track", "event_track"),
        )
    },
    "peepshow-sink-cassandra delivery (dry run)": (
        "import io, json, os\n"
        "from peepshow_sinks.cassandra import main\n"
        "payload = open(os.environ['PAYLOAD']).read()\n"
        "env = {'CASSANDRA_URL': 'http://127.0.0.1:9', 'CASSANDRA_KEYSPACE': 'ks'}\n"
        "main(['--dry-run'], io.StringIO(payload), io.StringIO(), io.StringIO(), env)"
    ),
}


def run_light(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter with its own config and state dirs and a payload at hand."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "PEEPSHOW_CONFIG_DIR": str(tmp_path / "config"),
            "PEEPSHOW_STATE_DIR": str(tmp_path / "state"),
            "PAYLOAD": str(REPO / "tests" / "fixtures" / "runs" / "full.json"),
        },
    )


@pytest.mark.parametrize("what", sorted(LIGHT_ENTRY_POINTS))
def test_light_entry_points_load_no_media_or_speech_library(what: str, tmp_path: Path) -> None:
    code = LIGHT_ENTRY_POINTS[what] + (
        "\nimport sys\n"
        f"loaded = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded))\n"
    )
    proc = run_light(code, tmp_path)
    loaded = proc.stderr.rpartition("LOADED=")[2].strip()
    assert "LOADED=" in proc.stderr, proc.stderr
    assert loaded == "", f"{what} imported {loaded}"


COMMAND_MACHINERY = ("peepshow_core.batch", "ray", "peepshow_core.delivery.dispatch")


def test_peepshow_help_imports_no_command_it_does_not_run(tmp_path: Path) -> None:
    """`peepshow --help` lists every command without importing one (batch, Ray, dispatch load
    when their command runs)."""
    code = (
        "import sys\n"
        "from peepshow_core.frontends.cli import main\n"
        "main(['--help'])\n"
        f"names = {COMMAND_MACHINERY!r}\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(names))\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert "LOADED=" in proc.stderr, proc.stderr
    assert proc.stderr.rpartition("LOADED=")[2].strip() == ""


def test_a_missing_video_is_reported_before_the_media_libraries_load(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from peepshow_core.frontends.cli import main\n"
        "code = main([sys.argv[1], '--no-transcript'])\n"
        f"loaded = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "sys.stderr.write(f'CODE={code} LOADED=' + ','.join(loaded))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "missing.mp4")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PEEPSHOW_CONFIG_DIR": str(tmp_path / "config")},
    )
    assert f"no such file: {tmp_path / 'missing.mp4'}" in proc.stderr
    assert proc.stderr.rstrip().endswith("CODE=3 LOADED="), proc.stderr


def test_a_sink_starts_without_the_outbox_claims_lock(tmp_path: Path) -> None:
    """filelock (about a quarter of a sink's start-up) is only for `sinks retry`'s claims."""
    code = (
        LIGHT_ENTRY_POINTS["peepshow-sink-cassandra delivery (dry run)"]
        + "\nimport sys\nsys.stderr.write('LOADED=' + str('filelock' in sys.modules))\n"
    )
    proc = run_light(code, tmp_path)
    assert proc.stderr.rpartition("LOADED=")[2].strip() == "False", proc.stderr
