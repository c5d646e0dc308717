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
    """`text` with every run of whitespace (newlines included) as one space, and control
    characters shown escaped (`\\x1b`): a file name or a sink's message never drives the
    terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in " ".join(text.split()))


def format_bytes(size: int) -> str:
    """`512 B`, `7.6 MB`, `1.2 GB` (powers of 1000, as disk tools show them)."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"  # unreachable: GB is the last unit


def format_when(epoch_s: float) -> str:
    """`2024-05-01 14:03` in local time."""
    from datetime import datetime

    return datetime.fromtimestamp(epoch_s).strftime("%Y-%m-%d %H:%M")
