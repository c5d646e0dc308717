"""The `peepshow` command (typer): parse, call, print. The work happens in plain functions.

`peepshow VIDEO...` runs the pipeline once per file; `peepshow COMMAND ...` hands the rest of the
command line to one of `COMMANDS`, each a typer app in its own module, imported only when that
command runs (or completes): `peepshow --help` loads neither batch nor the sinks' machinery.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer._click.shell_completion import CompletionItem

from peepshow_core import __version__
from peepshow_core.contract import arguments, boundary, userconfig
from peepshow_core.contract.errors import ExitCode, OutputError, UsageError
from peepshow_core.contract.settings import load_env_file
from peepshow_core.contract.vocab import Emit, Engine, ImageFormat
from peepshow_core.frames.options import DEFAULT_INTERVAL_S, DEFAULT_MAX_WIDTH
from peepshow_core.frontends import cli_style
from peepshow_core.frontends.cli_completion import COMPLETE_VAR
from peepshow_core.frontends.cli_options import (
    OUTPUT,
    ContactSheetOption,
    DebugOption,
    ExactOption,
    ImageFormatOption,
    IntervalOption,
    LanguageOption,
    MaxFramesOption,
    MaxWidthOption,
    ModelOption,
    NoSinksOption,
    NoTranscriptOption,
    SinkOption,
    SpeechEngineOption,
    StrategyOption,
    StrictSinksOption,
    TagOption,
    chosen_sinks,
    run_options,
)
from peepshow_core.frontends.progress import Reporter, same_terminal
from peepshow_core.frontends.stdin_video import STDIN, spooled_stdin
from peepshow_core.render.text import render
from peepshow_core.run.background import transcription_running
from peepshow_core.run.options import RunOptions, RunRequest

PROG = "peepshow"


@dataclass(frozen=True)
class Entry:
    """A command of `peepshow`: the typer app `attribute` of `module`, imported when it runs."""

    summary: str
    module: str
    attribute: str = "app"


COMMANDS: dict[str, Entry] = {
    "batch": Entry(
        "many videos: every core, or a Ray cluster", "peepshow_core.frontends.cli_batch"
    ),
    "sinks": Entry("register and manage sinks", "peepshow_core.frontends.cli_sinks"),
    "runs": Entry("list and clean the run folders", "peepshow_core.frontends.cli_runs"),
    "config": Entry("show the defaults from the config file", "peepshow_core.frontends.cli_config"),
    "models": Entry(
        "Whisper models: list, pull one for other languages", "peepshow_core.frontends.cli_models"
    ),
    "schema": Entry("print the payload's JSON Schema", "peepshow_core.frontends.cli_schema"),
    "completion": Entry(
        "print a shell completion script", "peepshow_core.frontends.cli_completion"
    ),
}


# --- peepshow VIDEO... ----------------------------------------------------------------------------

DESCRIPTION = (
    "Turn each VIDEO into a few representative frames, a transcript and one JSON run payload; "
    "deliver it to your sinks. Defaults come from the config file (`peepshow config`). "
    "Exit codes: docs/PLUGINS.md."
)
EXAMPLES = [
    f"{PROG} talk.mp4                           # frames + transcript, a short summary",
    f"{PROG} talk.mp4 --emit markdown --contact-sheet   # an LLM-ready digest",
    f"{PROG} clip.mov --emit json | jq .frames  # the payload alone on stdout",
    f"{PROG} a.mp4 b.mp4 --no-transcript -q     # several files, frames only, quietly",
    f"curl -sL https://example.com/v.mp4 | {PROG} -    # a video on stdin",
    f"{PROG} talk.mp4 --sink cassandra          # deliver the run to peepshow-sink-cassandra",
]


class RunCommand(cli_style.PlainCommand):
    """The run's help is `peepshow --help`: it names the other commands too."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        super().format_usage(ctx, formatter)
        formatter.write(f"{' ' * len('Usage: ')}{ctx.command_path} COMMAND [ARGS]...\n")

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        with formatter.section("Commands (each has -h)"):
            formatter.write_dl([(name, entry.summary) for name, entry in COMMANDS.items()])


