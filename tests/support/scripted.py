"""A tiny real HTTP server on 127.0.0.1 that answers from a script of responses (the fault server
with a scripted service)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from peepshow_core.delivery.faultserver import Answer, FaultServer, Request


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ScriptedServer(FaultServer):
    """Answers requests with `replies` in order (the last one repeats) and records them in
    `seen`; the fault queue comes first, as in every emulator."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: list[Reply] = [Reply(200, {})]
        self.start()

    @property
    def seen(self) -> list[Request]:
        return self.requests

    def answer(self, request: Request) -> Answer:
        index = min(len(self.requests), len(self.replies)) - 1
        reply = self.replies[index]
        answer = Answer.of(reply.status, {} if reply.body is None else reply.body, reply.headers)
        return (
            answer if reply.body is not None else Answer(reply.status, b"", headers=reply.headers)
        )

    def close(self) -> None:
        self.stop()


def run_cassandra(
    server: ScriptedServer, payload: dict[str, Any], **settings: str
) -> tuple[int, str, str]:
    """The Cassandra sink, in-process, delivering `payload` to `server` (keyspace `ks`, quick
    retries; `settings` added to its environment): its exit code, stdout and stderr."""
    from peepshow_sinks import cassandra

    env = {
        "CASSANDRA_URL": server.url,
        "CASSANDRA_KEYSPACE": "ks",
        "PEEPSHOW_SINK_BACKOFF": "0.01",
        **settings,
    }
    out, err = io.StringIO(), io.StringIO()
    code = cassandra.main([], io.StringIO(json.dumps(payload)), out, err, env)
    return code, out.getvalue(), err.getvalue()
