"""One command-line style across every executable: `peepshow` on typer (click's plain help), the
sinks and `peepshow-mcp` on argparse laid out the same way. `-h` and `--help` alike, examples in
each help, `--version` on each program, clean option names and placeholders, one-line usage
errors, and typer's shell completion."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import tomllib
from typing import Any

import pytest
import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from peepshow_core import __version__
from peepshow_core.frontends import cli
from tests.support.cli import installed_script, run_exe
from tests.support.paths import REPO

SCRIPTS = sorted(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"])


def _tree() -> tuple[Any, dict[tuple[str, ...], Any]]:
    """The click object of `peepshow` and every command under it, at any depth (commands added
    later are checked without a list)."""
    root = typer.main.get_command(cli.app)
    ctx = root.make_context("peepshow", ["schema"], resilient_parsing=True)
    found: dict[tuple[str, ...], Any] = {(): cli.run_command()}

    def walk(group: TyperGroup, prefix: tuple[str, ...]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found[(*prefix, name)] = command
            if isinstance(command, TyperGroup):
                walk(command, (*prefix, name))

    walk(root, ())
    return root, found


ROOT, COMMANDS = _tree()
HELPS = [[script] for script in SCRIPTS] + [["peepshow", *path] for path in COMMANDS if path]
ODD_PLACEHOLDERS = re.compile(r"<[a-z]+(\[[a-z|]+\])?>|\[\[|\]\.\.\.\]|--no-no-|\{[A-Za-z|,_-]+\}")


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_script(argv[0]), *argv[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )


def test_every_command_is_checked() -> None:
    names = {path[0] for path in COMMANDS if path}
    assert {"batch", "sinks", "runs", "config", "schema", "completion"} <= names
    assert ("sinks", "retry") in COMMANDS and ("runs", "clean") in COMMANDS


def test_peepshow_is_a_typer_app() -> None:
    """The framework of `peepshow` is typer: the app objects and what they turn into."""
    apps = [cli.app, cli.run_app]
    for entry in cli.COMMANDS.values():
        apps.append(getattr(importlib.import_module(entry.module), entry.attribute))
    assert all(isinstance(app, typer.Typer) for app in apps)
    assert isinstance(ROOT, TyperGroup)
    assert all(isinstance(c, TyperCommand | TyperGroup) for c in COMMANDS.values())


def test_no_option_has_a_no_twin() -> None:
    """Every flag is declared with one name: typer generates no `--X/--no-X` pair."""
    for path, command in COMMANDS.items():
        for param in command.params:
            if isinstance(param, TyperOption):
                where = f"peepshow {' '.join(path)} {param.opts}"
                assert not param.secondary_opts, where
                assert not any(o.startswith("--no-no-") for o in param.opts), where
                assert param.is_flag or param.metavar, f"{where} has no placeholder"


def test_batch_declares_the_run_options_once() -> None:
    """`peepshow batch` takes the single run's options from the same declarations."""
    run_options = {p.name: p for p in COMMANDS[()].params if isinstance(p, TyperOption)}
    batch_options = {p.name: p for p in COMMANDS[("batch",)].params if isinstance(p, TyperOption)}
    shared = set(run_options) & set(batch_options) - {"out", "engine"}
    assert {"strategy", "max_frames", "exact", "no_transcript", "sink", "strict_sinks"} <= shared
    for name in shared:
        a, b = run_options[name], batch_options[name]
        assert (a.opts, a.help, a.metavar, a.default) == (b.opts, b.help, b.metavar, b.default)
    engine, speech = run_options["engine"], batch_options["speech_engine"]
    assert (engine.help, engine.metavar) == (speech.help, speech.metavar)


@pytest.mark.parametrize("argv", HELPS, ids=" ".join)
def test_every_help_has_one_style(argv: list[str]) -> None:
    short, long = run([*argv, "-h"]), run([*argv, "--help"])
    assert short.returncode == 0 and long.returncode == 0, short.stderr
    assert short.stdout == long.stdout and short.stderr == ""
    text = short.stdout
    assert text.startswith(f"Usage: {' '.join(argv)} [OPTIONS]"), text
    assert re.search(r"\nOptions:\n  -h, --help +Show this message and exit\.\n", text), text
    assert "\nExamples:\n  " in text, text
    examples = text.split("\nExamples:\n", 1)[1].splitlines()
    assert examples and all(line.startswith("  ") for line in examples if line)
    assert not ODD_PLACEHOLDERS.search(text), ODD_PLACEHOLDERS.search(text)


