#!/usr/bin/env bash
# Regenerates every figure in docs/figures from the configs and commands the
# pages quote. Usage (from anywhere):
#
#   docs/figures/make.sh [path/to/optlab]      # default: bin/optlab
#
# `make docs` builds bin/optlab and runs this. Everything is drawn into a
# temporary folder first; only when every command has succeeded are the old
# PNGs replaced by the new ones, under stable names.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
optlab=${1:-${OPTLAB:-bin/optlab}}
case $optlab in /*) ;; *) optlab=$PWD/$optlab ;; esac
[[ -x $optlab ]] || { echo "make.sh: $optlab is not an executable (run make build)" >&2; exit 2; }
cd "$root"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/figures
mkdir -p "$out"

# run CONFIG: run configs/CONFIG.yaml into $tmp/CONFIG.
run() { "$optlab" run "configs/$1.yaml" --out "$tmp/$1" -q; }
# keep DIR NAME [trajectory] [loss]: copy DIR's figures as NAME-trajectory.png, NAME-loss.png.
keep() {
	local dir=$1 name=$2
	shift 2
	for kind in "$@"; do cp "$tmp/$dir/$kind.png" "$out/$name-$kind.png"; done
}

# Surfaces gallery (surfaces.md).
for s in $("$optlab" list surfaces | awk 'NR > 1 {print $1}'); do
	"$optlab" plot surface "$s" --out "$out/surface-$s.png" >/dev/null
done

# Experiments from configs/ (one per page or topic).
run gd-stepsize;       keep gd-stepsize gd-stepsize trajectory loss
run sgd-vs-gd;         keep sgd-vs-gd sgd-vs-gd trajectory loss
run momentum-forms;    keep momentum-forms momentum-forms trajectory loss
run halfpipe;          keep halfpipe halfpipe trajectory loss
run halfpipe-rotated;  keep halfpipe-rotated halfpipe-rotated trajectory
run adam-eps;          keep adam-eps adam-eps loss
run radam;             keep radam radam loss
run saddle-escape;     keep saddle-escape saddle-escape trajectory loss
run sharpflat-sam;     keep sharpflat-sam sharpflat-sam trajectory loss
run sharpflat-shift;   keep sharpflat-shift sharpflat-shift loss
run schedules;         keep schedules schedules loss
run noise-batch;       keep noise-batch noise-batch trajectory loss
run linear-scaling;    keep linear-scaling linear-scaling loss
run moons-mlp;         keep moons-mlp moons-mlp loss accuracy boundary
run ghost-batch;       keep ghost-batch ghost-batch loss accuracy boundary
run linear-regression; keep linear-regression linear-regression loss
run sharp-vs-flat;     keep sharp-vs-flat sharp-vs-flat basins
run large-batch;       keep large-batch large-batch loss accuracy
"$optlab" plot landscape --from "$tmp/large-batch" --run m32 --run m1024 --run m1024-scaled --test >/dev/null
keep large-batch large-batch landscape-interpolation landscape-direction landscape-2d
"$optlab" plot loss --from "$tmp/large-batch" --metric test_acc --x grad_evals --out "$tmp/large-batch/test-acc-grad-evals.png" >/dev/null
"$optlab" plot loss --from "$tmp/large-batch" --metric test_acc --x seconds --out "$tmp/large-batch/test-acc-seconds.png" >/dev/null
keep large-batch large-batch test-acc-grad-evals test-acc-seconds

# Quick comparisons without a config.
"$optlab" compare momentum nesterov --surface halfpipe --steps 100 --out "$tmp/momentum-nesterov" -q
keep momentum-nesterov momentum-nesterov trajectory
"$optlab" compare adagrad rmsprop --out "$tmp/adagrad-rmsprop" -q
keep adagrad-rmsprop adagrad-rmsprop loss
"$optlab" compare sgd adam --noise 0.5 --batch 8 --repeats 20 --out "$tmp/compare-noise" -q
keep compare-noise compare-noise loss

# Gradient noise against batch size (noise.md); the tables go to stdout.
"$optlab" noise rosenbrock --at -1,1 --batches 1,2,4,8,16,32,64,128,256 \
	--out "$out/noise-gaussian.png" | grep -i slope
"$optlab" noise rosenbrock --at -1,1 --batches 1,2,4,8,16,32,64,128,256 --model finite_sum \
	--out "$out/noise-finite-sum.png" | grep -i slope

# Smoothing (smoothing.md): the teaching figure (and its -bias companion) and
# a saved run's loss re-drawn with an EWMA.
"$optlab" plot smoothing --alphas 0.5,0.9,0.98 --out "$out/smoothing.png" >/dev/null
"$optlab" plot loss --from "$tmp/sgd-vs-gd" --smooth ewma:0.9 --out "$out/sgd-vs-gd-loss-ewma.png" >/dev/null

# How cost grows with n (scaling.md): measured on this machine, so the
# figures change a little each time (about 25 s).
"$optlab" scaling newton adam sgd --dims 10,100,1000,3000 --out "$tmp/scaling" >/dev/null
cp "$tmp/scaling/time.png" "$out/scaling-time.png"
cp "$tmp/scaling/state.png" "$out/scaling-state.png"
"$optlab" scaling sgd adam --dims 1e4,1e5,1e6,1e7 --out "$tmp/scaling-first-order" >/dev/null
cp "$tmp/scaling-first-order/time.png" "$out/scaling-first-order-time.png"
# Sweeps (sweeps.md): the lr sensitivity of configs/lr-sweep.yaml, and a heat
# map of heavy-ball momentum's lr × momentum in the banana valley.
"$optlab" sweep configs/lr-sweep.yaml --out "$tmp/lr-sweep" >/dev/null
cp "$tmp/lr-sweep/sensitivity.png" "$out/lr-sweep-sensitivity.png"
cat >"$tmp/lr-momentum.yaml" <<'YAML'
name: lr-momentum
surface: {name: rosenbrock}
start: [-1.2, 1.0]
steps: 500
optimizers:
  - {name: momentum, lr: 0.001, momentum: 0.9}
sweep:
  values:
    - {path: "optimizers[*].lr", log: {from: 1.0e-4, to: 1.0e-2, num: 9}}
    - {path: "optimizers[*].momentum", list: [0, 0.5, 0.8, 0.9, 0.95, 0.99]}
YAML
"$optlab" sweep "$tmp/lr-momentum.yaml" --out "$tmp/lr-momentum" >/dev/null
cp "$tmp/lr-momentum/heatmap-momentum.png" "$out/sweep-heatmap.png"

# Replace the old figures only now that every command has succeeded.
mkdir -p docs/figures
rm -f docs/figures/*.png
cp "$out"/*.png docs/figures/
n=$(find docs/figures -maxdepth 1 -name '*.png' | wc -l)
echo "docs/figures: $n PNG files, $(du -ch docs/figures/*.png | tail -1 | cut -f1) in all"
