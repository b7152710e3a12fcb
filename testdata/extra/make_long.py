#!/usr/bin/python3
"""Long reference runs (600-1000 steps) of every optimizer, each ending in a minimum, written to
testdata/extra/long/ as CASE.yaml (an optlab config) and CASE.csv (`step,x0,x1,loss`).

They check the last bit of the update rules, so everything else is held equal: gradients and
losses are computed here in plain Python floats in exactly the order internal/surfaces computes
them (one rounding per operation, nothing fused), and handed to the optimizer as x.grad. The
updates are torch.optim's own (float64, foreach=False, the single-tensor CPU kernels) wherever
torch has the rule; where it has not (the eps-inside-sqrt variants, Adam without bias
correction), they are written with the same torch tensor ops torch.optim uses (mul_, add_ with
alpha, addcmul_, addcdiv_, sqrt), so they round as torch's kernels do; the lookahead Nesterov and
the 'standard' momentum form are NumPy-style plain floats (each product rounded, then the sum);
SAM's ascent step is plain floats around a torch base. Newton solves with numpy.linalg.solve,
which rounds differently from optlab's Cholesky; it is held to 1e-7 only.

Run: /usr/bin/python3 testdata/extra/make_long.py   (Debian: apt-get install python3-torch)
"""
import math, os
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "long")


# Surfaces, in internal/surfaces' order of operations.

def rosen_loss(x, a=1.0, b=100.0):
    f = 0.0
    for i in range(len(x) - 1):
        d = x[i + 1] - x[i] * x[i]
        e = a - x[i]
        f += b * d * d + e * e
    return f


def rosen_grad(x, a=1.0, b=100.0):
    g = [0.0] * len(x)
    for i in range(len(x) - 1):
        d = x[i + 1] - x[i] * x[i]
        tbd = 2 * b * d
        g[i] += -(tbd * (2 * x[i])) - 2 * (a - x[i])
        g[i + 1] += tbd
    return g


def pipe_loss(x, kappa=20.0):  # halfpipe at angle 0: c = 1, s = 0
    c, s = 1.0, 0.0
    u = x[0] * c + x[1] * s
    v = -x[0] * s + x[1] * c
    return 0.5 * (u * u + kappa * v * v)


def pipe_grad(x, kappa=20.0):
    c, s = 1.0, 0.0
    u = x[0] * c + x[1] * s
    v = -x[0] * s + x[1] * c
    kv = kappa * v
    return [u * c - kv * s, u * s + kv * c]


BEALE_C = (1.5, 2.25, 2.625)


def beale_loss(x):
    f, yk = 0.0, 1.0
    for c in BEALE_C:
        yk *= x[1]
        r = c - x[0] + x[0] * yk
        f += r * r
    return f


def beale_grad(x):
    gx = gy = 0.0
    ykm1 = 1.0
    for k, c in enumerate(BEALE_C):
        kk = float(k + 1)
        yk = ykm1 * x[1]
        r = c - x[0] + x[0] * yk
        gx += 2 * r * (yk - 1)
        gy += 2 * r * kk * x[0] * ykm1
        ykm1 = yk
    return [gx, gy]


def himmel_loss(x):
    a = x[0] * x[0] + x[1] - 11
    b = x[0] + x[1] * x[1] - 7
    return a * a + b * b


def himmel_grad(x):
    a = x[0] * x[0] + x[1] - 11
    b = x[0] + x[1] * x[1] - 7
    return [4 * x[0] * a + 2 * b, 2 * a + 4 * x[1] * b]


def himmel_hess(x):
    a = x[0] * x[0] + x[1] - 11
    b = x[0] + x[1] * x[1] - 7
    return np.array([[4 * a + 8 * x[0] * x[0] + 2, 4 * x[0] + 4 * x[1]],
                     [4 * x[0] + 4 * x[1], 2 + 4 * b + 8 * x[1] * x[1]]])


SURF = {
    "rosenbrock": (rosen_loss, rosen_grad, ""),
    "halfpipe": (pipe_loss, pipe_grad, "  params: {kappa: 20, angle: 0}\n"),
    "beale": (beale_loss, beale_grad, ""),
    "himmelblau": (himmel_loss, himmel_grad, ""),
}


# Update rules. Each takes the surface's gradient function and returns a
# step(x: torch tensor with .grad set, t) -> None closure over its state.

def torch_rule(make):
    def build(gradf):
        holder = {}

        def step(x, t):
            if "opt" not in holder:
                holder["opt"] = make([x])
            holder["opt"].step()
        return step
    return build


