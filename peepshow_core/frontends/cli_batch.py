"""`peepshow batch INPUT...`: parse, call the batch runner, show progress and a summary.

stdout (or --jsonl FILE) carries one JSON line per file, in completion order; everything else
goes to stderr: one line per failed file, warnings and sink lines, a progress bar with counts
and ETA on a terminal, and the summary.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Any

from peepshow_core.batch.options import STDOUT, BatchRequest
from peepshow_core.batch.runner import ItemEvent, Tally, display
from peepshow_core.contract import arguments, boundary, userconfig
from peepshow_core.contract.errors import ExitCode, OutputError
from peepshow_core.contract.settings import load_env_file
from peepshow_core.contract.vocab import BatchEngine, Engine, ImageFormat, SlidesMode, Strategy
from peepshow_core.frames.options import DEFAULT_INTERVAL_S, DEFAULT_MAX_WIDTH, FrameOptions
from peepshow_core.run.options import RunOptions
from peepshow_core.speech.engine import TranscribeOptions

PROG = "peepshow batch"
DESCRIPTION = """Process many videos: files, folders (searched recursively for video and audio
files) and manifest lines, on every core (--engine local) or on a Ray cluster (--engine ray).

One JSON line per file on stdout (or appended to --jsonl FILE), in the order they finish: the
run payload, or {"source", "error", "exit_code"} for a file that failed. Running the same command
again skips what is done (the state file peepshow-batch.json in --out). Exit 10 when a file
failed (each file's own code is in its line)."""
EXAMPLES = [
    f"{PROG} ~/lectures --jsonl -",
    f"{PROG} a.mp4 b.mov talks/ --sink cassandra",
    f"find /archive -name '*.mp4' | {PROG} --manifest - --out /archive/peepshow",
    f"{PROG} /mnt/nfs/talks --out /mnt/nfs/peepshow --engine ray --ray-address head:6379",
]


def parser(commands: arguments.Commands | None = None) -> argparse.ArgumentParser:
    p = arguments.command(commands, PROG, DESCRIPTION, examples=EXAMPLES)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="video/audio files and folders")
    batch = p.add_argument_group("batch")
    batch.add_argument(
        "--manifest",
        metavar="FILE",
        help="one path per line, or JSON lines with path, title, tags (`-`: stdin)",
    )
    batch.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="run folders and the state file [default: as for one video]; with --engine ray, "
        "storage every worker reaches at the same path",
    )
    batch.add_argument(
        "--jsonl", default=STDOUT, metavar="FILE|-", help="append the JSON lines to FILE"
    )
    batch.add_argument(
        "--jobs",
        type=arguments.whole_number(1),
        metavar="N",
        help="videos at once [default: one per core, or per CPU of the Ray cluster]",
    )
    batch.add_argument(
        "--engine",
        type=arguments.choice(BatchEngine),
        choices=list(BatchEngine),
        default=BatchEngine.local,
        help="where the jobs run [default: local]",
    )
    batch.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="the Ray cluster [default: RAY_ADDRESS, else a local Ray for this run]",
    )
    batch.add_argument("--force", action="store_true", help="redo videos already done")
    batch.add_argument("--fail-fast", action="store_true", help="stop at the first failed file")
    frames = p.add_argument_group("frames")
    frames.add_argument(
        "--strategy",
        type=arguments.choice(Strategy),
        choices=list(Strategy),
        help="how frames are picked [default: the config file's, else slides]",
    )
    frames.add_argument(
        "--max-frames", type=arguments.whole_number(1), metavar="N", help="at most N frames"
    )
    frames.add_argument("--exact", action="store_true", help="slides: decode every frame")
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
    frames.add_argument("--contact-sheet", action="store_true", help="also write a contact sheet")
    speech = p.add_argument_group("transcript")
    speech.add_argument("--no-transcript", action="store_true", help="skip speech-to-text")
    speech.add_argument("--model", metavar="NAME|DIR", help="Whisper model name or folder")
    speech.add_argument("--language", metavar="CODE", help="spoken language [default: detect]")
    speech.add_argument(
        "--speech-engine",
        type=arguments.choice(Engine),
        choices=list(Engine),
        default=Engine.faster_whisper,
        help="speech engine (`--engine` of a single run) [default: faster-whisper]",
    )
    output = p.add_argument_group("output")
    output.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag for every video"
    )
    output.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sinks = p.add_argument_group("sinks")
    sinks.add_argument(
        "--sink", action="append", metavar="NAME", help="deliver to peepshow-sink-NAME"
    )
    sinks.add_argument("--no-sinks", action="store_true", help="fire no registered sinks")
    sinks.add_argument(
        "--strict-sinks",
        action="store_true",
        help=f"exit {int(ExitCode.SINKS_FAILED)} when any sink failed (and no file did)",
    )
    return p


