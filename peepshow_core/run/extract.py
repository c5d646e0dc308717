"""One extraction: probe the file, pick frames and transcribe concurrently, build the payload."""

from __future__ import annotations

import contextlib
import re
import threading
import uuid
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from peepshow_core.contract import paths, settings
from peepshow_core.contract.errors import OutputError
from peepshow_core.contract.payload import RunFacts, build_payload, frame_url, validate
from peepshow_core.contract.shapes import FrameShape
from peepshow_core.contract.tilde import expand_user
from peepshow_core.contract.vocab import OnShare, OnStatus
from peepshow_core.frames.select import FramesResult, extract_frames
from peepshow_core.media.probe import MediaInfo, probe
from peepshow_core.render.contact_sheet import make_contact_sheet
from peepshow_core.run import folders
from peepshow_core.run.background import in_background
from peepshow_core.run.options import RunOptions
from peepshow_core.run.transcript_cache import transcribe_cached
from peepshow_core.speech.engine import TranscriptResult
from peepshow_core.speech.transcript import reliable_between, words_between

CONTACT_SHEET_NAME = "contact-sheet.jpg"
RUN_FOLDER_SLUG_CHARS = 60
EARLIER_ATTEMPT_PREFIXES = ("frame-", ".candidate-")  # frames/output.py's file names


class RunStopped(Exception):
    """Raised inside the transcription thread once the run has failed or was interrupted."""


def title_from_name(path: Path) -> str:
    """`my_talk-2024.final.mp4` -> `my talk 2024.final`: readable, nothing invented."""
    return re.sub(r"[_\s]+", " ", path.stem).strip() or path.name


def _run_folder(parent: Path, video: Path, run_id: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", video.stem).strip("-.")[:RUN_FOLDER_SLUG_CHARS]
    folder = expand_user(parent).resolve() / f"{slug or 'video'}-{run_id[:8]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise OutputError(f"cannot create the run folder under {parent}: {reason}") from None
    _clear_earlier_attempt(folder)
    return folder


def _clear_earlier_attempt(folder: Path) -> None:
    """Remove the images an earlier run with the same id left (a batch job retried after its
    worker died, or redone with --force): only files peepshow names itself."""
    for entry in folder.iterdir():
        ours = entry.name.startswith(EARLIER_ATTEMPT_PREFIXES) or entry.name == CONTACT_SHEET_NAME
        if ours and entry.is_file():
            entry.unlink(missing_ok=True)


def run_extraction(
    video: Path,
    options: RunOptions,
    on_status: OnStatus | None = None,
    on_share: OnShare | None = None,
    on_transcribed: OnShare | None = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    """Return the run payload (schema peepshow.run/1). Raises PeepshowError for bad input.
    `on_share` gets the share of the video's frames scanned so far, `on_transcribed` the share
    of the audio transcribed. `run_id` (a UUID) is given by `peepshow batch`; its run folder may
    hold an earlier attempt, which is cleared."""
    say = on_status or (lambda _message: None)
    base_url = settings.frame_base_url(options.frame_base_url)  # refused before any work
    info = probe(video)
    run_id = run_id or str(uuid.uuid4())
    warnings: list[str] = []
    frames_dir = None
    if info.video is not None:
        frames_dir = _run_folder(options.out_dir or paths.out_dir(), info.path, run_id)

    stop = threading.Event()  # set when the run fails (Ctrl-C): transcription stops early

    def transcribed(share: float) -> None:
        if stop.is_set():
            raise RunStopped
        if on_transcribed is not None:
            on_transcribed(share)

    def told(message: str) -> None:  # (a stopped run's transcription says nothing more)
        if not stop.is_set():
            say(message)

    try:
        transcript_job = _start_transcription(info, options, told, transcribed)
        frames = _pick_frames(info, options, frames_dir, say, on_share)
        transcript = _finish_transcription(transcript_job, info, options)
    except BaseException:
        # The transcription stops at its next step instead of finishing the audio; the run does
        # not wait for that: an engine's one long step (reading a long recording's audio,
        # finding the speech in all of it) takes seconds a minute of audio.
        stop.set()
        if frames_dir is not None:  # frames without a payload are no run (`runs list` would
            with contextlib.suppress(OSError):  # show them): only what peepshow names goes
                _clear_earlier_attempt(frames_dir)
                frames_dir.rmdir()  # (left if anything else is in it)
        raise

    warnings += frames.warnings + transcript.warnings
    records = [record.to_dict() for record in frames.frames]
    if transcript.transcript is not None:
        _attach_spoken_words(records, transcript.transcript, info.duration_s)
    if base_url:
        for record in records:
            record["url"] = frame_url(base_url, Path(record["path"]).name)
    sheet = None
    if options.contact_sheet and records and frames_dir is not None:
        try:
            sheet = make_contact_sheet(records, frames_dir / CONTACT_SHEET_NAME)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise OutputError(f"cannot write the contact sheet in {frames_dir}: {reason}") from None
        if base_url:
            sheet["url"] = frame_url(base_url, CONTACT_SHEET_NAME)

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
    if frames_dir is not None:
        _mark(frames_dir, payload)
    return payload


def _mark(frames_dir: Path, payload: dict[str, Any]) -> None:
    try:
        folders.mark(
            frames_dir,
            payload["run_id"],
            payload["title"],
            Path(payload["source"]["path"]),
            payload["created_at"],
        )
    except OSError as exc:
        raise OutputError(f"cannot write in the run folder {frames_dir}: {exc.strerror}") from None


def _start_transcription(
    info: MediaInfo,
    options: RunOptions,
    say: OnStatus,
    on_transcribed: OnShare | None,
) -> Future[TranscriptResult] | None:
    if options.transcribe is None or info.audio is None:
        return None
    say(f"transcribing with {options.transcribe.engine}")
    chosen = options.transcribe
    return in_background(lambda: transcribe_cached(info.path, chosen, on_transcribed, say))


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
    say: OnStatus,
    on_share: OnShare | None,
) -> FramesResult:
    params = {"max_frames": options.frames.max_frames}
    if info.video is None or frames_dir is None:
        return FramesResult([], params, ["the file has no video stream: no frames"])
    say(f"picking frames ({options.frames.strategy})")
    duration = info.duration_s

    def seconds_done(seconds: float) -> None:
        if on_share is not None and duration:
            on_share(seconds / duration)

    result = extract_frames(info.path, options.frames, frames_dir, seconds_done)
    if on_share is not None:
        on_share(1.0)
    noun = "frame" if len(result.frames) == 1 else "frames"
    say(f"{len(result.frames)} {noun} written to {frames_dir}")
    return result


def _attach_spoken_words(
    frames: list[FrameShape], transcript: dict[str, Any], duration_s: float | None
) -> None:
    """Each frame gets the words spoken from its time until the next frame's (or the end), and
    whether they can be trusted."""
    end_of_media = duration_s if duration_s is not None else float("inf")
    for i, frame in enumerate(frames):
        start = 0.0 if i == 0 else frame["time_s"]
        end = frames[i + 1]["time_s"] if i + 1 < len(frames) else end_of_media
        frame["transcript"] = words_between(transcript, start, end)
        frame["transcript_reliable"] = reliable_between(transcript, start, end)
