"""A registered command line that carries a credential (a URL password, a bearer token, an
`?api_key=`) is masked wherever peepshow shows it: `sinks add-cmd`, `sinks list` (text and
--json). RELIABILITY rule 4: none of these in stdout or stderr. It was printed whole."""

from __future__ import annotations

from peepshow_core.delivery import registry
from peepshow_core.frontends.cli_sinks import main
from tests.support.cli import invoke

SECRETS = ("hunter2pw", "sekrit-key-99", "abc123def456ghi")
COMMAND = (
    "curl -s -d @- 'https://admin:hunter2pw@hooks.example/in?api_key=sekrit-key-99' "
    "-H 'Authorization: Bearer abc123def456ghi'"
)


def assert_masked(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, text
    assert "hooks.example" in text  # the rest is still shown


def test_a_command_line_credential_is_masked_when_shown() -> None:
    added = invoke(main, "add-cmd", COMMAND, "--name", "hook")
    assert added.exit_code == 0, added.stderr
    assert_masked(added.stdout + added.stderr)
    for args in (["list"], ["list", "--json"]):
        shown = invoke(main, *args)
        assert shown.exit_code == 0, shown.stderr
        assert_masked(shown.stdout + shown.stderr)
    (entry,) = registry.load()
    assert entry.target == COMMAND  # what runs is the command as given
