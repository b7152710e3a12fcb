#!/usr/bin/python3
"""Reference for adam with bias_correction: false (issue 13): Adam's update without the
1/(1-beta^t) factors, written in NumPy (torch.optim.Adam has no such switch), with torch autograd
gradients as gen.py's other NumPy cases. Run with /usr/bin/python3 from this folder's parent:
    /usr/bin/python3 testdata/extra/adam_nobias.py
It writes adam_nobias_rosenbrock.{yaml,csv} and adam_nobias_beale.{yaml,csv} here, and checks
that the uncorrected first step is lr*(1-b1)/sqrt(1-b2) per coordinate.
"""
import math, os, sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (rosen, beale, grad, write, hdr, run_np)


def adam_nobias(f, lr, b1, b2, eps):
    def up(x, t, st):
        g = gen.grad(f, x)
        s = st.get("s", np.zeros_like(x))
        r = st.get("r", np.zeros_like(x))
        s = b1 * s + (1 - b1) * g
        r = b2 * r + (1 - b2) * g * g
        st["s"], st["r"] = s, r
        return x - lr * s / (np.sqrt(r) + eps)
    return up


def main():
    lr, b1, b2, eps = 0.02, 0.9, 0.999, 1e-8
    p = gen.run_np(gen.rosen, [-1.2, 1.0], 300, adam_nobias(gen.rosen, lr, b1, b2, eps))
    step = np.abs(p[1] - p[0])
    want = lr * (1 - b1) / math.sqrt(1 - b2)
    assert np.allclose(step, want, rtol=1e-6), (step, want)
    gen.write("adam_nobias_rosenbrock", gen.hdr("adam_nobias_rosenbrock", "rosenbrock", [-1.2, 1.0], 300) +
              f"  - name: adam\n    lr: {lr}\n    bias_correction: false\n", gen.rosen, p)
    lr, b1, b2 = 0.01, 0.8, 0.99
    p = gen.run_np(gen.beale, [1.0, 1.0], 250, adam_nobias(gen.beale, lr, b1, b2, eps))
    gen.write("adam_nobias_beale", gen.hdr("adam_nobias_beale", "beale", [1.0, 1.0], 250) +
              f"  - name: adam\n    lr: {lr}\n    beta1: {b1}\n    beta2: {b2}\n    bias_correction: false\n", gen.beale, p)
    print("wrote adam_nobias_rosenbrock, adam_nobias_beale; first step", step, "=", want)


if __name__ == "__main__":
    main()
