#!/usr/bin/env bash
# `make gallery`: regenerates docs/figures — every PNG of make.sh (from the
# configs and commands the pages quote) and the animations: trajectory GIFs
# from configs/ and a recorded `optlab play` session. Usage:
#
#   docs/figures/gallery.sh [path/to/optlab]      # default: bin/optlab
#
# As in make.sh, everything is drawn into a temporary folder first and the
# old files are replaced only when every command has succeeded.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
optlab=${1:-${OPTLAB:-bin/optlab}}
case $optlab in /*) ;; *) optlab=$PWD/$optlab ;; esac
[[ -x $optlab ]] || { echo "gallery.sh: $optlab is not an executable (run make build)" >&2; exit 2; }
cd "$root"

"$root/docs/figures/make.sh" "$optlab"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/gifs"

"$optlab" run configs/rosenbrock.yaml --gif --frames 80 --fps 16 --out "$tmp/rosenbrock" -q
cp "$tmp/rosenbrock/trajectory.gif" "$tmp/gifs/rosenbrock-trajectory.gif"
"$optlab" compare momentum nesterov --surface halfpipe --steps 100 --gif --gif-steps linear --frames 50 --fps 10 --out "$tmp/momentum-nesterov" -q
cp "$tmp/momentum-nesterov/trajectory.gif" "$tmp/gifs/momentum-nesterov-trajectory.gif"
"$optlab" run configs/noise-batch.yaml --gif --gif-steps linear --frames 60 --fps 12 --out "$tmp/noise-batch" -q
cp "$tmp/noise-batch/trajectory.gif" "$tmp/gifs/noise-batch-trajectory.gif"
# The playground, driven headless by its recording script (optlab play --record).
"$optlab" play --record "$tmp/gifs/play.gif" >/dev/null

for f in "$tmp"/gifs/*.gif; do
	mv -f "$f" "docs/figures/$(basename "$f")"
done
ls -1 docs/figures/*.gif
