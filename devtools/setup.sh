#!/bin/sh
# Create the project's virtualenv and install peepshow into it (editable) with the given extras.
set -eu
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
EXTRAS=${EXTRAS:-test,lint,mcp}
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[$EXTRAS]"
# espeak-ng makes speech for the tests; install it when we can (root on Debian), else tests use the committed WAV.
if ! command -v espeak-ng >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq espeak-ng) >/dev/null 2>&1 || echo "setup: espeak-ng not installed; speech tests use the committed sample" >&2
fi
