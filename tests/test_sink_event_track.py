"""The event-track sink against the local Mixpanel/Amplitude/Segment emulator.

End-to-end tests run the installed `peepshow-sink-event-track`; the rest call `main()` in
process. Every run checks that the configured token (and its Basic-auth/base64 forms) never
appears on stdout or stderr.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from peepshow_sinks.event_track import main, truncate

from peepshow_core.errors import ExitCode
from tests.conftest import load_run
from tests.emulators.analytics import (
    AMPLITUDE_KEY,
    MIXPANEL_TOKEN,
    SEGMENT_WRITE_KEY,
    AnalyticsEmulator,
    analytics_emulator_fixture,  # noqa: F401  (provides the analytics_emulator fixture)
)

TOKENS = {"mixpanel": MIXPANEL_TOKEN, "amplitude": AMPLITUDE_KEY, "segment": SEGMENT_WRITE_KEY}
PATHS = {"mixpanel": "/track", "amplitude": "/2/httpapi", "segment": "/v1/track"}
PROVIDERS = list(TOKENS)
UUID_FORM = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PROPERTY_NAMES = {
    "run_id",
    "title",
    "strategy",
    "frames",
    "codec",
    "duration_s",
    "width",
    "height",
    "tags",
    "has_transcript",
    "transcript_language",
    "transcript_duration_s",
    "transcript_silence_ratio",
    "transcript_word_count",
    "peepshow_version",
}


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def receipt(self) -> dict[str, Any]:
        lines = self.stdout.splitlines()
        assert len(lines) == 1, self.stdout
        data: dict[str, Any] = json.loads(lines[0])
        return data


def fresh_run(name: str = "full", **changes: Any) -> dict[str, Any]:
    """A canned payload stamped now (Mixpanel /track refuses events older than 5 days)."""
    payload = load_run(name)
    now = datetime.now(UTC).replace(microsecond=123000)
    payload["created_at"] = now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    payload.update(changes)
    return payload


def env_for(provider: str, emulator: AnalyticsEmulator, **overrides: str) -> dict[str, str]:
    env = {
        "EVENT_TRACK_PROVIDER": provider,
        "EVENT_TRACK_TOKEN": TOKENS.get(provider, "some-token-value"),
        "EVENT_TRACK_USER_ID": "user-42",
        "EVENT_TRACK_ENDPOINT": emulator.url,
        "PEEPSHOW_SINK_MAX_TIME": "6",
        "PEEPSHOW_SINK_BACKOFF": "0.01",
        "PEEPSHOW_SINK_READ_TIMEOUT": "5",
    }
    env.update(overrides)
    return env


def secret_forms(token: str) -> list[str]:
    return [
        token,
        base64.b64encode(f"{token}:".encode()).decode().rstrip("="),
        base64.b64encode(token.encode()).decode().rstrip("="),
    ]


def assert_no_secret(result: Result, env: dict[str, str]) -> None:
    for form in secret_forms(env["EVENT_TRACK_TOKEN"]):
        assert form not in result.stdout and form not in result.stderr


def sink_exe() -> str:
    name = "peepshow-sink-event-track"
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    assert Path(found).exists(), f"{name} is not installed in this environment"
    return found


def run_exe(env: dict[str, str], payload: dict[str, Any], *args: str) -> Result:
    base = {k: v for k, v in os.environ.items() if not k.startswith("EVENT_TRACK_")}
    proc = subprocess.run(
        [sink_exe(), *args],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=60,
    )
    result = Result(proc.returncode, proc.stdout, proc.stderr)
    assert_no_secret(result, env)
    return result


def run_main(env: dict[str, str], payload: dict[str, Any], *args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), io.StringIO(json.dumps(payload)), out, err, dict(env))
    result = Result(code, out.getvalue(), err.getvalue())
    assert_no_secret(result, env)
    return result


def ms(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)


def check_properties(props: dict[str, Any], payload: dict[str, Any]) -> None:
    assert props["run_id"] == payload["run_id"]
    assert props["title"] == payload["title"]
    assert props["strategy"] == "slides"
    assert props["frames"] == len(payload["frames"]) == 3
    assert (props["codec"], props["width"], props["height"]) == ("h264", 640, 360)
    assert props["duration_s"] == 18.0
    assert props["tags"] == ["demo", "q4"]
    assert props["has_transcript"] is True
    assert props["transcript_language"] == "en"
    assert props["transcript_duration_s"] == 18.0
    assert props["transcript_silence_ratio"] == 0.44
    assert props["transcript_word_count"] == len(payload["transcript"]["text"].split()) == 22


def test_mixpanel_event_is_the_documented_track_request(analytics_emulator: AnalyticsEmulator):
    payload, env = fresh_run(), env_for("mixpanel", analytics_emulator)
    result = run_exe(env, payload)
    assert result.code == ExitCode.OK, result.stderr
    receipt = result.receipt()
    [request] = analytics_emulator.requests
    assert request.path == "/track"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
    assert set(form) == {"data", "verbose", "ip"} and (form["verbose"], form["ip"]) == ("1", "0")
    [event] = json.loads(form["data"])
    assert event["event"] == "peepshow_run"
    props = event["properties"]
    assert props["token"] == MIXPANEL_TOKEN and props["distinct_id"] == "user-42"
    assert props["time"] == ms(payload["created_at"]) and isinstance(props["time"], int)
    assert re.fullmatch(r"[A-Za-z0-9-]{1,36}", props["$insert_id"])
    assert props["$insert_id"] == receipt["dedup_id"]
    check_properties(props, payload)
    assert payload["transcript"]["text"] not in request.body.decode()
    assert analytics_emulator.accepted["mixpanel"] == [event]
    host = analytics_emulator.url.removeprefix("http://")
    assert receipt == {
        "sink": "event-track",
        "run_id": payload["run_id"],
        "provider": "mixpanel",
        "event": "peepshow_run",
        "dedup_id": props["$insert_id"],
        "endpoint": host,
    }


def test_amplitude_event_is_the_documented_httpapi_request(analytics_emulator: AnalyticsEmulator):
    payload = fresh_run()
    env = env_for("amplitude", analytics_emulator, EVENT_TRACK_EVENT_NAME="Video Processed")
    result = run_exe(env, payload)
    assert result.code == ExitCode.OK, result.stderr
    [request] = analytics_emulator.requests
    assert request.path == "/2/httpapi"
    assert request.headers["content-type"] == "application/json"
    body = json.loads(request.body)
    assert set(body) == {"api_key", "events"}  # no options: the user id is long enough
    assert body["api_key"] == AMPLITUDE_KEY
    [event] = body["events"]
    assert set(event) == {"user_id", "event_type", "time", "insert_id", "event_properties"}
    assert (event["user_id"], event["event_type"]) == ("user-42", "Video Processed")
    assert event["time"] == ms(payload["created_at"]) and isinstance(event["time"], int)
    assert UUID_FORM.match(event["insert_id"])
    assert event["insert_id"] == result.receipt()["dedup_id"]
    assert set(event["event_properties"]) == PROPERTY_NAMES
    check_properties(event["event_properties"], payload)
    assert analytics_emulator.accepted["amplitude"] == [event]


def test_segment_event_is_the_documented_track_request(analytics_emulator: AnalyticsEmulator):
    payload, env = fresh_run(), env_for("segment", analytics_emulator)
    result = run_exe(env, payload)
    assert result.code == ExitCode.OK, result.stderr
    [request] = analytics_emulator.requests
    assert request.path == "/v1/track"
    assert request.headers["content-type"] == "application/json"
    expected = base64.b64encode(f"{SEGMENT_WRITE_KEY}:".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"  # key + ':' + empty password
    body = json.loads(request.body)
    assert body["userId"] == "user-42" and body["event"] == "peepshow_run"
    assert ms(body["timestamp"]) == ms(payload["created_at"])
    assert datetime.fromisoformat(body["timestamp"].replace("Z", "+00:00")).tzinfo is not None
    assert len(body["messageId"]) < 100 and body["messageId"] == result.receipt()["dedup_id"]
    assert body["context"]["library"] == {"name": "peepshow", "version": "0.1.0"}
    assert "writeKey" not in body
    check_properties(body["properties"], payload)
    assert analytics_emulator.accepted["segment"] == [body] and analytics_emulator.dropped == []


def test_switching_provider_is_one_variable_and_properties_are_the_same(
    analytics_emulator: AnalyticsEmulator,
):
    payload = fresh_run()
    seen = {}
    for provider in PROVIDERS:
        env = env_for("mixpanel", analytics_emulator)
        env.update(EVENT_TRACK_PROVIDER=provider, EVENT_TRACK_TOKEN=TOKENS[provider])
        assert run_main(env, payload).code == ExitCode.OK
        [accepted] = analytics_emulator.accepted[provider]
        props = accepted.get("properties") or accepted["event_properties"]
        seen[provider] = {k: v for k, v in props.items() if k in PROPERTY_NAMES}
    assert seen["mixpanel"] == seen["amplitude"] == seen["segment"]
    assert set(seen["mixpanel"]) == PROPERTY_NAMES


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


def test_amplitude_short_user_id_sends_min_id_length(analytics_emulator: AnalyticsEmulator):
    result = run_main(
        env_for("amplitude", analytics_emulator, EVENT_TRACK_USER_ID="u7"), fresh_run()
    )
    assert result.code == ExitCode.OK, result.stderr
    body = json.loads(analytics_emulator.requests[0].body)
    assert body["options"] == {"min_id_length": 2}
    assert analytics_emulator.accepted["amplitude"][0]["user_id"] == "u7"


def test_emulator_amplitude_strips_short_ids_without_the_option(
    analytics_emulator: AnalyticsEmulator,
):
    event = {"user_id": "u7", "event_type": "x", "time": 1, "insert_id": "a"}
    answer = requests.post(
        f"{analytics_emulator.url}/2/httpapi",
        timeout=5,
        json={"api_key": AMPLITUDE_KEY, "events": [event]},
    )
    assert answer.status_code == 400
    assert answer.json()["events_with_invalid_fields"] == {"user_id": [0]}


def test_amplitude_413_is_rejected_with_a_message(analytics_emulator: AnalyticsEmulator):
    analytics_emulator.amplitude_max_bytes = 2000
    payload = fresh_run(tags=[f"tag-{i}-" + "x" * 100 for i in range(30)])
    result = run_main(env_for("amplitude", analytics_emulator), payload)
    assert result.code == ExitCode.REJECTED
    assert "too large" in result.stderr and analytics_emulator.count("amplitude") == 1


def test_segment_oversize_event_is_refused_before_sending(analytics_emulator: AnalyticsEmulator):
    payload = fresh_run(tags=[f"tag-{i}-" + "x" * 900 for i in range(40)])
    result = run_exe(env_for("segment", analytics_emulator), payload)
    assert result.code == ExitCode.BAD_INPUT
    assert "32768 bytes" in result.stderr and len(result.stderr.splitlines()) == 1
    assert analytics_emulator.requests == []
    # the same body sent by hand is what Segment refuses with 400
    body = {"userId": "user-42", "event": "peepshow_run", "properties": {"tags": payload["tags"]}}
    answer = requests.post(
        f"{analytics_emulator.url}/v1/track", json=body, timeout=5, auth=(SEGMENT_WRITE_KEY, "")
    )
    assert answer.status_code == 400


def test_segment_blank_user_id_is_a_config_error_and_nothing_is_sent(
    analytics_emulator: AnalyticsEmulator,
):
    result = run_main(
        env_for("segment", analytics_emulator, EVENT_TRACK_USER_ID="   "), fresh_run()
    )
    assert result.code == ExitCode.CONFIG and "EVENT_TRACK_USER_ID" in result.stderr
    assert analytics_emulator.requests == []


def test_emulator_segment_answers_200_but_drops_a_track_without_user(
    analytics_emulator: AnalyticsEmulator,
):
    answer = requests.post(
        f"{analytics_emulator.url}/v1/track",
        timeout=5,
        json={"event": "peepshow_run"},
        auth=(SEGMENT_WRITE_KEY, ""),
    )
    assert answer.status_code == 200
    assert analytics_emulator.dropped == [("segment", "no_user_anon_id")]
    assert analytics_emulator.accepted["segment"] == []


def test_unknown_provider_is_a_config_error_listing_the_valid_ones(
    analytics_emulator: AnalyticsEmulator,
):
    result = run_exe(env_for("heap", analytics_emulator), fresh_run())
    assert result.code == ExitCode.CONFIG
    assert "'heap' is not one of: mixpanel, amplitude, segment" in result.stderr
    assert analytics_emulator.requests == []


def test_missing_configuration_names_every_variable(analytics_emulator: AnalyticsEmulator):
    env = {"EVENT_TRACK_ENDPOINT": analytics_emulator.url, "EVENT_TRACK_TOKEN": "tok-abcdef"}
    result = run_main(env, fresh_run())
    assert result.code == ExitCode.CONFIG
    assert "EVENT_TRACK_PROVIDER, EVENT_TRACK_USER_ID" in result.stderr


def test_429_with_retry_after_then_success(analytics_emulator: AnalyticsEmulator):
    analytics_emulator.fail_next(
        "/2/httpapi",
        status=429,
        retry_after="1",
        body={
            "code": 429,
            "error": "Too many requests for some devices and users",
            "eps_threshold": 30,
            "throttled_users": {"user-42": 31},
            "throttled_events": [0],
        },
    )
    result = run_exe(env_for("amplitude", analytics_emulator), fresh_run())
    assert result.code == ExitCode.OK, result.stderr
    assert analytics_emulator.count("amplitude") == 2
    assert len(analytics_emulator.accepted["amplitude"]) == 1


def test_amplitude_429_without_retry_after_does_not_hammer(analytics_emulator: AnalyticsEmulator):
    """Amplitude asks for a 30 s pause; with a 6 s budget the sink gives up after one try."""
    analytics_emulator.fail_next("/2/httpapi", times=5, status=429)
    result = run_main(env_for("amplitude", analytics_emulator), fresh_run())
    assert result.code == ExitCode.TEMPORARY and "429" in result.stderr
    assert analytics_emulator.count("amplitude") == 1


def test_persistent_503_is_temporary_after_retries(analytics_emulator: AnalyticsEmulator):
    analytics_emulator.fail_next("/track", times=50, status=503)
    env = env_for("mixpanel", analytics_emulator, PEEPSHOW_SINK_MAX_ATTEMPTS="3")
    result = run_exe(env, fresh_run())
    assert result.code == ExitCode.TEMPORARY
    assert "503" in result.stderr and "gave up after 3 attempts" in result.stderr
    assert result.stdout == "" and analytics_emulator.count("mixpanel") == 3
    assert analytics_emulator.accepted["mixpanel"] == []


def test_dropped_connection_is_retried(analytics_emulator: AnalyticsEmulator):
    analytics_emulator.fail_next("/track", drop=True)
    result = run_main(env_for("mixpanel", analytics_emulator), fresh_run())
    assert result.code == ExitCode.OK, result.stderr
    assert analytics_emulator.count("mixpanel") == 2
    assert len(analytics_emulator.accepted["mixpanel"]) == 1


def test_answer_lost_after_acceptance_is_deduplicated_on_retry(
    analytics_emulator: AnalyticsEmulator,
):
    analytics_emulator.fail_next("/2/httpapi", after_accept=True)
    result = run_main(env_for("amplitude", analytics_emulator), fresh_run())
    assert result.code == ExitCode.OK, result.stderr
    assert analytics_emulator.count("amplitude") == 2
    assert len(analytics_emulator.accepted["amplitude"]) == 1


def test_slow_answer_times_out_and_the_retry_is_deduplicated(
    analytics_emulator: AnalyticsEmulator,
):
    analytics_emulator.fail_next("/v1/track", delay_s=1.5)
    env = env_for("segment", analytics_emulator, PEEPSHOW_SINK_READ_TIMEOUT="0.3")
    result = run_main(env, fresh_run())
    assert result.code == ExitCode.OK, result.stderr
    assert analytics_emulator.count("segment") == 2
    assert len(analytics_emulator.accepted["segment"]) == 1


@pytest.mark.parametrize("provider", PROVIDERS)
def test_dry_run_prints_the_request_masks_the_token_and_sends_nothing(
    analytics_emulator: AnalyticsEmulator, provider: str
):
    result = run_exe(env_for(provider, analytics_emulator), fresh_run(), "--dry-run")
    assert result.code == ExitCode.OK, result.stderr
    shown = json.loads(result.stdout)
    assert shown["dry_run"] is True and shown["url"] == analytics_emulator.url + PATHS[provider]
    assert "***" in result.stdout
    assert analytics_emulator.requests == []


@pytest.mark.parametrize(
    ("provider", "endpoint", "url"),
    [
        ("mixpanel", None, "https://api.mixpanel.com/track"),
        ("mixpanel", "https://api-eu.mixpanel.com", "https://api-eu.mixpanel.com/track"),
        ("amplitude", None, "https://api2.amplitude.com/2/httpapi"),
        ("amplitude", "https://api.eu.amplitude.com/", "https://api.eu.amplitude.com/2/httpapi"),
        ("segment", None, "https://api.segment.io/v1/track"),
        (
            "segment",
            "https://events.eu1.segmentapis.com",
            "https://events.eu1.segmentapis.com/v1/track",
        ),
        ("segment", "https://proxy.example/seg/v1/track", "https://proxy.example/seg/v1/track"),
    ],
)
def test_endpoint_default_and_override(provider: str, endpoint: str | None, url: str):
    env = {
        "EVENT_TRACK_PROVIDER": provider,
        "EVENT_TRACK_TOKEN": "tok-0123456789",
        "EVENT_TRACK_USER_ID": "user-42",
    }
    if endpoint:
        env["EVENT_TRACK_ENDPOINT"] = endpoint
    result = run_main(env, fresh_run(), "--dry-run")
    assert result.code == ExitCode.OK, result.stderr
    assert json.loads(result.stdout)["url"] == url


def test_endpoint_override_with_a_full_path_reaches_the_emulator(
    analytics_emulator: AnalyticsEmulator,
):
    env = env_for(
        "segment", analytics_emulator, EVENT_TRACK_ENDPOINT=f"{analytics_emulator.url}/v1/track"
    )
    assert run_main(env, fresh_run()).code == ExitCode.OK
    assert len(analytics_emulator.accepted["segment"]) == 1


def test_plain_http_endpoint_off_this_machine_is_refused():
    env = {
        "EVENT_TRACK_PROVIDER": "amplitude",
        "EVENT_TRACK_TOKEN": "tok-0123456789",
        "EVENT_TRACK_USER_ID": "user-42",
        "EVENT_TRACK_ENDPOINT": "http://collector.example",
    }
    result = run_main(env, fresh_run())
    assert result.code == ExitCode.CONFIG and "plain http" in result.stderr


def test_run_without_video_or_transcript(analytics_emulator: AnalyticsEmulator):
    payload = fresh_run("minimal")
    assert run_main(env_for("segment", analytics_emulator), payload).code == ExitCode.OK
    props = analytics_emulator.accepted["segment"][0]["properties"]
    assert props["has_transcript"] is False and props["frames"] == 1
    assert props["transcript_language"] is None and props["transcript_word_count"] is None


def test_long_titles_and_tags_are_cut_to_each_provider_limit(analytics_emulator: AnalyticsEmulator):
    title = "Ünïcode " + "é" * 2000
    payload = fresh_run(title=title, tags=["ü" * 600])
    for provider in ("mixpanel", "amplitude"):
        assert run_main(env_for(provider, analytics_emulator), payload).code == ExitCode.OK
    mixpanel = analytics_emulator.accepted["mixpanel"][0]["properties"]
    amplitude = analytics_emulator.accepted["amplitude"][0]["event_properties"]
    for props, limit in ((mixpanel, 255), (amplitude, 1024)):
        for text in (props["title"], props["tags"][0]):
            assert len(text.encode()) <= limit and text.endswith("…")
        assert title.startswith(props["title"][:-1])


def test_truncate_keeps_whole_characters():
    assert truncate("short", 255) == "short"
    cut = truncate("€" * 100, 10)  # 3 bytes each: 2 euros + the 3-byte ellipsis fit
    assert cut == "€€…" and len(cut.encode()) <= 10


def test_peepshow_sends_a_real_video_run_to_each_provider(
    analytics_emulator: AnalyticsEmulator, tmp_path: Path
):
    from devtools.synthvideo import SlideState, Talk, render_talk

    video = tmp_path / "tracked talk.mp4"
    slides = [SlideState(0, "One"), SlideState(2.0, "Two")]
    render_talk(Talk(slides, duration_s=4.0, width=320, height=180, fps=10), video)
    bindir = str(Path(sink_exe()).parent)
    peepshow = shutil.which("peepshow", path=bindir)
    assert peepshow, "peepshow is not installed next to the sink"
    base = {k: v for k, v in os.environ.items() if not k.startswith("EVENT_TRACK_")}
    base["PATH"] = os.pathsep.join([bindir, base.get("PATH", "")])
    for provider in PROVIDERS:
        env = env_for(provider, analytics_emulator)
        args = [str(video), "--no-transcript", "--sink", "event-track", "--emit", "json"]
        proc = subprocess.run(
            [peepshow, *args, "--tag", "e2e", "--strict-sinks"],
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        assert_no_secret(Result(proc.returncode, proc.stdout, proc.stderr), env)
        payload = json.loads(proc.stdout)
        [delivery] = payload["deliveries"]
        assert delivery["ok"] and delivery["receipt"]["provider"] == provider, delivery
        [event] = analytics_emulator.accepted[provider]
        props = event.get("properties") or event["event_properties"]
        assert props["run_id"] == payload["run_id"] and props["tags"] == ["e2e"]
        assert props["title"] == payload["title"] and props["frames"] == len(payload["frames"])
        assert (props["width"], props["height"]) == (320, 180)
        assert props["has_transcript"] is False and props["transcript_word_count"] is None
