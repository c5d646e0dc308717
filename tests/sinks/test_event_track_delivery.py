"""The event-track sink's delivery semantics against the local analytics emulator: redelivery
dedup, refusals that come back as errors (including HTTP 200 ones), retries on 429/5xx, dropped
connections and slow answers, and dry runs. The token is checked against every output.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.emulators.analytics import AnalyticsEmulator
from tests.support.event_track import (
    PROVIDERS,
    env_for,
    fresh_run,
    run_exe,
    run_main,
)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_redelivery_carries_the_same_id_and_is_kept_once(
    analytics_emulator: AnalyticsEmulator, provider: str
):
    payload, env = fresh_run(), env_for(provider, analytics_emulator)
    first, second = run_main(env, payload), run_main(env, payload)
    assert first.code == second.code == ExitCode.OK
    assert first.receipt()["dedup_id"] == second.receipt()["dedup_id"]
    assert analytics_emulator.count(provider) == 2
    assert len(analytics_emulator.accepted[provider]) == 1
    other_run = fresh_run(run_id=str(uuid.uuid4()))
    third = run_main(env, other_run)
    assert third.receipt()["dedup_id"] != first.receipt()["dedup_id"]
    assert len(analytics_emulator.accepted[provider]) == 2


def test_mixpanel_200_with_an_error_body_is_rejected(analytics_emulator: AnalyticsEmulator):
    env = env_for("mixpanel", analytics_emulator, EVENT_TRACK_TOKEN="wrong-project-token-1")
    result = run_exe(env, fresh_run())
    assert result.code == ExitCode.REJECTED
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "peepshow-sink-event-track: error: Mixpanel refused the event: token, invalid project token"
    )
    assert analytics_emulator.accepted["mixpanel"] == []


def test_mixpanel_refuses_a_run_older_than_five_days(analytics_emulator: AnalyticsEmulator):
    old = (datetime.now(UTC) - timedelta(days=6)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    result = run_main(env_for("mixpanel", analytics_emulator), fresh_run(created_at=old))
    assert result.code == ExitCode.REJECTED and "older than 5 days" in result.stderr


def test_amplitude_bad_key_is_rejected_naming_the_setting(analytics_emulator: AnalyticsEmulator):
    env = env_for("amplitude", analytics_emulator, EVENT_TRACK_TOKEN="amp-wrong-key-c0ffee")
    result = run_exe(env, fresh_run(), "--debug")
    assert result.code == ExitCode.REJECTED
    assert "check EVENT_TRACK_TOKEN" in result.stderr and "Invalid API key" in result.stderr
    assert result.stdout == "" and analytics_emulator.accepted["amplitude"] == []


def test_amplitude_413_is_rejected_with_a_message(analytics_emulator: AnalyticsEmulator):
    analytics_emulator.amplitude_max_bytes = 2000
    payload = fresh_run(tags=[f"tag-{i}-" + "x" * 100 for i in range(30)])
    result = run_main(env_for("amplitude", analytics_emulator), payload)
    assert result.code == ExitCode.REJECTED
    assert "too large" in result.stderr and analytics_emulator.count("amplitude") == 1


def test_amplitude_429_without_retry_after_does_not_hammer(analytics_emulator: AnalyticsEmulator):
    """Amplitude asks for a 30 s pause; with a 6 s budget the sink gives up after one try."""
    analytics_emulator.fail_next(429, times=5, path="/2/httpapi")
    result = run_main(env_for("amplitude", analytics_emulator), fresh_run())
    assert result.code == ExitCode.TEMPORARY and "429" in result.stderr
    assert analytics_emulator.count("amplitude") == 1


def test_answer_lost_after_acceptance_is_deduplicated_on_retry(
    analytics_emulator: AnalyticsEmulator,
):
    analytics_emulator.drop_next(after_work=True, path="/2/httpapi")
    result = run_main(env_for("amplitude", analytics_emulator), fresh_run())
    assert result.code == ExitCode.OK, result.stderr
    assert analytics_emulator.count("amplitude") == 2
    assert len(analytics_emulator.accepted["amplitude"]) == 1


def test_slow_answer_times_out_and_the_retry_is_deduplicated(
    analytics_emulator: AnalyticsEmulator,
):
    analytics_emulator.slow_next(1.5, path="/v1/track")
    env = env_for("segment", analytics_emulator, PEEPSHOW_SINK_READ_TIMEOUT="0.3")
    result = run_main(env, fresh_run())
    assert result.code == ExitCode.OK, result.stderr
    assert analytics_emulator.count("segment") >= 2  # more if a retry is slow as well
    assert len(analytics_emulator.accepted["segment"]) == 1
