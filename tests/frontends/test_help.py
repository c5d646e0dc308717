"""One command-line style across every executable: `-h` and `--help` alike, examples in each
help, `--version` on each program, clean option names and placeholders, one-line usage errors,
and a completion script for the shell."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tomllib

import pytest

from peepshow_core import __version__
from peepshow_core.frontends.cli import completion_parser
from tests.support.cli import installed_script, run_exe
from tests.support.paths import REPO

SCRIPTS = sorted(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"])


def _commands(parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
    """Every command under `parser`, at any depth: new commands are checked without a list."""
    found: list[list[str]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [[*prefix, name], *_commands(sub, [*prefix, name])]
    return found


COMMANDS = _commands(completion_parser(), [])
HELPS = [[script] for script in SCRIPTS] + [["peepshow", *command] for command in COMMANDS]
ODD_PLACEHOLDERS = re.compile(r"<[a-z]+(\[[a-z]+\])?>|\[\[|\]\.\.\.\]|--no-no-|\{[a-z,-]+\}")


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_script(argv[0]), *argv[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )


def test_every_command_is_checked() -> None:
    assert {"sinks", "runs", "config", "schema", "completion"} <= {c[0] for c in COMMANDS}
    assert ["sinks", "retry"] in COMMANDS and ["runs", "clean"] in COMMANDS


@pytest.mark.parametrize("argv", HELPS, ids=" ".join)
def test_every_help_has_one_style(argv: list[str]) -> None:
    short, long = run([*argv, "-h"]), run([*argv, "--help"])
    assert short.returncode == 0 and long.returncode == 0, short.stderr
    assert short.stdout == long.stdout and short.stderr == ""
    text = short.stdout
    assert text.startswith(f"usage: {' '.join(argv)} "), text
    assert "\noptions:\n  -h, --help " in text
    assert "\nexamples:\n  " in text, text
    examples = text.split("\nexamples:\n", 1)[1].splitlines()
    assert examples and all(line.startswith("  ") for line in examples if line)
    assert not ODD_PLACEHOLDERS.search(text), ODD_PLACEHOLDERS.search(text)


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_executable_has_a_version(script: str) -> None:
    done = run([script, "--version"])
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{script} {__version__}\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["peepshow", "--frobnicate", "x.mp4"],
        ["peepshow", "x.mp4", "--strategy", "best"],
        ["peepshow", "x.mp4", "--max-frames", "0"],
        ["peepshow", "sinks", "add"],
        ["peepshow", "runs", "clean", "--older-than", "soon"],
        ["peepshow-mcp", "--port", "1"],
        ["peepshow-sink-cassandra", "--frobnicate"],
    ],
    ids=" ".join,
)
def test_a_usage_mistake_is_one_line_with_exit_2(argv: list[str]) -> None:
    done = run(argv)
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{' '.join(argv[:2]) if argv[1] in ('sinks', 'runs') else argv[0]}")
    assert ": error: " in line and "-h'" in line


def test_strategy_mistake_names_the_choices() -> None:
    result = run_exe("x.mp4", "--strategy", "best")
    assert result.stderr.strip() == (
        "peepshow: error: argument --strategy: 'best' is not one of slides, scenes, keyframes, "
        "interval (see 'peepshow -h')"
    )


@pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
def test_completion_script_knows_commands_and_options(shell: str) -> None:
    done = run(["peepshow", "completion", shell])
    assert done.returncode == 0, done.stderr
    for word in ("strategy", "max-frames", "sinks", "runs", "config", "keyframes"):
        assert word in done.stdout, word


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash")
def test_bash_completion_completes_a_command_and_a_choice() -> None:
    script = run(["peepshow", "completion", "bash"]).stdout

    def complete(*words: str) -> list[str]:
        line = " ".join(["peepshow", *words])
        probe = (
            f"{script}\n"
            f"COMP_WORDS=(peepshow {' '.join(words)}); COMP_CWORD={len(words)}; "
            f"COMP_LINE='{line}'; COMP_POINT={len(line)}; "
            "_shtab_peepshow; printf '%s\\n' \"${COMPREPLY[@]}\""
        )
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
        return done.stdout.split()

    assert "keyframes" in complete("--strategy", "k")
    assert "runs" in complete("ru")
