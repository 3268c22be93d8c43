#!/bin/sh
# salescope-cli, as installed by the .deb: the app's binary, next to this script,
# runs the command line.
exec "$(dirname "$(readlink -f "$0")")/salescope" --cli "$@"
