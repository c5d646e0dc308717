"""Wire formats of the analytics services the event-track sink speaks: Mixpanel, Amplitude, Segment.

Each provider turns one `TrackEvent` into the keyword arguments of `Http.request` (exactly what
its official library sends) and reads the answer, raising when the event was not accepted.
Sources: docs/sinks/event-track.md and /work/shared/reference/sink-apis.md §3–§6.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from peepshow_sinks.http import describe_body

from peepshow_core import __version__
from peepshow_core.errors import BadInputError, ConfigError, RejectedError, TemporaryError

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
    default_url: str
    string_limit_bytes: int  # longest string property the service keeps whole (UTF-8 bytes)
    encode: Callable[[TrackEvent, str], dict[str, Any]]  # (event, token) -> Http.request kwargs
    accept: Callable[[requests.Response], None]  # raises unless the service accepted the event
    rate_limit_pause: float | None = None


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _json_body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _other_status(service: str, response: requests.Response) -> None:
    detail = f"{service} answered HTTP {response.status_code}: {describe_body(response)}"
    if response.status_code >= 500:
        raise TemporaryError(detail)
    if response.status_code in (401, 403):
        raise RejectedError(f"{detail} (check EVENT_TRACK_TOKEN)")
    raise RejectedError(detail)


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


def _mixpanel_accept(response: requests.Response) -> None:
    if response.status_code != 200:
        _other_status("Mixpanel", response)
    body = _json_body(response)
    if "status" not in body:
        raise RejectedError(
            f"Mixpanel's answer is not the verbose JSON of /track ({describe_body(response)}); "
            "check that EVENT_TRACK_ENDPOINT points at Mixpanel"
        )
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


def _amplitude_accept(response: requests.Response) -> None:
    if response.status_code == 200:
        return
    body = _json_body(response)
    error = str(body.get("error") or describe_body(response))
    if response.status_code == 400 and error.startswith("Invalid API key"):
        raise RejectedError(f"Amplitude refused the API key: check EVENT_TRACK_TOKEN ({error})")
    if response.status_code == 400:
        details = {
            k: body[k]
            for k in ("missing_field", "events_with_invalid_fields", "events_with_missing_fields")
            if body.get(k)
        }
        raise RejectedError(
            f"Amplitude refused the event: {error}" + (f" {_compact(details)}" if details else "")
        )
    if response.status_code == 413:
        raise RejectedError(f"Amplitude refused the request as too large (over 1 MB): {error}")
    if response.status_code == 403:  # Amplitude's firewall, not the key (that is a 400)
        raise RejectedError(f"Amplitude's firewall blocked the request (HTTP 403): {error}")
    _other_status("Amplitude", response)


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


def _segment_accept(response: requests.Response) -> None:
    if response.status_code != 200:  # 200 only means "received": Segment drops bad data silently
        _other_status("Segment", response)


PROVIDERS: dict[str, Provider] = {
    "mixpanel": Provider(
        "mixpanel", "https://api.mixpanel.com/track", 255, _mixpanel_encode, _mixpanel_accept
    ),
    "amplitude": Provider(
        "amplitude",
        "https://api2.amplitude.com/2/httpapi",
        1024,
        _amplitude_encode,
        _amplitude_accept,
        rate_limit_pause=30.0,
    ),
    "segment": Provider(
        "segment", "https://api.segment.io/v1/track", 1024, _segment_encode, _segment_accept
    ),
}
