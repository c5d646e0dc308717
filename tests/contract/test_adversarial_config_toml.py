"""A config.toml nested past the TOML parser's recursion limit is CONFIG (6) naming the file, as
any other invalid TOML is; it was `unexpected failure (RecursionError)` (1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract import userconfig
from peepshow_core.contract.errors import ConfigError

DEPTH = 100_000


@pytest.mark.usefixtures("gc_paused")
def test_a_config_file_nested_too_deeply_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("sinks = " + "[" * DEPTH + "]" * DEPTH + "\n", "utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml"):
        userconfig.read_file(path)
