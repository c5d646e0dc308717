"""The Whisper models faster-whisper knows by name, and what each one can hear.

The names and hub repositories are faster-whisper's own (`faster_whisper.utils._MODELS`; a test
keeps this table equal to it), copied so that listing them imports no engine.
"""

from __future__ import annotations

FASTER_WHISPER_MODELS: dict[str, str] = {
    "tiny.en": "Systran/faster-whisper-tiny.en",
    "tiny": "Systran/faster-whisper-tiny",
    "base.en": "Systran/faster-whisper-base.en",
    "base": "Systran/faster-whisper-base",
    "small.en": "Systran/faster-whisper-small.en",
    "small": "Systran/faster-whisper-small",
    "medium.en": "Systran/faster-whisper-medium.en",
    "medium": "Systran/faster-whisper-medium",
    "large-v1": "Systran/faster-whisper-large-v1",
    "large-v2": "Systran/faster-whisper-large-v2",
    "large-v3": "Systran/faster-whisper-large-v3",
    "large": "Systran/faster-whisper-large-v3",
    "distil-large-v2": "Systran/faster-distil-whisper-large-v2",
    "distil-medium.en": "Systran/faster-distil-whisper-medium.en",
    "distil-small.en": "Systran/faster-distil-whisper-small.en",
    "distil-large-v3": "Systran/faster-distil-whisper-large-v3",
    "distil-large-v3.5": "distil-whisper/distil-large-v3.5-ct2",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
    "turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}

# The model the warnings and docs suggest for speech in other languages: multilingual, and still
# small enough (about 0.5 GB) to run on a laptop CPU.
SUGGESTED_MULTILINGUAL = "small"


def is_hub_id(name: str) -> bool:
    """`owner/name` on the model hub (a CTranslate2 Whisper conversion)."""
    parts = name.split("/")
    return len(parts) == 2 and all(parts)


def knows(name: str) -> bool:
    """A name faster-whisper can download: one of its sizes, or a hub id."""
    return name in FASTER_WHISPER_MODELS or is_hub_id(name)


def hears(name: str) -> str:
    """What languages a model transcribes: "English" or "multilingual". The `.en` models and the
    distil-whisper models were trained on English speech only."""
    base = name.split("/")[-1].lower()
    return "English" if base.endswith(".en") or "distil" in base else "multilingual"


def folder_name(name: str) -> str:
    """The name as one folder name (`owner/name` -> `owner--name`)."""
    return name.replace("/", "--")
