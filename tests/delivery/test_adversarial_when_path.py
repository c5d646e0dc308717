"""A `--when path=` rule naming a folder whose name is not UTF-8 matches the runs under it: the
rule keeps the folder as the payload's `source.path` shows it (U+FFFD for each undecodable
byte). Before, the rule kept Python's lone surrogates, so the payload's path was never "under"
it (`path /x/caf\ufffd/v.mp4 not under /x/caf\\udce9`): the sink was registered, and never
fired."""

from __future__ import annotations

import os
from pathlib import Path

from peepshow_core.contract.payload import source_facts
from peepshow_core.delivery import registry
from peepshow_core.delivery.when import first_mismatch


def test_a_rule_on_a_folder_that_is_not_utf8_matches_the_runs_under_it(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))
    folder.mkdir()
    video = folder / "v.mp4"
    video.write_bytes(b"x")
    entry = registry.add_cmd("cat > /dev/null", [f"path={folder}"], "under")
    payload = {"source": source_facts(video)}
    assert first_mismatch(entry.when, payload) is None
    (again,) = registry.load()
    assert first_mismatch(again.when, payload) is None
