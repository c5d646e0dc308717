"""What `peepshow sinks list` shows: registry entries resolved against PATH, plus warnings."""

from __future__ import annotations

from typing import Any

from peepshow_core.contract import paths
from peepshow_core.contract.redact import redact
from peepshow_core.contract.vocab import SinkKind
from peepshow_core.delivery import discovery, registry


def listing(path: str | None = None) -> dict[str, Any]:
    entries = registry.load()
    found = discovery.scan(path)
    warnings: list[str] = []
    sinks = []
    for entry in entries:
        item: dict[str, Any] = entry.to_dict()
        item["when_text"] = entry.condition()
        if entry.kind is SinkKind.name:
            assert entry.sink is not None
            hit = found.get(entry.sink)
            executable = hit.executable if hit else None
            item["executable"] = None if executable is None else str(executable)
            if executable is None:
                why = "not executable" if hit else "not found"
                warnings.append(f"{entry.id}: {discovery.PREFIX}{entry.sink} {why} on PATH")
        else:
            item["executable"] = "/bin/sh"
            item["command"] = redact(entry.target)  # shown, never a credential in it
        sinks.append(item)
    registered = {e.sink for e in entries if e.kind is SinkKind.name}
    available = []
    for name, hit in found.items():
        warnings.extend(hit.warnings())
        if name not in registered and hit.executable is not None:
            available.append({"name": name, "executable": str(hit.executable)})
    return {
        "registry": str(paths.registry_path()),
        "sinks": sinks,
        "available": available,
        "warnings": warnings,
    }