def test_peepshow_help_names_every_command() -> None:
    text = run(["peepshow", "--help"]).stdout
    section = text.split("\nCommands (each has -h):\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[0] for line in section.splitlines()] == list(cli.COMMANDS)


def test_no_arguments_print_the_help_on_stderr_with_exit_2() -> None:
    for argv in (["peepshow"], ["peepshow", "sinks"], ["peepshow", "runs"]):
        done = run(argv)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith(f"Usage: {' '.join(argv)} ")


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_executable_has_a_version(script: str) -> None:
    done = run([script, "--version"])
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{script} {__version__}\n"


@pytest.mark.parametrize(
    ("argv", "prog"),
    [
        (["peepshow", "--frobnicate", "x.mp4"], "peepshow"),
        (["peepshow", "x.mp4", "--strategy", "best"], "peepshow"),
        (["peepshow", "x.mp4", "--max-frames", "0"], "peepshow"),
        (["peepshow", "x.mp4", "--emit"], "peepshow"),
        (["peepshow", "sinks", "add"], "peepshow sinks add"),
        (["peepshow", "sinks", "add", "db", "--when"], "peepshow sinks add"),
        (["peepshow", "sinks", "frobnicate"], "peepshow sinks"),
        (["peepshow", "runs", "clean", "--older-than", "soon"], "peepshow runs clean"),
        (["peepshow", "batch", "--jobs", "0", "x.mp4"], "peepshow batch"),
        (["peepshow", "batch", "--jobs", "2"], "peepshow batch"),
        (["peepshow", "completion", "tcsh"], "peepshow completion"),
        (["peepshow-mcp", "--port", "1"], "peepshow-mcp"),
        (["peepshow-sink-cassandra", "--frobnicate"], "peepshow-sink-cassandra"),
        (["peepshow-sink-cassandra", "stray"], "peepshow-sink-cassandra"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_a_usage_mistake_is_one_line_with_exit_2(argv: list[str], prog: str) -> None:
    done = run(argv)
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{prog}: error: ") and line.endswith(f" (see '{prog} --help')"), line
    assert "Traceback" not in line and "Usage:" not in line


def test_strategy_mistake_names_the_choices() -> None:
    result = run_exe("x.mp4", "--strategy", "best")
    assert result.stderr.strip() == (
        "peepshow: error: invalid value for '--strategy': 'best' is not one of 'auto', 'slides', "
        "'scenes', 'keyframes', 'interval' (see 'peepshow --help')"
    )


def test_an_unknown_option_reads_alike_on_typer_and_argparse() -> None:
    typer_line = run(["peepshow", "x.mp4", "--frobnicate"]).stderr.strip()
    argparse_line = run(["peepshow-sink-cassandra", "--frobnicate"]).stderr.strip()
    assert (
        typer_line.split(": error: ")[1] == "no such option: --frobnicate (see 'peepshow --help')"
    )
    assert argparse_line.split(": error: ")[1] == (
        "no such option: --frobnicate (see 'peepshow-sink-cassandra --help')"
    )


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_script_asks_peepshow(shell: str) -> None:
    done = run(["peepshow", "completion", shell])
    assert done.returncode == 0, done.stderr
    assert cli.COMPLETE_VAR in done.stdout and "peepshow" in done.stdout


def _complete(*words: str) -> list[str]:
    """What bash offers for `peepshow WORDS` + Tab, through the installed completion script."""
    script = run(["peepshow", "completion", "bash"]).stdout
    quoted = " ".join(f"'{word}'" for word in words)
    probe = (
        f"{script}\n"
        f"COMP_WORDS=(peepshow {quoted}); COMP_CWORD={len(words)}; "
        f"_peepshow_completion {installed_script('peepshow')}; "
        "printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash")
def test_bash_completion_completes_commands_options_and_choices() -> None:
    assert _complete("ru") == ["runs"]
    assert _complete("--strategy", "k") == ["keyframes"]
    assert _complete("clip.mp4", "--emit", "") == ["summary", "json", "markdown", "none"]
    assert "--strict-sinks" in _complete("clip.mp4", "--str")
    assert _complete("sinks", "add-") == ["add-cmd"]
    assert _complete("batch", "--engine", "") == ["local", "ray"]
    assert set(_complete("")) == set(cli.COMMANDS)
