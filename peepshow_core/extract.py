"""One extraction: probe the file, pick frames and transcribe concurrently, build the payload."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peepshow_core.frames import FrameOptions, FramesResult
from peepshow_core.payload import FrameRecord, RunFacts, build_payload, frame_url, validate
from peepshow_core.probe import MediaInfo, probe
from peepshow_core.transcribe import TranscribeOptions, TranscriptResult

StatusFn = Callable[[str], None]
ProgressFn = Callable[[float], None]  # share of the video scanned, 0..1


@dataclass
class RunOptions:
    frames: FrameOptions = field(default_factory=FrameOptions)
    transcribe: TranscribeOptions | None = field(default_factory=TranscribeOptions)  # None: skip
    out_dir: Path | None = None  # parent of the per-run folder; None: PEEPSHOW_OUT_DIR or cache
    title: str | None = None  # None: from the file name
    tags: list[str] = field(default_factory=list)
    contact_sheet: bool = False
    frame_base_url: str | None = None  # None: PEEPSHOW_FRAME_BASE_URL


def default_out_dir() -> Path:
    named = os.environ.get("PEEPSHOW_OUT_DIR")
    if named:
        return Path(named).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("peepshow")) / "runs"


def title_from_name(path: Path) -> str:
    """`my_talk-2024.final.mp4` -> `my talk 2024.final`: readable, nothing invented."""
    return re.sub(r"[_\s]+", " ", path.stem).strip() or path.name


def _run_folder(parent: Path, video: Path, run_id: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", video.stem).strip("-.")[:60] or "video"
    folder = parent.expanduser().resolve() / f"{slug}-{run_id[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_extraction(
    video: Path,
    options: RunOptions,
    status: StatusFn | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Return the run payload (schema peepshow.run/1). Raises PeepshowError for bad input."""
    say = status or (lambda _message: None)
    info = probe(video)
    run_id = str(uuid.uuid4())
    warnings: list[str] = []
    frames_dir = None
    if info.video is not None:
        frames_dir = _run_folder(options.out_dir or default_out_dir(), info.path, run_id)

    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="peepshow") as pool:
            transcript_job = _start_transcription(pool, info, options, say)
            frames = _pick_frames(info, options, frames_dir, say, progress)
            transcript = _finish_transcription(transcript_job, info, options)
    except BaseException:
        if frames_dir is not None and not any(frames_dir.iterdir()):
            frames_dir.rmdir()  # leave no empty run folder behind a failed run
        raise

    warnings += frames.warnings + transcript.warnings
    records = frames.frames
    if transcript.transcript is not None:
        _attach_spoken_words(records, transcript.transcript, info.duration_s)
    base_url = options.frame_base_url or os.environ.get("PEEPSHOW_FRAME_BASE_URL")
    if base_url:
        for record in records:
            record.url = frame_url(base_url, record.path.name)
    sheet = None
    if options.contact_sheet and records and frames_dir is not None:
        from peepshow_core.contact_sheet import make_contact_sheet

        sheet = make_contact_sheet(records, frames_dir / "contact-sheet.jpg")
        if base_url:
            sheet["url"] = frame_url(base_url, Path(sheet["path"]).name)

    facts = RunFacts(
        source=info.path,
        title=options.title or title_from_name(info.path),
        tags=list(dict.fromkeys(options.tags)),
        video=info.video,
        audio=info.audio,
        duration_s=info.duration_s,
        strategy=options.frames.strategy,
        strategy_params=frames.params,
        frames=records,
        frames_dir=frames_dir,
        transcript=transcript.transcript,
        transcript_reason=transcript.reason,
        warnings=warnings,
        contact_sheet=sheet,
        run_id=run_id,
    )
    payload = build_payload(facts)
    validate(payload)
    return payload


def _start_transcription(
    pool: ThreadPoolExecutor, info: MediaInfo, options: RunOptions, say: StatusFn
) -> Future[TranscriptResult] | None:
    if options.transcribe is None or info.audio is None:
        return None
    from peepshow_core.transcribe import transcribe_file

    say(f"transcribing with {options.transcribe.engine}")
    return pool.submit(transcribe_file, info.path, options.transcribe)


def _finish_transcription(
    job: Future[TranscriptResult] | None, info: MediaInfo, options: RunOptions
) -> TranscriptResult:
    if options.transcribe is None:
        return TranscriptResult(None, reason="transcription was turned off (--no-transcript)")
    if job is None:
        return TranscriptResult(None, reason="the file has no audio track")
    return job.result()


def _pick_frames(
    info: MediaInfo,
    options: RunOptions,
    frames_dir: Path | None,
    say: StatusFn,
    progress: ProgressFn | None,
) -> FramesResult:
    params = {"max_frames": options.frames.max_frames}
    if info.video is None or frames_dir is None:
        return FramesResult([], params, ["the file has no video stream: no frames"])
    from peepshow_core.frames import extract_frames

    say(f"picking frames ({options.frames.strategy})")
    duration = info.duration_s

    def seconds_done(seconds: float) -> None:
        if progress is not None and duration:
            progress(seconds / duration)

    result = extract_frames(info.path, options.frames, frames_dir, seconds_done)
    say(f"{len(result.frames)} frames written to {frames_dir}")
    return result


def _attach_spoken_words(
    frames: list[FrameRecord], transcript: dict[str, Any], duration_s: float | None
) -> None:
    """Each frame gets the words spoken from its time until the next frame's (or the end)."""
    from peepshow_core.transcribe import words_between

    end_of_media = duration_s if duration_s is not None else float("inf")
    for i, frame in enumerate(frames):
        start = 0.0 if i == 0 else frame.time_s
        end = frames[i + 1].time_s if i + 1 < len(frames) else end_of_media
        frame.transcript = words_between(transcript, start, end)
