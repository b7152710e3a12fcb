#!/usr/bin/python3
"""The optimizer-step table of docs/performance.md: per first-order optimizer at N parameters,
optlab's ns/param (BenchmarkStep, one core), the memory-bandwidth floor (bytes moved per
parameter / triad bandwidth) and torch.optim's ns/param (torch_step.py), measured interleaved in
ROUNDS rounds (triad, then each optimizer's Go and torch runs side by side); prints every round
and the medians as a Markdown table.

Usage (from the repository root):  /usr/bin/python3 bench/step_table.py [ROUNDS [N]]
Needs gcc, go and python3-torch.
"""
import os, re, statistics, subprocess, sys, tempfile

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
N = int(float(sys.argv[2])) if len(sys.argv) > 2 else 10_000_000
# Bytes each update moves per parameter (8 per float64 read or written):
# sgd reads x, g and writes x; momentum, adagrad and rmsprop also read and write one state
# vector; adam and radam two. nesterov is two passes around a gradient query (lookahead
# reads x, v and writes y; the benchmark's query copies y into g̃; the update reads x, v, g̃ and
# writes x, v).
BYTES = {"sgd": 24, "momentum": 40, "nesterov": 80, "adagrad": 40, "rmsprop": 40, "adam": 56, "radam": 56}

tmp = tempfile.mkdtemp()
triad, test = os.path.join(tmp, "triad"), os.path.join(tmp, "optimizers.test")
subprocess.run(["gcc", "-O2", "-o", triad, "bench/triad.c"], check=True)
subprocess.run(["go", "test", "-c", "-o", test, "./internal/optimizers"], check=True)


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


rows = {o: {"go": [], "best": [], "floor": [], "torch": []} for o in BYTES}
for r in range(ROUNDS):
    print(f"round {r + 1}: load {open('/proc/loadavg').read().split()[0]}", flush=True)
    for o, b in BYTES.items():
        # The bandwidth right before each Go run: the machine's load changes by the minute.
        gbs = float(run([triad, str(N)]).split()[0])
        out = run([test, "-test.run", "^$", "-test.bench", f"BenchmarkStep/^{o}$/^n={N}$",
                   "-test.benchtime", "20x", "-test.count", "5", "-test.cpu", "1"])
        gos = sorted(float(v) for v in re.findall(r"([\d.]+) ns/param", out))
        # torch_step.py prints the median of 5 repeats: compare it with the median of 5 Go
        # runs; triad prints its best of 10: compare it with the best Go run.
        go, best = gos[2], gos[0]
        torch = float(run(["/usr/bin/python3", "bench/torch_step.py", o, str(N), "5"]))
        floor = b / gbs
        rows[o]["go"].append(go); rows[o]["best"].append(best); rows[o]["floor"].append(floor); rows[o]["torch"].append(torch)
        print(f"  {o:9s} triad {gbs:6.2f} GB/s  go {go:7.3f} (best {best:.3f})  floor {floor:6.3f}  torch {torch:8.3f}", flush=True)

# Medians over rounds; the ratios are medians of each round's own ratio (its run against the
# bandwidth and the torch run measured beside it): best Go run ÷ floor, torch median ÷ Go median.
med = statistics.median
print(f"\nmedians of {ROUNDS} rounds, n = {N:.0e}\n")
print("| optimizer | bytes/param | optlab ns/param (median; best) | floor ns/param | best ÷ floor | torch ns/param | torch ÷ optlab |")
print("|---|---|---|---|---|---|---|")
for o, b in BYTES.items():
    g, gb, f, t = rows[o]["go"], rows[o]["best"], rows[o]["floor"], rows[o]["torch"]
    print(f"| {o} | {b} | {med(g):.2f}; {med(gb):.2f} | {med(f):.2f} | {med(a / c for a, c in zip(gb, f)):.2f} | "
          f"{med(t):.2f} | {med(c / a for a, c in zip(g, t)):.1f} |")
