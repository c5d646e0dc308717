"""EVENT_TRACK_ENDPOINT as a bare host with a query string (a proxy that takes its key there)
gets the provider's path before the query. Before, the path was appended to the end of the URL,
into the query (`https://proxy.example/?key=abc/track`), so the event went to the proxy's root."""

from __future__ import annotations

import pytest

from peepshow_sinks.analytics_providers import PROVIDERS
from peepshow_sinks.event_track import endpoint_url


@pytest.mark.parametrize(
    ("provider", "wanted"),
    [
        ("mixpanel", "https://proxy.example/track?key=abc"),
        ("amplitude", "https://proxy.example/2/httpapi?key=abc"),
        ("segment", "https://proxy.example/v1/track?key=abc"),
    ],
)
def test_a_bare_host_with_a_query_gets_the_path_before_it(provider: str, wanted: str) -> None:
    assert endpoint_url(PROVIDERS[provider], "https://proxy.example/?key=abc") == wanted
    assert endpoint_url(PROVIDERS[provider], "https://proxy.example?key=abc") == wanted


def test_a_bare_host_and_a_full_url_are_as_before() -> None:
    mixpanel = PROVIDERS["mixpanel"]
    assert (
        endpoint_url(mixpanel, "https://api-eu.mixpanel.com/")
        == "https://api-eu.mixpanel.com/track"
    )
    assert endpoint_url(mixpanel, "http://127.0.0.1:9/x") == "http://127.0.0.1:9/x"
