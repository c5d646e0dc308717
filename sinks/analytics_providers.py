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
from peepshow_sinks.http import describe_body, json_fields
from peepshow_sinks.sinklib import json_object

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
    explain: Callable[[requests.Response], None]  # raises for refusals the status does not tell
    hints: dict[int, str] = field(default_factory=dict)  # status -> what it means here
    rate_limit_pause: float | None = None


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


def _mixpanel_explain(response: requests.Response) -> None:
    if response.status_code != 200:
        return
    problem = "Mixpanel's answer is not the verbose JSON of /track"
    hint = "check that EVENT_TRACK_ENDPOINT points at Mixpanel"
    body = json_object(response, problem, hint, keys=("status",), error=RejectedError)
    if body["status"] != 1:
        raise RejectedError(f"Mixpanel refused the event: {body.get('error') or 'no reason given'}")


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


def _amplitude_explain(response: requests.Response) -> None:
    """A 400 is a bad key or a bad event; the body says which."""
    if response.status_code != 400:
        return
    error, body = describe_body(response), json_fields(response) or {}
    if error.startswith("Invalid API key"):
        raise RejectedError(f"Amplitude refused the API key: check EVENT_TRACK_TOKEN ({error})")
    fields = ("missing_field", "events_with_invalid_fields", "events_with_missing_fields")
    details = {k: body[k] for k in fields if body.get(k)}
    raise RejectedError(
        f"Amplitude refused the event: {error}" + (f" {_compact(details)}" if details else "")
    )


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


def _segment_explain(response: requests.Response) -> None:
    """Nothing to add: 200 only means "received" (Segment drops bad data silently)."""


PROVIDERS: dict[str, Provider] = {
    "mixpanel": Provider(
        "mixpanel",
        "Mixpanel",
        "https://api.mixpanel.com/track",
        255,
        _mixpanel_encode,
        _mixpanel_explain,
    ),
    "amplitude": Provider(
        "amplitude",
        "Amplitude",
        "https://api2.amplitude.com/2/httpapi",
        1024,
        _amplitude_encode,
        _amplitude_explain,
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
    ),
}
