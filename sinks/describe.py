"""What a service's answer says, in a few safe words: the message of an error body (masked,
then cut), its JSON fields, and how long Retry-After asks a sink to wait."""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING, Any

from peepshow_core.contract.redact import mask_patterns

if TYPE_CHECKING:
    import requests

    from peepshow_sinks.http import Redactor

DETAIL_CHARS = 300  # how much of a server's explanation a message quotes (after masking)


def json_fields(response: requests.Response) -> dict[str, Any] | None:
    """The answer's body as a JSON object, or None when it is not one."""
    try:
        data = json.loads(response.text or "")
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def describe_body(
    response: requests.Response,
    limit: int = DETAIL_CHARS,
    *,
    with_code: bool = False,
    mask: Redactor | None = None,
) -> str:
    """A short, human-readable account of an error body: JSON message, text, HTML title or empty.
    `with_code`: a JSON `error_code` (Databricks style) goes first, unless the message has it.
    Secrets are masked before the text is cut to `limit` (a cut must not split a secret)."""
    clean = mask.redact if mask is not None else mask_patterns
    text = response.text or ""
    if not text.strip():
        return "(empty body)"
    data = json_fields(response)
    if data is not None:
        messages = ("description", "message", "error", "detail", "error_description")
        found = (data[k].strip() for k in messages if isinstance(data.get(k), str))
        detail = next((m for m in found if m), "") or json.dumps(data)
        code = data.get("error_code") if with_code else None
        if code and not detail.startswith(str(code)):
            detail = f"{code}: {detail}"
        return clean(detail)[:limit]
    if "<html" in text.lower() or "<!doctype" in text.lower():
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        return clean(f"HTML page: {title.group(1).strip()}")[:limit] if title else "(an HTML page)"
    return clean(" ".join(text.split()))[:limit]


def retry_after_seconds(response: requests.Response) -> float | None:
    from email.utils import parsedate_to_datetime  # only for a Retry-After date: not at start-up

    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
        return max(0.0, seconds) if seconds == seconds else None  # NaN is no answer
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None
