"""The run payload's shapes as types (`peepshow.run/1`), for the code that builds and reads it.

A test keeps these in step with `schema/run-1.schema.json`: the same fields, the same required
ones (`NotRequired` marks the others). No `from __future__ import annotations` here: TypedDict
needs the annotations evaluated to tell required keys from optional ones.
"""

from typing import Any, NotRequired, TypedDict


class SourceShape(TypedDict):
    path: str
    name: str
    extension: str
    size_bytes: int
    path_b64: NotRequired[str]  # the path's exact bytes when they are not valid UTF-8


class VideoShape(TypedDict):
    codec: str
    width: int  # as a player shows it (upright)
    height: int
    rotation: NotRequired[int]  # degrees counter-clockwise the display matrix turns it
    fps: float | None
    duration_s: float | None


class AudioShape(TypedDict):
    codec: str
    sample_rate: int | None
    channels: int | None
    duration_s: NotRequired[float | None]


class FrameShape(TypedDict):
    index: int
    time_s: float
    path: str
    width: int
    height: int
    score: float
    url: NotRequired[str]
    transcript: NotRequired[str]
    transcript_reliable: NotRequired[bool]


class WordShape(TypedDict):
    start: float
    end: float
    word: str


class SegmentShape(TypedDict):
    start: float
    end: float
    text: str
    confidence: NotRequired[float]
    avg_logprob: NotRequired[float]
    no_speech_prob: NotRequired[float]
    compression_ratio: NotRequired[float]
    reliable: NotRequired[bool]
    reason: NotRequired[str]
    words: NotRequired[list[WordShape]]


class TranscriptShape(TypedDict):
    text: str
    language: str | None
    language_probability: float | None
    duration_s: float
    silence_ratio: float
    segments: list[SegmentShape]
    engine: str
    model: str
    reliable: NotRequired[bool]
    reason: NotRequired[str | None]
    confidence: NotRequired[float | None]
    avg_logprob: NotRequired[float | None]
    no_speech_prob: NotRequired[float | None]
    compression_ratio: NotRequired[float | None]


class ContactSheetShape(TypedDict):
    path: str
    width: int
    height: int
    url: NotRequired[str]


class DeliveryShape(TypedDict):
    sink: str
    ok: bool
    exit_code: int | None
    receipt: NotRequired[dict[str, Any] | None]
    error: NotRequired[str | None]
    outbox: NotRequired[str | None]
    skipped: NotRequired[str]


class VersionShape(TypedDict):
    version: str


class PayloadShape(TypedDict):
    schema: str
    run_id: str
    created_at: str
    title: str
    tags: list[str]
    source: SourceShape
    video: VideoShape | None
    audio: AudioShape | None
    duration_s: float | None
    strategy: str
    strategy_params: dict[str, Any]
    frames: list[FrameShape]
    frames_dir: str | None
    thumbnail_url: str | None
    contact_sheet: NotRequired[ContactSheetShape | None]
    transcript: TranscriptShape | None
    transcript_reason: str | None
    warnings: list[str]
    deliveries: NotRequired[list[DeliveryShape]]
    peepshow: VersionShape
