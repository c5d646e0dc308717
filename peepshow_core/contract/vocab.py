"""The words peepshow uses everywhere, each spelled once: one `StrEnum` per vocabulary, and the
progress callbacks named for their unit.

CLI options, MCP tool parameters, `--when` rules, the registry and the payload all take their
values from these enums, so a new strategy or image format is added in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from peepshow_core.contract.errors import UsageError

V = TypeVar("V", bound=StrEnum)


class Strategy(StrEnum):
    """How frames are picked (`--strategy`, the payload's `strategy`)."""

    auto = "auto"  # slides for screen content, shots and coverage for camera footage
    slides = "slides"  # one frame per settled state of a talk or screen recording
    scenes = "scenes"  # content cuts (camera footage)
    keyframes = "keyframes"  # the codec's keyframes
    interval = "interval"  # one frame every --interval seconds


# What a run uses when nobody says (the CLI, the MCP tool, `/peepshow:slides`, `peepshow batch` and
# the user's config file all fall back to this one value).
DEFAULT_STRATEGY = Strategy.auto


class SlidesMode(StrEnum):
    """How `slides` reads the video: `auto` judges most of it from keyframes (falling back to
    `full` where that cannot work), `full` decodes every frame (the reference, `--exact`)."""

    auto = "auto"
    fast = "fast"
    full = "full"


class BatchEngine(StrEnum):
    """Where `peepshow batch` runs its jobs (`--engine`)."""

    local = "local"  # a process pool on this machine
    ray = "ray"  # actors on a Ray cluster (the `peepshow[ray]` extra)


class ImageFormat(StrEnum):
    jpeg = "jpeg"
    png = "png"
    webp = "webp"

    @property
    def extension(self) -> str:
        return "jpg" if self is ImageFormat.jpeg else self.value

    @property
    def pil_format(self) -> str:
        return self.value.upper()

    @property
    def mime_type(self) -> str:
        return f"image/{self.value}"


class Engine(StrEnum):
    """Speech-to-text engines."""

    faster_whisper = "faster-whisper"
    openai_whisper = "openai-whisper"


class TranscriptIssue(StrEnum):
    """Why a transcript, or one of its segments, cannot be trusted (its `reason`)."""

    repeated = "repeated text"  # a segment: a hallucination, left out of the text
    non_speech = "mostly non-speech"  # a segment: a hallucination, left out of the text
    unsure = "low confidence"  # a segment: kept, but the decoder was unsure of its words
    not_english = "speech does not look like English and the model is English-only"
    unrecognised = "most of the speech heard was not recognised as words"
    low_confidence = "low confidence: the decoder was unsure of most words"

    @property
    def left_out(self) -> bool:
        """A hallucination: the segment's words are not part of the transcript's text."""
        return self in (TranscriptIssue.repeated, TranscriptIssue.non_speech)


class SinkKind(StrEnum):
    """A registered sink runs an executable `peepshow-sink-NAME` (`name`) or a command line
    through `sh -c` (`cmd`)."""

    name = "name"
    cmd = "cmd"


class ProgressTask(StrEnum):
    """The parts of a run that report progress (each a share of its work done, 0..1)."""

    frames = "frames"  # share of the video scanned
    transcript = "transcript"  # share of the audio transcribed


class Emit(StrEnum):
    """What `peepshow VIDEO` prints on stdout."""

    summary = "summary"
    json = "json"
    markdown = "markdown"
    none = "none"


class Shell(StrEnum):
    """The shells `peepshow completion` writes a script for (typer's completion)."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def choices(vocabulary: type[StrEnum]) -> str:
    """`slides, scenes, keyframes, interval`: the values for an error message."""
    return ", ".join(item.value for item in vocabulary)


def parse_choice(vocabulary: type[V], value: object, what: str) -> V:
    """`value` as a member of `vocabulary`; a UsageError naming `what` and the choices if not."""
    try:
        if isinstance(value, str):  # members are strings too
            return vocabulary(value)
    except ValueError:
        pass
    raise UsageError(f"unknown {what} {value!r} (choose from {choices(vocabulary)})")


# Progress callbacks, named for their unit.
OnSeconds = Callable[[float], None]  # seconds of media processed so far
OnShare = Callable[[float], None]  # share of the work done, 0..1
OnStatus = Callable[[str], None]  # one human-readable status line
