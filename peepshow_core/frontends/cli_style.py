"""The one style of every `peepshow` command, on typer with click's plain help (no rich boxes):

- `-h` and `--help` everywhere; an `Examples:` section at the end of each help;
- clean option names (every flag declared with one explicit name: no `--no-X` twins) and clean
  placeholders (`N`, `DIR`, choices as `a|b|c` from contract/vocab), never typer's `<int>`;
- options in sections (`Frames:`, `Transcript:`, ...) from typer's `rich_help_panel`;
- a usage mistake is one line through the shared error boundary:
  `peepshow sinks add: error: missing argument 'NAME' (see 'peepshow sinks add --help')`, exit 2.

The sinks and `peepshow-mcp` keep argparse (contract/arguments.py, laid out the same way).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

import typer
from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from peepshow_core.contract import arguments, boundary
from peepshow_core.contract import errors as peepshow_errors
from peepshow_core.contract.errors import ExitCode

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}
OPTIONS = "Options"  # the section of -h, --version and the options in no other section


def metavar(vocabulary: type[StrEnum]) -> str:
    """The placeholder of a choice: `slides|scenes|keyframes|interval`."""
    return "|".join(item.value for item in vocabulary)


def examples_epilog(examples: Sequence[str]) -> str:
    return "\n".join(examples)


def app(help: str | None = None, examples: Sequence[str] = (), **settings: Any) -> typer.Typer:
    """A typer app in the house style: a group of commands (`peepshow sinks`), or, with one
    command registered through `command`, that command alone."""
    settings.setdefault("no_args_is_help", True)
    return typer.Typer(
        help=help,
        epilog=examples_epilog(examples),
        cls=PlainGroup,
        context_settings=CONTEXT_SETTINGS,
        rich_markup_mode=None,
        add_completion=False,
        pretty_exceptions_enable=False,
        **settings,
    )


def command(
    on: typer.Typer, name: str, help: str, examples: Sequence[str], **settings: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command on `on` in the house style (its help, its examples)."""
    settings.setdefault("cls", PlainCommand)
    return on.command(
        name,
        help=help,
        epilog=examples_epilog(examples),
        context_settings=CONTEXT_SETTINGS,
        **settings,
    )


# --- help: click's plain layout, with sections and an Examples: epilog ----------------------------


def _argument_name(argument: TyperArgument) -> str:
    return argument.metavar or (argument.name or "").upper()


def _usage_piece(argument: TyperArgument) -> str:
    """click's spelling: `NAME`, `[NAME]`, `NAME...`, `[NAME]...`."""
    name = _argument_name(argument)
    name = name if argument.required else f"[{name}]"
    return name + ("..." if argument.nargs != 1 else "")


def _option_names(option: TyperOption) -> str:
    """`-e, --emit FORMAT`: the short spelling first, then the value once."""
    names = ", ".join(sorted(option.opts, key=lambda o: len(o) - len(o.lstrip("-"))))
    if option.is_flag:
        return names
    return f"{names} {option.metavar or (option.name or '').upper()}"


def option_sections(command: Any, ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """`Arguments`, `Options` (help and version first), then each `rich_help_panel` in the order
    the options come; the first column padded to one width across every section."""
    sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], OPTIONS: []}
    params = command.get_params(ctx)
    help_option = command.get_help_option(ctx)
    ordered = [p for p in params if p is help_option] + [p for p in params if p is not help_option]
    for param in ordered:
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, TyperArgument):
            name = _argument_name(param) + ("..." if param.nargs != 1 else "")
            sections["Arguments"].append((name, param.help or ""))
        elif isinstance(param, TyperOption):
            panel = param.rich_help_panel or OPTIONS
            sections.setdefault(panel, []).append((_option_names(param), param.help or ""))
    kept = {title: rows for title, rows in sections.items() if rows}
    widths = [len(name) for rows in kept.values() for name, _ in rows]
    column = min(max(widths, default=0), arguments.COLUMN_MAX)
    return {title: [(n.ljust(column), h) for n, h in rows] for title, rows in kept.items()}


class _PlainHelp:
    """Shared by commands and groups: the usage line, the sections, the examples."""

    epilog: str | None
    options_metavar: str | None

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        """typer's help option, defaulting to False like any flag: typer reads a flag that is
        not None without its validation layer (pydantic, ~0.1 s to load), so `peepshow sinks
        list` and `peepshow config` start without it."""
        option: TyperOption | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.default is None:
            option.default = False
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """A mistake the parser reports without its command (`--when` with no value) is
        reported as this command's."""
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise
        return rest

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        return pieces + [_usage_piece(p) for p in params if isinstance(p, TyperArgument)]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        for title, rows in option_sections(self, ctx).items():
            with formatter.section(title):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The examples as written: one command line each, never re-wrapped."""
        if not self.epilog:
            return
        formatter.write_paragraph()
        formatter.write_heading("Examples")
        for line in self.epilog.splitlines():
            formatter.write(f"{' ' * (formatter.current_indent + arguments.INDENT)}{line}\n")


class PlainCommand(_PlainHelp, TyperCommand):
    pass


class PlainGroup(_PlainHelp, TyperGroup):
    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Each command with the first sentence of its help, wrapped rather than cut short."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, first_sentence(command.help or "")))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def first_sentence(text: str) -> str:
    return " ".join(text.split()).split(". ", 1)[0].rstrip(".")


# --- values: the project's own words when a value is wrong ---------------------------------------


def whole_number(minimum: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise ValueError(f"must be a whole number of at least {minimum}, got {text!r}")
        return value

    return convert


def number(minimum: float) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value >= minimum):
            raise ValueError(f"must be a number of at least {minimum:g}, got {text!r}")
        return value

    return convert


DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


def duration(text: str) -> float:
    """`30d`, `12h`, `90m`, `2w`, `45s` as seconds."""
    match = _DURATION.match(str(text).lower())
    if not match:
        raise ValueError(
            f"{text!r} is not a duration (a number and a unit: 45s, 90m, 12h, 30d, 2w)"
        )
    return float(match.group(1)) * DURATION_UNITS[match.group(2)]


# --- running a command: its exit code, a usage mistake as one line ------------------------------

_VALIDATION_PREFIX = "Value error, "  # how typer's validation layer (pydantic) prefixes our text


def usage_message(exc: UsageError) -> str:
    """click's message as one of ours: lower case, no final period, no validation prefix."""
    text = " ".join(exc.format_message().replace(_VALIDATION_PREFIX, "").split()).rstrip(".")
    return text[:1].lower() + text[1:]


def run(command: Any, argv: Sequence[str], prog: str) -> int:
    """Run a click command made by typer; returns the exit code. `-h`/`--version` end with 0; a
    usage mistake is one line on stderr and 2; no arguments at all print the help on stderr, 2."""
    try:
        result = command.main(list(argv), prog_name=prog, standalone_mode=False)
    except NoArgsIsHelpError as exc:
        sys.stderr.write(exc.ctx.get_help() + "\n")
        return int(ExitCode.USAGE)
    except UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else prog
        mistake = peepshow_errors.UsageError(arguments.see_help(usage_message(exc), where))
        return boundary.report(mistake.with_traceback(exc.__traceback__), where)
    except typer.Abort:
        return boundary.report(KeyboardInterrupt(), prog)
    return int(result or 0)
