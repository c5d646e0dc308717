"""The `peepshow` command: parse, call, print. All work happens in plain functions elsewhere.

`peepshow VIDEO...` runs the pipeline once per file; `peepshow COMMAND ...` hands the rest of the
command line to one of `COMMANDS` (each module has a `main(argv) -> exit code` and a `parser()`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from peepshow_core import __version__
from peepshow_core.contract import arguments, boundary, userconfig
from peepshow_core.contract.errors import ExitCode, UsageError
from peepshow_core.contract.payload import json_schema
from peepshow_core.contract.settings import load_env_file
from peepshow_core.contract.vocab import Emit, Engine, ImageFormat, SlidesMode, Strategy
from peepshow_core.frames.options import DEFAULT_INTERVAL_S, DEFAULT_MAX_WIDTH, FrameOptions
from peepshow_core.frontends import cli_batch, cli_config, cli_models, cli_runs, cli_sinks
from peepshow_core.frontends.progress import Reporter, same_terminal
from peepshow_core.frontends.stdin_video import STDIN, spooled_stdin
from peepshow_core.render.text import render
from peepshow_core.run.pipeline import RunOptions, RunRequest, execute
from peepshow_core.speech.engine import TranscribeOptions

PROG = "peepshow"


@dataclass(frozen=True)
class Command:
    summary: str
    main: Callable[[list[str]], int]
    parser: Callable[..., argparse.ArgumentParser]  # (sub-parsers to join, or None) -> parser


def _schema_parser(commands: arguments.Commands | None = None) -> argparse.ArgumentParser:
    return arguments.command(
        commands,
        f"{PROG} schema",
        "Print the JSON Schema of the run payload (peepshow.run/1).",
        examples=[f"{PROG} schema > run-1.schema.json"],
    )


def _schema(argv: list[str]) -> int:
    parsed = arguments.parse(_schema_parser(), argv)
    if isinstance(parsed, int):
        return parsed
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")
    return 0


def _completion_parser(commands: arguments.Commands | None = None) -> argparse.ArgumentParser:
    parser = arguments.command(
        commands,
        f"{PROG} completion",
        "Print a shell completion script for peepshow (options, commands, file names).",
        examples=[
            f"{PROG} completion bash > ~/.local/share/bash-completion/completions/peepshow",
            f"{PROG} completion zsh > ~/.zfunc/_peepshow   # with fpath+=(~/.zfunc) in ~/.zshrc",
        ],
    )
    parser.add_argument("shell", choices=["bash", "zsh", "tcsh"], help="the shell")
    return parser


def _completion(argv: list[str]) -> int:
    parsed = arguments.parse(_completion_parser(), argv)
    if isinstance(parsed, int):
        return parsed
    import shtab

    sys.stdout.write(shtab.complete(completion_parser(), shell=parsed.shell))
    return 0


COMMANDS: dict[str, Command] = {
    "batch": Command("many videos: every core, or a Ray cluster", cli_batch.main, cli_batch.parser),
    "sinks": Command("register and manage sinks", cli_sinks.main, cli_sinks.parser),
    "runs": Command("list and clean the run folders", cli_runs.main, cli_runs.parser),
    "config": Command("show the defaults from the config file", cli_config.main, cli_config.parser),
    "models": Command(
        "Whisper models: list, pull one for other languages", cli_models.main, cli_models.parser
    ),
    "schema": Command("print the payload's JSON Schema", _schema, _schema_parser),
    "completion": Command("print a shell completion script", _completion, _completion_parser),
}


def _description() -> str:
    width = max(len(name) for name in COMMANDS)
    commands = "\n".join(
        f"  {PROG} {name.ljust(width)}  {command.summary}" for name, command in COMMANDS.items()
    )
    return (
        "Turn each VIDEO into a few representative frames, a transcript and one JSON run\n"
        "payload; deliver it to your sinks. Defaults come from the config file\n"
        f"(`{PROG} config`). Exit codes: docs/PLUGINS.md.\n\n"
        f"other commands (each has -h):\n{commands}"
    )


EXAMPLES = [
    f"{PROG} talk.mp4                           # frames + transcript, a short summary",
    f"{PROG} talk.mp4 --emit markdown --contact-sheet   # an LLM-ready digest",
    f"{PROG} clip.mov --emit json | jq .frames  # the payload alone on stdout",
    f"{PROG} a.mp4 b.mp4 --no-transcript -q     # several files, frames only, quietly",
    f"curl -sL https://example.com/v.mp4 | {PROG} -    # a video on stdin",
    f"{PROG} talk.mp4 --sink cassandra          # deliver the run to peepshow-sink-cassandra",
]


def run_parser() -> argparse.ArgumentParser:
    p = arguments.Parser(PROG, _description(), examples=EXAMPLES, version=__version__)
    p.add_argument(
        "videos",
        nargs="+",
        metavar="VIDEO",
        help=f"video or audio file(s); `{STDIN}` reads one from stdin",
    )
    frames = p.add_argument_group("frames")
    frames.add_argument(
        "--strategy",
        type=arguments.choice(Strategy),
        choices=list(Strategy),
        help="how frames are picked [default: the config file's, else "
        f"{userconfig.DEFAULT_STRATEGY}]",
    )
    frames.add_argument(
        "--max-frames",
        type=arguments.whole_number(1),
        metavar="N",
        help="keep at most N frames, the most distinct [default: all]",
    )
    frames.add_argument(
        "--exact",
        action="store_true",
        help="slides: decode every frame instead of judging most of the video from keyframes "
        "and packet sizes (slower; the reference result)",
    )
    frames.add_argument(
        "--interval",
        type=arguments.number(0.1),
        default=DEFAULT_INTERVAL_S,
        metavar="S",
        help=f"seconds between frames for --strategy interval [default: {DEFAULT_INTERVAL_S:g}]",
    )
    frames.add_argument(
        "--image-format",
        type=arguments.choice(ImageFormat),
        choices=list(ImageFormat),
        default=ImageFormat.jpeg,
        help="frame image format [default: jpeg]",
    )
    frames.add_argument(
        "--max-width",
        type=arguments.whole_number(16),
        default=DEFAULT_MAX_WIDTH,
        metavar="PX",
        help=f"scale frames down to this width [default: {DEFAULT_MAX_WIDTH}]",
    )
    frames.add_argument(
        "--contact-sheet",
        action="store_true",
        help="also write one grid image of all frames with their times",
    )
    speech = p.add_argument_group("transcript")
    speech.add_argument("--no-transcript", action="store_true", help="skip speech-to-text")
    speech.add_argument(
        "--model",
        metavar="NAME|DIR",
        help="Whisper model name or folder [default: PEEPSHOW_WHISPER_MODEL, else the config "
        "file's `model`, else the bundled "
        "tiny.en]",
    )
    speech.add_argument(
        "--language",
        metavar="CODE",
        help="spoken language, e.g. fr (needs a multilingual model) [default: detect]",
    )
    speech.add_argument(
        "--engine",
        type=arguments.choice(Engine),
        choices=list(Engine),
        default=Engine.faster_whisper,
        help="speech engine [default: faster-whisper]",
    )
    output = p.add_argument_group("output")
    output.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder for the per-run frame folders [default: PEEPSHOW_OUT_DIR, else the config "
        "file's `out`, else the user cache dir]",
    )
    output.add_argument(
        "-e",
        "--emit",
        type=arguments.choice(Emit),
        choices=list(Emit),
        default=Emit.summary,
        help="what to print on stdout [default: summary; several files with json: one payload "
        "per line]",
    )
    output.add_argument("--title", metavar="TEXT", help="title [default: from the file name]")
    output.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)"
    )
    output.add_argument(
        "-q", "--quiet", action="store_true", help="no progress or status lines on stderr"
    )
    output.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sinks = p.add_argument_group("sinks")
    sinks.add_argument(
        "--sink",
        action="append",
        metavar="NAME",
        help="deliver to peepshow-sink-NAME (repeatable) [default: the config file's `sinks`]",
    )
    sinks.add_argument(
        "--no-sinks",
        action="store_true",
        help="fire no registered sinks nor the config file's (also PEEPSHOW_NO_SINKS=1)",
    )
    sinks.add_argument(
        "--strict-sinks",
        action="store_true",
        help=f"exit {int(ExitCode.SINKS_FAILED)} when any sink fails",
    )
    return p


def completion_parser() -> argparse.ArgumentParser:
    """`peepshow` with every command as a sub-parser: what shell completion is generated from."""
    root = run_parser()
    videos = next(a for a in root._actions if a.dest == "videos")
    root._remove_action(videos)  # the commands first: shtab offers them for the first word
    root._positionals._group_actions.remove(videos)
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        command.parser(commands)
    return root


def _request(video: str, args: argparse.Namespace, defaults: userconfig.Defaults) -> RunRequest:
    options = RunOptions(
        frames=FrameOptions(
            strategy=args.strategy or defaults.strategy,
            max_frames=args.max_frames or defaults.max_frames,
            slides_mode=SlidesMode.full if args.exact else SlidesMode.auto,
            interval_s=args.interval,
            image_format=args.image_format,
            max_width=args.max_width,
        ),
        transcribe=None
        if args.no_transcript
        else TranscribeOptions(engine=args.engine, model=args.model, language=args.language),
        out_dir=args.out,
        title=args.title,
        tags=[t.strip() for t in args.tag if t.strip()],
        contact_sheet=args.contact_sheet,
    )
    explicit = args.sink if args.sink is not None else ([] if args.no_sinks else defaults.sinks)
    return RunRequest(video, options, sinks=explicit, registered_sinks=not args.no_sinks)


def _run_all(args: argparse.Namespace) -> int:
    """Each video in turn; a failure is reported and the next one runs. The exit code is the
    first failure's (130 at once for Ctrl-C)."""
    if args.title and len(args.videos) > 1:
        raise UsageError("--title names one video; give it with one file")
    if args.videos.count(STDIN) > 1:
        raise UsageError(f"stdin (`{STDIN}`) can be read only once")
    load_env_file()
    defaults = userconfig.defaults()
    several = len(args.videos) > 1
    first_failure = 0
    for number, video in enumerate(args.videos):

        def one(video: str = video, number: int = number) -> int:
            return _run_one(video, args, defaults, several, number)

        code = boundary.guarded(one, PROG, debug=args.debug)
        if code == ExitCode.INTERRUPTED:
            return code
        first_failure = first_failure or code
    return first_failure


