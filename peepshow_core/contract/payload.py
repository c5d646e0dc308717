"""The run payload: build it, validate it, and own its schema version (`peepshow.run/1`)."""

from __future__ import annotations

import base64
import json
import math
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

from peepshow_core import __version__
from peepshow_core.contract.errors import BadInputError, UnsupportedSchemaError
from peepshow_core.contract.shapes import FrameShape

SCHEMA_NAME = "peepshow.run"
SCHEMA_MAJOR = 1
SCHEMA_ID = f"{SCHEMA_NAME}/{SCHEMA_MAJOR}"
MAX_PAYLOAD_CHARS = 64 * 1024 * 1024  # far above any run (an hour of words is a few MB)


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


def valid_text(text: str) -> str:
    """`text` as valid Unicode: a file-name byte that is not UTF-8 (which Python holds as a lone
    surrogate, U+DC80..U+DCFF) becomes U+FFFD, so the payload encodes as UTF-8 everywhere."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _valid(value: Any) -> Any:
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, dict):
        return {valid_text(str(k)): _valid(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid(v) for v in value]
    return value


def source_names(source: Path) -> dict[str, Any]:
    """`path` and `name` of a `source` as valid text: a name that is not valid UTF-8 is shown
    with U+FFFD for each undecodable byte and its exact bytes are kept in `path_b64`
    (docs/PLUGINS.md)."""
    names: dict[str, Any] = {"path": valid_text(str(source)), "name": valid_text(source.name)}
    if names["path"] != str(source):
        names["path_b64"] = base64.b64encode(os.fsencode(source)).decode("ascii")
    return names


def source_facts(source: Path) -> dict[str, Any]:
    """The payload's `source` (`source_names`, the extension and the size)."""
    names = source_names(source)
    facts: dict[str, Any] = {
        "path": names["path"],
        "name": names["name"],
        "extension": valid_text(source.suffix.lower().lstrip(".")),
        "size_bytes": source.stat().st_size,
    }
    if "path_b64" in names:
        facts["path_b64"] = names["path_b64"]
    return facts


def build_payload(facts: RunFacts) -> dict[str, Any]:
    source = facts.source.resolve()
    payload: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "run_id": facts.run_id,
        "created_at": rfc3339(facts.created_at),
        "title": facts.title,
        "tags": list(facts.tags),
        "source": source_facts(source),
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
    source_part = payload.pop("source")
    return {**_valid(payload), "source": source_part}


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
    """Full validation against the shipped JSON Schema, plus what a schema cannot say: every
    number finite, every string valid Unicode, `created_at` a real moment. Raises
    BadInputError naming the field."""
    check_version(payload)
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    try:
        error = jsonschema.exceptions.best_match(validator.iter_errors(payload))
    except RecursionError:
        raise BadInputError("payload is nested too deeply to be a peepshow run") from None
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise BadInputError(f"payload is invalid at {where}: {error.message}")
    _check_values(payload)
    try:
        datetime.fromisoformat(payload["created_at"].replace("Z", "+00:00"))
    except ValueError:
        raise BadInputError(
            f"payload is invalid at created_at: {payload['created_at']!r} is no date and time"
        ) from None


def _check_values(payload: Any) -> None:
    """No NaN or infinity (JSON has none), no lone surrogate (no UTF-8 for it): walked without
    recursion, naming the first bad value's place."""
    stack: list[tuple[str, Any]] = [("", payload)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            raise BadInputError(
                f"payload is invalid at {where or '(top level)'}: {value} is no number"
            )
        if isinstance(value, str) and valid_text(value) != value:
            raise BadInputError(
                f"payload is invalid at {where or '(top level)'}: text that is not valid Unicode "
                "(a lone surrogate such as \\udcff; file names that are not UTF-8 are sent with "
                "U+FFFD and source.path_b64)"
            )
        prefix = f"{where}/" if where else ""
        if isinstance(value, dict):
            stack += [(f"{prefix}{k}", v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{prefix}{i}", v) for i, v in enumerate(value)]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large for a number")
    return value


def loads(text: str) -> Any:
    """Strict JSON: NaN, Infinity and numbers too large for a double are refused (ValueError),
    as is nesting deeper than Python can parse (RecursionError)."""
    return json.loads(text, parse_constant=_no_constant, parse_float=_finite)


def read_document(stream: IO[str] | None) -> str:
    """The whole payload document from `stream` (stdin); BadInputError when it is closed, not
    readable, not UTF-8, or larger than any payload (a device that never ends)."""
    if stream is None:
        raise BadInputError("stdin is closed; pipe one peepshow run payload (JSON) into it")
    try:
        text = stream.read(MAX_PAYLOAD_CHARS + 1)
    except UnicodeDecodeError:
        raise BadInputError("stdin is not UTF-8 text (expected one peepshow run payload)") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise BadInputError(f"cannot read stdin ({reason})") from None
    if len(text) > MAX_PAYLOAD_CHARS:
        raise BadInputError(
            f"stdin holds more than {MAX_PAYLOAD_CHARS // (1024 * 1024)} MiB, more than any "
            "payload; is it the right input?"
        )
    return text


def parse(text: str) -> dict[str, Any]:
    """Parse and validate a payload document (what a sink reads on stdin)."""
    if not text.strip():
        raise BadInputError("no payload on stdin (expected one peepshow run JSON document)")
    try:
        payload = loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"stdin is not JSON: {exc.msg} at line {exc.lineno}") from None
    except ValueError as exc:
        raise BadInputError(f"stdin is not a peepshow run: {exc}") from None
    except RecursionError:
        raise BadInputError("stdin is nested too deeply to be a peepshow run") from None
    validate(payload)
    return payload
