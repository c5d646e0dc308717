"""`--when` rules: which runs fire a registered sink.

A rule is `key=value[,value...]`. Values of one key are alternatives (OR); all rules of an entry
must hold (AND), whether they come from several `--when` options or one option joined with `;`.

    extension=mp4,mov        the source file's extension (case-insensitive, dot optional)
    path=/Volumes/Work       the resolved source path lies under this directory (or is this file)
    tag=talk,demo            the run has at least one of these tags (--tag)
    strategy=slides,scenes   the run used one of these frame strategies
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from peepshow_core.contract.errors import UsageError
from peepshow_core.contract.payload import valid_text
from peepshow_core.contract.vocab import Strategy, choices

KEYS = ("extension", "path", "tag", "strategy")
_EXTENSION = re.compile(r"^[a-z0-9][a-z0-9_+-]*$")


@dataclass(frozen=True)
class Rule:
    key: str
    values: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.key}={','.join(self.values)}"

    def check(self, payload: dict[str, Any]) -> str | None:
        """None when the payload satisfies the rule, else the reason it does not."""
        wanted = ",".join(self.values)
        source = payload.get("source") or {}
        if self.key == "extension":
            ext = str(source.get("extension") or "").lower().lstrip(".")
            return None if ext in self.values else f"extension {ext or '(none)'} not in {wanted}"
        if self.key == "path":
            path = PurePath(str(source.get("path") or ""))
            if any(path == PurePath(v) or PurePath(v) in path.parents for v in self.values):
                return None
            return f"path {path} not under {wanted}"
        if self.key == "tag":
            tags = [str(t) for t in payload.get("tags") or []]
            if any(t in self.values for t in tags):
                return None
            return f"tags {','.join(tags) or '(none)'} not in {wanted}"
        strategy = str(payload.get("strategy") or "")
        return None if strategy in self.values else f"strategy {strategy} not in {wanted}"


def _normalise(key: str, value: str, text: str) -> str:
    value = value.strip()
    if not value:
        raise UsageError(f"--when {text!r}: empty value for {key}")
    if key == "extension":
        ext = value.lower().lstrip(".")
        if not _EXTENSION.match(ext):
            raise UsageError(f"--when {text!r}: {value!r} is not a file extension")
        return ext
    if key == "path":
        if "\0" in value:
            raise UsageError(f"--when {text!r}: a path cannot hold a NUL character")
        try:  # as the payload's source.path shows it: a name that is not UTF-8 with U+FFFD
            return valid_text(str(Path(value).expanduser().resolve()))
        except (OSError, RuntimeError, ValueError) as error:
            raise UsageError(f"--when {text!r}: {value!r} is not a usable path ({error})") from None
    if key == "strategy" and value not in set(Strategy):
        raise UsageError(
            f"--when {text!r}: unknown strategy {value!r} (one of {choices(Strategy)})"
        )
    return value


def parse_rule(text: str) -> Rule:
    key, sep, raw = text.partition("=")
    key = key.strip().lower()
    if not sep:
        raise UsageError(f"--when {text!r}: expected key=value (keys: {', '.join(KEYS)})")
    if key not in KEYS:
        raise UsageError(f"--when {text!r}: unknown key {key!r} (known keys: {', '.join(KEYS)})")
    values: list[str] = []
    for value in raw.split(","):
        normal = _normalise(key, value, text)
        if normal not in values:
            values.append(normal)
    return Rule(key, tuple(values))


def parse_when(options: Iterable[str]) -> list[Rule]:
    """Every `--when` option (each may hold several rules joined with ';') as a list of rules."""
    rules: list[Rule] = []
    for option in options:
        for part in option.split(";"):
            if part.strip():
                rules.append(parse_rule(part.strip()))
    return rules


def first_mismatch(rules: Sequence[Rule], payload: dict[str, Any]) -> str | None:
    """None when every rule holds (no rules: always), else why the first failing one fails."""
    for rule in rules:
        reason = rule.check(payload)
        if reason is not None:
            return reason
    return None


def describe(rules: Sequence[Rule]) -> str:
    return " ".join(str(rule) for rule in rules) if rules else "always"
