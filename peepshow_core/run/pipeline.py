"""One run, the same for every front end (`peepshow VIDEO`, the MCP tool, `peepshow batch`):
check what delivery will need before any work, extract, report warnings, deliver to sinks.

Front ends parse their input into a `RunRequest`, call `execute`, and render what comes back;
none of them orchestrates on its own, so their behaviour cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from peepshow_core.delivery import dispatch
from peepshow_core.frames.options import check_options
from peepshow_core.run.options import RunOptions, RunRequest

__all__ = ["Reporter", "RunOptions", "RunOutcome", "RunRequest", "execute", "prepare"]


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

    def progress(self, share: float) -> None: ...  # share of the video scanned, 0..1


def prepare(request: RunRequest) -> RunRequest:
    """Everything that can be checked before extracting, so a mistake costs no decoding: the
    frame options, the sink names and their executables, the sink settings. The video path
    gets `~` expanded. Raises PeepshowError."""
    check_options(request.options.frames)
    dispatch.preflight(request.sinks, use_registry=request.registered_sinks)
    request.video = Path(request.video).expanduser()
    return request


def execute(request: RunRequest, reporter: Reporter, stderr: TextIO) -> RunOutcome:
    """Run `request`; raises PeepshowError. Sink lines go to `stderr`."""
    prepare(request)
    from peepshow_core.run.extract import run_extraction  # PyAV, numpy, the speech engines

    payload = run_extraction(
        request.video, request.options, on_status=reporter.status, on_share=reporter.progress
    )
    for warning in payload["warnings"]:
        reporter.warn(warning)
    wanted = request.options.transcribe is not None and payload["audio"]
    if payload["transcript"] is None and wanted:
        reporter.warn(f"no transcript: {payload['transcript_reason']}")
    deliveries = dispatch.deliver(
        payload, request.sinks, use_registry=request.registered_sinks, stderr=stderr
    )
    if deliveries:
        payload = {**payload, "deliveries": [d.to_dict() for d in deliveries]}
    return RunOutcome(payload, deliveries)
