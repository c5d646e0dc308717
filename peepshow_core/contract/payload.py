"""The run payload: build it, validate it, and own its schema version (`peepshow.run/1`)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from peepshow_core import __version__
from peepshow_core.contract.errors import BadInputError, UnsupportedSchemaError
from peepshow_core.contract.shapes import FrameShape

SCHEMA_NAME = "peepshow.run"
SCHEMA_MAJOR = 1
SCHEMA_ID = f"{SCHEMA_NAME}/{SCHEMA_MAJOR}"


@dataclass
class RunFacts:
    """Everything extraction learned; `build_payload` turns it into the JSON document."""

    source: Path
    title: str
    tags: list[str]
    video: dict[str, Any] | None
    audio: dict[str, Any] | None
    duration_s: float | None
    strategy: str
    strategy_params: dict[str, Any]
    frames: list[FrameShape]
    frames_dir: Path | None
    transcript: dict[str, Any] | None
    transcript_reason: str | None
    warnings: list[str] = field(default_factory=list)
    contact_sheet: dict[str, Any] | None = None
    run_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def frame_url(base: str, file_name: str) -> str:
    """The public URL of a frame file under `base` (PEEPSHOW_FRAME_BASE_URL): exactly one `/`
    between them, whether or not `base` ends in one."""
    return f"{base.rstrip('/')}/{file_name.lstrip('/')}"


def build_payload(facts: RunFacts) -> dict[str, Any]:
    source = facts.source.resolve()
    payload: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "run_id": facts.run_id,
        "created_at": rfc3339(facts.created_at),
        "title": facts.title,
        "tags": list(facts.tags),
        "source": {
            "path": str(source),
            "name": source.name,
            "extension": source.suffix.lower().lstrip("."),
            "size_bytes": source.stat().st_size,
        },
        "video": facts.video,
        "audio": facts.audio,
        "duration_s": None if facts.duration_s is None else round(facts.duration_s, 3),
        "strategy": facts.strategy,
        "strategy_params": facts.strategy_params,
        "frames": [dict(frame) for frame in facts.frames],
        "frames_dir": None if facts.frames_dir is None else str(facts.frames_dir),
        "thumbnail_url": next((f["url"] for f in facts.frames if f.get("url")), None),
        "contact_sheet": facts.contact_sheet,
        "transcript": facts.transcript,
        "transcript_reason": None if facts.transcript is not None else facts.transcript_reason,
        "warnings": list(facts.warnings),
        "peepshow": {"version": __version__},
    }
    return payload


@cache
def json_schema() -> dict[str, Any]:
    text = (
        resources.files("peepshow_core.contract")
        .joinpath("schema/run-1.schema.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def check_version(payload: Any) -> None:
    """Cheap gate for consumers: a JSON object whose `schema` is a major version we know."""
    if not isinstance(payload, dict):
        raise BadInputError("payload is not a JSON object")
    schema = payload.get("schema")
    if not isinstance(schema, str) or "/" not in schema:
        raise BadInputError("payload has no 'schema' field (expected 'peepshow.run/1')")
    name, _, major = schema.rpartition("/")
    if name != SCHEMA_NAME:
        raise BadInputError(f"payload schema {schema!r} is not a peepshow run")
    if major.split(".")[0] != str(SCHEMA_MAJOR):
        raise UnsupportedSchemaError(
            f"payload schema {schema!r} is not supported (this version reads {SCHEMA_ID})"
        )


def validate(payload: Any) -> None:
    """Full validation against the shipped JSON Schema; raises BadInputError naming the field."""
    check_version(payload)
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(payload))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise BadInputError(f"payload is invalid at {where}: {error.message}")


def parse(text: str) -> dict[str, Any]:
    """Parse and validate a payload document (what a sink reads on stdin)."""
    if not text.strip():
        raise BadInputError("no payload on stdin (expected one peepshow run JSON document)")
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"stdin is not JSON: {exc.msg} at line {exc.lineno}") from None
    validate(payload)
    return payload
