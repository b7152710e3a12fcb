#!/usr/bin/env bash
# slurm-sweep.sh CONFIG [SHARDS] [OUT]: run `optlab sweep CONFIG` as a Slurm
# job array of SHARDS tasks (default 4), one shard each, into OUT/shard-N,
# and a merge job that starts when every task succeeded
# (--dependency=afterok) and writes OUT/all, the same bytes as the sweep
# run whole (docs/cluster.md). OUT defaults to out/slurm-NAME, NAME the
# config's file name without .yaml.
#
# Run it on a login node, or submit it (`sbatch scripts/slurm-sweep.sh
# CONFIG`): either way it submits the array and the merge and returns.
# Each task finds its shard in SLURM_ARRAY_TASK_ID (counted from
# SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT; no --shard is passed.
#
# Environment: OPTLAB (the optlab binary, default: optlab on PATH),
# SLURM_SWEEP_WAIT=1 (wait for the merge to finish, sbatch --wait, and exit
# with its status), SLURM_SWEEP_SBATCH (extra sbatch options, e.g.
# "--partition=short --time=00:30:00").
#SBATCH --job-name=optlab-sweep-submit
#SBATCH --ntasks=1
#SBATCH --time=00:05:00
set -euo pipefail

config=${1:?usage: slurm-sweep.sh CONFIG [SHARDS] [OUT]}
shards=${2:-4}
name=$(basename "$config" .yaml)
out=${3:-out/slurm-$name}
optlab=${OPTLAB:-optlab}
extra=${SLURM_SWEEP_SBATCH:-}
wait=()
[ "${SLURM_SWEEP_WAIT:-}" = 1 ] && wait=(--wait)

case $shards in '' | *[!0-9]* | 0) echo "slurm-sweep: SHARDS must be a number ≥ 1, got '$shards'" >&2; exit 2 ;; esac
mkdir -p "$out/logs"
q() { printf '%q' "$1"; }

# shellcheck disable=SC2086 # $extra is a list of sbatch options
array=$(sbatch --parsable $extra --job-name="optlab-sweep-$name" --array="1-$shards" \
	--chdir="$PWD" --output="$out/logs/shard-%a.out" \
	--wrap="$(q "$optlab") sweep $(q "$config") --out $(q "$out")/shard-\$SLURM_ARRAY_TASK_ID")
array=${array%%;*}
echo "submitted job array $array: $shards shards of $config into $out/shard-1 … $out/shard-$shards"

dirs=""
for i in $(seq 1 "$shards"); do dirs="$dirs $(q "$out/shard-$i")"; done
# shellcheck disable=SC2086
merge=$(sbatch --parsable $extra "${wait[@]}" --job-name="optlab-merge-$name" --dependency="afterok:$array" \
	--kill-on-invalid-dep=yes --chdir="$PWD" --output="$out/logs/merge.out" \
	--wrap="$(q "$optlab") merge$dirs --out $(q "$out")/all")
echo "submitted merge job ${merge%%;*} (after array $array succeeds) into $out/all"
