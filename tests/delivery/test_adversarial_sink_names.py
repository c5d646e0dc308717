"""A sink name or id with a trailing line break (`$'cassandra\\n'`, a value pasted with its
newline) is refused like any other invalid name (exit 2). Before, the check's `$` matched before
the final newline: `peepshow sinks add $'cassandra\\n'` registered an entry that could never run
(no `peepshow-sink-cassandra<newline>` exists), broke the `sinks list` table across lines, and
let a second entry that looks like `cassandra` be added."""

from __future__ import annotations

import pytest

from peepshow_core.contract import paths
from peepshow_core.contract.errors import ExitCode, PeepshowError
from peepshow_core.delivery import discovery, registry


@pytest.mark.parametrize("name", ["cassandra\n", "my-db\n"])
def test_a_name_ending_in_a_line_break_is_a_usage_error(name: str) -> None:
    with pytest.raises(PeepshowError) as caught:
        discovery.check_name(name)
    assert caught.value.code == ExitCode.USAGE


def test_registering_a_name_or_id_ending_in_a_line_break_changes_nothing() -> None:
    for call in (
        lambda: registry.add("cassandra\n"),
        lambda: registry.add("cassandra", entry_id="mine\n"),
        lambda: registry.add_cmd("cat", entry_id="mine\n"),
    ):
        with pytest.raises(PeepshowError) as caught:
            call()
        assert caught.value.code == ExitCode.USAGE
    assert not paths.registry_path().exists()
