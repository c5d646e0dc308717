"""A password in a `--ray-address` written without a scheme (`user:password@host:6379`) never
shows in the error: neither in the probe's "cannot reach" line nor in Ray's own text quoted
when it refuses the address. Before, only `scheme://user:password@` was masked, so
`peepshow batch --engine ray --ray-address user:s3cretpw99@127.0.0.1:1` printed the password."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.batch import ray_engine, ray_probe
from peepshow_core.batch.engine import WorkerSetup
from peepshow_core.contract.errors import ConfigError

PASSWORD = "s3cretpw99"


def test_the_probe_masks_it() -> None:
    with pytest.raises(ConfigError) as caught:
        ray_probe.check_gcs(f"user:{PASSWORD}@127.0.0.1:1")
    assert PASSWORD not in caught.value.message and "***@127.0.0.1:1" in caught.value.message


def test_rays_own_error_masks_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    address = f"user:{PASSWORD}@head.example"  # no port: left to Ray, which quotes it

    class _Ray:
        def init(self, address: str, **_options: object) -> None:
            raise ConnectionError(f"could not connect to {address}")

    monkeypatch.setattr(ray_engine, "_import_ray", _Ray)
    with pytest.raises(ConfigError) as caught:
        ray_engine.RayEngine(address).start(WorkerSetup(tmp_path, "token"))
    assert PASSWORD not in caught.value.message and "head.example" in caught.value.message


@pytest.mark.parametrize(
    ("address", "wanted"),
    [
        ("head:6379", "head:6379"),
        (f"u:{PASSWORD}@head:6379", "***@head:6379"),
        (f"ray://u:{PASSWORD}@head:10001", "ray://***@head:10001"),
    ],
)
def test_shown(address: str, wanted: str) -> None:
    assert ray_probe.shown(address) == wanted
