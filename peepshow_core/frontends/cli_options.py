"""The options of a run, declared once: `peepshow VIDEO...` and `peepshow batch` take the same
Annotated types, and `run_options` turns their values into the same `RunOptions`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peepshow_core.contract import userconfig
from peepshow_core.contract.errors import ExitCode
from peepshow_core.contract.vocab import Engine, ImageFormat, SlidesMode, Strategy
from peepshow_core.frames.options import DEFAULT_INTERVAL_S, DEFAULT_MAX_WIDTH, FrameOptions
from peepshow_core.frontends.cli_style import metavar, number, whole_number
from peepshow_core.run.options import MIN_INTERVAL_S, RunOptions
from peepshow_core.speech.engine import TranscribeOptions

FRAMES, TRANSCRIPT, OUTPUT, SINKS = "Frames", "Transcript", "Output", "Sinks"

StrategyOption = Annotated[
    Strategy | None,
    typer.Option(
        "--strategy",
        metavar=metavar(Strategy),
        help="how frames are picked [default: the config file's, else "
        f"{userconfig.DEFAULT_STRATEGY}]",
        rich_help_panel=FRAMES,
    ),
]
MaxFramesOption = Annotated[
    int | None,
    typer.Option(
        "--max-frames",
        parser=whole_number(1),
        metavar="N",
        help="keep at most N frames, the most distinct [default: the config file's, else all]",
        rich_help_panel=FRAMES,
    ),
]
ExactOption = Annotated[
    bool,
    typer.Option(
        "--exact",
        help="slides: decode every frame instead of judging most of the video from keyframes "
        "and packet sizes (slower; the reference result)",
        rich_help_panel=FRAMES,
    ),
]
IntervalOption = Annotated[
    float,
    typer.Option(
        "--interval",
        parser=number(MIN_INTERVAL_S),
        metavar="S",
        help=f"seconds between frames for --strategy interval [default: {DEFAULT_INTERVAL_S:g}]",
        rich_help_panel=FRAMES,
    ),
]
ImageFormatOption = Annotated[
    ImageFormat,
    typer.Option(
        "--image-format",
        metavar=metavar(ImageFormat),
        help="frame image format [default: jpeg]",
        rich_help_panel=FRAMES,
    ),
]
MaxWidthOption = Annotated[
    int,
    typer.Option(
        "--max-width",
        parser=whole_number(16),
        metavar="PX",
        help=f"scale frames down to this width [default: {DEFAULT_MAX_WIDTH}]",
        rich_help_panel=FRAMES,
    ),
]
ContactSheetOption = Annotated[
    bool,
    typer.Option(
        "--contact-sheet",
        help="also write one grid image of all frames with their times",
        rich_help_panel=FRAMES,
    ),
]
NoTranscriptOption = Annotated[
    bool,
    typer.Option("--no-transcript", help="skip speech-to-text", rich_help_panel=TRANSCRIPT),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME|DIR",
        help="Whisper model name or folder [default: PEEPSHOW_WHISPER_MODEL, else the config "
        "file's `model`, else the bundled tiny.en]",
        rich_help_panel=TRANSCRIPT,
    ),
]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--language",
        metavar="CODE",
        help="spoken language, e.g. fr (needs a multilingual model) [default: detect]",
        rich_help_panel=TRANSCRIPT,
    ),
]


def speech_engine(flag: str) -> typer.models.OptionInfo:
    """`--engine` of a single run; `--speech-engine` in a batch, whose `--engine` is local|ray."""
    return typer.Option(
        flag,
        metavar=metavar(Engine),
        help="speech engine [default: faster-whisper]",
        rich_help_panel=TRANSCRIPT,
    )


SpeechEngineOption = Annotated[Engine, speech_engine("--engine")]
BatchSpeechEngineOption = Annotated[Engine, speech_engine("--speech-engine")]
TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", metavar="TAG", help="a tag (repeatable)", rich_help_panel=OUTPUT),
]
DebugOption = Annotated[
    bool,
    typer.Option(
        "--debug",
        help="show tracebacks on errors, and why each frame was picked (slides decision log)",
        rich_help_panel=OUTPUT,
    ),
]
SinkOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sink",
        metavar="NAME",
        help="deliver to peepshow-sink-NAME (repeatable) [default: the config file's `sinks`]",
        rich_help_panel=SINKS,
    ),
]
NoSinksOption = Annotated[
    bool,
    typer.Option(
        "--no-sinks",
        help="fire no registered sinks nor the config file's (also PEEPSHOW_NO_SINKS=1)",
        rich_help_panel=SINKS,
    ),
]
StrictSinksOption = Annotated[
    bool,
    typer.Option(
        "--strict-sinks",
        help=f"exit {int(ExitCode.SINKS_FAILED)} when any sink fails (and nothing else did)",
        rich_help_panel=SINKS,
    ),
]


def run_options(
    defaults: userconfig.Defaults,
    *,
    strategy: Strategy | None,
    max_frames: int | None,
    exact: bool,
    interval: float,
    image_format: ImageFormat,
    max_width: int,
    contact_sheet: bool,
    no_transcript: bool,
    model: str | None,
    language: str | None,
    engine: Engine,
    out: Path | None,
    title: str | None = None,
    tags: list[str] | None = None,
) -> RunOptions:
    """The values of the options above (the config file's defaults where none was given)."""
    return RunOptions(
        frames=FrameOptions(
            strategy=strategy or defaults.strategy,
            max_frames=max_frames or defaults.max_frames,
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
        tags=clean_tags(tags),
        contact_sheet=contact_sheet,
    )


def clean_tags(tags: list[str] | None) -> list[str]:
    return [t.strip() for t in tags or [] if t.strip()]


def chosen_sinks(
    sink: list[str] | None, no_sinks: bool, defaults: userconfig.Defaults
) -> tuple[list[str], bool]:
    """The sinks named for this run (`--sink`, else the config file's unless `--no-sinks`) and
    whether the registered ones fire too."""
    explicit = sink if sink is not None else ([] if no_sinks else defaults.sinks)
    return list(explicit), not no_sinks
