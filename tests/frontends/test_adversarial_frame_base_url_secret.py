"""PEEPSHOW_FRAME_BASE_URL goes into every frame's `url`, the payload on stdout, the outbox and
every sink's request, so a credential in it cannot be kept out of any of them. Before, a base
URL with `user:password@` or a signed query (`?sig=…`) was copied into every frame URL as given
(the file name even appended after the query, so no URL named its file), and from there onto
stdout, into the outbox and to the services. Now it is refused with CONFIG (6) before any work,
naming the variable and showing only its scheme, host and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract import settings
from peepshow_core.contract.errors import ConfigError, ExitCode
from tests.support.cli import run_main
from tests.support.paths import SAMPLE

PASSWORD, SIGNATURE = "FRAMEPASSWORD9", "FRAMESIG12345"


@pytest.mark.parametrize(
    "base",
    [
        f"https://cdnuser:{PASSWORD}@cdn.example/x?sig={SIGNATURE}",
        f"https://cdnuser:{PASSWORD}@cdn.example/x",
        f"https://{PASSWORD}@cdn.example/x",
        f"https://cdn.example/x?sig={SIGNATURE}",
        f"https://cdn.example/x?v=1&X-Amz-Signature={SIGNATURE}",
        f"https://cdn.example/x#{SIGNATURE}",
        f"https://cdn.example/x?{SIGNATURE}",
    ],
)
def test_a_base_url_with_a_credential_query_or_fragment_is_refused(base: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings.frame_base_url(None, {"PEEPSHOW_FRAME_BASE_URL": base})
    message = caught.value.message
    assert "PEEPSHOW_FRAME_BASE_URL" in message and "cdn.example/x" in message, message
    assert PASSWORD not in message and SIGNATURE not in message, message


@pytest.mark.parametrize(
    "base", ["https://cdn.example.com/f/", "http://127.0.0.1:8080/frames", "/static/frames"]
)
def test_a_plain_base_url_is_kept(base: str) -> None:
    assert settings.frame_base_url(None, {"PEEPSHOW_FRAME_BASE_URL": base}) == base
    assert settings.frame_base_url(None, {}) is None


def test_peepshow_refuses_it_before_extracting_and_shows_no_secret(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(
        "PEEPSHOW_FRAME_BASE_URL", f"https://cdnuser:{PASSWORD}@cdn.example/x?sig={SIGNATURE}"
    )
    out = tmp_path / "out"
    result = run_main(capsys, str(SAMPLE), "--no-transcript", "-e", "json", "--out", str(out))
    assert result.exit_code == ExitCode.CONFIG, result
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("peepshow: error: PEEPSHOW_FRAME_BASE_URL must be a public base URL")
    assert PASSWORD not in result.stderr and SIGNATURE not in result.stderr
    assert not out.exists() or not any(out.iterdir())  # nothing extracted