def eps_inside(kind, lr, rho=0.9, b1=0.9, b2=0.999, eps=1e-8, bias=True):
    """RMSProp / AdaGrad / Adam / RAdam with eps inside the square root, or Adam without bias
    correction, in torch tensor ops (torch.optim's own ops, so its kernels' rounding)."""
    def build(gradf):
        st = {}

        def step(x, t):
            g = x.grad
            with torch.no_grad():
                if kind == "adagrad":
                    G = st.setdefault("G", torch.zeros_like(x))
                    G.addcmul_(g, g, value=1)
                    x.addcdiv_(g, (G + eps).sqrt(), value=-lr)
                elif kind == "rmsprop":
                    r = st.setdefault("r", torch.zeros_like(x))
                    r.mul_(rho).addcmul_(g, g, value=1 - rho)
                    x.addcdiv_(g, (r + eps).sqrt(), value=-lr)
                else:
                    s = st.setdefault("s", torch.zeros_like(x))
                    r = st.setdefault("r", torch.zeros_like(x))
                    s.mul_(b1).add_(g, alpha=1 - b1)
                    r.mul_(b2).addcmul_(g, g, value=1 - b2)
                    bc1 = 1 - b1 ** t if bias else 1.0
                    bc2 = 1 - b2 ** t if bias else 1.0
                    if kind == "adam_nobias":
                        x.addcdiv_(s, (r.sqrt() / math.sqrt(bc2)).add_(eps), value=-(lr / bc1))
                    elif kind == "adam":
                        x.addcdiv_(s, (r / bc2).add_(eps).sqrt(), value=-(lr / bc1))
                    else:  # radam
                        shat = s / bc1
                        rho_inf = 2 / (1 - b2) - 1
                        rho_t = rho_inf - 2 * t * (b2 ** t) / bc2
                        if rho_t > 5.:
                            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                            al = 1 / (r / bc2).add_(eps).sqrt()
                            x.add_(shat * lr * al * rect, alpha=-1.0)
                        else:
                            x.add_(shat * lr, alpha=-1.0)
        return step
    return build


def heavy_ball(alpha, lr, lookahead=False):
    """The 'standard' momentum form and Nesterov's lookahead form, plain floats."""
    def build(gradf):
        st = {"v": None}

        def step(x, t):
            xs = x.detach().tolist()
            v = st["v"] or [0.0] * len(xs)
            g = gradf([xi + alpha * vi for xi, vi in zip(xs, v)]) if lookahead else x.grad.tolist()
            v = [alpha * vi - lr * gi for vi, gi in zip(v, g)]
            st["v"] = v
            with torch.no_grad():
                x.copy_(torch.tensor([xi + vi for xi, vi in zip(xs, v)]))
        return step
    return build


def sam(rho, base):
    """SAM's ascent step in plain floats, then the torch base with the gradient there."""
    def build(gradf):
        inner = base(gradf)

        def step(x, t):
            xs, g = x.detach().tolist(), x.grad.tolist()
            sq = 0.0
            for v in g:
                sq += v * v
            den = math.sqrt(sq) + 1e-12
            x.grad = torch.tensor(gradf([xi + rho * gi / den for xi, gi in zip(xs, g)]))
            inner(x, t)
        return step
    return build


def newton(lr, hess):
    def build(gradf):
        def step(x, t):
            xs = x.detach().numpy().copy()
            with torch.no_grad():
                x.copy_(torch.tensor(xs - lr * np.linalg.solve(hess(xs), np.array(x.grad.tolist()))))
        return step
    return build


