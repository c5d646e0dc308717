"""A Cassandra answer that echoes the token where the sink cuts a server's explanation (at 300
characters) shows none of it: the token is masked before the text is cut, on the write's
"table not found" answer and on `--check` (docs/sinks/cassandra.md: the token is "never
printed")."""

from __future__ import annotations

import io
import json

from peepshow_sinks import cassandra
from peepshow_sinks.describe import DETAIL_CHARS
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra

TOKEN = "AstraCS:cut-sekrit-abcdefghijklmnop-0123456789"
SHOWN = TOKEN[:10]  # what a cut through the token would leave
PREFIX = "Table 'peepshow_runs' not found (in keyspace 'ks'); token "
# the token starts a few characters before the cut
ECHO = PREFIX + "x" * (DETAIL_CHARS - 10 - len(PREFIX)) + TOKEN


def test_a_table_not_found_answer_cut_through_the_token_shows_none_of_it(
    server: ScriptedServer,
) -> None:
    server.replies = [Reply(400, {"description": ECHO})]
    code, out, err = run_cassandra(
        server, load_run("full"), CASSANDRA_TOKEN=TOKEN, PEEPSHOW_DISPATCHED="1"
    )
    assert code == 6 and out == "", (code, out, err)
    assert "not found" in err and SHOWN not in err, err


def test_a_check_answer_cut_through_the_token_shows_none_of_it(server: ScriptedServer) -> None:
    server.replies = [Reply(200, {"description": ECHO})]
    env = {"CASSANDRA_URL": server.url, "CASSANDRA_KEYSPACE": "ks", "CASSANDRA_TOKEN": TOKEN}
    out, err = io.StringIO(), io.StringIO()
    code = cassandra.main(["--check"], io.StringIO(json.dumps({})), out, err, env)
    assert code == 6 and out.getvalue() == "", (code, err.getvalue())
    assert "not its success answer" in err.getvalue() and SHOWN not in err.getvalue()


ASTRA = "AstraCS:QwErTyUiOpAsDfGhJkLzXcVb:0123456789abcdef"


def test_a_shortened_echo_of_the_token_is_masked_on_stderr_and_in_the_outbox(
    server: ScriptedServer,
) -> None:
    """Servers echo a shortened credential ("credential AstraCS:QwEr...:01234... is not valid"):
    every run of MIN_ECHO_CHARS characters of the token is masked. Before, only the whole token
    (and its encodings) was: 38 of its 50 characters showed on stderr for a 401, and 32 stayed
    in the outbox entry's error for a 503."""
    from peepshow_core.contract import outbox

    server.replies = [Reply(401, {"message": f"credential {ASTRA[:38]}... is not valid"})]
    code, out, err = run_cassandra(server, load_run("full"), CASSANDRA_TOKEN=ASTRA)
    assert code == 7 and out == "", (code, err)
    assert "credential ***... is not valid" in err and ASTRA[:10] not in err, err

    server.replies = [Reply(503, {"message": f"overloaded; request by {ASTRA[:32]}"})]
    code, out, err = run_cassandra(server, load_run("full"), CASSANDRA_TOKEN=ASTRA)
    assert code == 8 and "overloaded; request by ***" in err and ASTRA[8:18] not in err, err
    (item,) = outbox.items()[0]
    assert "request by ***" in item.error and ASTRA[8:18] not in item.path.read_text()
