"""Wire formats of the analytics services the event-track sink speaks: Mixpanel, Amplitude, Segment.

Each provider turns one `TrackEvent` into the keyword arguments of `Http.request` (exactly what
its official library sends) and explains the answers that its status alone does not (the sink
maps the statuses with `sinklib.raise_for_status` and the provider's hints).
Sources: docs/sinks/event-track.md (each rule there names its public source).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peepshow_core import __version__
from peepshow_core.contract.errors import BadInputError, ConfigError, RejectedError
from peepshow_sinks.describe import describe_body, json_fields
from peepshow_sinks.http import Redactor

if TYPE_CHECKING:
    import requests

SEGMENT_MAX_EVENT_BYTES = 32 * 1024  # analytics-python MAX_MSG_SIZE; the API answers 400 above it
AMPLITUDE_MIN_ID_LENGTH = 5  # shorter user ids are stripped unless options.min_id_length says so
MIXPANEL_PLACEHOLDER_IDS = frozenset(
    {"anon", "null", "undefined", "0", "-1", "00000000-0000-0000-0000-000000000000"}
)


@dataclass(frozen=True)
class TrackEvent:
    """One `track` call, provider-neutral. `dedup_id` and the times never change on redelivery."""

    name: str
    user_id: str
    dedup_id: str  # a UUID string: 36 characters of hex digits and '-'
    time_ms: int
    timestamp: str  # ISO-8601 UTC with milliseconds
    properties: dict[str, Any]


@dataclass(frozen=True)
class Provider:
    name: str
    title: str  # as messages name it
    default_url: str
    string_limit_bytes: int  # longest string property the service keeps whole (UTF-8 bytes)
    encode: Callable[[TrackEvent, str], dict[str, Any]]  # (event, token) -> Http.request kwargs
    # raises for refusals the status does not tell (messages masked with the Redactor)
    explain: Callable[[requests.Response, Redactor], None]
    success: Callable[[dict[str, Any]], bool]  # the documented success answer (HTTP 200)
    hints: dict[int, str] = field(default_factory=dict)  # status -> what it means here
    rate_limit_pause: float | None = None
    empty_ok: bool = False  # an empty 200 counts as a success


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# Mixpanel /track: form field `data` = JSON list of events, token inside each event's
# properties, verbose=1 so a refusal comes back as HTTP 200 {"status": 0, "error": "..."}.
def _mixpanel_encode(event: TrackEvent, token: str) -> dict[str, Any]:
    if event.user_id.lower() in MIXPANEL_PLACEHOLDER_IDS:
        raise ConfigError(
            f"EVENT_TRACK_USER_ID {event.user_id!r} is a placeholder that Mixpanel refuses "
            "as distinct_id"
        )
    properties = {
        "token": token,
        "distinct_id": event.user_id,
        "time": event.time_ms,
        "$insert_id": event.dedup_id,
        "mp_lib": "peepshow",
        "$lib_version": __version__,
        **event.properties,
    }
    data = _compact([{"event": event.name, "properties": properties}])
    return {"data": {"data": data, "verbose": "1", "ip": "0"}}


def _mixpanel_explain(response: requests.Response, redactor: Redactor) -> None:
    """verbose=1: a refusal is HTTP 200 `{"status": 0, "error": "..."}`."""
    body = json_fields(response) if response.status_code == 200 else None
    if body is not None and _is_int(body.get("status"), 0):
        reason = redactor.redact(str(body.get("error") or "no reason given"))[:300]
        raise RejectedError(f"Mixpanel refused the event: {reason}")


def _mixpanel_success(body: dict[str, Any]) -> bool:
    """Exactly the documented success, `{"status": 1, "error": null}`: the number 1 (not `true`,
    which Python takes for 1, nor "1") and no error (a `{"status": 1, "error": "…"}` contradicts
    itself: no receipt)."""
    return _is_int(body.get("status"), 1) and body.get("error") is None


def _is_int(value: Any, expected: int) -> bool:
    """`value` is the JSON number `expected` (a bool is no number here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value == expected


# Amplitude HTTP V2: JSON {api_key, events: [...], options?}; time in integer milliseconds.
def _amplitude_encode(event: TrackEvent, token: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "api_key": token,
        "events": [
            {
                "user_id": event.user_id,
                "event_type": event.name,
                "time": event.time_ms,
                "insert_id": event.dedup_id,
                "event_properties": event.properties,
            }
        ],
    }
    if len(event.user_id) < AMPLITUDE_MIN_ID_LENGTH:
        body["options"] = {"min_id_length": len(event.user_id)}
    return {"json": body}


def _amplitude_explain(response: requests.Response, redactor: Redactor) -> None:
    """A 400 is a bad key or a bad event; the body says which."""
    if response.status_code != 400:
        return
    error, body = describe_body(response, mask=redactor), json_fields(response) or {}
    if error.startswith("Invalid API key"):
        raise RejectedError(f"Amplitude refused the API key: check EVENT_TRACK_TOKEN ({error})")
    fields = ("missing_field", "events_with_invalid_fields", "events_with_missing_fields")
    details = {k: body[k] for k in fields if body.get(k)}
    shown = redactor.redact(_compact(details))[:300] if details else ""
    raise RejectedError(f"Amplitude refused the event: {error}" + (f" {shown}" if shown else ""))


# Segment /v1/track: JSON, HTTP Basic with the write key as user name and an empty password.
def _segment_encode(event: TrackEvent, token: str) -> dict[str, Any]:
    body = {
        "userId": event.user_id,
        "event": event.name,
        "properties": event.properties,
        "timestamp": event.timestamp,
        "messageId": event.dedup_id,
        "context": {"library": {"name": "peepshow", "version": __version__}},
    }
    size = len(json.dumps(body).encode())
    if size > SEGMENT_MAX_EVENT_BYTES:  # Segment would answer 400; catch it before sending
        raise BadInputError(
            f"the Segment event would be {size} bytes, over Segment's limit of "
            f"{SEGMENT_MAX_EVENT_BYTES} bytes per event (long or many tags?)"
        )
    return {"json": body, "auth": (token, "")}


def _segment_explain(response: requests.Response, redactor: Redactor) -> None:
    """Nothing to add: 200 only means "received" (Segment drops bad data silently)."""


def _amplitude_success(body: dict[str, Any]) -> bool:
    """`{"code": 200, "events_ingested": N, ...}` with our one event counted."""
    ingested = body.get("events_ingested")
    return isinstance(ingested, int) and not isinstance(ingested, bool) and ingested >= 1


def _segment_success(body: dict[str, Any]) -> bool:
    """200 with `{"success": true}` (observed; the body is not documented) or an empty body."""
    return body.get("success") is not False


PROVIDERS: dict[str, Provider] = {
    "mixpanel": Provider(
        "mixpanel",
        "Mixpanel",
        "https://api.mixpanel.com/track",
        255,
        _mixpanel_encode,
        _mixpanel_explain,
        _mixpanel_success,
    ),
    "amplitude": Provider(
        "amplitude",
        "Amplitude",
        "https://api2.amplitude.com/2/httpapi",
        1024,
        _amplitude_encode,
        _amplitude_explain,
        _amplitude_success,
        hints={
            403: "Amplitude's firewall blocked the request (a bad key is a 400, not this)",
            413: "the request is too large (Amplitude takes at most 1 MB)",
        },
        rate_limit_pause=30.0,
    ),
    "segment": Provider(
        "segment",
        "Segment",
        "https://api.segment.io/v1/track",
        1024,
        _segment_encode,
        _segment_explain,
        _segment_success,
        empty_ok=True,
    ),
}
