"""The light command line of the executables that must start fast: each `peepshow-sink-*` and
`peepshow-mcp` (`peepshow` itself is a typer app, frontends/cli.py). argparse, laid out the way
typer/click print a plain `--help`, so the three read as one style:

    Usage: PROG [OPTIONS] ARGS

      Description, wrapped to the terminal (at most 78 columns).

    Options:
      -h, --help      Show this message and exit.
      --version       Show the version and exit.
      --dry-run       ...

    Examples:
      PROG ...

`-h`/`--help` and `--version` everywhere, choices written `a|b|c`, and a usage mistake reported
as one line: `PROG: error: MESSAGE (see 'PROG --help')`, exit 2.

Light on purpose (the standard library only): typer and click cost a sink ~35 ms at every start.
"""

from __future__ import annotations

import argparse
import shutil
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from peepshow_core.contract.errors import ExitCode

HELP_TEXT = "Show this message and exit."  # click's words, so both kinds of help read alike
VERSION_TEXT = "Show the version and exit."
MAX_WIDTH = 80  # click's default max_content_width
COLUMN_MAX = 30  # the widest first column before the help text moves to the next line
COLUMN_GAP = 2
INDENT = 2


def help_width() -> int:
    """click's rule: the terminal's width up to 80, less 2, never under 50."""
    return max(min(shutil.get_terminal_size().columns, MAX_WIDTH) - 2, 50)


def examples_text(examples: Iterable[str]) -> str | None:
    """The `Examples:` section: one command line per entry (a `# comment` may follow)."""
    lines = [f"{' ' * INDENT}{example}" for example in examples]
    return "Examples:\n" + "\n".join(lines) if lines else None


def see_help(message: str, prog: str) -> str:
    """A usage mistake's message, for argparse and typer alike: `MESSAGE (see 'PROG --help')`."""
    return f"{message} (see '{prog} --help')"


def definition_list(
    rows: Sequence[tuple[str, str]], width: int, names: Iterable[str] = ()
) -> list[str]:
    """click's `write_dl`: the first column up to 30 wide, the help wrapped beside it. `names`
    from other lists widen the column too, so that several lists line up."""
    if not rows:
        return []
    widest = max(len(name) for name in [*names, *(name for name, _ in rows)])
    first = min(widest, COLUMN_MAX) + COLUMN_GAP
    text_width = max(width - first - INDENT, 10)
    lines: list[str] = []
    for name, text in rows:
        wrapped = textwrap.wrap(text, text_width) or [""]
        if len(name) <= first - COLUMN_GAP:
            lines.append(f"{' ' * INDENT}{name.ljust(first)}{wrapped[0]}".rstrip())
        else:
            lines.append(f"{' ' * INDENT}{name}")
            lines.append(f"{' ' * (INDENT + first)}{wrapped[0]}".rstrip())
        lines += [f"{' ' * (INDENT + first)}{line}" for line in wrapped[1:]]
    return lines


def paragraphs(text: str, width: int) -> list[str]:
    """click's `write_text`: each paragraph (blank-line separated) re-flowed, indented by 2."""
    out: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        if out:
            out.append("")
        out += textwrap.wrap(
            " ".join(paragraph.split()),
            width - INDENT,
            initial_indent=" " * INDENT,
            subsequent_indent=" " * INDENT,
        )
    return out


class Parser(argparse.ArgumentParser):
    """An ArgumentParser in the house style. `examples` become the epilog; `version` adds
    `--version`."""

    def __init__(
        self,
        prog: str | None = None,
        description: str | None = None,
        *,
        examples: Sequence[str] = (),
        version: str | None = None,
        **kwargs: Any,
    ) -> None:
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
        self.add_argument("-h", "--help", action="help", help=HELP_TEXT)
        if version is not None:
            self.add_argument(
                "--version", action="version", version=f"{self.prog} {version}", help=VERSION_TEXT
            )

    def format_usage(self) -> str:
        pieces = [f"Usage: {self.prog}"]
        if any(action.option_strings for action in self._actions):
            pieces.append("[OPTIONS]")
        pieces += [_positional(action) for action in self._actions if not action.option_strings]
        return " ".join(pieces) + "\n"

    def format_help(self) -> str:
        width = help_width()
        lines = [self.format_usage().rstrip("\n")]
        if self.description:
            lines += ["", *paragraphs(self.description, width)]
        positionals = [
            (_positional(a), a.help or "") for a in self._actions if not a.option_strings
        ]
        if positionals:
            lines += ["", "Arguments:", *definition_list(positionals, width)]
        options = [(_invocation(a), a.help or "") for a in self._actions if a.option_strings]
        lines += ["", "Options:", *definition_list(options, width)]
        if self.epilog:
            lines += ["", self.epilog.rstrip("\n")]
        return "\n".join(lines) + "\n"

    def error(self, message: str) -> NoReturn:
        """A usage mistake: one line on stderr, exit 2 (argparse's own output is two lines), in
        click's words where argparse has its own."""
        unknown = message.removeprefix("unrecognized arguments: ")
        if unknown != message:
            option = next((word for word in unknown.split() if word.startswith("-")), None)
            message = (
                f"no such option: {option}"
                if option
                else f"got unexpected extra argument(s) ({unknown})"
            )
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {see_help(message, self.prog)}\n")


def _metavar(action: argparse.Action) -> str:
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "|".join(str(choice) for choice in action.choices)
    return action.dest.upper()


def _positional(action: argparse.Action) -> str:
    name = _metavar(action)
    if action.nargs in ("*", "+"):
        name += "..."
    return f"[{name}]" if action.nargs in ("?", "*") else name


def _invocation(action: argparse.Action) -> str:
    """`-e, --emit FORMAT`: every spelling, then the value once."""
    names = ", ".join(action.option_strings)
    return names if action.nargs == 0 else f"{names} {_metavar(action)}"


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace | int:
    """Parse `argv`; an int is the exit code when parsing ended it (`-h`, `--version`: 0; a usage
    mistake: 2, already reported)."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else int(ExitCode.USAGE))
