"""The event-track sink: each provider's wire format, configuration, endpoints, properties, and
a real video run through `peepshow --sink event-track`, against the local analytics emulator.

Every run (installed executable or in-process `main()`) checks that the token, and its
Basic-auth/base64 forms, never appear on stdout or stderr (tests/event_track_fixtures.py).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests

from peepshow_core.contract.errors import ExitCode
from peepshow_sinks.event_track import truncate
from tests.emulators.analytics import (
    AMPLITUDE_KEY,
    MIXPANEL_TOKEN,
    SEGMENT_WRITE_KEY,
    AnalyticsEmulator,
)
from tests.support.event_track import (
    PROPERTY_NAMES,
    PROVIDERS,
    TOKENS,
    UUID_FORM,
    Result,
    assert_no_secret,
    check_properties,
    env_for,
    fresh_run,
    ms,
    run_exe,
    run_main,
    sink_exe,
)


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


def test_user_id_longer_than_the_provider_keeps_is_a_config_error(
    analytics_emulator: AnalyticsEmulator,
):
    env = env_for("mixpanel", analytics_emulator, EVENT_TRACK_USER_ID="u" * 256)
    result = run_main(env, fresh_run())
    assert result.code == ExitCode.CONFIG and "255 bytes" in result.stderr
    assert analytics_emulator.requests == []
    env["EVENT_TRACK_USER_ID"] = "u" * 255
    assert run_main(env, fresh_run()).code == ExitCode.OK


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
    assert props["transcript_reliable"] is None


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
