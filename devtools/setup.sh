#!/bin/sh
# Create the project's virtualenv and install peepshow into it (editable) with the given extras.
#   WITH_OPENAI_WHISPER=1  also installs the optional openai-whisper engine (CPU torch) for its tests.
#   WITH_RAY=1             also installs the `ray` extra (peepshow batch --engine ray) for its tests.
set -eu
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
EXTRAS=${EXTRAS:-test,lint,mcp}
PIP="$VENV/bin/python -m pip"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
$PIP install -q --upgrade pip
$PIP install -q -e ".[$EXTRAS]"
if [ "${WITH_RAY:-0}" = 1 ]; then
  # Through the extra, so the tests use the pinned range (ray depends on no torch: no CUDA).
  $PIP install -q -e ".[$EXTRAS,ray]"
fi
if [ "${WITH_OPENAI_WHISPER:-0}" = 1 ]; then
  # Two steps on purpose: torch pinned to the CPU build (a bare `torch` pulls gigabytes of CUDA),
  # and openai-whisper without its Linux-only `triton` dependency, which only serves GPUs.
  $PIP install -q "torch==2.13.0" tiktoken numba more-itertools tqdm
  $PIP install -q --no-deps "openai-whisper>=20240930"
fi
# espeak-ng speaks text for the speech tests; install it when we can (root on Debian), otherwise
# the tests fall back to the committed samples/speech.wav.
if ! command -v espeak-ng >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq espeak-ng) >/dev/null 2>&1 \
    || echo "setup: espeak-ng not installed; speech tests use the committed sample" >&2
fi