def _run_one(
    video: str, args: argparse.Namespace, defaults: userconfig.Defaults, several: bool, number: int
) -> int:
    reporter = Reporter(sys.stderr, quiet=args.quiet)
    try:
        with spooled_stdin(video) as path:
            request = _request(str(path), args, defaults)
            if video == STDIN:
                request.options.title = args.title or "stdin"
            outcome = execute(request, reporter, sys.stderr)
    finally:
        reporter.done()
    emit = args.emit
    if several and emit is Emit.json:
        text: str | None = json.dumps(outcome.payload, ensure_ascii=False) + "\n"
    else:
        # On one terminal, stderr already showed the warnings and sink lines: not again.
        text = render(outcome.payload, emit, notes=not same_terminal(sys.stdout, sys.stderr))
        if several and number and text:
            text = "\n" + text
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
    if args.strict_sinks and outcome.sinks_failed:
        return ExitCode.SINKS_FAILED
    return ExitCode.OK


def _run_command(argv: list[str]) -> int:
    parser = run_parser()
    if not argv:
        parser.print_help()
        return int(ExitCode.USAGE)
    parsed = arguments.parse(parser, argv)
    if isinstance(parsed, int):
        return parsed
    return boundary.guarded(lambda: _run_all(parsed), PROG, debug=parsed.debug)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        return COMMANDS[args[0]].main(args[1:])
    return _run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
