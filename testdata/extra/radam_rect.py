#!/usr/bin/python3
"""RAdam's rectification term r_t and switch step as torch.optim.RAdam (1.13) computes them,
read off its steps: on f(x) = x (gradient 1 every step) with eps = 0 and lr = 1, ŝ = 1 and
√r = √(1−β2^t), so torch's step is exactly r_t when it is adaptive (ρt > 5) and exactly 1
(lr·ŝ) before. Writes radam_rect.csv: beta2,t,step. Run: /usr/bin/python3 testdata/extra/radam_rect.py
"""
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "radam_rect.csv"), "w") as fh:
    fh.write("beta2,t,step\n")
    for beta2 in (0.999, 0.99, 0.8, 0.7):
        x = torch.zeros(1, requires_grad=True)
        opt = torch.optim.RAdam([x], lr=1.0, betas=(0.9, beta2), eps=0.0)
        for t in range(1, 301):
            opt.zero_grad()
            x.sum().backward()
            before = x.detach().clone()
            opt.step()
            fh.write(f"{beta2!r},{t},{float(before - x.detach())!r}\n")
print("wrote radam_rect.csv")
