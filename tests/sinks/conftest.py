"""The service emulators, each a real HTTP server on 127.0.0.1, as fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.emulators import analytics
from tests.emulators import databricks as databricks_emulator
from tests.emulators import stargate as stargate_emulator
from tests.support.scripted import ScriptedServer


@pytest.fixture
def stargate() -> Iterator[stargate_emulator.Emulator]:
    """Stargate REST v2 and the Astra Data API, with no tables (add them with `add_table(ddl)`)."""
    with stargate_emulator.running() as emulator:
        yield emulator


@pytest.fixture
def databricks() -> Iterator[databricks_emulator.Emulator]:
    """The SQL Statement Execution API; `.url`, `.token`, `.warehouse_id` configure the sink."""
    with databricks_emulator.running() as emulator:
        yield emulator


@pytest.fixture
def analytics_emulator() -> Iterator[analytics.AnalyticsEmulator]:
    """Mixpanel, Amplitude and Segment on one server; `.url` is its base URL."""
    with analytics.running() as emulator:
        yield emulator


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A server that answers its `replies` in order (`tests.support.scripted`), closed after."""
    scripted = ScriptedServer()
    yield scripted
    scripted.close()
