"""One command-line style for every peepshow program (`peepshow`, `peepshow sinks`, `peepshow-mcp`,
each `peepshow-sink-*`): argparse with the same help layout, `-h`/`--help` and `--version`
everywhere, choices written `a|b|c`, an `examples:` section at the end of each `--help`, and a
usage mistake reported as one line (`PROG: error: MESSAGE (see 'PROG --help')`, exit 2).

Light on purpose (the standard library only): every entry point builds its parser from here.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from peepshow_core.contract.errors import ExitCode

V = TypeVar("V", bound=StrEnum)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout, with choices as `a|b|c` and the description and examples kept as
    written (paragraphs, indented command lines)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)

    def _metavar_formatter(
        self, action: argparse.Action, default_metavar: str
    ) -> Callable[[int], tuple[str, ...]]:
        if action.metavar is None and action.choices is not None and not _is_subcommands(action):
            action.metavar = "|".join(str(choice) for choice in action.choices)
        return super()._metavar_formatter(action, default_metavar)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        """`-e, --emit FORMAT` (argparse repeats the value for every spelling)."""
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        value = self._format_args(action, self._get_default_metavar_for_optional(action))
        return f"{', '.join(action.option_strings)} {value}"


def _is_subcommands(action: argparse.Action) -> bool:
    return isinstance(action, argparse._SubParsersAction)


def examples_text(examples: Iterable[str]) -> str | None:
    """The `examples:` section: one command line per entry (a `# comment` may follow)."""
    lines = [f"  {example}" for example in examples]
    return "examples:\n" + "\n".join(lines) if lines else None


class Parser(argparse.ArgumentParser):
    """An ArgumentParser in the house style. `examples` become the epilog; `version` adds
    `--version`. Sub-parsers made with `add_subparsers().add_parser(...)` are Parsers too."""

    def __init__(
        self,
        prog: str | None = None,
        description: str | None = None,
        *,
        examples: Sequence[str] = (),
        version: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("allow_abbrev", False)
        kwargs.pop("add_help", None)
        kwargs.pop("epilog", None)
        super().__init__(
            prog=prog,
            description=description,
            epilog=examples_text(examples),
            add_help=False,
            **kwargs,
        )
        self.add_argument("-h", "--help", action="help", help="show this help and exit")
        if version is not None:
            self.add_argument(
                "--version",
                action="version",
                version=f"{self.prog} {version}",
                help="print the version and exit",
            )

    def error(self, message: str) -> NoReturn:
        """A usage mistake: one line on stderr, exit 2 (argparse's own output is two lines)."""
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {message} (see '{self.prog} -h')\n")


Commands = argparse._SubParsersAction  # what add_subparsers() returns


def command(
    commands: Commands | None, prog: str, description: str, *, examples: Sequence[str] = ()
) -> argparse.ArgumentParser:
    """The parser of a command such as `peepshow sinks add`: standalone when `commands` is None,
    else added to those sub-parsers (how the completion script sees every command at once)."""
    if commands is None:
        return Parser(prog, description, examples=examples)
    name = prog.rsplit(" ", 1)[-1]
    summary = description.split("\n")[0].rstrip(".")
    parser: argparse.ArgumentParser = commands.add_parser(
        name, description=description, examples=examples, help=summary
    )
    return parser


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace | int:
    """Parse `argv`; an int is the exit code when parsing ended it (`-h`, `--version`: 0; a usage
    mistake: 2, already reported)."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else int(ExitCode.USAGE))


# --- value types: a bad value reads `argument --max-frames: must be a whole number ≥ 1, got 'x'`


def whole_number(minimum: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"must be a whole number of at least {minimum}, got {text!r}"
            )
        return value

    convert.__name__ = "whole number"
    return convert


def number(minimum: float) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value >= minimum):
            raise argparse.ArgumentTypeError(
                f"must be a number of at least {minimum:g}, got {text!r}"
            )
        return value

    convert.__name__ = "number"
    return convert


def choice(vocabulary: type[V]) -> Callable[[str], V]:
    """A member of `vocabulary` (used with `choices=list(vocabulary)` for the help)."""

    def convert(text: str) -> V:
        try:
            return vocabulary(text)
        except ValueError:
            names = ", ".join(item.value for item in vocabulary)
            raise argparse.ArgumentTypeError(f"{text!r} is not one of {names}") from None

    convert.__name__ = vocabulary.__name__
    return convert


DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


def duration(text: str) -> float:
    """`30d`, `12h`, `90m`, `2w`, `45s` as seconds."""
    match = _DURATION.match(text.lower())
    if not match:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration (a number and a unit: 45s, 90m, 12h, 30d, 2w)"
        )
    return float(match.group(1)) * DURATION_UNITS[match.group(2)]


duration.__name__ = "duration"
