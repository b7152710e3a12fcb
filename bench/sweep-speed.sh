#!/usr/bin/env bash
# sweep-speed.sh [OPTLAB] [ROUNDS] [STEPS]: times `optlab sweep
# configs/lr-sweep.yaml` at GOMAXPROCS=1 and GOMAXPROCS=2 with hyperfine,
# interleaved (one run of each per round, ROUNDS rounds, default 8, in one
# sitting), at OPTLAB_STEPS=STEPS (default 60000) so that the runs, not the
# start-up, dominate; prints each round, the medians and their ratio, and
# checks that both folders hold the same bytes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
optlab=${1:-$root/bin/optlab}
rounds=${2:-8}
steps=${3:-60000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg=$root/configs/lr-sweep.yaml
for i in $(seq 1 "$rounds"); do
	hyperfine -N --runs 1 --export-json "$tmp/r$i.json" \
		"env OPTLAB_STEPS=$steps GOMAXPROCS=1 $optlab sweep $cfg --out $tmp/p1" \
		"env OPTLAB_STEPS=$steps GOMAXPROCS=2 $optlab sweep $cfg --out $tmp/p2" >/dev/null
	echo "round $i: $(uptime | sed 's/.*load/load/')"
done
python3 - "$tmp" "$rounds" <<'PY'
import json, statistics as st, sys
tmp, n = sys.argv[1], int(sys.argv[2])
one, two, u1, u2 = [], [], [], []
for i in range(1, n + 1):
    r = json.load(open(f"{tmp}/r{i}.json"))["results"]
    one.append(r[0]["mean"]); two.append(r[1]["mean"]); u1.append(r[0]["user"]); u2.append(r[1]["user"])
print("GOMAXPROCS=1 s:", " ".join(f"{x:.2f}" for x in one))
print("GOMAXPROCS=2 s:", " ".join(f"{x:.2f}" for x in two))
print(f"median {st.median(one):.2f} s vs {st.median(two):.2f} s: {st.median(one) / st.median(two):.2f}x "
      f"(user CPU {st.median(u1):.2f} s vs {st.median(u2):.2f} s)")
PY
for f in "$tmp"/p1/*; do cmp "$f" "$tmp/p2/$(basename "$f")"; done
echo "same bytes: $(ls "$tmp/p1" | tr '\n' ' ')"
