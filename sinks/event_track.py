"""peepshow-sink-event-track: one `track` event per run to Mixpanel, Amplitude or Segment.

The provider is chosen by EVENT_TRACK_PROVIDER; every provider gets the same properties (see
docs/sinks/event-track.md). The dedup id is derived from the run id, so a redelivered run
carries the same `$insert_id` / `insert_id` / `messageId` and the service drops the copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from peepshow_core.contract.errors import ConfigError
from peepshow_sinks.analytics_providers import PROVIDERS, Provider, TrackEvent
from peepshow_sinks.http import IDEMPOTENT_RETRY_STATUSES
from peepshow_sinks.sinklib import Context, Setting, acknowledged, raise_for_status, sink_main

MAX_TAGS = 254  # Mixpanel: list properties hold fewer than 255 elements
TOKEN_HINT = "the token was refused; check EVENT_TRACK_TOKEN"

SETTINGS = [
    Setting(
        "EVENT_TRACK_PROVIDER",
        help="mixpanel | amplitude | segment",
        required=True,
        example="mixpanel",
    ),
    Setting(
        "EVENT_TRACK_TOKEN",
        secret=True,
        required=True,
        help="Mixpanel project token / Amplitude API key / Segment write key",
    ),
    Setting(
        "EVENT_TRACK_USER_ID",
        help="who the event belongs to (distinct_id/user_id/userId)",
        required=True,
    ),
    Setting("EVENT_TRACK_EVENT_NAME", required=False, default="peepshow_run"),
    Setting(
        "EVENT_TRACK_ENDPOINT",
        required=False,
        help="override the URL: an EU data centre, a staging host or a mock",
    ),
]


def truncate(text: str, limit_bytes: int) -> str:
    """`text` cut to at most `limit_bytes` of UTF-8 on a character boundary, marked with '…'."""
    if len(text.encode()) <= limit_bytes:
        return text
    cut = text.encode()[: limit_bytes - len("…".encode())].decode(errors="ignore")
    return cut + "…"


def event_properties(payload: Mapping[str, Any], limit_bytes: int) -> dict[str, Any]:
    """The documented property set: run facts and transcript metadata, never the transcript."""
    video = payload.get("video") or {}
    transcript = payload.get("transcript") or {}
    text = transcript.get("text") or ""
    return {
        "run_id": payload["run_id"],
        "title": truncate(payload["title"], limit_bytes),
        "strategy": payload["strategy"],
        "frames": len(payload["frames"]),
        "codec": video.get("codec"),
        "duration_s": payload.get("duration_s"),
        "width": video.get("width"),
        "height": video.get("height"),
        "tags": [truncate(tag, limit_bytes) for tag in payload["tags"][:MAX_TAGS]],
        "has_transcript": bool(transcript),
        "transcript_language": transcript.get("language"),
        "transcript_reliable": transcript.get("reliable"),
        "transcript_duration_s": transcript.get("duration_s"),
        "transcript_silence_ratio": transcript.get("silence_ratio"),
        "transcript_word_count": len(text.split()) if transcript else None,
        "peepshow_version": (payload.get("peepshow") or {}).get("version"),
    }


def dedup_id(run_id: str, event_name: str, user_id: str) -> str:
    """Stable per (run, event, user): a UUID fits all three services' id rules (36 characters,
    hex digits and '-'), and two event names or users never collide on the same run."""
    return str(uuid.uuid5(uuid.UUID(run_id), f"{event_name}\n{user_id}"))


def endpoint_url(provider: Provider, override: str | None) -> str:
    """The provider's URL, or EVENT_TRACK_ENDPOINT; a bare host gets the provider's path (its
    query string, a proxy's key, kept after it)."""
    if not override:
        return provider.default_url
    parts = urlsplit(override)
    if parts.path in ("", "/"):
        return urlunsplit(parts._replace(path=urlsplit(provider.default_url).path))
    return override


def build_event(ctx: Context, provider: Provider) -> TrackEvent:
    payload, config = ctx.payload, ctx.config
    name, user_id = str(config["EVENT_TRACK_EVENT_NAME"]), str(config["EVENT_TRACK_USER_ID"])
    if len(user_id.encode()) > provider.string_limit_bytes:  # an id cut short is another user
        raise ConfigError(
            f"EVENT_TRACK_USER_ID is longer than {provider.name} keeps "
            f"({provider.string_limit_bytes} bytes)"
        )
    created = datetime.fromisoformat(payload["created_at"])  # RFC 3339 UTC, ends in Z
    return TrackEvent(
        name=truncate(name, provider.string_limit_bytes),
        user_id=user_id,
        dedup_id=dedup_id(payload["run_id"], name, user_id),
        time_ms=int(created.timestamp() * 1000),
        timestamp=created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        properties=event_properties(payload, provider.string_limit_bytes),
    )


def deliver(ctx: Context) -> dict[str, Any]:
    name = str(ctx.config["EVENT_TRACK_PROVIDER"]).lower()
    provider = PROVIDERS.get(name)
    if provider is None:
        raise ConfigError(f"EVENT_TRACK_PROVIDER {name!r} is not one of: {', '.join(PROVIDERS)}")
    override = ctx.config["EVENT_TRACK_ENDPOINT"] and ctx.service_url("EVENT_TRACK_ENDPOINT")
    url, event = endpoint_url(provider, override), build_event(ctx, provider)
    response = ctx.http.request(
        "POST",
        url,
        retry_statuses=IDEMPOTENT_RETRY_STATUSES,  # the dedup id makes a resend harmless
        rate_limit_pause=provider.rate_limit_pause,
        **provider.encode(event, str(ctx.config["EVENT_TRACK_TOKEN"])),
    )
    provider.explain(
        response, ctx.redactor
    )  # what only this service's answer tells, then the statuses
    hints = {401: TOKEN_HINT, 403: TOKEN_HINT, **provider.hints}
    raise_for_status(response, ctx.redactor, provider.title, hints=hints)
    hint = f"does EVENT_TRACK_ENDPOINT point at {provider.title}'s ingestion API?"
    acknowledged(
        response,
        provider.title,
        hint,
        check=provider.success,
        empty_ok=provider.empty_ok,
        redactor=ctx.redactor,
    )
    return {
        "provider": provider.name,
        "event": event.name,
        "dedup_id": event.dedup_id,
        "endpoint": urlsplit(url).netloc,
    }


DESCRIPTION = (
    "Send one 'track' event per peepshow run to Mixpanel, Amplitude or Segment "
    "(EVENT_TRACK_PROVIDER)."
)
main = sink_main("event-track", DESCRIPTION, SETTINGS, deliver)

if __name__ == "__main__":
    raise SystemExit(main())
