"""A receipt's values come from the service (Databricks' `statement_id`, a URL a sink of
another author builds from the answer): their terminal escapes and line breaks are shown
escaped on the one sink line. Before, the ok line printed them raw on stderr, so a lying server
could clear the user's terminal or forge a line ("sink x: ok — s1\\npeepshow: …")."""

from __future__ import annotations

from peepshow_core.render.receipts import receipt_line


def test_an_ok_line_shows_the_receipts_escapes_escaped() -> None:
    receipt = {"url": "https://a\x1b[2J/x", "statement_id": "s1\npeepshow: forged line"}
    line = receipt_line({"sink": "databricks", "ok": True, "receipt": receipt})
    assert "\x1b" not in line and "\n" not in line
    assert line == "databricks: ok — https://a\\x1b[2J/x, statement_id s1 peepshow: forged line"


def test_an_unknown_receipt_shape_too() -> None:
    line = receipt_line({"sink": "mine", "ok": True, "receipt": {"note": "\x07ring\r"}})
    assert line == "mine: ok — note=\\x07ring"
