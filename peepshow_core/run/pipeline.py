"""One run, the same for every front end (`peepshow VIDEO`, the MCP tool, `peepshow batch`):
check what delivery will need before any work, extract, report warnings, deliver to sinks.
`peepshow batch` uses the same steps apart: `extract` in its workers, `deliver` in the driver.

Front ends parse their input into a `RunRequest`, call `execute`, and render what comes back;
none of them orchestrates on its own, so their behaviour cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from peepshow_core.contract.errors import NoInputError
from peepshow_core.contract.redact import mask_patterns
from peepshow_core.contract.tilde import expand_user
from peepshow_core.contract.vocab import Engine, ProgressTask, parse_choice
from peepshow_core.delivery import dispatch
from peepshow_core.frames.options import check_options
from peepshow_core.media.probe import check_readable
from peepshow_core.run.options import RunOptions, RunRequest
from peepshow_core.speech import models

__all__ = [
    "Reporter",
    "RunOptions",
    "RunOutcome",
    "RunRequest",
    "deliver",
    "execute",
    "extract",
    "prepare",
    "prepare_extraction",
]


@dataclass
class RunOutcome:
    payload: dict[str, Any]  # the run payload, with `deliveries` when sinks ran
    deliveries: list[dispatch.Delivery] = field(default_factory=list)

    @property
    def sinks_failed(self) -> bool:
        """A sink ran (or should have) and did not succeed: what --strict-sinks counts."""
        return any(delivery.failed for delivery in self.deliveries)


class Reporter(Protocol):
    """Where a run tells how it is going."""

    def status(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...

    def progress(self, task: ProgressTask, share: float) -> None: ...  # share of task done, 0..1

    def extraction_done(self) -> None: ...  # no more progress: frames and transcript are made


class WarningsOnly:
    """A Reporter for a run nobody watches (a batch worker, an evaluation): keeps the warnings,
    drops status and progress."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def status(self, message: str) -> None:
        pass

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def progress(self, task: ProgressTask, share: float) -> None:
        pass

    def extraction_done(self) -> None:
        pass


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def local_path(video: str | Path) -> Path:
    """The video as a local path: `~` expanded; a URL is refused (NoInputError) before it can
    be taken for a file name such as `https:/example.com/talk.mp4` (`peepshow`, the MCP tool,
    and each input and manifest line of `peepshow batch`)."""
    text = str(video)
    if isinstance(video, str) and _URL.match(text.strip()):
        raise NoInputError(  # shown masked: a password or a signed URL's signature in it
            f"{mask_patterns(text.strip())} is a URL; peepshow reads local files only: download "
            "it first (curl -LO URL, or yt-dlp URL), then pass the file"
        )
    return expand_user(text)


def prepare_extraction(request: RunRequest) -> RunRequest:
    """What extraction alone needs checked: the video path (a URL is refused, `~` is expanded,
    the file must be there and readable), the frame options, and the speech engine and a model
    someone asked for. Raises PeepshowError. (A batch worker runs this; the sinks are the
    driver's.)"""
    request.video = local_path(request.video)
    check_readable(request.video)  # a missing file is said before anything heavy loads
    check_options(request.options.frames)
    speech = request.options.transcribe
    if speech is not None:
        engine = parse_choice(Engine, speech.engine, "transcription engine")
        models.check(engine, speech.model, speech.language)
    return request


def prepare(request: RunRequest) -> RunRequest:
    """Everything that can be checked before extracting, so a mistake costs no decoding: the
    video path (a URL is refused, `~` is expanded), the frame options, the speech engine and a
    model someone asked for, the sink names and their executables, the sink settings. Raises
    PeepshowError."""
    prepare_extraction(request)
    dispatch.preflight(request.sinks, use_registry=request.registered_sinks)
    return request


def extract(request: RunRequest, reporter: Reporter) -> dict[str, Any]:
    """The run payload of a prepared `request` (frames and transcript); its warnings are told
    to `reporter`. Raises PeepshowError."""
    from peepshow_core.run.extract import run_extraction  # PyAV, numpy, the speech engines

    payload = run_extraction(
        Path(request.video),
        request.options,
        on_status=reporter.status,
        on_share=lambda share: reporter.progress(ProgressTask.frames, share),
        on_transcribed=lambda share: reporter.progress(ProgressTask.transcript, share),
        run_id=request.run_id,
    )
    reporter.extraction_done()
    for warning in payload["warnings"]:
        reporter.warn(warning)
    wanted = request.options.transcribe is not None and payload["audio"]
    if payload["transcript"] is None and wanted:
        reporter.warn(f"no transcript: {payload['transcript_reason']}")
    return payload


def deliver(request: RunRequest, payload: dict[str, Any], stderr: TextIO) -> RunOutcome:
    """Hand `payload` to the request's sinks (explicit and registered); one line per sink on
    `stderr`. The outcome's payload carries `deliveries` when sinks ran."""
    deliveries = dispatch.deliver(
        payload, request.sinks, use_registry=request.registered_sinks, stderr=stderr
    )
    if deliveries:
        payload = {**payload, "deliveries": [d.to_dict() for d in deliveries]}
    return RunOutcome(payload, deliveries)


def execute(request: RunRequest, reporter: Reporter, stderr: TextIO) -> RunOutcome:
    """Run `request`: prepare, extract, deliver; raises PeepshowError. Sink lines go to
    `stderr`."""
    prepare(request)
    return deliver(request, extract(request, reporter), stderr)
