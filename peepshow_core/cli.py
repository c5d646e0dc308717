"""The `peepshow` command: parse, call, print. All work happens in plain functions elsewhere."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from peepshow_core import __version__
from peepshow_core.errors import ExitCode, PeepshowError

SUBCOMMANDS = ("sinks", "schema")

HELP = """Turn VIDEO into a few representative frames, a transcript and one JSON run payload.

Other commands: `peepshow sinks --help` (register and manage sinks), `peepshow schema` (print the
payload's JSON Schema). Exit codes are listed in docs/PLUGINS.md."""


class Strategy(StrEnum):
    slides = "slides"
    scenes = "scenes"
    keyframes = "keyframes"
    interval = "interval"


class Emit(StrEnum):
    summary = "summary"
    json = "json"
    markdown = "markdown"
    none = "none"


class Engine(StrEnum):
    faster_whisper = "faster-whisper"
    openai_whisper = "openai-whisper"


class ImageFormat(StrEnum):
    jpeg = "jpeg"
    png = "png"
    webp = "webp"


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
    from peepshow_core.extract import RunOptions
    from peepshow_core.frames import FrameOptions
    from peepshow_core.transcribe import TranscribeOptions

    options = RunOptions(
        frames=FrameOptions(
            strategy=strategy.value,
            max_frames=max_frames,
            slides_mode="full" if exact else "auto",
            interval_s=interval,
            image_format=image_format.value,
            max_width=max_width,
        ),
        transcribe=None
        if no_transcript
        else TranscribeOptions(engine=engine.value, model=model, language=language),
        out_dir=out,
        title=title,
        tags=[t.strip() for t in tag or [] if t.strip()],
        contact_sheet=contact_sheet,
    )
    code = guarded(lambda: _run(video, options, emit, sink or [], no_sinks, strict_sinks), debug)
    raise typer.Exit(code)


def _run(
    video: Path, options: Any, emit: Emit, sinks: list[str], no_sinks: bool, strict_sinks: bool
) -> int:
    from peepshow_core.envfile import load_env_file
    from peepshow_core.extract import run_extraction
    from peepshow_core.progress import Reporter

    load_env_file()
    from peepshow_core.dispatch import preflight

    preflight(sinks, use_registry=not no_sinks)  # a missing --sink fails before extraction
    reporter = Reporter(sys.stderr)
    payload = run_extraction(video, options, status=reporter.status, progress=reporter.progress)
    reporter.done()
    for warning in payload["warnings"]:
        print(f"peepshow: warning: {warning}", file=sys.stderr)
    if payload["transcript"] is None and options.transcribe is not None and payload["audio"]:
        print(f"peepshow: warning: no transcript: {payload['transcript_reason']}", file=sys.stderr)

    from peepshow_core.dispatch import deliver

    deliveries = deliver(payload, sinks, use_registry=not no_sinks, stderr=sys.stderr)
    if deliveries:
        payload = {**payload, "deliveries": [d.to_dict() for d in deliveries]}
    _print_payload(payload, emit)
    if strict_sinks and any(d.failed for d in deliveries):
        return ExitCode.SINKS_FAILED
    return ExitCode.OK


def _print_payload(payload: dict[str, Any], emit: Emit) -> None:
    if emit is Emit.json:
        text = json.dumps(payload, indent=2, ensure_ascii=False)
    elif emit is Emit.markdown:
        from peepshow_core.emit import markdown

        text = markdown(payload)
    elif emit is Emit.summary:
        from peepshow_core.emit import summary

        text = summary(payload)
    else:
        return
    sys.stdout.write(text.rstrip("\n") + "\n")
    sys.stdout.flush()


def guarded(work: Any, debug: bool, prog: str = "peepshow") -> int:
    """Run `work()`; expected failures become one stderr line and their exit code."""
    try:
        return int(work())
    except PeepshowError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        print(f"{prog}: error: {exc.message}", file=sys.stderr)
        return int(exc.code)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # e.g. `peepshow x --emit json | head`
        return int(ExitCode.OK)
    except Exception as exc:
        if debug:
            import traceback

            traceback.print_exc()
        print(
            f"{prog}: error: unexpected failure ({exc.__class__.__name__}: {exc}); "
            "rerun with --debug for details",
            file=sys.stderr,
        )
        return int(ExitCode.INTERNAL)


def _schema(argv: Sequence[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: peepshow schema\n\nPrint the JSON Schema of the run payload.")
        return 0
    from peepshow_core.payload import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "schema":
        return _schema(args[1:])
    if args and args[0] == "sinks":
        from peepshow_core.cli_sinks import app as sinks_app

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