def _version(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


run_app = cli_style.app()


@cli_style.command(run_app, PROG, DESCRIPTION, EXAMPLES, cls=RunCommand, no_args_is_help=True)
def run(
    videos: Annotated[
        list[str],
        typer.Argument(
            metavar="VIDEO", help=f"video or audio file(s); `{STDIN}` reads one from stdin"
        ),
    ],
    strategy: StrategyOption = None,
    max_frames: MaxFramesOption = None,
    exact: ExactOption = False,
    interval: IntervalOption = DEFAULT_INTERVAL_S,
    image_format: ImageFormatOption = ImageFormat.jpeg,
    max_width: MaxWidthOption = DEFAULT_MAX_WIDTH,
    contact_sheet: ContactSheetOption = False,
    no_transcript: NoTranscriptOption = False,
    model: ModelOption = None,
    language: LanguageOption = None,
    engine: SpeechEngineOption = Engine.faster_whisper,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="folder for the per-run frame folders [default: PEEPSHOW_OUT_DIR, else the "
            "config file's `out`, else the user cache dir]",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    emit: Annotated[
        Emit,
        typer.Option(
            "-e",
            "--emit",
            metavar=cli_style.metavar(Emit),
            help="what to print on stdout [default: summary; several files with json: one "
            "payload per line]",
            rich_help_panel=OUTPUT,
        ),
    ] = Emit.summary,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help="title [default: from the file name]",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    tag: TagOption = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "-q", "--quiet", help="no progress or status lines on stderr", rich_help_panel=OUTPUT
        ),
    ] = False,
    debug: DebugOption = False,
    sink: SinkOption = None,
    no_sinks: NoSinksOption = False,
    strict_sinks: StrictSinksOption = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version, help=arguments.VERSION_TEXT),
    ] = False,
) -> int:
    def options(defaults: userconfig.Defaults) -> RunOptions:
        return run_options(
            defaults,
            strategy=strategy,
            max_frames=max_frames,
            exact=exact,
            interval=interval,
            image_format=image_format,
            max_width=max_width,
            contact_sheet=contact_sheet,
            no_transcript=no_transcript,
            model=model,
            language=language,
            engine=engine,
            out=out,
            title=title,
            tags=tag,
        )

    each = _Videos(videos, options, title, emit, quiet, debug, sink, no_sinks, strict_sinks)
    with boundary.sigterm_as_interrupt():  # stopped by SIGTERM: cleaned up as after Ctrl-C
        return boundary.guarded(each.run_all, PROG, debug=debug)


