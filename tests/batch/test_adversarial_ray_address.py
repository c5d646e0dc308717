"""`--engine ray --ray-address host:port` where nothing answers (a typo, a cluster that is down)
is one CONFIG line at once: "cannot reach the Ray cluster at …: Connection refused". Before,
Ray waited for the address for minutes (still waiting after 90 s, printing its own C++ log
lines), and took SIGTERM only 30 s later. A password in the address is masked in the error."""

from __future__ import annotations

import importlib.util
import socket
import time
from pathlib import Path

import pytest

from peepshow_core.batch import ray_engine
from peepshow_core.batch.engine import WorkerSetup
from peepshow_core.contract.errors import ConfigError, ExitCode
from tests.support.cli import run_exe

WITHIN_S = 20.0
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="Ray is not installed"
)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_cluster_address_nothing_answers_at_is_a_config_error_at_once(
    silent_talks: list[Path], tmp_path: Path
) -> None:
    address = f"127.0.0.1:{_closed_port()}"
    args = [str(silent_talks[0]), "--out", str(tmp_path / "out"), "--no-transcript"]
    started = time.monotonic()
    result = run_exe(
        "batch", *args, "--engine", "ray", "--ray-address", address, timeout=WITHIN_S * 3
    )
    assert result.code == ExitCode.CONFIG, result.stderr
    assert f"cannot reach the Ray cluster at {address}: Connection refused" in result.stderr
    assert time.monotonic() - started < WITHIN_S


def test_a_password_in_the_cluster_address_is_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ray's own error quotes the address: before, `ray://user:password@host` came out whole."""
    address = "ray://user:s3cretpw-4411@head.example:10001"

    class _Ray:
        def init(self, address: str, **_options: object) -> None:
            raise ConnectionError(f"could not connect to {address}")

    monkeypatch.setattr(ray_engine, "_import_ray", _Ray)
    engine = ray_engine.RayEngine(address)
    with pytest.raises(ConfigError) as caught:
        engine.start(WorkerSetup(tmp_path, "token"))
    assert "s3cretpw" not in caught.value.message and "head.example" in caught.value.message
