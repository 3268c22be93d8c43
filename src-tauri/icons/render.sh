#!/usr/bin/env bash
# Renders the app icon at every hicolor size from its two drawings:
# icon-small.svg (the gauge alone, for 16 to 32 pixels) and icon.svg.
# Needs rsvg-convert (apt-get install librsvg2-bin). The PNGs are committed.
set -euo pipefail
cd "$(dirname "$0")"
for s in 16 24 32; do rsvg-convert -w "$s" -h "$s" icon-small.svg -o "${s}x${s}.png"; done
for s in 48 64 128 256; do rsvg-convert -w "$s" -h "$s" icon.svg -o "${s}x${s}.png"; done
rsvg-convert -w 512 -h 512 icon.svg -o icon.png