O = torch.optim
CASES = [
    # name, surface, start, steps, optimizer YAML, rule, minimum
    ("sgd_halfpipe", "halfpipe", [-4.0, 1.5], 800, "name: sgd\n    lr: 0.08", torch_rule(lambda p: O.SGD(p, lr=0.08))),
    ("sgd_himmelblau", "himmelblau", [0.5, 0.5], 600, "name: sgd\n    lr: 0.01", torch_rule(lambda p: O.SGD(p, lr=0.01))),
    ("momentum_common_rosenbrock", "rosenbrock", [-1.2, 1.0], 1000, "name: momentum\n    lr: 0.002\n    momentum: 0.9",
     torch_rule(lambda p: O.SGD(p, lr=0.002, momentum=0.9))),
    ("momentum_ewma_beale", "beale", [1.0, 1.0], 1000, "name: momentum\n    form: ewma\n    lr: 0.02\n    momentum: 0.9",
     torch_rule(lambda p: O.SGD(p, lr=0.02, momentum=0.9, dampening=0.9))),
    ("momentum_standard_himmelblau", "himmelblau", [0.5, 0.5], 600, "name: momentum\n    form: standard\n    lr: 0.004\n    momentum: 0.8",
     heavy_ball(0.8, 0.004)),
    ("nesterov_beale", "beale", [1.0, 1.0], 1000, "name: nesterov\n    lr: 0.01\n    momentum: 0.9",
     heavy_ball(0.9, 0.01, lookahead=True)),
    ("adagrad_beale", "beale", [1.0, 1.0], 800, "name: adagrad\n    lr: 0.5", torch_rule(lambda p: O.Adagrad(p, lr=0.5))),
    ("adagrad_eps_inside_himmelblau", "himmelblau", [0.5, 0.5], 600, "name: adagrad\n    lr: 1.0\n    eps: 1.0e-4\n    eps_inside_sqrt: true",
     eps_inside("adagrad", 1.0, eps=1e-4)),
    ("rmsprop_himmelblau", "himmelblau", [0.5, 0.5], 1000, "name: rmsprop\n    lr: 0.01\n    rho: 0.99",
     torch_rule(lambda p: O.RMSprop(p, lr=0.01, alpha=0.99))),
    ("rmsprop_halfpipe", "halfpipe", [-4.0, 1.5], 800, "name: rmsprop\n    lr: 0.01\n    rho: 0.9",
     torch_rule(lambda p: O.RMSprop(p, lr=0.01, alpha=0.9))),
    ("rmsprop_eps_inside_beale", "beale", [1.0, 1.0], 800, "name: rmsprop\n    lr: 0.003\n    rho: 0.95\n    eps: 1.0e-6\n    eps_inside_sqrt: true",
     eps_inside("rmsprop", 0.003, rho=0.95, eps=1e-6)),
    ("adam_rosenbrock", "rosenbrock", [-1.2, 1.0], 1000, "name: adam\n    lr: 0.1", torch_rule(lambda p: O.Adam(p, lr=0.1))),
    ("adam_himmelblau", "himmelblau", [0.5, 0.5], 800, "name: adam\n    lr: 0.05\n    beta1: 0.8\n    beta2: 0.99\n    eps: 1.0e-6",
     torch_rule(lambda p: O.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6))),
    ("adam_eps_inside_beale", "beale", [1.0, 1.0], 800, "name: adam\n    lr: 0.05\n    eps_inside_sqrt: true",
     eps_inside("adam", 0.05)),
    ("adam_nobias_halfpipe", "halfpipe", [-4.0, 1.5], 800, "name: adam\n    lr: 0.02\n    bias_correction: false",
     eps_inside("adam_nobias", 0.02, bias=False)),
    ("radam_beale", "beale", [1.0, 1.0], 1000, "name: radam\n    lr: 0.05", torch_rule(lambda p: O.RAdam(p, lr=0.05))),
    ("radam_eps_inside_himmelblau", "himmelblau", [0.5, 0.5], 800, "name: radam\n    lr: 0.03\n    beta2: 0.99\n    eps_inside_sqrt: true",
     eps_inside("radam", 0.03, b2=0.99)),
    ("sam_adam_beale", "beale", [1.0, 1.0], 1000, "name: sam\n    rho: 0.02\n    base: {name: adam, lr: 0.02}",
     sam(0.02, torch_rule(lambda p: O.Adam(p, lr=0.02)))),
    ("sam_momentum_halfpipe", "halfpipe", [-4.0, 1.5], 600, "name: sam\n    rho: 0.05\n    base: {name: momentum, lr: 0.02, momentum: 0.5}",
     sam(0.05, torch_rule(lambda p: O.SGD(p, lr=0.02, momentum=0.5)))),
    ("newton_himmelblau", "himmelblau", [3.5, 2.5], 600, "name: newton\n    lr: 0.5", newton(0.5, himmel_hess)),
]


def run(name, surf, start, steps, opt_yaml, rule):
    name = "long_" + name
    loss, gradf, params = SURF[surf]
    x = torch.tensor(start, requires_grad=False)
    step = rule(gradf)
    path = [x.tolist()]
    for t in range(1, steps + 1):
        x.grad = torch.tensor(gradf(x.tolist()))
        step(x, t)
        path.append(x.tolist())
    yaml = (f"name: {name}\nsurface:\n  name: {surf}\n{params}start: {start}\nsteps: {steps}\n"
            f"optimizers:\n  - {opt_yaml}\n")
    with open(os.path.join(OUT, name + ".yaml"), "w") as fh:
        fh.write(yaml)
    with open(os.path.join(OUT, name + ".csv"), "w") as fh:
        fh.write("step,x0,x1,loss\n")
        for k, p in enumerate(path):
            fh.write(f"{k},{p[0]!r},{p[1]!r},{loss(p)!r}\n")
    g = gradf(path[-1])
    print(f"{name:32s} x={path[-1]} |g|={math.hypot(*g):.2e} f={loss(path[-1]):.3e}")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for c in CASES:
        run(*c)