def main(argv: list[str]) -> int:
    parsed = arguments.parse(parser(), argv)
    if isinstance(parsed, int):
        return parsed
    if not parsed.inputs and parsed.manifest is None:
        parser().print_help(sys.stderr)
        return int(ExitCode.USAGE)
    return boundary.guarded(lambda: _run_args(parsed), PROG, debug=parsed.debug)


def _run_args(args: argparse.Namespace) -> int:
    load_env_file()
    defaults = userconfig.defaults()
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
        else TranscribeOptions(engine=args.speech_engine, model=args.model, language=args.language),
        out_dir=args.out,
        contact_sheet=args.contact_sheet,
    )
    explicit = args.sink if args.sink is not None else ([] if args.no_sinks else defaults.sinks)
    request = BatchRequest(
        items=[],
        options=options,
        sinks=explicit,
        registered_sinks=not args.no_sinks,
        jsonl=args.jsonl,
        force=args.force,
        fail_fast=args.fail_fast,
        strict_sinks=args.strict_sinks,
        engine=args.engine,
        jobs=args.jobs,
        ray_address=args.ray_address,
    )
    tags = [t.strip() for t in args.tag if t.strip()]
    return _run(request, args.inputs, args.manifest, tags)


def _run(request: BatchRequest, inputs: list[str], manifest: str | None, tags: list[str]) -> int:
    from peepshow_core.batch.engine import open_engine
    from peepshow_core.batch.inputs import collect
    from peepshow_core.batch.runner import Batch

    request.items = collect(inputs, manifest, sys.stdin, tags)
    engine = open_engine(request.engine, request.ray_address)
    reporter = BatchProgress(sys.stderr)
    with _json_lines(request.jsonl) as emit, _sigterm_interrupts(), reporter:
        runner = Batch(request, engine, reporter, emit)
        try:
            tally = runner.run()
        except KeyboardInterrupt:
            reporter.summary(runner.tally)
            raise
    reporter.summary(tally)
    return tally.exit_code(request.strict_sinks)


@contextmanager
def _json_lines(target: str) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Where the JSON lines go: stdout, or appended to a file (so resumed runs add to it), one
    whole line per write."""
    if target == STDOUT:
        stream: IO[str] = sys.stdout
        close = False
    else:
        path = Path(target).expanduser()
        try:
            stream = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write --jsonl {path}: {exc.strerror}") from None
        close = True

    def emit(record: dict[str, Any]) -> None:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        stream.flush()

    try:
        yield emit
    finally:
        if close:
            stream.close()


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the batch) stops it the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_sig: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class BatchProgress:
    """stderr: a rich progress bar (counts, ETA) on a terminal, plain lines otherwise."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console

        self.stream = stream
        self.is_tty = bool(getattr(stream, "isatty", lambda: False)())
        self.console = Console(file=stream, force_terminal=self.is_tty, soft_wrap=True)
        self._lock = threading.Lock()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def engine_started(self, jobs: int) -> None:
        self.note(f"{jobs} job{'s' * (jobs != 1)} at a time")

    def begin(self, tally: Tally) -> None:
        self.note(f"{tally.total} file{'s' * (tally.total != 1)}")
        if not self.is_tty:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("peepshow batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self._task = self._progress.add_task("", total=tally.total, counts=_counts(tally))
        self._progress.start()

    def item(self, event: ItemEvent, tally: Tally) -> None:
        name = display(event.path)
        if event.kind == "failed":
            self.note(f"{name}: error: {event.detail} (exit {event.exit_code})")
        elif not self.is_tty:
            self.note(f"{name}: {event.kind}: {event.detail}")
        if self._progress is not None:
            with self._lock:
                self._progress.update(
                    self._task, completed=tally.total - tally.left, counts=_counts(tally)
                )

    def note(self, message: str) -> None:
        with self._lock:
            line = boundary.one_line(f"peepshow: {message}")
            if self.is_tty:
                self.console.print(line, markup=False, highlight=False)
            else:
                print(line, file=self.stream, flush=True)

    def summary(self, tally: Tally) -> None:
        self.__exit__()
        self.note(summary_line(tally))


def _counts(tally: Tally) -> str:
    return f"{tally.done} done · {tally.skipped} skipped · {tally.failed} failed"


def summary_line(tally: Tally) -> str:
    """`batch: 12 done, 0 skipped, 1 failed in 1m05s: 664 videos/hour, 3.10 hours of video/hour`"""
    hours = tally.wall_s / 3600
    rates = ""
    if tally.done and hours > 0:
        rates = (
            f": {tally.done / hours:.0f} videos/hour, "
            f"{tally.media_s / 3600 / hours:.2f} hours of video/hour"
        )
    minutes, seconds = divmod(round(tally.wall_s), 60)
    took = f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"
    head = "batch interrupted" if tally.interrupted else "batch"
    counts = f"{tally.done} done, {tally.skipped} skipped, {tally.failed} failed"
    text = f"{head}: {counts} in {took}{rates}"
    if tally.left:
        why = "--fail-fast stopped it" if tally.stopped else "run the same command to resume"
        text += f"; {tally.left} not processed ({why})"
    return text
