"""A sink's command line: `--dry-run`, `--check`, `--debug`, `--describe`, `--docs` and a `--help`
that lists every environment variable (required or its default, what it means) and names the
sink's documentation page, which ships inside the package (`--docs` prints it)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources
from typing import IO, Any

from peepshow_core import __version__
from peepshow_core.contract import arguments, settings

LIBRARY_SETTINGS = (
    settings.SINK_CONNECT_TIMEOUT,
    settings.SINK_READ_TIMEOUT,
    settings.SINK_MAX_ATTEMPTS,
    settings.SINK_MAX_TIME,
    settings.SINK_BACKOFF,
    settings.ALLOW_INSECURE_HTTP,
    settings.ENV_FILE,
)


def docs_page(sink: str) -> str | None:
    """The sink's documentation page as shipped in the package, or None (a sink of another
    author built on this library, without a page here)."""
    page = resources.files("peepshow_sinks").joinpath("docs", f"{sink}.md")
    try:
        return page.read_text("utf-8")
    except (FileNotFoundError, NotADirectoryError, OSError):
        return None


def _row(setting: settings.Setting, required: bool) -> tuple[str, str]:
    if required:
        state = "required"
    elif setting.default is not None:
        state = f"default {setting.default}"
    else:
        state = "optional"
    meaning = setting.help or ""
    secret = " (secret: masked everywhere)" if setting.secret else ""
    return setting.name, f"{state}. {meaning}{secret}".rstrip()


def epilog(sink: str, declared: Sequence[settings.Setting]) -> str:
    """The settings as two sections laid out like the options, then the docs and exit codes."""
    library = {x.name for x in LIBRARY_SETTINGS}
    own = [_row(s, s.required) for s in declared if s.name not in library]
    common = [_row(s, False) for s in LIBRARY_SETTINGS]
    width = arguments.help_width()
    names = [name for name, _ in own + common]
    where = (
        f"peepshow-sink-{sink} --docs prints it (docs/sinks/{sink}.md in the source)"
        if docs_page(sink) is not None
        else "docs/PLUGINS.md (the sink contract)"
    )
    exit_codes = (
        "0 delivered, 4 bad payload, 5 unknown schema, 6 configuration, 7 refused by the "
        "service, 8 temporary (kept in the outbox); see docs/PLUGINS.md"
    )
    return "\n".join(
        [
            "Environment variables (or a .env file; set variables win):",
            *arguments.definition_list(own, width, names),
            "",
            "Shared by every sink:",
            *arguments.definition_list(common, width, names),
            "",
            "Documentation:",
            *arguments.paragraphs(where, width),
            "",
            "Exit codes:",
            *arguments.paragraphs(exit_codes, width),
        ]
    )


class Parser(arguments.Parser):
    """The house parser, printing help and usage errors on the sink's own streams (tests and
    callers that pass streams see them)."""

    def __init__(self, *args: Any, out: IO[str], err: IO[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.out, self.err = out, err

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self.err if file is sys.stderr else self.out).write(message)


def parser(
    sink: str,
    description: str,
    declared: Sequence[settings.Setting],
    can_check: bool,
    out: IO[str],
    err: IO[str],
) -> argparse.ArgumentParser:
    prog = f"peepshow-sink-{sink}"
    parser = Parser(
        prog,
        f"{description} Reads one peepshow run payload (JSON) on stdin; prints one "
        "JSON receipt line on stdout after the service accepted it.",
        examples=[
            f"peepshow talk.mp4 --sink {sink}       # peepshow runs the sink after the run",
            f"peepshow clip.mov --emit json | {prog}",
            f"{prog} --dry-run < run.json    # the request, secrets masked; nothing sent",
        ],
        version=__version__,
        out=out,
        err=err,
    )
    parser.epilog = epilog(sink, declared) + "\n\n" + (parser.epilog or "")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the request that would be sent (secrets masked; missing settings shown as "
        "placeholders and listed); send nothing",
    )
    if can_check:
        parser.add_argument(
            "--check",
            action="store_true",
            help="verify configuration and the destination; write nothing",
        )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--describe",
        action="store_true",
        help="print this sink's settings as JSON (what `peepshow sinks add` checks)",
    )
    parser.add_argument("--docs", action="store_true", help="print the sink's documentation page")
    return parser


def description(
    sink: str, text: str, declared: Sequence[settings.Setting], can_check: bool
) -> dict[str, Any]:
    """What `--describe` prints: enough for `peepshow sinks add` to warn about unset settings."""
    return {
        "sink": sink,
        "description": text,
        "check": can_check,
        "docs": f"docs/sinks/{sink}.md" if docs_page(sink) is not None else None,
        "settings": [
            {
                "name": s.name,
                "required": s.required,
                "default": s.default,
                "secret": s.secret,
                "help": s.help,
            }
            for s in declared
        ],
    }


def describe_json(
    sink: str, text: str, declared: Sequence[settings.Setting], can_check: bool
) -> str:
    return json.dumps(description(sink, text, declared, can_check), indent=2)
