#!/bin/sh
# make eval-frames encodes its corpus with the ffmpeg command (libx264, libx265, libvpx-vp9).
# Install it when it is missing and we can (root on Debian); otherwise say what is needed.
set -eu
command -v ffmpeg >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq ffmpeg) >/dev/null 2>&1 && exit 0
fi
echo "make eval-frames needs the ffmpeg command with libx264, libx265 and libvpx (apt-get install ffmpeg)" >&2
exit 1