@dataclass
class _Videos:
    """The videos of one `peepshow VIDEO...` and what to do with each."""

    videos: list[str]
    options: Callable[[userconfig.Defaults], RunOptions]
    title: str | None
    emit: Emit
    quiet: bool
    debug: bool
    sink: list[str] | None
    no_sinks: bool
    strict_sinks: bool

    def run_all(self) -> int:
        """Each video in turn; a failure is reported and the next one runs. The exit code is the
        first failure's (130 at once for Ctrl-C)."""
        if self.title and len(self.videos) > 1:
            raise UsageError("--title names one video; give it with one file")
        if self.videos.count(STDIN) > 1:
            raise UsageError(f"stdin (`{STDIN}`) can be read only once")
        load_env_file()
        defaults = userconfig.defaults()
        first_failure = 0
        for number, video in enumerate(self.videos):

            def one(video: str = video, number: int = number) -> int:
                return self.run_one(video, defaults, number)

            code = boundary.guarded(one, PROG, debug=self.debug)
            if code == ExitCode.INTERRUPTED:
                return code
            first_failure = first_failure or code
        return first_failure

    def run_one(self, video: str, defaults: userconfig.Defaults, number: int) -> int:
        from peepshow_core.run.pipeline import execute

        several = len(self.videos) > 1
        reporter = Reporter(sys.stderr, quiet=self.quiet)
        try:
            with spooled_stdin(video) as path:
                sinks, registered = chosen_sinks(self.sink, self.no_sinks, defaults)
                request = RunRequest(
                    str(path), self.options(defaults), sinks=sinks, registered_sinks=registered
                )
                if video == STDIN:
                    request.options.title = request.options.title or "stdin"
                if self.debug:  # the slides decision log: what was seen, what was decided
                    from peepshow_core.frames.slides import stderr_log

                    request.options.frames.decisions = stderr_log
                outcome = execute(request, reporter, sys.stderr)
        finally:
            reporter.done()
        if several and self.emit is Emit.json:
            text: str | None = json.dumps(outcome.payload, ensure_ascii=False) + "\n"
        else:
            # On one terminal, stderr already showed the warnings and sink lines: not again.
            text = render(
                outcome.payload, self.emit, notes=not same_terminal(sys.stdout, sys.stderr)
            )
            if several and number and text:
                text = "\n" + text
        if text is not None:
            _write_stdout(text)
        if self.strict_sinks and outcome.sinks_failed:
            return ExitCode.SINKS_FAILED
        return ExitCode.OK


def _write_stdout(text: str) -> None:
    """The output on stdout; OutputError when stdout cannot take it (closed, a full disk). A
    reader that went away (BrokenPipeError) is the boundary's: quiet, 0."""
    if sys.stdout is None:
        raise OutputError("cannot write the output: stdout is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        boundary.silence_stdout()  # the interpreter's last flush must not fail again
        raise OutputError(f"cannot write the output to stdout: {exc.strerror or exc}") from None


# --- the root: `peepshow VIDEO...` or `peepshow COMMAND ...` ------------------------------------


@cache
def run_command() -> Any:
    return typer.main.get_command(run_app)


class Peepshow(cli_style.PlainGroup):
    """`peepshow COMMAND ...` when the first word names a command, else `peepshow VIDEO...` (the
    run command, with `peepshow` as its name). Commands are imported when first asked for."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if cmd_name not in self.commands:
            module = importlib.import_module(entry.module)
            command = typer.main.get_command(getattr(module, entry.attribute))
            command.name = cmd_name
            self.commands[cmd_name] = command
        return self.commands[cmd_name]

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        completing_first_word = not args and extra.get("resilient_parsing", False)
        if (args and args[0] in COMMANDS) or completing_first_word:
            return super().make_context(info_name, args, parent, **extra)
        context: Context = run_command().make_context(info_name, args, parent=parent, **extra)
        return context

    def invoke(self, ctx: Context) -> Any:
        if ctx.command is not self:
            return ctx.command.invoke(ctx)
        return super().invoke(ctx)

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """The first word: a command, or an option of the run (else the shell offers files)."""
        if incomplete.startswith("-"):
            items: list[CompletionItem] = run_command().shell_complete(ctx, incomplete)
            return items
        return super().shell_complete(ctx, incomplete)


app = typer.Typer(
    cls=Peepshow,
    name=PROG,
    context_settings=cli_style.CONTEXT_SETTINGS,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _commands() -> None:
    """peepshow's commands (see `peepshow --help`)."""


def main(argv: Sequence[str] | None = None) -> int:
    boundary.ensure_stderr()
    if os.environ.get(COMPLETE_VAR):  # the shell asks for completions (typer's mechanism)
        from typer.completion import completion_init

        completion_init()  # then typer answers and exits, in main() below
    args = sys.argv[1:] if argv is None else argv
    code = cli_style.run(typer.main.get_command(app), args, PROG)
    if argv is None and transcription_running():  # (the process's own run, not a test's call)
        boundary.leave_now(code)  # a run interrupted while the speech engine was in a step
    return code


if __name__ == "__main__":
    raise SystemExit(main())
