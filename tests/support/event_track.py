"""Helpers for the event-track sink tests: runs of the sink (installed or in process) with the
token checked against every output, canned payloads stamped now, per-provider settings."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peepshow_sinks.event_track import main
from tests.emulators.analytics import (
    AMPLITUDE_KEY,
    MIXPANEL_TOKEN,
    SEGMENT_WRITE_KEY,
    AnalyticsEmulator,
)
from tests.support.paths import load_run

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
    "transcript_reliable",
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
    assert props["transcript_reliable"] is payload["transcript"]["reliable"]
    assert props["transcript_duration_s"] == 18.0
    assert props["transcript_silence_ratio"] == 0.44
    assert props["transcript_word_count"] == len(payload["transcript"]["text"].split()) == 22
