"""`peepshow batch INPUT...`: parse, call the batch runner, show progress and a summary.

stdout (or --jsonl FILE) carries one JSON line per file, in completion order; everything else
goes to stderr: one line per failed file, warnings and sink lines, a progress bar with counts
and ETA on a terminal, and the summary.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Annotated, Any

import typer

from peepshow_core.batch.options import STDOUT, BatchRequest
from peepshow_core.batch.runner import ItemEvent, Tally, display
from peepshow_core.contract import boundary, userconfig
from peepshow_core.contract.arguments import see_help
from peepshow_core.contract.errors import OutputError, UsageError
from peepshow_core.contract.settings import load_env_file
from peepshow_core.contract.tilde import expand_user
from peepshow_core.contract.vocab import BatchEngine, Engine, ImageFormat
from peepshow_core.frames.options import DEFAULT_INTERVAL_S, DEFAULT_MAX_WIDTH
from peepshow_core.frontends import cli_style
from peepshow_core.frontends.cli_options import (
    BatchSpeechEngineOption,
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
    StrategyOption,
    StrictSinksOption,
    TagOption,
    chosen_sinks,
    clean_tags,
    run_options,
)

PROG = "peepshow batch"
BATCH = "Batch"  # the section of the batch's own options
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


app = cli_style.app()


@cli_style.command(app, "batch", DESCRIPTION, EXAMPLES, no_args_is_help=True)
def batch(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(metavar="INPUT", help="video/audio files and folders"),
    ] = None,
    manifest: Annotated[
        str | None,
        typer.Option(
            "--manifest",
            metavar="FILE",
            help="one path per line, or JSON lines with path, title, tags (`-`: stdin)",
            rich_help_panel=BATCH,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="run folders and the state file [default: as for one video]; with --engine ray, "
            "storage every worker reaches at the same path",
            rich_help_panel=BATCH,
        ),
    ] = None,
    jsonl: Annotated[
        str,
        typer.Option(
            "--jsonl",
            metavar="FILE|-",
            help="append the JSON lines to FILE [default: stdout]",
            rich_help_panel=BATCH,
        ),
    ] = STDOUT,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            parser=cli_style.whole_number(1),
            metavar="N",
            help="videos at once [default: one per core, or per CPU of the Ray cluster]",
            rich_help_panel=BATCH,
        ),
    ] = None,
    engine: Annotated[
        BatchEngine,
        typer.Option(
            "--engine",
            metavar=cli_style.metavar(BatchEngine),
            help="where the jobs run [default: local]",
            rich_help_panel=BATCH,
        ),
    ] = BatchEngine.local,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            metavar="ADDR",
            help="the Ray cluster [default: RAY_ADDRESS, else a local Ray for this run]",
            rich_help_panel=BATCH,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="redo videos already done", rich_help_panel=BATCH)
    ] = False,
    fail_fast: Annotated[
        bool,
        typer.Option("--fail-fast", help="stop at the first failed file", rich_help_panel=BATCH),
    ] = False,
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
    speech_engine: BatchSpeechEngineOption = Engine.faster_whisper,
    tag: TagOption = None,
    debug: DebugOption = False,
    sink: SinkOption = None,
    no_sinks: NoSinksOption = False,
    strict_sinks: StrictSinksOption = False,
) -> int:
    def work() -> int:
        if not inputs and manifest is None:
            raise UsageError(see_help("give at least one INPUT, or --manifest FILE", PROG))
        if ray_address is not None and engine is not BatchEngine.ray:
            raise UsageError(
                see_help(f"--ray-address is for --engine ray, not --engine {engine}", PROG)
            )
        load_env_file()
        defaults = userconfig.defaults()
        options = run_options(
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
            engine=speech_engine,
            out=out,
        )
        sinks, registered = chosen_sinks(sink, no_sinks, defaults)
        request = BatchRequest(
            items=[],
            options=options,
            sinks=sinks,
            registered_sinks=registered,
            jsonl=jsonl,
            force=force,
            fail_fast=fail_fast,
            strict_sinks=strict_sinks,
            engine=engine,
            jobs=jobs,
            ray_address=ray_address,
        )
        return _run(request, inputs or [], manifest, clean_tags(tag))

    return boundary.guarded(work, PROG, debug=debug)


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
        path = expand_user(target)
        try:
            stream = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write --jsonl {path}: {exc.strerror}") from None
        close = True

    where = "stdout" if target == STDOUT else f"--jsonl {target}"

    def emit(record: dict[str, Any]) -> None:
        try:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            stream.flush()
        except BrokenPipeError:
            raise  # the reader went away (`| head`): quiet, as for every command
        except OSError as exc:  # a full disk: what is done stays recorded; a rerun resumes
            raise OutputError(cannot_write(exc)) from None

    def cannot_write(exc: OSError) -> str:
        return f"cannot write the JSON lines to {where}: {exc.strerror or exc}"

    failed = False
    try:
        yield emit
    except BaseException:
        failed = True
        raise
    finally:
        if close:
            try:
                stream.close()  # a line a full disk refused is still in its buffer
            except OSError as exc:
                if not failed:
                    raise OutputError(cannot_write(exc)) from None


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the batch) or SIGHUP (its terminal or ssh session gone)
    stops it the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_sig: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in boundary.stop_signals()}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


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
