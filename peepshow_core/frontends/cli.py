"""The `peepshow` command: parse, call, print. All work happens in plain functions elsewhere."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from peepshow_core import __version__
from peepshow_core.contract import boundary
from peepshow_core.contract.errors import ExitCode
from peepshow_core.contract.payload import json_schema
from peepshow_core.contract.settings import load_env_file
from peepshow_core.contract.vocab import Emit, Engine, ImageFormat, SlidesMode, Strategy
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frontends.cli_sinks import app as sinks_app
from peepshow_core.frontends.progress import Reporter
from peepshow_core.render.text import render
from peepshow_core.run.pipeline import RunOptions, RunRequest, execute
from peepshow_core.speech.engine import TranscribeOptions

HELP = """Turn VIDEO into a few representative frames, a transcript and one JSON run payload.

Other commands: `peepshow sinks --help` (register and manage sinks), `peepshow schema` (print the
payload's JSON Schema). Exit codes are listed in docs/PLUGINS.md."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peepshow {__version__}")
        raise typer.Exit()


run_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@run_app.command(help=HELP, no_args_is_help=True)
def run(
    video: Annotated[
        Path,
        typer.Argument(
            metavar="VIDEO",
            help="The video (or audio) file.",
            show_default=False,
            readable=False,  # peepshow checks it itself, with its own exit codes
        ),
    ],
    strategy: Annotated[Strategy, typer.Option(help="How frames are picked.")] = Strategy.slides,
    max_frames: Annotated[
        int | None, typer.Option(min=1, help="Keep at most N frames (the most distinct).")
    ] = None,
    exact: Annotated[
        bool,
        typer.Option(
            help="slides: decode every frame instead of judging most of the video from "
            "keyframes and packet sizes (slower; the reference result)."
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds between frames for --strategy interval.")
    ] = 10.0,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the per-run frame folders [default: PEEPSHOW_OUT_DIR or "
            "the user cache dir]."
        ),
    ] = None,
    emit: Annotated[Emit, typer.Option(help="What to print on stdout.")] = Emit.summary,
    title: Annotated[str | None, typer.Option(help="Title [default: from the file name].")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeatable).")] = None,
    no_transcript: Annotated[bool, typer.Option(help="Skip speech-to-text.")] = False,
    model: Annotated[
        str | None,
        typer.Option(
            help="Whisper model name or folder [default: "
            "PEEPSHOW_WHISPER_MODEL, else the bundled tiny.en]."
        ),
    ] = None,
    language: Annotated[str | None, typer.Option(help="Spoken language [default: detect].")] = None,
    engine: Annotated[Engine, typer.Option(help="Speech engine.")] = Engine.faster_whisper,
    image_format: Annotated[ImageFormat, typer.Option(help="Frame image format.")] = (
        ImageFormat.jpeg
    ),
    max_width: Annotated[int, typer.Option(min=16, help="Scale frames down to this width.")] = 1280,
    contact_sheet: Annotated[
        bool, typer.Option(help="Also write one grid image of all frames with their times.")
    ] = False,
    sink: Annotated[
        list[str] | None, typer.Option(help="Deliver to peepshow-sink-NAME (repeatable).")
    ] = None,
    no_sinks: Annotated[
        bool, typer.Option(help="Don't fire registered sinks (also PEEPSHOW_NO_SINKS=1).")
    ] = False,
    strict_sinks: Annotated[
        bool, typer.Option(help=f"Exit {int(ExitCode.SINKS_FAILED)} when any sink fails.")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    options = RunOptions(
        frames=FrameOptions(
            strategy=strategy,
            max_frames=max_frames,
            slides_mode=SlidesMode.full if exact else SlidesMode.auto,
            interval_s=interval,
            image_format=image_format,
            max_width=max_width,
        ),
        transcribe=None
        if no_transcript
        else TranscribeOptions(engine=engine, model=model, language=language),
        out_dir=out,
        title=title,
        tags=[t.strip() for t in tag or [] if t.strip()],
        contact_sheet=contact_sheet,
    )
    request = RunRequest(video, options, sinks=sink or [], registered_sinks=not no_sinks)
    code = boundary.guarded(lambda: _run(request, emit, strict_sinks), "peepshow", debug=debug)
    raise typer.Exit(code)


def _run(request: RunRequest, emit: Emit, strict_sinks: bool) -> int:
    load_env_file()
    reporter = Reporter(sys.stderr)
    try:
        outcome = execute(request, reporter, sys.stderr)
    finally:
        reporter.done()
    text = render(outcome.payload, emit)
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
    if strict_sinks and outcome.sinks_failed:
        return ExitCode.SINKS_FAILED
    return ExitCode.OK


def _schema(argv: Sequence[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: peepshow schema\n\nPrint the JSON Schema of the run payload.")
        return 0
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "schema":
        return _schema(args[1:])
    if args and args[0] == "sinks":
        return _call(sinks_app, args[1:], "peepshow sinks")
    return _call(run_app, args, "peepshow")


def _call(app: typer.Typer, args: list[str], prog: str) -> int:
    try:
        app(args=args, prog_name=prog, standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
