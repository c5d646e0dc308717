"""A sink's progress line quotes what the service said (Databricks' statement id when a cancel
fails): it is one line with terminal escapes shown escaped. Before, `Context.log` printed it raw,
so a lying server could drive the terminal of whoever ran the sink by hand."""

from __future__ import annotations

import io

from peepshow_sinks.http import Http, Redactor
from peepshow_sinks.sinklib import Context


def test_a_log_line_shows_the_services_escapes_escaped() -> None:
    stderr, redactor = io.StringIO(), Redactor()
    ctx = Context("demo", {}, {}, Http(redactor, sink="demo"), redactor, stderr)
    ctx.log("could not cancel statement s1\x1b[2J\nforged: line")
    assert stderr.getvalue() == (
        "peepshow-sink-demo: could not cancel statement s1\\x1b[2J forged: line\n"
    )
