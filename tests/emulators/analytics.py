"""One local HTTP server playing Mixpanel, Amplitude and Segment ingestion, as documented.

Routes (docs/sinks/event-track.md names the public source of every rule):
- Mixpanel `POST /track`: form-encoded `data` (JSON event or list; legacy base64 accepted),
  token checked inside each event, `verbose=1` answers `{"status": 1|0, "error": ...}` with
  HTTP 200 (plain `1`/`0` otherwise), events older than 5 days or with a bad `$insert_id` refused;
  dedup on (event, distinct_id, time, $insert_id).
- Amplitude `POST /2/httpapi`: JSON only, > 1 MB → 413, bad key → 400 "Invalid API key: …",
  required fields, integer-ms `time`, ids shorter than `options.min_id_length` (default 5)
  stripped (then 400 for the event: exact answer unconfirmed), dedup on (user, insert_id).
- Segment `POST /v1/track`: JSON, Basic auth (write key, empty password) or body `writeKey`,
  > 32 KB or invalid JSON → 400, everything else 200, but missing userId/anonymousId, missing
  event, an unknown write key or a repeated messageId are recorded as *dropped*, not accepted.
Faults for the next requests (any path, or `path=` one route): every mode of
`peepshow_core.delivery.faultserver`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

from peepshow_core.delivery.faultserver import Answer, FaultServer, Request

MIXPANEL_TOKEN = "mp-project-token-7f3c9e"
AMPLITUDE_KEY = "amp-api-key-2b8d41"
SEGMENT_WRITE_KEY = "seg-write-key-95ad0c"
INSERT_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")
PLACEHOLDER_IDS = {"anon", "null", "undefined", "0", "-1", "00000000-0000-0000-0000-000000000000"}
FIVE_DAYS_S = 5 * 24 * 3600


ROUTES = {"/track": "mixpanel", "/2/httpapi": "amplitude", "/v1/track": "segment"}


class AnalyticsEmulator(FaultServer):
    def __init__(self) -> None:
        super().__init__()
        self.mixpanel_token = MIXPANEL_TOKEN
        self.amplitude_key = AMPLITUDE_KEY
        self.segment_write_key = SEGMENT_WRITE_KEY
        self.amplitude_max_bytes = 1_000_000
        self.segment_max_bytes = 32 * 1024
        self.accepted: dict[str, list[dict[str, Any]]] = {
            "mixpanel": [],
            "amplitude": [],
            "segment": [],
        }
        self.dropped: list[tuple[str, str]] = []  # (provider, reason)
        self._seen: set[tuple[Any, ...]] = set()

    def answer(self, request: Request) -> Answer:
        provider = ROUTES.get(request.path)
        if provider is None or request.method != "POST":
            return Answer.of(404, {"error": "not found"})
        headers, body = request.headers, request.body
        if provider == "mixpanel":
            status, answer = self.mixpanel(headers, body, request.query)
        else:
            status, answer = getattr(self, provider)(headers, body)
        return Answer.of(status, answer)

    def count(self, provider: str) -> int:
        return sum(1 for r in self.requests if ROUTES.get(r.path) == provider)

    def first_time(self, key: tuple[Any, ...]) -> bool:
        with self.lock:
            if key in self._seen:
                return False
            self._seen.add(key)
            return True

    # --- Mixpanel -------------------------------------------------------------------------
    def mixpanel(self, headers: Any, body: bytes, query: str) -> tuple[int, Any]:
        form = {k: v[-1] for k, v in parse_qs(query).items()}
        if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            form.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
        verbose = form.get("verbose") == "1"
        error = self._mixpanel_events(form.get("data"))
        if not verbose:
            return 200, "0" if error else "1"
        return 200, {"status": 0 if error else 1, "error": error}

    def _mixpanel_events(self, data: str | None) -> str | None:
        if not data:
            return "data, missing or empty"
        try:
            events = json.loads(data)
        except ValueError:
            try:
                events = json.loads(base64.b64decode(data, validate=True))
            except (ValueError, binascii.Error):
                return "data, invalid JSON"
        events = events if isinstance(events, list) else [events]
        if not 1 <= len(events) <= 2000:
            return "data, between 1 and 2000 events are accepted per request"
        for event in events:
            props = event.get("properties") if isinstance(event, dict) else None
            if not isinstance(props, dict) or not isinstance(event.get("event"), str):
                return "event object needs 'event' and 'properties'"
            if props.get("token") != self.mixpanel_token:
                return "token, invalid project token"
            if str(props.get("distinct_id", "")).lower() in PLACEHOLDER_IDS:
                return "distinct_id, placeholder value not allowed"
            stamp = props.get("time")
            if not isinstance(stamp, int) or isinstance(stamp, bool):
                return "properties.time, integer seconds or milliseconds required"
            seconds = stamp / 1000 if stamp > 10**11 else stamp
            if seconds < time.time() - FIVE_DAYS_S:
                return "event time older than 5 days: use /import"
            if not INSERT_ID.match(str(props.get("$insert_id", ""))):
                return "$insert_id, at most 36 characters of letters, digits and '-'"
            if len(props) >= 255 or any(
                isinstance(v, list) and len(v) >= 255 for v in props.values()
            ):
                return "too many properties or list elements (limit 255)"
        for event in events:
            props = event["properties"]
            kept = {k: (v[:255] if isinstance(v, str) else v) for k, v in props.items()}
            key = (event["event"], props["distinct_id"], props["time"], props["$insert_id"])
            if self.first_time(("mixpanel", *key)):
                self.accepted["mixpanel"].append({"event": event["event"], "properties": kept})
        return None

    # --- Amplitude ------------------------------------------------------------------------
    def amplitude(self, headers: Any, body: bytes) -> tuple[int, Any]:
        if len(body) > self.amplitude_max_bytes:
            return 413, {"code": 413, "error": "Payload too large"}
        if not headers.get("content-type", "").startswith("application/json"):
            return 400, {"code": 400, "error": "Invalid JSON request body"}
        try:
            request = json.loads(body)
        except ValueError:
            return 400, {"code": 400, "error": "Invalid JSON request body"}
        for name in ("api_key", "events"):
            if not request.get(name):
                return 400, {
                    "code": 400,
                    "error": "Request missing required field",
                    "missing_field": name,
                }
        if request["api_key"] != self.amplitude_key:
            return 400, {"code": 400, "error": f"Invalid API key: {request['api_key']}"}
        min_len = (request.get("options") or {}).get("min_id_length", 5)
        invalid: dict[str, list[int]] = {}
        events = []
        for index, raw in enumerate(request["events"]):
            event = {
                k: v
                for k, v in raw.items()
                if k not in ("user_id", "device_id") or len(str(v)) >= min_len
            }
            for name, ok in (
                ("event_type", isinstance(event.get("event_type"), str)),
                ("user_id", bool(event.get("user_id") or event.get("device_id"))),
                ("time", isinstance(event.get("time", 0), int)),
            ):
                if not ok:
                    invalid.setdefault(name, []).append(index)
            events.append(event)
        if invalid:
            return 400, {
                "code": 400,
                "error": "Invalid field values on some events",
                "events_with_invalid_fields": invalid,
            }
        for event in events:
            who = event.get("device_id") or event["user_id"]
            if "insert_id" not in event or self.first_time(("amplitude", who, event["insert_id"])):
                self.accepted["amplitude"].append(event)
        return 200, {
            "code": 200,
            "events_ingested": len(events),
            "payload_size_bytes": len(body),
            "server_upload_time": int(time.time() * 1000),
        }

    # --- Segment --------------------------------------------------------------------------
    def segment(self, headers: Any, body: bytes) -> tuple[int, Any]:
        if len(body) > self.segment_max_bytes:
            return 400, {"code": "invalid_request", "message": "Exceeded maximum size of 32KB"}
        try:
            message = json.loads(body)
        except ValueError:
            return 400, {"code": "invalid_request", "message": "Invalid JSON"}
        if not isinstance(message, dict):
            return 400, {"code": "invalid_request", "message": "Invalid JSON"}
        key = message.get("writeKey")
        auth = headers.get("authorization", "")
        if auth.startswith("Basic "):
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            key = user if password == "" else None
        reason = None
        if key != self.segment_write_key:
            reason = "unknown write key"
        elif not (message.get("userId") or message.get("anonymousId")):
            reason = "no_user_anon_id"
        elif not isinstance(message.get("event"), str) or not message["event"]:
            reason = "missing event"
        elif message.get("messageId") and not self.first_time(("segment", message["messageId"])):
            reason = "duplicate messageId"
        if reason:
            self.dropped.append(("segment", reason))
        else:
            self.accepted["segment"].append(message)
        return 200, {"success": True}


@contextlib.contextmanager
def running() -> Iterator[AnalyticsEmulator]:
    """A running emulator; `.url` is its base URL."""
    with AnalyticsEmulator() as emulator:
        yield emulator
