"""Run a console script of pyproject.toml from a checkout, without installing peepshow."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _expose_sinks_package() -> None:
    """The `sinks/` folder is installed as `peepshow_sinks`; mirror that mapping here."""
    if "peepshow_sinks" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        "peepshow_sinks",
        ROOT / "sinks" / "__init__.py",
        submodule_search_locations=[str(ROOT / "sinks")],
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["peepshow_sinks"] = module
    spec.loader.exec_module(module)


def run(script: str) -> int:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    module_name, _, function = scripts[script].partition(":")
    sys.path.insert(0, str(ROOT))
    _expose_sinks_package()
    result = getattr(importlib.import_module(module_name), function)()
    return int(result or 0)
