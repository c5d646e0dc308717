"""Small formatting shared by every rendering (summary, markdown, contact sheet, MCP captions):
times as people read them, text on one line."""

from __future__ import annotations


def format_time(seconds: float | None) -> str:
    """`mm:ss` (or `h:mm:ss` from one hour on); seconds are truncated, never rounded up."""
    if seconds is None:
        return "--:--"
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def one_line(text: str) -> str:
    """`text` with every run of whitespace (newlines included) as one space."""
    return " ".join(text.split())
