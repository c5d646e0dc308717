"""What a service's answer means: a refusal, a temporary failure, or the service's own success.

A receipt is printed only when the service acknowledged *this* write in its documented success
shape (docs/PLUGINS.md, "What counts as a success"). `raise_for_status` sorts the statuses;
`acknowledged` checks that a 2xx is the success it claims to be.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from peepshow_core.contract.errors import (
    ConfigError,
    PeepshowError,
    RejectedError,
    TemporaryError,
)
from peepshow_sinks.describe import describe_body, json_fields
from peepshow_sinks.http import Redactor

if TYPE_CHECKING:
    import requests

Check = Callable[[dict[str, Any]], bool]
REQUEST_TIMEOUT, TOO_MANY_REQUESTS = 408, 429  # the 4xx that say "later", not "no"
REFUSALS = range(400, 500)  # the statuses that say "no" (but for the two above)
SERVER_FAILURES = 500  # and above: "later"


def raise_for_status(
    response: requests.Response,
    redactor: Redactor,
    service: str,
    *,
    hints: Mapping[int, str] | None = None,
    config_statuses: Collection[int] = (),
) -> None:
    """Nothing for 2xx. Otherwise TemporaryError for 408, 429 and 5xx, ConfigError for
    `config_statuses` (e.g. a 404 meaning the URL is wrong), RejectedError for another 4xx
    (retrying will not help), and ConfigError for what is none of these (a 1xx given as the
    answer, a 3xx no redirect was followed for): it says nothing of the write. The message
    names the service, the status and the body's explanation (a JSON `error_code` first).
    `hints[status]` says what the status means and what to check:
    "<service> answered HTTP 404 (<detail>): <hint>"; without one a 401/403 reads
    "<service> refused the credentials (HTTP 401: <detail>)", another 4xx
    "<service> rejected the data (HTTP 422: <detail>)"."""
    status = response.status_code
    if 200 <= status < 300:
        return
    detail = describe_body(response, with_code=True, mask=redactor)
    hint = (hints or {}).get(status)
    temporary = status in (REQUEST_TIMEOUT, TOO_MANY_REQUESTS) or status >= SERVER_FAILURES
    refusal = status in REFUSALS and not temporary
    if hint or temporary:
        message = f"{service} answered HTTP {status} ({detail})" + (f": {hint}" if hint else "")
    elif not refusal:
        message = (
            f"{service} answered HTTP {status} ({detail}), neither a success nor a refusal: "
            "is its URL the service's own?"
        )
    elif status in (401, 403):
        message = f"{service} refused the credentials (HTTP {status}: {detail})"
    else:
        message = f"{service} rejected the data (HTTP {status}: {detail})"
    error: type[PeepshowError] = (
        TemporaryError if temporary else RejectedError if refusal else ConfigError
    )
    if status in config_statuses:
        error = ConfigError
    raise error(redactor.redact(message))


def _cut_short(text: str) -> bool:
    """JSON that breaks off: it starts as an object or an array and does not parse. A whole
    JSON value of another shape (an array where an object is documented) is no cut: it is
    another service's answer."""
    if text[:1] not in ("{", "["):
        return False
    try:
        json.loads(text)
    except ValueError:
        return True
    except RecursionError:  # nested past the decoder's limit: whole, if absurd
        return False
    return False


def acknowledged(
    response: requests.Response,
    service: str,
    hint: str,
    *,
    statuses: Collection[int] = (200,),
    check: Check | None = None,
    empty_ok: bool = False,
    redactor: Redactor | None = None,
) -> dict[str, Any]:
    """The answer's JSON object when it is `service`'s documented success: a status in
    `statuses`, and a JSON object that passes `check` (an empty body only when `empty_ok`).
    Anything else is not a success. A body cut short (JSON that does not parse) is a
    TemporaryError: the write may have happened, and a retry is safe because every write is
    idempotent. Any other answer (an HTML page, an empty body, JSON of another shape, an array
    included) is a ConfigError ending in `hint` (usually: the URL points at something else)."""
    status, text = response.status_code, (response.text or "").strip()
    body = json_fields(response) if text else {}
    shown = describe_body(response, mask=redactor)
    if body is None and _cut_short(text):
        raise TemporaryError(
            f"{service} answered HTTP {status} with an answer that was cut short ({shown}); "
            "the write may or may not have happened, so it is kept for a retry"
        )
    if status in statuses and not text and empty_ok:
        return {}
    if status in statuses and body is not None and text and (check is None or check(body)):
        return body
    what = "an HTML page" if shown.startswith(("HTML page", "(an HTML")) else "an answer"
    raise ConfigError(
        f"{service} answered HTTP {status} with {what} that is not its success answer "
        f"({shown}); {hint}"
    )
