#!/usr/bin/env python3
"""One epoch of a 2→32→32→2 ReLU MLP on 10,000 two-moons examples, batch 32
(313 steps), plain SGD, float64, one thread, shuffled each epoch: the
PyTorch peer of `go test ./internal/nn -bench Epoch`. Prints ms per epoch
(the median of REPEATS epochs after one warm-up epoch).

    /usr/bin/python3 bench/torch_epoch.py [REPEATS]
"""
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    g = torch.Generator().manual_seed(1)
    n = 10000
    t = torch.rand(n, generator=g) * math.pi
    c = torch.arange(n) % 2
    x = torch.stack([torch.cos(t), torch.sin(t)], 1)
    x[c == 1] = torch.stack([1 - x[c == 1, 0], 0.5 - x[c == 1, 1]], 1)
    x += 0.2 * torch.randn(n, 2, generator=g)
    model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, c), batch_size=32, shuffle=True, generator=g)

    def epoch():
        for xb, yb in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()

    epoch()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        epoch()
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"torch: {statistics.median(times):.1f} ms/epoch ({len(loader)} steps, median of {reps})")


if __name__ == "__main__":
    main()
