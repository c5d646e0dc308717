"""`peepshow completion SHELL`: typer's shell completion script. The script asks `peepshow` itself
at each Tab (with COMPLETE_VAR set), so commands, options, choices and files stay current."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from peepshow_core.contract.vocab import Shell
from peepshow_core.frontends import cli_style

PROG = "peepshow"
COMPLETE_VAR = "_PEEPSHOW_COMPLETE"  # what the scripts set when they ask for completions

app = cli_style.app()


@cli_style.command(
    app,
    "completion",
    "Print the shell completion script for peepshow (typer's): commands, options, choices and "
    "file names. Install it once; it asks peepshow itself at each Tab.",
    [
        f"{PROG} completion bash > ~/.local/share/bash-completion/completions/peepshow",
        f'eval "$({PROG} completion zsh)"   # in ~/.zshrc, after compinit',
        f"{PROG} completion fish > ~/.config/fish/completions/peepshow.fish",
    ],
)
def completion(
    shell: Annotated[Shell, typer.Argument(metavar=cli_style.metavar(Shell), help="the shell")],
) -> int:
    from typer.completion import completion_init, get_completion_script

    completion_init()
    script = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell.value)
    sys.stdout.write(script + "\n")
    return 0
